"""Nobody seated with a stranger. After the best plan for the room, anyone
who shares nothing (no topic, no teaching, no motive) with all of their
tablemates moves to a table where they share something: as a pair's third,
or into a bigger table, or by trading seats. A facilitator would do the same.
Rules still hold (excluded and past partners never meet; locked people stay
where they are), and the move that costs least of the total is taken."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matchmaker.pairing.weights import Weights

PASSES = 3
SWAP_TABLES = 40  # tables tried for a trade of seats, those the person shares most with


class _Room:
    """The plan being repaired, with each person's weights and "shares
    something" rows, fetched once per person who needs them."""

    def __init__(self, weights: Weights, groups: Sequence[Sequence[int]]):
        self.weights = weights
        self.groups = [list(g) for g in groups]
        self.everyone = np.arange(len(weights.source))
        self._weight: dict[int, np.ndarray] = {}
        self._shares: dict[int, np.ndarray] = {}

    def prefetch(self, people: Sequence[int]) -> None:
        rows = np.array([p for p in people if p not in self._weight], dtype=np.int64)
        for start in range(0, len(rows), 256):
            chunk = rows[start : start + 256]
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

    def table_of(self) -> dict[int, int]:
        return {p: i for i, g in enumerate(self.groups) for p in g}

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
        """Everyone not pinned who shares nothing with their tablemates,
        found a batch of tables at a time (one small block each)."""
        found: list[int] = []
        start = 0
        while start < len(self.groups):
            stop, members = start, 0
            while stop < len(self.groups) and (
                members == 0 or members + len(self.groups[stop]) <= 512
            ):
                members += len(self.groups[stop])
                stop += 1
            batch = [p for g in self.groups[start:stop] for p in g]
            if batch:
                people = np.array(batch, dtype=np.int64)
                shares = self.weights.source.substance(people, people)
                at = 0
                for group in self.groups[start:stop]:
                    size = len(group)
                    inside = shares[at : at + size, at : at + size]
                    for i, p in enumerate(group):
                        if p not in pinned and size > 1 and not inside[i].any():
                            found.append(p)
                    at += size
            start = stop
        return sorted(found)

    def fits(self, p: int, table: Sequence[int]) -> bool:
        """May sit with everyone at ``table`` and shares something with one."""
        allowed = bool((self.weight(p)[table] >= 0).all())
        return bool(table) and allowed and not self.alone(p, table)

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
    room = _Room(weights, groups)
    moved = 0
    for _ in range(PASSES):
        stuck = room.stuck(pinned)
        room.prefetch(stuck)
        fixed = 0
        for p in stuck:
            here = room.groups[room.table_of()[p]]
            if p in here and room.alone(p, here) and _fix(room, p, pinned, sizes):
                fixed += 1
        moved += fixed
        if not fixed:
            break
    return [tuple(sorted(g)) for g in room.groups if g], moved


def _fix(room: _Room, p: int, pinned: set[int], sizes: tuple[int, int]) -> bool:
    """Move ``p`` (and a partner left alone) or trade seats; True if done."""
    smallest, limit = sizes
    table_of = room.table_of()
    home = table_of[p]
    rest = [q for q in room.groups[home] if q != p]
    options: list[tuple[float, list[tuple[int, int]]]] = []  # (gain, [(person, to table)])
    open_tables = [
        t for t, g in enumerate(room.groups) if t != home and len(g) < limit and room.fits(p, g)
    ]
    for t in open_tables:
        gain = room.gain(p, room.groups[t]) - room.gain(p, rest)
        if len(rest) >= max(2, smallest) and room.keeps_friends(rest):
            options.append((gain, [(p, t)]))
        elif len(rest) == 1 and smallest <= 2 and rest[0] not in pinned:
            # A pair of strangers: both find a table (each as its third).
            q = rest[0]
            for u, g in enumerate(room.groups):
                grown = [*g, p] if u == t else g
                if u != home and len(grown) < limit and room.fits(q, grown):
                    options.append((gain + room.gain(q, grown), [(p, t), (q, u)]))
    if not options:
        options = _trades(room, p, pinned)
    if not options:
        return False
    _, moves = max(options, key=lambda option: option[0])
    for person, table in moves:
        room.groups[table_of[person]].remove(person)
        room.groups[table].append(person)
    return True


def _trades(room: _Room, p: int, pinned: set[int]) -> list[tuple[float, list[tuple[int, int]]]]:
    """Trade seats with someone at a table ``p`` shares something with, if
    nobody ends up among strangers for it."""
    table_of = room.table_of()
    home = table_of[p]
    friends = np.flatnonzero(room.shares(p))
    tables = sorted({table_of[f] for f in friends.tolist() if f in table_of} - {home})
    tables = sorted(tables, key=lambda t: -int(room.shares(p)[room.groups[t]].sum()))
    options = []
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
                options.append((gain, [(p, t), (q, home)]))
    return options
