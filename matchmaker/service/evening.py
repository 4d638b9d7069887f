"""The evening's operations of ``EventSession``: check-in, latecomers and
leavers, ratings, the round's timer and the board's remembered options —
each one transaction, like every other operation."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING

from matchmaker.core.community import WentWrong
from matchmaker.core.errors import UserError
from matchmaker.core.model import WENT_WELL, PairOptions, Person, PersonId, Status, Timer, key
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.profiles import Profile
from matchmaker.core.score_weights import Weighting
from matchmaker.service.snapshot import EventSnapshot
from matchmaker.store.database import StoreTx

if TYPE_CHECKING:  # seating people loads scoring (numpy, scipy) when first used
    from matchmaker.pairing.live import Reseated


@dataclass(frozen=True)
class TableChange:
    """A table of the round in progress after latecomers or leavers: its
    number and the names now at it."""

    number: int
    names: tuple[str, ...]


class LiveOperations(EventSnapshot):
    """The evening's operations on the snapshot (``EventSession`` adds the rest)."""

    # --- check-in -------------------------------------------------------------------

    def check_in(self, people: Sequence[PersonId], status: Status = Status.PRESENT) -> list[str]:
        """Mark people (ids) present, or gone, in one write; their names.
        Checked in by the organiser, people who joined by themselves are no
        longer marked as such."""
        with self._write() as tx:
            names = [p.name for p in tx.members(self.name, people)]
            tx.set_status(people, status, door=status is Status.PRESENT)
        return names

    def give_code(self, person: PersonId) -> str:
        """A new personal code for someone the organiser sees at the door, to
        tell them once (any earlier code stops working). How a person who
        signed up without an email, or lost their code, gets in on the link
        or the kiosk: a name alone never does."""
        with self._write() as tx:  # one at a time at the door: its hash may hold the lock
            tx.members(self.name, [person])  # in this event, or a clear error
            return tx.issue_code(self.name, person)

    def here(self) -> tuple[list[Person], list[Person]]:
        """Who is present, and who is not (signed up and not here, or gone)."""
        people = self.event.people
        present = [p for p in people if p.status is Status.PRESENT]
        return present, [p for p in people if p.status is not Status.PRESENT]

    # --- latecomers and leavers ---------------------------------------------------------

    def seat_latecomers(self, people: Sequence[PersonId]) -> tuple[list[TableChange], list[str]]:
        """Check people (ids) in and seat them into the last saved round,
        moving nobody else, in one write: the tables that changed, and anyone
        still waiting."""
        from matchmaker.pairing.live import seat

        with self._write() as tx:
            self._take(tx)  # the round as it is now, not as this session last read it
            last = self._last_round()
            saved = self.event.rounds[-1]
            already = [self._named(p) for p in people if any(p in g for g in saved.groups)]
            if already:
                raise UserError(f"{', '.join(already)} already sit at a table in round {last}.")
            tx.set_status(people, Status.PRESENT)
            positions = [self.event.position[p] for p in people]
            result = seat(
                self.scorer,
                self._tables(last),
                positions,
                self._forbidden(),
                self.event.table_rules(),
            )
            return self._store_round(tx, last, result)

    def leave(self, person: PersonId) -> tuple[list[TableChange], list[str]]:
        """Someone (an id) went home: marked gone, taken out of the round in
        progress, and a partner left alone seated again; nobody else moves.
        One write."""
        from matchmaker.pairing.live import leave

        with self._write() as tx:
            self._take(tx)
            self._named(person)
            tx.set_status([person], Status.GONE)
            if not self.event.rounds:
                return [], []
            last = self.event.rounds[-1].number
            where = self.event.position[person]
            result = leave(
                self.scorer, self._tables(last), where, self._forbidden(), self.event.table_rules()
            )
            return self._store_round(tx, last, result)

    def _named(self, person: PersonId) -> str:
        """The name of someone (an id) in this event; refused for anyone else."""
        position = self.event.position.get(person)
        if position is None:
            raise UserError(f"Person #{person} is not in {self.name!r}.", field="person")
        return self.event.people[position].name

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
        return event.excludes | event.never | event.declined | event.avoided

    def _store_round(
        self, tx: StoreTx, number: int, result: Reseated
    ) -> tuple[list[TableChange], list[str]]:
        """Write the round's new tables: people by their ids and names now,
        those removed since as they were saved; the tables' scores redone."""
        from matchmaker.pairing import group_scores

        saved = next(r for r in self.event.rounds if r.number == number)
        removed = [
            Person(PersonId(i), Profile(name))
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

    def rate_table(
        self,
        number: int,
        people: Sequence[PersonId],
        rating: int,
        reason: WentWrong | None = None,
    ) -> int:
        """Every pair among ``people`` (ids at one table of saved round
        ``number``) gets the rating, and after a low one what went wrong (for
        all of them), in one write; how many pairs."""
        from matchmaker.service.shared_ops import rate_pairs

        with self._write() as tx:
            pairs = list(combinations(people, 2))
            return rate_pairs(tx, self.name, number, pairs, rating, reason)

    def table_ratings(self, number: int) -> dict[int, int]:
        """The rating given to each table of saved round ``number``, by its
        number (its lowest where its pairs rated differently); unrated
        tables are left out."""
        given = {
            frozenset((r.first, r.second)): r.rating
            for r in self.event.ratings
            if r.event == self.name and r.round == number
        }
        saved = self.event.saved_round(number)
        identity: dict[int, str] = {p.id: p.profile.identity for p in self.event.people}
        found: dict[int, int] = {}
        for table, group in enumerate(saved.groups if saved else (), 1):
            people = [identity[i] for i in group if i in identity]
            rated = [given.get(frozenset(pair)) for pair in combinations(people, 2)]
            if ratings := [r for r in rated if r is not None]:
                found[table] = min(ratings)
        return found

    def went_well(self, a: int, b: int) -> int | None:
        """The rating of a pair that met before and rated it 4 or 5."""
        rating = self.event.rated.get(key(a, b))
        return rating if rating is not None and rating >= WENT_WELL else None

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
        """The board's choices (size, rounds, avoiding clashes); the evening's
        weights, pace policy and table rules, set by their own operations, stay."""
        chosen = replace(
            self.event.options,
            size=options.size,
            rounds=options.rounds,
            avoid_clashes=options.avoid_clashes,
        )
        self._store_options(chosen)

    def choose_evening(self, weighting: Weighting, pace: PacePolicy) -> None:
        """The evening's weights and pace policy, chosen on the board (``pair
        --save`` stores those it planned with): every later plan and match
        list follows them."""
        self._store_options(replace(self.event.options, weighting=weighting, pace=pace))

    def _store_options(self, options: PairOptions) -> None:
        if options != self.event.options:
            with self._write() as tx:
                tx.set_options(self.name, options)
