"""The store's record of the evening: saved rounds (kept as they were, except
for latecomers seated into the last one and leavers taken out of it), the
answers after the evening, the round's timer and the board's options (the
ratings: ``ratings``). A part of ``StoreTx``."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from matchmaker.core.model import PairOptions, Person, SavedRound, Timer
from matchmaker.core.text import shown_name

ROUNDS, FOLLOW_UPS = "rounds", "follow_ups"


# Rounds as built from their stored rows, by the row (rows are shared and
# never changed: ``state.py``): a round of 1,000 tables is built once, not
# for each of the room's phones asking for its table.
_BUILT: dict[int, tuple[dict[str, Any], SavedRound]] = {}
_BUILT_AT_MOST = 64


def _saved(row: dict[str, Any]) -> SavedRound:
    known = _BUILT.get(id(row))
    if known is not None and known[0] is row:
        return known[1]
    saved = SavedRound(
        row["number"],
        tuple(tuple(group) for group in row["groups"]),
        tuple(tuple(shown_name(n) for n in group) for group in row["names"]),
        row.get("saved", 0.0),
        tuple(row.get("scores", ())),
    )
    if len(_BUILT) >= _BUILT_AT_MOST:
        _BUILT.clear()
    _BUILT[id(row)] = (row, saved)
    return saved


class HistoryTables:
    """Rounds, answers after the evening, the timer and the options, inside one transaction."""

    db: TinyDB

    def event_name(self, name: str) -> str:  # provided by StoreTx
        raise NotImplementedError

    def _event_doc(self, name: str) -> Document:  # provided by StoreTx
        raise NotImplementedError

    # --- rounds -------------------------------------------------------------

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:  # provided by StoreTx
        raise NotImplementedError

    def _round_rows(self, event: str) -> list[dict[str, Any]]:
        event = self.event_name(event)
        rows = [row for row in self._rows(ROUNDS).values() if row.get("event") == event]
        return sorted(rows, key=lambda row: row["number"])

    def rounds(self, event: str) -> list[SavedRound]:
        return [_saved(row) for row in self._round_rows(event)]

    def saved_round(self, event: str, number: int | None = None) -> SavedRound | None:
        """Round ``number`` (None: the last saved) alone, without building
        the others: a room's phones ask for their table and rate it."""
        rows = self._round_rows(event)
        if number is None:
            return _saved(rows[-1]) if rows else None
        return next((_saved(row) for row in rows if row["number"] == number), None)

    def save_round(
        self, event: str, groups: Iterable[Iterable[Person]], scores: Iterable[int] = ()
    ) -> int:
        """Store a round of groups, with the names and table scores as they
        are now (history never changes after); returns its number (1 + the
        last saved)."""
        event = self.event_name(event)
        table = self.db.table(ROUNDS)
        number = 1 + max((d["number"] for d in table.search(Query().event == event)), default=0)
        table.insert({"event": event, "number": number, "saved": time.time()})
        self.replace_round(event, number, groups, scores)
        return number

    def replace_round(
        self,
        event: str,
        number: int,
        groups: Iterable[Iterable[Person]],
        scores: Iterable[int],
    ) -> None:
        """The tables of saved round ``number``, with names and scores as now
        (for latecomers seated into it and leavers taken out of it)."""
        event = self.event_name(event)
        tables = [list(group) for group in groups]
        self.db.table(ROUNDS).update(
            {
                "groups": [[p.id for p in group] for group in tables],
                "names": [[p.name for p in group] for group in tables],
                "scores": [int(s) for s in scores],
            },
            (Query().event == event) & (Query().number == number),
        )

    # --- after the evening ------------------------------------------------------------

    def add_follow_up(self, event: str, person: int, more: str, next_: str) -> None:
        """A person's answers after the evening: how they could contribute
        more effectively, and whether they met again / what next (the
        latest answers replace earlier ones)."""
        event = self.event_name(event)
        table = self.db.table(FOLLOW_UPS)
        table.remove((Query().event == event) & (Query().person == person))
        row = {"event": event, "person": person, "more": more, "next": next_}
        table.insert(row | {"when": time.time()})

    def follow_ups(self, event: str) -> dict[int, tuple[str, str]]:
        """Each person's (id) answers after the evening: (more, next)."""
        event = self.event_name(event)
        rows = self.db.table(FOLLOW_UPS).search(Query().event == event)
        return {d["person"]: (d["more"], d["next"]) for d in rows}

    # --- the timer and the options ---------------------------------------------

    def set_timer(self, event: str, timer: Timer | None) -> None:
        value = None if timer is None else timer.__dict__.copy()
        self.db.table("events").update({"timer": value}, doc_ids=[self._event_doc(event).doc_id])

    def set_options(self, event: str, options: PairOptions) -> None:
        self.db.table("events").update(
            {"options": options.as_dict()}, doc_ids=[self._event_doc(event).doc_id]
        )

    def timer(self, event: str) -> Timer | None:
        return self.timer_of(self._event_doc(event))

    def options(self, event: str) -> PairOptions:
        return self.options_of(self._event_doc(event))

    @staticmethod
    def timer_of(doc: dict[str, Any]) -> Timer | None:
        value = doc.get("timer")
        return Timer(**value) if isinstance(value, dict) else None

    @staticmethod
    def options_of(doc: dict[str, Any]) -> PairOptions:
        value = doc.get("options")
        return PairOptions.from_dict(value) if isinstance(value, dict) else PairOptions()
