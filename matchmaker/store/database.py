"""The user's store: events, their participants, saved rounds, and locked or
excluded pairs, in one TinyDB file (and its journal) that several processes
can share.

Work happens in transactions. ``Store.transaction()`` takes a cross-process
lock on ``FILE.lock``, begins from the committed state, and commits what it
changed once, when the block ends without an error — as one journal line,
or the whole file replaced atomically (``state.py``) — so a command is all
or nothing, and two processes never write from a stale copy. Reading
(``Store.reading()``) takes no lock: a journal line counts once whole and a
file is replaced atomically, so a reader always sees one committed state,
and reading never creates anything.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, MutableMapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from matchmaker.core.errors import StoreError, UserError
from matchmaker.core.import_plan import UpsertResult
from matchmaker.core.many_objects import cycles_uncollected
from matchmaker.core.model import (
    WISHES,
    Constraint,
    Event,
    EventInfo,
    PairRule,
    Person,
    PersonId,
    Status,
    event_name,
)
from matchmaker.core.profiles import Profile, match_key, merge
from matchmaker.core.text import name_key
from matchmaker.store.codes import CODES, AttendeeTables
from matchmaker.store.history import FOLLOW_UPS, ROUNDS, HistoryTables
from matchmaker.store.lock import LockTimeout, held
from matchmaker.store.lookups import PeopleLookups
from matchmaker.store.members import MemberTables
from matchmaker.store.ratings import RatingTables
from matchmaker.store.roster import person_of, roster
from matchmaker.store.season import SeasonTables
from matchmaker.store.state import State, StoreDB, TransactionStorage, current, indexed
from matchmaker.store.storage import PRIVATE, remove_stale_temporaries

EVENTS, PEOPLE, CONSTRAINTS = "events", "people", "constraints"
LOCK_TIMEOUT = 30.0


class ReadOnlyStorage(TransactionStorage):
    """A reading transaction: the committed state, and nothing written."""

    def write(self, data: dict[str, Any]) -> None:
        raise RuntimeError("a reading transaction cannot write")  # our bug, never the user's


class Store:
    """One store file."""

    def __init__(self, path: str | Path, lock_timeout: float = LOCK_TIMEOUT, by_row: bool = False):
        """``by_row``: for a command about a few people, a large store's rows
        are read from its index when asked for (``index.py``), not parsed whole."""
        self.path = Path(path).expanduser()
        self.lock_timeout = lock_timeout
        self.by_row = by_row

    @contextmanager
    def reading(self) -> Iterator[StoreTx]:
        """The store as it is now; a missing file reads as an empty store."""
        with cycles_uncollected():
            state = self._state()  # a damaged file is reported before anything
            db = StoreDB(storage=ReadOnlyStorage, path=self.path, state=state)
            try:
                yield StoreTx(db)
            finally:
                db.close()

    @contextmanager
    def transaction(self) -> Iterator[StoreTx]:
        """Read, change and write under one lock; nothing is written if the
        block raises."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder for the store {self.path}: {exc.strerror}.",
                field="store",
            ) from None
        lock = ExitStack()
        try:
            lock.enter_context(held(f"{self.path}.lock", self.lock_timeout, PRIVATE))
        except LockTimeout:
            raise StoreError(
                f"Another process has held the lock on {self.path} for {self.lock_timeout:.0f} s; "
                "try again when it has finished."
            ) from None
        except OSError as exc:
            raise StoreError(
                f"Cannot lock the store {self.path}: {exc.strerror}; nothing was changed.",
                field="store",
            ) from None
        with lock:
            self._check_writable()
            remove_stale_temporaries(self.path)
            with cycles_uncollected():
                db = StoreDB(storage=TransactionStorage, path=self.path, state=self._state())
                storage: TransactionStorage = db.storage  # type: ignore[assignment]
                try:
                    yield StoreTx(db)
                    try:
                        storage.commit()
                    except OSError as exc:
                        raise StoreError(
                            f"Cannot write the store {self.path}: {exc.strerror}; nothing was changed.",
                            field="store",
                        ) from None
                finally:
                    db.close()

    def _state(self) -> State:
        return indexed(self.path) if self.by_row else current(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def stamp(self) -> str:
        """Changes whenever a change is committed: what was computed from
        the store is stale when this differs."""
        return current(self.path).stamp

    def _check_writable(self) -> None:
        """A store or folder marked read-only is left alone, also for an
        administrator whom the system would let write."""
        for target, what in ((self.path, "store"), (self.path.parent, "folder of the store")):
            if target.exists() and not target.stat().st_mode & 0o222:
                raise StoreError(
                    f"The {what} {target} is read-only; nothing was changed.", field="store"
                )


class StoreTx(
    HistoryTables, AttendeeTables, MemberTables, RatingTables, SeasonTables, PeopleLookups
):
    """Reads and writes inside one transaction. Event names are looked up the
    way they are stored (blanks collapsed), so "  Spring   meetup " finds
    "Spring meetup"."""

    def __init__(self, db: TinyDB):
        self.db = db

    # --- events -----------------------------------------------------------

    def _event_doc(self, name: str) -> Document:
        doc = self.db.table(EVENTS).get(Query().name == event_name(name))
        if doc is None:
            raise UserError(f"There is no event called {name!r}.", field="event")
        return doc

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:
        """A table's rows as stored (id → row), for reading thousands at once:
        TinyDB would make a Document of each (10,000 people: ~20 ms a read)."""
        rows: dict[str, dict[str, Any]] = (self.db.storage.read() or {}).get(table, {})
        return rows

    def _count_by_event(self, table: str) -> Counter[str]:
        return Counter(str(row.get("event")) for row in self._rows(table).values())

    def events(self) -> list[EventInfo]:
        people = self._count_by_event(PEOPLE)
        rounds = self._count_by_event(ROUNDS)
        return [
            EventInfo(name, people.get(name, 0), rounds.get(name, 0)) for name in self.event_names()
        ]

    def event_names(self) -> list[str]:
        """The events' names, in the order they are listed."""
        return sorted((str(e["name"]) for e in self.db.table(EVENTS).all()), key=str.casefold)

    def event_name(self, name: str) -> str:
        """The stored name of an existing event."""
        return str(self._event_doc(name)["name"])

    def has_event(self, name: str) -> bool:
        try:
            return self.db.table(EVENTS).contains(Query().name == event_name(name))
        except UserError:
            return False

    def ensure_event(self, name: str) -> str:
        """The event (its name checked), created unless it exists; its stored name."""
        name = event_name(name)
        if not self.db.table(EVENTS).contains(Query().name == name):
            self.db.table(EVENTS).insert({"name": name, "created": time.time()})
        return name

    def create_event(self, name: str) -> str:
        if self.has_event(name):
            raise UserError(f"An event called {event_name(name)!r} already exists.", field="event")
        return self.ensure_event(name)

    def rename_event(self, old: str, new: str) -> str:
        new = event_name(new)
        old = self.event_name(old)
        if new != old and self.has_event(new):
            raise UserError(f"An event called {new!r} already exists.", field="event")
        for table in (EVENTS, PEOPLE, ROUNDS, CONSTRAINTS, CODES, FOLLOW_UPS):
            column = "name" if table == EVENTS else "event"
            self.db.table(table).update({column: new}, Query()[column] == old)
        return new

    def delete_event(self, name: str) -> None:
        name = self.event_name(name)
        self.db.table(EVENTS).remove(Query().name == name)
        for table in (PEOPLE, ROUNDS, CONSTRAINTS, CODES, FOLLOW_UPS):
            self.db.table(table).remove(Query().event == name)

    def event(self, name: str) -> Event:
        """Everything about one event, by position."""
        doc = self._event_doc(name)
        name = doc["name"]
        people = self.people(name)
        return Event.assemble(
            name,
            people,
            self.constraints(name),
            self.rounds(name),
            self.options_of(doc),
            self.timer_of(doc),
            self.ratings(people),
            self.past_meetings(name, people),
            self.wary(name, people),
        )

    # --- people -----------------------------------------------------------

    def people(self, event: str) -> list[Person]:
        event = self.event_name(event)
        path: Path = self.db.storage.path  # type: ignore[attr-defined]
        return roster(path).people(self._rows(PEOPLE), event)

    def people_called(self, event: str, name: str) -> list[Person]:
        """The event's people whose name reads as ``name`` (``name_key``): a
        save checks its name against these, not the whole room."""
        return self._people_with(event, "name_key", name_key(name))

    def people_known_as(self, event: str, identity: str) -> list[Person]:
        """The event's people with this identity (``Profile.identity``)."""
        return self._people_with(event, "identity", identity)

    def _people_with(self, event: str, kind: str, key: str) -> list[Person]:
        path: Path = self.db.storage.path  # type: ignore[attr-defined]
        return roster(path).with_key(self._rows(PEOPLE), self.event_name(event), kind, key)

    def members(self, event: str, person_ids: Iterable[int]) -> list[Person]:
        """These people (ids) of the event, looked up one by one; refused if
        one is not in it."""
        event = self.event_name(event)
        rows = self._rows(PEOPLE)
        found = []
        for person_id in person_ids:
            row = rows.get(str(person_id))
            if row is None or row["event"] != event:
                raise UserError(f"Person #{person_id} is not in {event!r}.", field="person")
            found.append(person_of(person_id, row))
        return found

    def person(self, person_id: int) -> Person:
        doc = self.db.table(PEOPLE).get(doc_id=person_id)
        if doc is None:
            raise UserError(f"Person #{person_id} is no longer in the store.")
        return person_of(doc.doc_id, doc)

    def has_person(self, person_id: int) -> bool:
        return self.db.table(PEOPLE).contains(doc_id=person_id)

    def update_person(self, person_id: int, profile: Profile) -> Person:
        table = self.db.table(PEOPLE)
        if not table.contains(doc_id=person_id):
            raise UserError(f"Person #{person_id} is no longer in the store.")
        table.update({"profile": profile.to_record()}, doc_ids=[person_id])
        return self.person(person_id)

    def set_status(self, person_ids: Iterable[int], status: Status, door: bool = False) -> None:
        """``door``: checked in by the organiser, so no longer marked as joined."""
        change: dict[str, Any] = {"status": status.value} | ({"joined": False} if door else {})
        self.db.table(PEOPLE).update(change, doc_ids=list(person_ids))

    def add_person(
        self,
        event: str,
        profile: Profile,
        status: Status = Status.SIGNED_UP,
        joined: bool = False,
        member: int | None = None,
    ) -> Person:
        """``joined``: added by the person themselves (marked until checked in
        at the door); ``member``: who they are across events, when that is
        known otherwise than by their identity (their personal code)."""
        event = self.event_name(event)
        doc: dict[str, Any] = {
            "event": event,
            "profile": profile.to_record(),
            "status": status.value,
            # a returning member (by code, or by identity), or a new one
            "member": self.member_for(profile.identity) if member is None else member,
        }
        doc |= {"joined": True} if joined else {}
        person = Person(PersonId(self.db.table(PEOPLE).insert(doc)), profile, status, joined)
        self.adopt_members()  # the rows of a store from before members, if any
        return person

    def delete_person(self, person_id: int) -> None:
        self.db.table(PEOPLE).remove(doc_ids=[person_id])
        q = Query()
        self.db.table(CONSTRAINTS).remove((q.a == person_id) | (q.b == person_id))
        self.db.table(CODES).remove(q.person == person_id)

    def upsert_people(
        self, event: str, profiles: Iterable[Profile], fields: Iterable[str] | None = None
    ) -> UpsertResult:
        """Add or update many people: the same identity updates, and only in
        ``fields`` when given (the columns a file has)."""
        event = self.ensure_event(event)
        table = self.db.table(PEOPLE)
        existing = {
            match_key(p := Profile.from_record(doc["profile"]), fields): (doc.doc_id, p)
            for doc in table.search(Query().event == event)
        }
        replacements: dict[str, dict[str, Any]] = {}
        inserts: dict[str, dict[str, Any]] = {}
        for profile in profiles:
            key = match_key(profile, fields)
            if key in existing:
                old = existing[key][1]
                kept = profile if fields is None else merge(old, profile, fields)
                replacements[key] = kept.to_record()
            else:
                inserts[key] = profile.to_record()

        def refresh(doc: MutableMapping[str, Any]) -> None:
            doc["profile"] = replacements[match_key(Profile.from_record(doc["profile"]), fields)]

        if replacements:
            table.update(refresh, doc_ids=[existing[key][0] for key in replacements])
        if inserts:
            table.insert_multiple({"event": event, "profile": r} for r in inserts.values())
            self.adopt_members()  # returning members, by identity, and new ones
        return UpsertResult(added=len(inserts), updated=len(replacements))

    # --- constraints --------------------------------------------------------

    def constraints(self, event: str) -> list[Constraint]:
        event = self.event_name(event)
        return [
            Constraint(PairRule(d["rule"]), d["a"], d["b"])
            for d in self.db.table(CONSTRAINTS).search(Query().event == event)
        ]

    def set_rule(self, event: str, rule: PairRule | None, a: int, b: int) -> None:
        """Lock or exclude the pair (a, b), or clear any rule on it with ``None``."""
        a, b = sorted((a, b))
        if a == b:
            raise UserError("A pair needs two different people.")
        event = self.event_name(event)
        q = Query()
        table = self.db.table(CONSTRAINTS)
        organisers = [PairRule.LOCK.value, PairRule.EXCLUDE.value]
        table.remove((q.event == event) & (q.a == a) & (q.b == b) & q.rule.one_of(organisers))
        if rule is not None:
            table.insert({"event": event, "rule": rule.value, "a": a, "b": b})

    def set_wish(self, event: str, asker: int, other: int, wish: PairRule | None) -> None:
        """``asker`` asks to meet ``other`` (``PairRule.WISH``), declines them
        (``PairRule.DECLINE``), or takes back either with ``None``."""
        if asker == other:
            raise UserError("A wish is about someone else.")
        event = self.event_name(event)
        q = Query()
        table = self.db.table(CONSTRAINTS)
        wishes = [rule.value for rule in WISHES]
        table.remove((q.event == event) & (q.a == asker) & (q.b == other) & q.rule.one_of(wishes))
        if wish is not None:
            table.insert({"event": event, "rule": wish.value, "a": asker, "b": other})
