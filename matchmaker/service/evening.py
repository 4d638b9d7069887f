"""The evening's operations of ``EventSession``: check-in, latecomers and
leavers, ratings, the round's timer and the board's remembered options —
each one transaction, like every other operation."""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matchmaker.core.errors import UserError
from matchmaker.core.model import RATINGS, Event, PairOptions, Person, Rating, Status, Timer, key
from matchmaker.core.profiles import Profile
from matchmaker.store.database import StoreTx

if TYPE_CHECKING:  # seating people loads scoring (numpy, scipy) when first used
    from matchmaker.core.scoring import EventScorer
    from matchmaker.pairing.live import Reseated


@dataclass(frozen=True)
class TableChange:
    """A table of the round in progress after latecomers or leavers: its
    number and the names now at it."""

    number: int
    names: tuple[str, ...]


class LiveOperations:
    """Mixed into ``EventSession``, which provides the snapshot and writes."""

    name: str

    @property
    def event(self) -> Event:
        raise NotImplementedError

    @property
    def scorer(self) -> EventScorer:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[StoreTx]:
        raise NotImplementedError

    # --- check-in -------------------------------------------------------------------

    def check_in(self, people: Sequence[int], status: Status = Status.PRESENT) -> list[str]:
        """Mark people (positions) present, or gone; their names."""
        chosen = [self.event.people[p] for p in people]
        with self._write() as tx:
            tx.set_status([p.id for p in chosen], status)
        return [p.name for p in chosen]

    def here(self) -> tuple[list[Person], list[Person]]:
        """Who is present, and who is not (signed up and not here, or gone)."""
        people = self.event.people
        present = [p for p in people if p.status is Status.PRESENT]
        return present, [p for p in people if p.status is not Status.PRESENT]

    # --- latecomers and leavers ---------------------------------------------------------

    def seat_latecomers(self, people: Sequence[int]) -> tuple[list[TableChange], list[str]]:
        """Check people in and seat them into the last saved round, moving
        nobody else: the tables that changed, and anyone still waiting."""
        from matchmaker.pairing.live import seat

        last = self._last_round()
        seated = {m for t in self._tables(last) for m in t if m is not None}
        already = [self.event.people[p].name for p in people if p in seated]
        if already:
            raise UserError(f"{', '.join(already)} already sit at a table in round {last}.")
        with self._write() as tx:
            tx.set_status([self.event.people[p].id for p in people], Status.PRESENT)
            result = seat(self.scorer, self._tables(last), people, self._forbidden())
            return self._store_round(tx, last, result)

    def leave(self, person: int) -> tuple[list[TableChange], list[str]]:
        """Someone went home: marked gone, taken out of the round in progress,
        and a partner left alone seated again; nobody else moves."""
        from matchmaker.pairing.live import leave

        with self._write() as tx:
            tx.set_status([self.event.people[person].id], Status.GONE)
            if not self.event.rounds:
                return [], []
            last = self.event.rounds[-1].number
            result = leave(self.scorer, self._tables(last), person, self._forbidden())
            return self._store_round(tx, last, result)

    def _last_round(self) -> int:
        if not self.event.rounds:
            raise UserError("No round is saved yet: pair the room and save a round first.")
        return self.event.rounds[-1].number

    def _tables(self, number: int) -> list[list[int]]:
        """A saved round's tables by position; someone removed from the event
        since is ``-1 - k`` for the k-th such seat of the round."""
        saved = next(r for r in self.event.rounds if r.number == number)
        position, tables, removed = self.event.position, [], 0
        for group in saved.groups:
            table = []
            for person in group:
                if person in position:
                    table.append(position[person])
                else:
                    removed += 1
                    table.append(-removed)
            tables.append(table)
        return tables

    def _forbidden(self) -> frozenset[tuple[int, int]]:
        event = self.event
        return event.excludes | event.never | event.declined | event.met

    def _store_round(
        self, tx: StoreTx, number: int, result: Reseated
    ) -> tuple[list[TableChange], list[str]]:
        """Write the round's new tables: people by their ids and names now,
        those removed since as they were saved; the tables' scores redone."""
        from matchmaker.pairing import group_scores

        saved = next(r for r in self.event.rounds if r.number == number)
        removed = [
            Person(i, Profile(name))
            for ids, names in zip(saved.groups, saved.names, strict=True)
            for i, name in zip(ids, names, strict=True)
            if i not in self.event.position
        ]
        people = self.event.people
        groups = [[people[m] if m >= 0 else removed[-1 - m] for m in t] for t in result.tables]
        scores = group_scores(self.scorer, [[m for m in t if m >= 0] for t in result.tables])
        tx.replace_round(self.name, number, groups, scores)
        changes = [TableChange(t + 1, tuple(p.name for p in groups[t])) for t in result.changed]
        return changes, [people[p].name for p in result.waiting]

    # --- ratings --------------------------------------------------------------------------

    def rate(self, number: int, a: int, b: int, rating: int) -> None:
        """How the time together of ``a`` and ``b`` (positions) in round
        ``number`` went, 1-5; kept by their identities across events."""
        if rating not in RATINGS:
            raise UserError(f"A rating is 1 to 5, not {rating}.", field="rating")
        saved = next((r for r in self.event.rounds if r.number == number), None)
        if saved is None:
            raise UserError(f"There is no saved round {number}.", field="round")
        first, second = self.event.people[a], self.event.people[b]
        if not any({first.id, second.id} <= set(g) for g in saved.groups):
            raise UserError(
                f"{first.name} and {second.name} did not sit together in round {number}."
            )
        with self._write() as tx:
            tx.add_rating(
                Rating(first.profile.identity, second.profile.identity, rating, self.name, number)
            )

    def rate_table(self, number: int, members: Sequence[int], rating: int) -> None:
        """Every pair at a table gets the table's rating, in one write."""
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                self.rate(number, a, b, rating)

    def went_well(self, a: int, b: int) -> int | None:
        """The rating of a pair that met before and rated it 4 or 5."""
        rating = self.event.rated.get(key(a, b))
        return rating if rating is not None and rating >= 4 else None

    # --- the timer and the options ---------------------------------------------------------

    def start_timer(self, number: int, minutes: int, now: float | None = None) -> Timer:
        now = time.time() if now is None else now
        current = self.event.timer
        left = current.remaining(now) if current and current.round == number else minutes * 60
        timer = Timer(number, minutes, now + left)
        with self._write() as tx:
            tx.set_timer(self.name, timer)
        return timer

    def pause_timer(self, now: float | None = None) -> Timer | None:
        now = time.time() if now is None else now
        current = self.event.timer
        if current is None:
            return None
        timer = Timer(current.round, current.minutes, None, current.remaining(now))
        with self._write() as tx:
            tx.set_timer(self.name, timer)
        return timer

    def set_timer(self, timer: Timer | None) -> None:
        with self._write() as tx:
            tx.set_timer(self.name, timer)

    def remember_options(self, options: PairOptions) -> None:
        if options != self.event.options:
            with self._write() as tx:
                tx.set_options(self.name, options)
