"""What a command about a few people reads of an event — one person's
name and email, how many are here — so that a large store read by row
(``index.py``) answers from its index, and one read whole from its rows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

from matchmaker.core.model import PersonId, Status
from matchmaker.store.index import IndexedTable
from matchmaker.store.members import PEOPLE
from matchmaker.store.roster import Entry, roster


def _entry(row: Any) -> Entry:
    return Entry(row["profile"]["name"], row["profile"].get("email", ""))


class PeopleLookups:
    """Finding people by name and counting who is here, inside one transaction."""

    db: TinyDB

    if TYPE_CHECKING:  # provided by StoreTx

        def _rows(self, table: str) -> dict[str, dict[str, Any]]: ...

        def event_name(self, name: str) -> str: ...

    def _indexed(self) -> IndexedTable | None:
        """The people as the index holds them, if the state is read by row."""
        people = self._rows(PEOPLE)
        return people if isinstance(people, IndexedTable) and not people.changes else None

    def _event_rows(self, event: str) -> list[tuple[int, Any]]:
        path: Path = self.db.storage.path  # type: ignore[attr-defined]
        return roster(path).rows(self._rows(PEOPLE), self.event_name(event))

    def entries(self, event: str) -> list[tuple[PersonId, Entry]]:
        """The event's people by id with their names and emails, read from
        the stored rows (or the index): finding one person builds nobody's profile."""
        indexed = self._indexed()
        if indexed is not None:
            found = indexed.index.entries(self.event_name(event))
            return [(PersonId(int(key)), Entry(name, email)) for key, name, email in found]
        return [(PersonId(i), _entry(row)) for i, row in self._event_rows(event)]

    def entries_like(self, event: str, wanted: str) -> list[tuple[PersonId, Entry]]:
        """The entries ``find_person`` could take for ``wanted`` (a name or
        email, by their keys as it compares them), or all of the event's when
        none could (for its suggestions): a store read by row looks those few
        up in its index; one read whole gives them all, ``find_person`` choosing."""
        indexed = self._indexed()
        if indexed is None:
            return self.entries(event)
        keys = indexed.index.people_like(self.event_name(event), wanted.strip())
        if not keys:
            return self.entries(event)
        return [(PersonId(int(key)), _entry(indexed[key])) for key in keys]

    def attendance(self, event: str) -> tuple[int, int]:
        """How many of the event's people are here, and how many it has."""
        indexed = self._indexed()
        if indexed is not None:
            return indexed.index.attendance(self.event_name(event), Status.PRESENT.value)
        rows = self._event_rows(event)
        here = sum(row.get("status") == Status.PRESENT.value for _, row in rows)
        return here, len(rows)
