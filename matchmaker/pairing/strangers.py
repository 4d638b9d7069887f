"""Nobody seated with a stranger. After the best plan for the room, anyone
who shares nothing (no topic, no teaching, no motive) with all of their
tablemates moves to a table where they share something: as a pair's third,
or into a bigger table, or by trading seats. A facilitator would do the same.
Rules still hold (excluded and past partners never meet; locked people stay
where they are; when clashes are avoided, no move seats a high clash: a
stranger stays rather than sit with the other side), and the move that
costs least of the total is taken.

Each candidate move is judged against every table at once (one gather over a
tables × seats array), so a room of 10,000 costs a few array passes per
stranger rather than a Python loop over all tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matchmaker.pairing.weights import BIG, Weights, within_blocks

PASSES = 3
SWAP_TABLES = 40  # tables tried for a trade of seats, those the person shares most with
FETCH_ROWS = 256  # rows of weights fetched in one block


@dataclass
class _View:
    """One person against every table: may they sit there (no forbidden
    tablemate, no high clash when clashes are avoided), do they share
    something there, and what they add."""

    allowed: np.ndarray
    shares: np.ndarray
    gain: np.ndarray

    @property
    def fits(self) -> np.ndarray:
        return self.allowed & self.shares


class _Room:
    """The plan being repaired: tables as lists and as a tables × seats array
    (-1 for an empty seat), with each person's weights and "shares
    something" rows fetched once per person who needs them."""

    def __init__(self, weights: Weights, groups: Sequence[Sequence[int]], limit: int):
        self.weights = weights
        # Weights below this may not meet: -1 marks a forbidden pair, and
        # when clashes are avoided every pair without a high clash has BIG added.
        self.floor = BIG if weights.rules.avoid_clashes else 0
        self.groups = [list(g) for g in groups]
        self.table_of = {p: t for t, g in enumerate(self.groups) for p in g}
        width = max([limit, *(len(g) for g in self.groups)])
        self.seats = np.full((len(self.groups), width), -1, dtype=np.int64)
        for t in range(len(self.groups)):
            self._refresh(t)
        self.everyone = np.arange(len(weights.source))
        self._weight: dict[int, np.ndarray] = {}
        self._shares: dict[int, np.ndarray] = {}

    def _refresh(self, t: int) -> None:
        self.seats[t] = -1
        self.seats[t, : len(self.groups[t])] = self.groups[t]

    @property
    def sizes(self) -> np.ndarray:
        return (self.seats >= 0).sum(axis=1)

    def move(self, moves: Sequence[tuple[int, int]]) -> None:
        """Seat each person at their new table (all at once: a trade passes
        through a moment with one table over size)."""
        touched: set[int] = set()
        for person, table in moves:
            touched.update((self.table_of[person], table))
            self.groups[self.table_of[person]].remove(person)
            self.groups[table].append(person)
            self.table_of[person] = table
        for t in touched:
            self._refresh(t)

    def prefetch(self, people: Sequence[int]) -> None:
        rows = np.array([p for p in people if p not in self._weight], dtype=np.int64)
        for start in range(0, len(rows), FETCH_ROWS):
            chunk = rows[start : start + FETCH_ROWS]
            weights = self.weights.block(chunk, self.everyone)
            shares = self.weights.source.substance(chunk, self.everyone)
            for i, p in enumerate(chunk.tolist()):
                self._weight[p], self._shares[p] = weights[i], shares[i]

    def weight(self, p: int) -> np.ndarray:
        self.prefetch([p])
        return self._weight[p]

    def shares(self, p: int) -> np.ndarray:
        self.prefetch([p])
        return self._shares[p]

    def view(self, p: int) -> _View:
        """``p`` against every table as it stands (``p``'s own seat ignored)."""
        others = (self.seats >= 0) & (self.seats != p)
        at = np.where(others, self.seats, 0)
        weight = self.weight(p)[at]
        return _View(
            allowed=np.asarray(np.where(others, weight >= self.floor, True).all(axis=1)),
            shares=(self.shares(p)[at] & others).any(axis=1),
            gain=np.where(others, weight, 0).sum(axis=1, dtype=np.float64),
        )

    def alone(self, p: int, table: Sequence[int]) -> bool:
        """Shares nothing with anyone else at ``table`` (a full row only for
        people already looked at: a table is a few people)."""
        others = [q for q in table if q != p]
        if not others:
            return True
        if p in self._shares:
            return not self._shares[p][others].any()
        return not self.weights.source.substance(np.array([p]), np.array(others)).any()

    def stuck(self, pinned: set[int]) -> list[int]:
        """Everyone not pinned who shares nothing with their tablemates."""
        found = [
            p
            for group, inside in zip(
                self.groups, within_blocks(self.weights.source.substance, self.groups), strict=True
            )
            if len(group) > 1
            for i, p in enumerate(group)
            if p not in pinned and not inside[i].any()
        ]
        return sorted(found)

    def fits(self, p: int, table: Sequence[int]) -> bool:
        """May sit with everyone else at ``table`` and shares something with one."""
        others = [q for q in table if q != p]
        allowed = bool((self.weight(p)[others] >= self.floor).all())
        return bool(others) and allowed and not self.alone(p, others)

    def keeps_friends(self, table: Sequence[int]) -> bool:
        """Nobody at ``table`` (two or more people) is left with strangers."""
        return len(table) >= 2 and not any(self.alone(q, table) for q in table)

    def gain(self, p: int, table: Sequence[int]) -> float:
        return float(self.weight(p)[[q for q in table if q != p]].sum())


def seat_strangers(
    weights: Weights,
    groups: Sequence[Sequence[int]],
    pinned: set[int],
    sizes: tuple[int, int],
) -> tuple[list[tuple[int, ...]], int]:
    """The plan with as few people as possible sitting with strangers, and how
    many were moved. ``sizes`` is the smallest and largest table allowed."""
    room = _Room(weights, groups, sizes[1])
    moved = 0
    for _ in range(PASSES):
        stuck = room.stuck(pinned)
        room.prefetch(stuck)
        fixed = 0
        for p in stuck:
            here = room.groups[room.table_of[p]]
            if room.alone(p, here):
                fixed += _fix(room, p, pinned, sizes)
        moved += fixed
        if not fixed:
            break
    return [tuple(sorted(g)) for g in room.groups if g], moved


def _fix(room: _Room, p: int, pinned: set[int], sizes: tuple[int, int]) -> int:
    """Move ``p`` (and a partner left alone) or trade seats; how many people
    left tablemates they shared nothing with (a trade's other person did not)."""
    smallest, limit = sizes
    home = room.table_of[p]
    rest = [q for q in room.groups[home] if q != p]
    mine = room.view(p)
    seated = room.sizes
    open_tables = mine.fits & (seated < limit)
    open_tables[home] = False
    gain = mine.gain - room.gain(p, rest)
    moves: list[tuple[int, int]] = []
    if len(rest) >= max(2, smallest) and room.keeps_friends(rest):
        if open_tables.any():
            moves = [(p, _first_best(np.where(open_tables, gain, -np.inf)))]
    elif len(rest) == 1 and smallest <= 2 and rest[0] not in pinned:
        moves = _both_move(room, p, rest[0], gain, open_tables, seated, limit)
    if moves:
        room.move(moves)
        return len(moves)
    moves = _trade(room, p, pinned)
    room.move(moves)
    return 1 if moves else 0


def _first_best(values: np.ndarray) -> int:
    """The first position of the largest value (ties go to the lower table)."""
    return int(np.argmax(values))


def _both_move(
    room: _Room,
    p: int,
    q: int,
    gain: np.ndarray,
    open_tables: np.ndarray,
    seated: np.ndarray,
    limit: int,
) -> list[tuple[int, int]]:
    """A pair of strangers: both find a table, each as its third (``q`` may
    join the table ``p`` joins, if there is a seat and they may meet). Among
    equal totals the lower table numbers win, as in a scan table by table."""
    if not open_tables.any():
        return []
    home = room.table_of[p]
    tables = np.arange(len(room.groups))
    theirs = room.view(q)
    fits = theirs.fits & (seated < limit)
    fits[home] = False
    value = np.where(fits, theirs.gain, -np.inf)
    best, runner = (int(t) for t in np.lexsort((tables, -value))[:2])
    # q's best table other than p's new one: the best, or the runner-up where p sits down.
    elsewhere, elsewhere_at = np.full(len(tables), value[best]), np.full(len(tables), best)
    elsewhere[best], elsewhere_at[best] = value[runner], runner
    # q beside p: one more seat needed, and q may meet p.
    together = (
        theirs.allowed
        & bool(room.weight(q)[p] >= room.floor)
        & (theirs.shares | bool(room.shares(q)[p]))
        & (seated + 1 < limit)
    )
    together[home] = False
    beside_value = np.where(together, theirs.gain + float(room.weight(q)[p]), -np.inf)
    beside = (beside_value > elsewhere) | ((beside_value == elsewhere) & (tables < elsewhere_at))
    best_q = np.where(beside, beside_value, elsewhere)
    total = np.where(open_tables & np.isfinite(best_q), gain + best_q, -np.inf)
    if not np.isfinite(total).any():
        return []
    t = _first_best(total)
    return [(p, t), (q, t if beside[t] else int(elsewhere_at[t]))]


def _trade(room: _Room, p: int, pinned: set[int]) -> list[tuple[int, int]]:
    """Trade seats with someone at a table ``p`` shares something with, if
    nobody ends up among strangers for it; the trade that costs least."""
    home = room.table_of[p]
    mine = room.shares(p)
    tables = sorted({room.table_of[f] for f in np.flatnonzero(mine).tolist()} - {home})
    tables = sorted(tables, key=lambda t: -int(mine[room.groups[t]].sum()))
    best: tuple[float, list[tuple[int, int]]] | None = None
    for t in tables[:SWAP_TABLES]:
        for q in room.groups[t]:
            if q in pinned:
                continue
            there = [*(x for x in room.groups[t] if x != q), p]
            back = [*(x for x in room.groups[home] if x != p), q]
            if not (room.fits(p, there) and room.fits(q, back)):
                continue
            if room.keeps_friends(there) and room.keeps_friends(back):
                gain = (
                    room.gain(p, there)
                    + room.gain(q, back)
                    - room.gain(p, room.groups[home])
                    - room.gain(q, room.groups[t])
                )
                if best is None or gain > best[0]:
                    best = (gain, [(p, t), (q, home)])
    return best[1] if best else []
