"""Groups of three or more. A round starts from pairs: locked groups first,
then the strongest pairs of a greedy matching each start a table, and
everyone else joins a seat at a time, every open table taking at once the
person who adds most to it (an assignment problem: scipy's
``linear_sum_assignment``). Swapping people between tables then raises the
total while it can. ``bench/pairing.py`` measures the result against the
proven optimum of small rooms (``bench/exact.py``, ``scipy.optimize.milp``)."""

from __future__ import annotations

from itertools import combinations

import numpy as np

from matchmaker.core.model import key
from matchmaker.pairing.large import greedy
from matchmaker.pairing.weights import BIG, CHUNK, RoundPlan, Weights

GROUPS_LIMIT = 20_000  # people in groups at once: their gains are n × n int32 …
GROUPS_PEAK = "3 GiB of memory and half a minute"  # … so this many take this (measured)
CLASH_PENALTY = 10_000  # a high clash costs more than any score gain
MAX_SWAP_PASSES = 8  # from the pair start, later passes add < 0.1 % (measured at 2,000)
SWAP_TABLES = 24  # tables each person considers trading into …
SWAP_ALL_LIMIT = 2500  # … above this many people (below it: every table)
START_PARTNERS = 8  # each person's best partners, for the pairs that start tables
SEARCH_LIMIT = 100  # rooms up to here are searched further, from kicked restarts …
KICKS = 100  # … at least this many (each moves a few people at random, then descends again),
KICK_WORK = 480_000  # … more while kicks × people² stay under this (300 at 40 people) …
PATIENCE = 150  # … until this many in a row found nothing better (40 in threes: 98.3 % → 100 %)
KICKED = 0.25  # the share of the room a kick moves


def group_sizes(n: int, size: int) -> list[int]:
    """Groups of ``size``, some of ``size + 1`` where the count does not divide;
    smaller groups only when there are too few people for that."""
    if n == 0:
        return []
    count = max(1, n // size)
    while -(-n // count) > size + 1:
        count += 1
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


def group_round(
    weights: Weights, n: int, lock_groups: list[tuple[int, ...]], sizes: list[int] | None = None
) -> RoundPlan:
    """The best groups at tables of ``sizes`` (by default ``group_sizes``)."""
    plan = RoundPlan(0, [])
    if n == 0:
        return plan
    sizes = sizes or group_sizes(n, weights.rules.size)
    plan.uneven = min(sizes) < weights.rules.size
    tables = Tables(group_gain(weights, n), sizes)
    tables.start(lock_groups)
    pinned = np.zeros(n, dtype=bool)
    pinned[[x for group in lock_groups for x in group]] = True
    if n <= SEARCH_LIMIT:
        tables.search(pinned)
    else:
        tables.improve(pinned)
    plan.groups = tables.groups()
    plan.broken = [
        key(a, b) for g in plan.groups for a, b in combinations(g, 2) if not weights.allowed(a, b)
    ]
    return plan


def group_gain(weights: Weights, n: int) -> np.ndarray:
    """What each pair adds at one table (symmetric): half the pairs are
    scored, a chunk of rows at a time, and mirrored."""
    gain = np.empty((n, n), dtype=np.int32)
    for start in range(0, n, CHUNK):
        rows = np.arange(start, min(start + CHUNK, n))
        cols = np.arange(start, n)
        block = weights.scores(rows, cols)
        if weights.rules.avoid_clashes:
            block -= CLASH_PENALTY * weights.high_clash(rows, cols)
        if weights.rules.tables.active:  # no shared language, or two hosts where one may sit
            block[~weights.rules.tables.compatible(rows, cols)] = -BIG
        gain[rows[0] : rows[-1] + 1, start:] = block
        gain[start:, rows[0] : rows[-1] + 1] = block.T
    for a, b in weights.forbidden:
        gain[a, b] = gain[b, a] = -BIG
    np.fill_diagonal(gain, 0)
    return gain


class Tables:
    """Who sits at which table, and what each person would add at each
    (``adds[t, p]``: the sum of p's gains with table t's members)."""

    def __init__(self, gain: np.ndarray, sizes: list[int]):
        n = len(gain)
        self.gain = gain
        self.at = np.full(n, -1, dtype=np.int64)
        self.room = np.array(sizes, dtype=np.int64)
        self.adds = np.zeros((len(sizes), n), dtype=np.int32)  # sums of ≤ 9 gains ≥ -BIG
        self.members: list[list[int]] = [[] for _ in sizes]

    def seat(self, person: int, table: int) -> None:
        self.at[person] = table
        self.room[table] -= 1
        self.members[table].append(person)
        self.adds[table] += self.gain[person]

    def start(self, lock_groups: list[tuple[int, ...]]) -> None:
        """Locked groups at the roomiest tables, strong pairs at the empty
        ones, then one seat per open table at a time by assignment."""
        # Imported here: scipy.optimize costs ~0.3 s, which opening the app should not pay.
        from scipy.optimize import linear_sum_assignment

        for group in sorted(lock_groups, key=len, reverse=True):
            table = int(np.argmax(self.room))
            for person in group:
                self.seat(person, table)
        empty = [t for t in np.argsort(-self.room, kind="stable") if not self.members[t]]
        for (a, b), table in zip(self._strong_pairs(), empty, strict=False):
            if self.room[table] >= 2:
                self.seat(a, int(table))
                self.seat(b, int(table))
        while True:
            waiting = np.flatnonzero(self.at < 0)
            open_tables = np.flatnonzero(self.room > 0)
            if not len(waiting) or not len(open_tables):
                return
            wants = self.adds[open_tables][:, waiting].T.astype(np.float64)
            rows, cols = linear_sum_assignment(wants, maximize=True)
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                self.seat(int(waiting[r]), int(open_tables[c]))

    def start_from(self, groups: list[tuple[int, ...]]) -> None:
        """A given seating, its groups in the tables' order."""
        for table, group in enumerate(groups):
            for person in group:
                self.seat(person, table)

    def _strong_pairs(self) -> list[tuple[int, int]]:
        """A greedy matching of the people not yet seated over each one's best
        ``START_PARTNERS`` partners, strongest pair first."""
        free = np.flatnonzero(self.at < 0)
        if len(free) < 2:
            return []
        keep = min(START_PARTNERS, len(free) - 1)
        a_parts, b_parts, w_parts = [], [], []
        for start in range(0, len(free), CHUNK):
            rows = np.arange(start, min(start + CHUNK, len(free)))
            block = self.gain[free[rows]][:, free]
            block[np.arange(len(rows)), rows] = -BIG  # not oneself
            top = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
            a_parts.append(np.repeat(rows, keep))
            b_parts.append(top.ravel())
            w_parts.append(np.take_along_axis(block, top, axis=1).ravel())
        a, b, w = (np.concatenate(parts) for parts in (a_parts, b_parts, w_parts))
        ok = w > -BIG
        partner = greedy(len(free), a[ok], b[ok], w[ok])
        pairs = [(x, int(y)) for x, y in enumerate(partner.tolist()) if x < y]
        pairs.sort(key=lambda p: -int(self.gain[free[p[0]], free[p[1]]]))
        return [(int(free[x]), int(free[y])) for x, y in pairs]

    def improve(self, pinned: np.ndarray) -> None:
        """Swap two people between tables while that raises the total; locked
        people move only together, so they stay. In a big room each person
        looks only at the ``SWAP_TABLES`` tables they would add most to."""
        n, count = len(self.at), len(self.members)
        if count < 2:
            return
        seats = [np.array(m, dtype=np.int64) for m in self.members]
        gain, adds, at = self.gain, self.adds, self.at
        for _ in range(MAX_SWAP_PASSES):
            improved = False
            for p in range(n):
                if pinned[p]:
                    continue
                tp = at[p]
                row = adds[:, p]
                if n > SWAP_ALL_LIMIT and count > SWAP_TABLES:
                    near = np.argpartition(-row, SWAP_TABLES)[:SWAP_TABLES]
                    qs = np.concatenate([seats[t] for t in near if t != tp])
                else:
                    qs = np.flatnonzero(at != tp)
                qs = qs[~pinned[qs]]
                if qs.size == 0:
                    continue
                tq = at[qs]
                # p (at tp) and q (at tq) trade places; gain is symmetric.
                delta = (
                    row[tq].astype(np.int64)
                    + adds[tp, qs]
                    - adds[tq, qs]
                    - row[tp]
                    - 2 * gain[p, qs].astype(np.int64)
                )
                best = int(np.argmax(delta))
                if delta[best] <= 0:
                    continue
                q, tq_best = int(qs[best]), int(tq[best])
                at[p], at[q] = tq_best, tp
                seats[tp][seats[tp] == p] = q
                seats[tq_best][seats[tq_best] == q] = p
                change = gain[q] - gain[p]
                adds[tp] += change
                adds[tq_best] -= change
                improved = True
            if not improved:
                break
        self.members = [sorted(s.tolist()) for s in seats]

    def search(self, pinned: np.ndarray) -> None:
        """A small room: the steepest descent over every swap and every move
        (from a bigger table to a smaller, which keeps the sizes), restarted
        from the best seating with a few people moved at random (seeded: the
        same room always gets the same plan) while restarts still pay."""
        rng = np.random.default_rng(0)
        movable = np.flatnonzero(~pinned)
        self._descend(pinned)
        best, best_total = self.at.copy(), self.total()
        kicks = since = 0
        most = max(KICKS, KICK_WORK // len(self.at) ** 2)
        while len(movable) > 2 and kicks < most and since < PATIENCE:
            kicks, since = kicks + 1, since + 1
            kicked = rng.choice(movable, max(2, round(KICKED * len(movable))), replace=False)
            self._reseat(best, kicked, rng.permutation(best[kicked]))
            self._descend(pinned)
            if self.total() > best_total:
                best, best_total, since = self.at.copy(), self.total(), 0
        self._reseat(best)

    def _reseat(
        self, at: np.ndarray, who: np.ndarray | None = None, tables: np.ndarray | None = None
    ) -> None:
        """Seat everyone as ``at`` says (``who`` at ``tables`` instead)."""
        self.at = at.copy()
        if who is not None and tables is not None:
            self.at[who] = tables
        count = len(self.members)
        self.members = [np.flatnonzero(self.at == t).tolist() for t in range(count)]
        seated = np.zeros((count, len(self.at)), dtype=np.int32)
        seated[self.at, np.arange(len(self.at))] = 1
        self.adds = seated @ self.gain

    def _descend(self, pinned: np.ndarray) -> None:
        """Take the best swap or move while one raises the total."""
        n, lowest = len(self.at), np.iinfo(np.int64).min
        idx = np.arange(n)
        still = pinned[:, None] | pinned[None, :]
        while True:
            at = self.at
            adds = self.adds.astype(np.int64)
            own = adds[at, idx]
            cross = adds[at]  # cross[p, q]: q's sum with p's table
            # p and q trade tables: each gains the other's table, less the other.
            swap = cross.T - own[:, None] + cross - own[None, :] - 2 * self.gain
            swap[still | (at[:, None] == at[None, :])] = lowest
            p, q = divmod(int(np.argmax(swap)), n)
            sizes = np.bincount(at, minlength=len(self.members))
            move = adds.T - own[:, None]  # p alone goes to table t: only bigger to smaller
            move[(sizes[None, :] != sizes[at][:, None] - 1) | pinned[:, None]] = lowest
            mp, mt = divmod(int(np.argmax(move)), move.shape[1])
            if max(swap[p, q], move[mp, mt]) <= 0:
                return
            if swap[p, q] >= move[mp, mt]:
                tp, tq = int(at[p]), int(at[q])
                self._move(p, tq)
                self._move(q, tp)
            else:
                self._move(mp, mt)

    def _move(self, person: int, table: int) -> None:
        old = int(self.at[person])
        self.members[old].remove(person)
        self.adds[old] -= self.gain[person]
        self.at[person] = table
        self.members[table].append(person)
        self.adds[table] += self.gain[person]

    def total(self) -> int:
        return int(self.adds[self.at, np.arange(len(self.at))].astype(np.int64).sum()) // 2

    def groups(self) -> list[tuple[int, ...]]:
        return [tuple(sorted(int(x) for x in m)) for m in self.members]
