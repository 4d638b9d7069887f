"""Each event's people as built from the store's rows, kept per store file
and patched by the rows that changed since.

Rows are shared and never changed (``state.py``): a row that is the same
object is the same person, so after a check-in only the one new row is
built again (its profile object too is the same, so the profile is kept).
Rebuilding 50,000 people after each change took ~0.3 s; finding the
changed rows by identity takes a few milliseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matchmaker.core.model import Person, PersonId, Status
from matchmaker.core.profiles import Profile
from matchmaker.store.derived import may_differ

Rows = Mapping[str, Any]  # the people table as stored: document id -> row
PATCH_SHARE = 4  # more changed rows than a quarter of the table: regroup from scratch


@dataclass(frozen=True)
class Entry:
    """Someone's name and email as stored, for finding them without
    building every profile of the event."""

    name: str
    email: str


def person_of(doc_id: int, row: Mapping[str, Any]) -> Person:
    """The person of a stored row."""
    return Person(
        PersonId(doc_id),
        Profile.from_record(row["profile"]),
        Status(row.get("status", "signed-up")),
        bool(row.get("joined", False)),
    )


@dataclass
class _Event:
    """One event's rows (ascending ids) and the people built from them."""

    rows: dict[int, Any] = field(default_factory=dict)
    built: dict[int, tuple[Any, Person]] = field(default_factory=dict)  # id -> (row, person)
    listed: list[Person] | None = None  # the people in id order, patched as rows change
    at: dict[int, int] = field(default_factory=dict)  # id -> position in ``listed``
    # a key of each person's (``Profile.name_key``, ``.identity``) -> their ids,
    # made when first asked for and patched with ``listed``
    keyed: dict[str, dict[str, set[int]]] = field(default_factory=dict)

    def with_key(self, kind: str, key: str) -> list[Person]:
        """The people whose ``kind`` (a ``Profile`` attribute) is ``key``."""
        people = self.people()
        if kind not in self.keyed:
            index: dict[str, set[int]] = {}
            for person in people:
                index.setdefault(getattr(person.profile, kind), set()).add(person.id)
            self.keyed[kind] = index
        return [people[self.at[i]] for i in sorted(self.keyed[kind].get(key, ()))]

    def _rekey(self, old: Person | None, new: Person) -> None:
        for kind, index in self.keyed.items():
            if old is not None:
                index.get(getattr(old.profile, kind), set()).discard(old.id)
            index.setdefault(getattr(new.profile, kind), set()).add(new.id)

    def people(self) -> list[Person]:
        if self.listed is None:
            if list(self.rows) != sorted(self.rows):
                self.rows = dict(sorted(self.rows.items()))
            self.listed = [self._person(i, row) for i, row in self.rows.items()]
            self.at = {i: k for k, i in enumerate(self.rows)}
            self.keyed = {}
        return self.listed

    def _person(self, doc_id: int, row: Any) -> Person:
        last = self.built.get(doc_id)
        if last is not None and last[0] is row:
            return last[1]
        if last is not None and last[0]["profile"] is row["profile"]:
            status = Status(row.get("status", "signed-up"))
            person = Person(last[1].id, last[1].profile, status, bool(row.get("joined", False)))
        else:
            person = person_of(doc_id, row)
        self.built[doc_id] = (row, person)
        return person

    def put(self, doc_id: int, row: Any) -> None:
        """A row changed or added: its person replaced or appended in place
        (a new id below the last one is listed again from scratch)."""
        self.rows[doc_id] = row
        if self.listed is None:
            return
        if doc_id in self.at:
            old, new = self.listed[self.at[doc_id]], self._person(doc_id, row)
            self.listed[self.at[doc_id]] = new
            self._rekey(old, new)
        elif not self.listed or doc_id > self.listed[-1].id:
            self.at[doc_id] = len(self.listed)
            self.listed.append(self._person(doc_id, row))
            self._rekey(None, self.listed[-1])
        else:
            self.listed = None

    def drop(self, doc_id: int) -> None:
        self.rows.pop(doc_id, None)
        self.built.pop(doc_id, None)
        self.listed = None


class Roster:
    """The people of every event of one store, following its people table."""

    def __init__(self) -> None:
        self._table: Rows = {}
        self._events: dict[str, _Event] = {}
        self._lock = threading.Lock()  # the app reads on a worker thread and on its own

    def people(self, table: Rows, event: str) -> list[Person]:
        """The people of ``event`` in ``table``, in the order they joined."""
        with self._lock:
            found = self._followed(table, event)
            return list(found.people()) if found is not None else []

    def with_key(self, table: Rows, event: str, kind: str, key: str) -> list[Person]:
        """The people of ``event`` whose ``kind`` (``name_key`` or
        ``identity``) is ``key``, without comparing everyone's."""
        with self._lock:
            found = self._followed(table, event)
            return found.with_key(kind, key) if found is not None else []

    def rows(self, table: Rows, event: str) -> list[tuple[int, Any]]:
        """The stored rows of ``event``'s people (id, row), in the order
        they joined, without building anyone."""
        with self._lock:
            found = self._followed(table, event)
            return sorted(found.rows.items()) if found is not None else []

    def _followed(self, table: Rows, event: str) -> _Event | None:
        """``event`` as ``table`` has it (only call under ``_lock``)."""
        if table is not self._table:
            self._follow(table)
        return self._events.get(event)

    def _follow(self, table: Rows) -> None:
        old = self._table
        get = old.get
        keys = may_differ(old, table)
        if keys is None:  # read whole since: every row compared (by identity)
            changed = [key for key, row in table.items() if get(key) is not row]
            removed = old.keys() - table.keys()
        else:
            changed = [key for key in keys if key in table and table[key] is not get(key)]
            removed = {key for key in keys if key in old and key not in table}
        if len(changed) + len(removed) > len(table) // PATCH_SHARE:
            for known in self._events.values():  # regrouped; the people built are kept
                known.rows, known.listed = {}, None
            changed, removed, old = list(table), set(), {}
        for key in removed:
            self._event(old[key]["event"]).drop(int(key))
        for key in changed:
            row, before = table[key], old.get(key)
            if before is not None and before["event"] != row["event"]:
                self._event(before["event"]).drop(int(key))
            self._event(row["event"]).put(int(key), row)
        self._table = table

    def _event(self, name: str) -> _Event:
        found = self._events.get(name)
        if found is None:
            found = self._events[name] = _Event()
        return found


_ROSTERS: dict[Path, Roster] = {}


def roster(path: Path) -> Roster:
    """The one roster of the store at ``path`` in this process."""
    found = _ROSTERS.get(path)
    if found is None:
        found = _ROSTERS.setdefault(path, Roster())
    return found
