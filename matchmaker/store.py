"""The user's store: events, their participants, saved rounds, and locked or
excluded pairs, in one TinyDB file that several processes can share.

Every operation takes a cross-process lock on ``FILE.lock``, opens the
database, does its work and closes it again, so no process ever writes from
a stale copy (TinyDB caches the next document id per process).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from matchmaker.errors import StoreError, UserError
from matchmaker.profiles import Profile
from matchmaker.storage import AtomicJSONStorage, remove_stale_temporaries

EVENTS, PEOPLE, ROUNDS, CONSTRAINTS = "events", "people", "rounds", "constraints"
LOCK_TIMEOUT = 30.0


class PairRule(StrEnum):
    LOCK = "lock"  # always together
    EXCLUDE = "exclude"  # never together


@dataclass(frozen=True)
class Person:
    id: int
    profile: Profile

    @property
    def name(self) -> str:
        return self.profile.name


@dataclass(frozen=True)
class EventInfo:
    name: str
    people: int
    rounds: int
    created: float


@dataclass(frozen=True)
class Constraint:
    rule: PairRule
    a: int
    b: int


@dataclass(frozen=True)
class SavedRound:
    number: int
    groups: tuple[tuple[int, ...], ...]  # person ids, one tuple per table
    names: tuple[tuple[str, ...], ...]  # the names as they were when saved
    saved: float


@dataclass(frozen=True)
class UpsertResult:
    added: int
    updated: int


def _person(doc: Document) -> Person:
    return Person(doc.doc_id, Profile.from_record(doc["profile"]))


class Store:
    """All reads and writes of one store file."""

    def __init__(self, path: str | Path, lock_timeout: float = LOCK_TIMEOUT):
        self.path = Path(path).expanduser()
        self.lock_timeout = lock_timeout

    @contextmanager
    def _session(self) -> Iterator[TinyDB]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder for the store {self.path}: {exc.strerror}."
            ) from None
        lock = FileLock(f"{self.path}.lock", timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                f"Another process has held the lock on {self.path} for {self.lock_timeout:.0f} s; "
                "try again when it has finished."
            ) from None
        except OSError as exc:
            raise StoreError(f"Cannot lock the store {self.path}: {exc.strerror}.") from None
        try:
            remove_stale_temporaries(self.path)
            db = TinyDB(self.path, storage=AtomicJSONStorage)
            try:
                db.storage.read()  # report a damaged file before doing anything
                yield db
            finally:
                db.close()
        finally:
            lock.release()

    # --- events -----------------------------------------------------------

    @staticmethod
    def _event_doc(db: TinyDB, name: str) -> Document:
        doc = db.table(EVENTS).get(Query().name == name)
        if doc is None:
            raise UserError(f"There is no event called {name!r}.")
        return doc  # type: ignore[return-value]

    def events(self) -> list[EventInfo]:
        with self._session() as db:
            people = _count_by_event(db.table(PEOPLE))
            rounds = _count_by_event(db.table(ROUNDS))
            return sorted(
                (
                    EventInfo(
                        e["name"],
                        people.get(e["name"], 0),
                        rounds.get(e["name"], 0),
                        e.get("created", 0.0),
                    )
                    for e in db.table(EVENTS).all()
                ),
                key=lambda info: info.name.casefold(),
            )

    def event_names(self) -> list[str]:
        return [info.name for info in self.events()]

    def has_event(self, name: str) -> bool:
        with self._session() as db:
            return db.table(EVENTS).contains(Query().name == name)

    def create_event(self, name: str) -> None:
        with self._session() as db:
            if not _ensure_event(db, name):
                raise UserError(f"An event called {_event_name(name)!r} already exists.")

    def rename_event(self, old: str, new: str) -> None:
        new = _event_name(new)
        with self._session() as db:
            self._event_doc(db, old)
            if new != old and db.table(EVENTS).contains(Query().name == new):
                raise UserError(f"An event called {new!r} already exists.")
            for table in (EVENTS, PEOPLE, ROUNDS, CONSTRAINTS):
                key = "name" if table == EVENTS else "event"
                db.table(table).update({key: new}, Query()[key] == old)

    def delete_event(self, name: str) -> None:
        with self._session() as db:
            self._event_doc(db, name)
            db.table(EVENTS).remove(Query().name == name)
            for table in (PEOPLE, ROUNDS, CONSTRAINTS):
                db.table(table).remove(Query().event == name)

    # --- people -----------------------------------------------------------

    def people(self, event: str) -> list[Person]:
        with self._session() as db:
            self._event_doc(db, event)
            docs = db.table(PEOPLE).search(Query().event == event)
            return [_person(doc) for doc in sorted(docs, key=lambda d: d.doc_id)]

    def person(self, person_id: int) -> Person:
        with self._session() as db:
            doc = db.table(PEOPLE).get(doc_id=person_id)
            if doc is None:
                raise UserError(f"Person #{person_id} is no longer in the store.")
            return _person(doc)  # type: ignore[arg-type]

    def add_person(self, event: str, profile: Profile) -> Person:
        with self._session() as db:
            self._event_doc(db, event)
            doc_id = db.table(PEOPLE).insert({"event": event, "profile": profile.to_record()})
            return Person(doc_id, profile)

    def update_person(self, person_id: int, profile: Profile) -> Person:
        with self._session() as db:
            table = db.table(PEOPLE)
            if not table.contains(doc_id=person_id):
                raise UserError(f"Person #{person_id} is no longer in the store.")
            table.update({"profile": profile.to_record()}, doc_ids=[person_id])
            return Person(person_id, profile)

    def delete_person(self, person_id: int) -> None:
        with self._session() as db:
            db.table(PEOPLE).remove(doc_ids=[person_id])
            q = Query()
            db.table(CONSTRAINTS).remove((q.a == person_id) | (q.b == person_id))

    def upsert_people(self, event: str, profiles: Iterable[Profile]) -> UpsertResult:
        """Add or update many people in one write: same identity updates."""
        event = _event_name(event)
        with self._session() as db:
            _ensure_event(db, event)
            table = db.table(PEOPLE)
            existing = {
                Profile.from_record(doc["profile"]).identity: doc.doc_id
                for doc in table.search(Query().event == event)
            }
            replacements: dict[str, dict[str, Any]] = {}
            inserts: dict[str, dict[str, Any]] = {}
            for profile in profiles:
                record = profile.to_record()
                target = replacements if profile.identity in existing else inserts
                target[profile.identity] = record

            def refresh(doc: dict[str, Any]) -> None:
                doc["profile"] = replacements[Profile.from_record(doc["profile"]).identity]

            if replacements:
                table.update(refresh, doc_ids=[existing[key] for key in replacements])
            if inserts:
                table.insert_multiple({"event": event, "profile": r} for r in inserts.values())
            return UpsertResult(added=len(inserts), updated=len(replacements))

    # --- constraints --------------------------------------------------------

    def constraints(self, event: str) -> list[Constraint]:
        with self._session() as db:
            return [
                Constraint(PairRule(d["rule"]), d["a"], d["b"])
                for d in db.table(CONSTRAINTS).search(Query().event == event)
            ]

    def set_rule(self, event: str, rule: PairRule | None, a: int, b: int) -> None:
        """Lock or exclude the pair (a, b), or clear any rule on it with ``None``."""
        a, b = sorted((a, b))
        if a == b:
            raise UserError("A pair needs two different people.")
        with self._session() as db:
            self._event_doc(db, event)
            q = Query()
            table = db.table(CONSTRAINTS)
            table.remove((q.event == event) & (q.a == a) & (q.b == b))
            if rule is not None:
                table.insert({"event": event, "rule": rule.value, "a": a, "b": b})

    # --- rounds -------------------------------------------------------------

    def rounds(self, event: str) -> list[SavedRound]:
        with self._session() as db:
            docs = db.table(ROUNDS).search(Query().event == event)
            docs.sort(key=lambda d: d["number"])
            return [
                SavedRound(
                    d["number"],
                    tuple(tuple(group) for group in d["groups"]),
                    tuple(tuple(group) for group in d["names"]),
                    d["saved"],
                )
                for d in docs
            ]

    def save_round(self, event: str, groups: Iterable[Iterable[Person]]) -> int:
        """Store a round of groups; returns its number (1 + the last saved)."""
        groups = [list(group) for group in groups]
        with self._session() as db:
            self._event_doc(db, event)
            table = db.table(ROUNDS)
            number = 1 + max((d["number"] for d in table.search(Query().event == event)), default=0)
            table.insert(
                {
                    "event": event,
                    "number": number,
                    "groups": [[p.id for p in group] for group in groups],
                    "names": [[p.name for p in group] for group in groups],
                    "saved": time.time(),
                }
            )
            return number


def _count_by_event(table: Table) -> dict[str, int]:
    counts: dict[str, int] = {}
    for doc in table.all():
        counts[doc["event"]] = counts.get(doc["event"], 0) + 1
    return counts


def _ensure_event(db: TinyDB, name: str) -> bool:
    """Create the event (its name checked) unless it exists; True if created."""
    name = _event_name(name)
    if db.table(EVENTS).contains(Query().name == name):
        return False
    db.table(EVENTS).insert({"name": name, "created": time.time()})
    return True


def _event_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UserError("An event needs a name.")
    if len(name) > 120:
        raise UserError("An event name can be at most 120 characters.")
    return name
