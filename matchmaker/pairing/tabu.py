"""A tabu search over a whole schedule (every round at once), after Dotú and
Van Hentenryck's local search for the social golfer problem (2005): a move
swaps two people between tables of one round, the best move not made tabu
is taken even when it makes things worse, and a stalled search restarts
from its best schedule with a few random swaps.

The cost is lexicographic through its weights: a repeated meeting outweighs
any difference in fit, so the search first removes repeats and then, among
schedules with as few, looks for the best total fit. Every pair's cost of
one more meeting is read from two matrices, so all moves of all rounds are
scored in a handful of array operations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REPEAT = 100_000  # one repeated meeting: more than any fit a swap can gain
TENURE = (4, 12)  # a swapped pair stays tabu for this many moves (drawn at random)
STALL = 200  # moves without a new best before a restart …
PERTURB = 6  # … which makes this many random swaps in the best schedule
QUIET = 4  # restarts in a row without a new best that end a search without repeats


@dataclass(frozen=True)
class PairCosts:
    """What each pair's meetings cost: ``each`` per meeting (exclusions,
    clashes, minus fit), and ``REPEAT`` for every meeting after the first
    unless the pair is ``free`` to repeat (locked together); ``past`` pairs
    met before the schedule starts."""

    each: np.ndarray  # n × n, float64
    past: np.ndarray  # n × n, 0 or 1
    free: np.ndarray  # n × n, bool

    def repeats(self, meetings: np.ndarray) -> int:
        """Meetings of a pair after its first (saved rounds count), over all pairs."""
        extra = np.maximum(meetings + self.past - 1, 0) * ~self.free
        return int(np.triu(extra, 1).sum())

    def fewest_repeats(self, tables: np.ndarray) -> int:
        """No schedule with these table sizes repeats less: its meetings beyond
        the pairs that have not met yet (locked pairs meet every round, freely)."""
        rounds, n = tables.shape
        per_round = int((np.bincount(tables[0]) * (np.bincount(tables[0]) - 1) // 2).sum())
        locked = int(np.triu(self.free, 1).sum())
        fresh = n * (n - 1) // 2 - locked - int(np.triu(self.past, 1).sum())
        return max(0, rounds * (per_round - locked) - fresh)

    def total(self, meetings: np.ndarray) -> float:
        return float(np.triu(meetings * self.each, 1).sum()) + REPEAT * self.repeats(meetings)


def meetings(tables: np.ndarray) -> np.ndarray:
    """How often each pair shares a table; ``tables[r, p]`` is p's table in round r."""
    n = tables.shape[1]
    count = np.zeros((n, n), dtype=np.int64)
    for row in tables:
        count += row[:, None] == row[None, :]
    np.fill_diagonal(count, 0)
    return count


class _Search:
    """The schedule being improved, with its meeting counts kept up to date."""

    def __init__(self, tables: np.ndarray, costs: PairCosts, pinned: np.ndarray):
        self.tables = tables.copy()
        self.costs = costs
        self.rounds, self.n = tables.shape
        self.count = meetings(self.tables)
        self.blocked = pinned[:, None] | pinned[None, :] | np.eye(self.n, dtype=bool)

    def deltas(self) -> np.ndarray:
        """The change in cost of swapping p and q in round r, for every (r, p, q)."""
        met = self.count + self.costs.past
        repeat = ~self.costs.free * REPEAT
        gain = self.costs.each + repeat * (met >= 1)  # one meeting more
        loss = self.costs.each + repeat * (met >= 2)  # one meeting fewer
        np.fill_diagonal(loss, 0)
        tables = self.tables
        onehot = (tables[:, :, None] == np.arange(tables.max() + 1)).astype(np.float64)
        joining = gain @ onehot  # [r, p, t]: what p would add at table t
        leaving = loss @ onehot
        at = np.broadcast_to(tables[:, None, :], (self.rounds, self.n, self.n))
        into = np.take_along_axis(joining, at, 2)  # [r, p, q]: p at q's table
        own = np.take_along_axis(leaving, tables[:, :, None], 2)[:, :, 0]
        delta = into + into.transpose(0, 2, 1) - own[:, :, None] - own[:, None, :] - 2 * gain
        same = tables[:, :, None] == tables[:, None, :]
        delta[same | self.blocked] = np.inf
        clashing = (same & ((met >= 2) & ~self.costs.free)[None]).any(axis=2)
        if clashing.any():  # as Dotú and Van Hentenryck: only move someone who repeats
            delta[~(clashing[:, :, None] | clashing[:, None, :])] = np.inf
        return delta

    def swap(self, r: int, p: int, q: int) -> None:
        row = self.tables[r]
        xs = np.flatnonzero(row == row[p])
        ys = np.flatnonzero(row == row[q])
        xs, ys = xs[xs != p], ys[ys != q]
        for person, old, new in ((p, xs, ys), (q, ys, xs)):
            self.count[person, old] -= 1
            self.count[old, person] -= 1
            self.count[person, new] += 1
            self.count[new, person] += 1
        row[p], row[q] = row[q], row[p]


def improve(
    tables: np.ndarray,
    costs: PairCosts,
    pinned: np.ndarray,
    moves: int,
    seed: int = 0,
) -> np.ndarray:
    """The best schedule found within ``moves`` swaps, starting from ``tables``
    (round × person → table); ``pinned`` people never move. Deterministic
    for the same input and seed; stops early when a schedule with the fewest
    repeats possible has not improved over ``QUIET`` restarts."""
    search = _Search(tables, costs, pinned)
    rng = np.random.default_rng(seed)
    current = best = costs.total(search.count)
    best_tables = search.tables.copy()
    tabu = np.zeros((search.rounds, search.n, search.n), dtype=np.int64)
    since = quiet = 0
    floor = costs.fewest_repeats(tables)
    for move in range(1, moves + 1):
        delta = search.deltas()
        allowed = (tabu < move) | (current + delta < best - 1e-9)
        delta[~allowed] = np.inf
        low = delta.min()
        if not np.isfinite(low):
            break
        r, p, q = np.unravel_index(rng.choice(np.flatnonzero(delta == low)), delta.shape)
        search.swap(int(r), int(p), int(q))
        current += float(low)
        tabu[r, p, q] = tabu[r, q, p] = move + int(rng.integers(*TENURE, endpoint=True))
        if current < best - 1e-9:
            best, best_tables, since, quiet = current, search.tables.copy(), 0, 0
            continue
        since += 1
        if since < STALL:
            continue
        quiet += 1
        if quiet >= QUIET and costs.repeats(meetings(best_tables)) <= floor:
            break
        search = _Search(best_tables, costs, pinned)
        _perturb(search, rng, pinned)
        current, since = costs.total(search.count), 0
        tabu[:] = 0
    return best_tables


def _perturb(search: _Search, rng: np.random.Generator, pinned: np.ndarray) -> None:
    """A few random swaps of movable people at different tables."""
    movable = np.flatnonzero(~pinned)
    for _ in range(PERTURB):
        r = int(rng.integers(search.rounds))
        p, q = (int(x) for x in rng.choice(movable, 2, replace=False))
        if search.tables[r, p] != search.tables[r, q]:
            search.swap(r, p, q)
