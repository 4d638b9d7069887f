"""The pairing board's state, apart from any screen: the plan on show, the
person marked for a swap, which rounds are saved, and the undo history.
Every change returns a new state, so the screen only renders it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from matchmaker.core.scoring import EventScorer
from matchmaker.pairing import Pair
from matchmaker.pairing.seating import SeatedRound, Seating, reseat_round

UNDO_DEPTH = 50


def swap_people(groups: Sequence[Sequence[int]], a: int, b: int) -> list[tuple[int, ...]]:
    """The same groups with ``a`` and ``b`` trading places (order kept)."""

    def trade(x: int) -> int:
        return b if x == a else a if x == b else x

    return [tuple(trade(x) for x in group) for group in groups]


@dataclass(frozen=True)
class BoardState:
    seating: Seating
    marked: int | None = None  # a person's position
    saved_as: dict[int, SeatedRound] = field(default_factory=dict)  # round number -> as saved
    undo_stack: tuple[Seating, ...] = ()

    def is_saved(self, number: int) -> bool:
        """Is round ``number`` stored exactly as it is shown?"""
        return self.saved_as.get(number) == self.round(number)

    def round(self, number: int) -> SeatedRound:
        return next(r for r in self.seating.rounds if r.number == number)

    def mark(self, person: int) -> BoardState:
        """Mark ``person`` (or unmark them if they already are)."""
        return replace(self, marked=None if self.marked == person else person)

    def unmark(self) -> BoardState:
        return replace(self, marked=None)

    def pair_with_marked(self, person: int) -> Pair | None:
        if self.marked is None or self.marked == person:
            return None
        a, b = sorted((self.marked, person))
        return (a, b)

    def swap(self, scorer: EventScorer, number: int, a: int, b: int) -> BoardState:
        """``a`` and ``b`` trade seats in round ``number``; tables are rescored
        and the round counts as unsaved again."""
        seated = self.round(number)
        groups = swap_people([t.members for t in seated.tables], a, b)
        changed = reseat_round(scorer, number, groups)
        rounds = tuple(changed if r.number == number else r for r in self.seating.rounds)
        return replace(
            self,
            seating=replace(self.seating, rounds=rounds),
            marked=None,
            undo_stack=(*self.undo_stack, self.seating)[-UNDO_DEPTH:],
        )

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    def undo(self) -> BoardState:
        if not self.undo_stack:
            return self
        return replace(
            self, seating=self.undo_stack[-1], marked=None, undo_stack=self.undo_stack[:-1]
        )

    def mark_saved(self, number: int) -> BoardState:
        return replace(self, saved_as={**self.saved_as, number: self.round(number)})

    def unsaved(self) -> Seating:
        """The plan without the rounds saved from it (a round changed after
        saving is stored as it was saved: that version counts)."""
        rounds = tuple(r for r in self.seating.rounds if r.number not in self.saved_as)
        return replace(self.seating, rounds=rounds)
