"""Trading seats after the plan, two people at a time, to mend what the
matchers do not see whole tables for: a host at every table, people who
need step-free access gathered at as few tables as are step-free, and (with
``pair --pace balance``) both process and result at every table, with a
balanced person as a bridge where one can be spared (the text asks for
"understanding and balance" between the two). A trade is made only if it
mends more, keeps every rule (no repeat meeting, no excluded pair, a shared
language, locked people stay, no high clash when clashes are avoided) and,
of those, costs the least score."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from matchmaker.pairing.weights import DENSE_LIMIT, Weights

DONORS = 64  # tables a table to mend looks at for someone to trade with
UNKNOWN = 9  # the side of someone who never said (neither side nor bridge)
HARD = 100  # a table rule (a host, step-free) outweighs any mix of sides
Value = Callable[[Sequence[int]], int]  # how well a table keeps what is being mended


def sides(orientation_code: np.ndarray) -> np.ndarray:
    """-1 process, 0 balanced, +1 result, ``UNKNOWN`` never asked (codes 0, 1-5)."""
    return np.where(orientation_code == 0, UNKNOWN, np.sign(orientation_code - 3))


def mix_value(table_sides: Sequence[int]) -> int:
    """2 for a table seating both sides, and 1 more with a balanced bridge."""
    both = -1 in table_sides and 1 in table_sides
    return 2 * both + (both and 0 in table_sides)


def mend(
    weights: Weights, groups: Sequence[tuple[int, ...]], pinned: set[int]
) -> tuple[list[tuple[int, ...]], int]:
    """Trades for what the rules ask of whole tables (nothing to do without
    such rules): hosts and step-free tables first, then the mix of sides."""
    rules, tables = weights.rules, weights.rules.tables
    if not (rules.mix or tables.host_policy.at_least or tables.access):
        return list(groups), 0
    n = len(weights.source)
    side = sides(weights.source.orientation_code) if rules.mix else np.zeros(n, dtype=np.int64)
    access = np.zeros(n, dtype=bool)
    access[list(tables.access)] = True
    host = tables.host_at(np.arange(n))
    kind = (side + 1) * 4 + host * 2 + access
    step_free = len([t for t in tables.step_free if t <= len(groups)])

    def spread(found: Sequence[Sequence[int]]) -> bool:
        return sum(bool(access[list(g)].any()) for g in found) > step_free

    concentrate = bool(tables.access) and spread(groups)

    def value(table: Sequence[int]) -> int:
        mixed = mix_value([int(side[p]) for p in table]) if rules.mix else 0
        return HARD * tables.value(table, concentrate) + mixed

    best = (HARD if tables.host_policy.at_least else 0) + (3 if rules.mix else 0)

    def enough(found: list[list[int]]) -> bool:
        """Nothing left to mend (only for gathering: the rest stop by themselves)."""
        return not rules.mix and not tables.host_policy.at_least and not spread(found)

    return mend_tables(weights, groups, pinned, value, best, kind, enough)


def mend_tables(
    weights: Weights,
    groups: Sequence[tuple[int, ...]],
    pinned: set[int],
    value: Value,
    best: int,
    kind: np.ndarray,
    enough: Callable[[list[list[int]]], bool] = lambda tables: False,
) -> tuple[list[tuple[int, ...]], int]:
    """The groups after trades that raise the sum of ``value`` over the
    tables (``best`` is a table's most), and how many trades. ``kind`` tells
    people apart for what is mended (a table looks for kinds it lacks).
    Trades that leave nobody among strangers come first; then any that mend
    (``strangers.py`` may move people after). Trading stops once ``enough``."""
    tables = [list(g) for g in groups]
    trades = 0
    shares = _Substance(weights)
    for strict in (True, False):
        improved = True
        while improved and not enough(tables):
            improved = False
            for t in range(len(tables)):
                if enough(tables):
                    break
                if value(tables[t]) < best and _trade(
                    weights, tables, t, pinned, (value, kind, shares), strict
                ):
                    trades += 1
                    improved = True
    return [tuple(sorted(g)) for g in tables], trades


def _trade(
    weights: Weights,
    tables: list[list[int]],
    t: int,
    pinned: set[int],
    mending: tuple[Value, np.ndarray, _Substance],
    strict: bool,
) -> bool:
    """The cheapest trade between table ``t`` and another that mends more."""
    value, kind, substance = mending
    mine = tables[t]
    have = {int(kind[p]) for p in mine}
    donors = [
        u for u in range(len(tables)) if u != t and any(kind[p] not in have for p in tables[u])
    ][:DONORS]
    best: tuple[float, int, int, int] | None = None
    for u in donors:
        theirs = tables[u]
        before = value(mine) + value(theirs)
        a, b = np.array(mine), np.array(theirs)
        cross = weights.scores(a, b)
        here = weights.scores(a, a).sum(axis=1)
        there = weights.scores(b, b).sum(axis=1)
        shares = _Shares(substance(np.concatenate([a, b])), len(a))
        for i, m in enumerate(mine):
            for j, c in enumerate(theirs):
                if m in pinned or c in pinned or kind[m] == kind[c]:
                    continue
                new_mine = [p for p in mine if p != m] + [c]
                new_theirs = [p for p in theirs if p != c] + [m]
                if (
                    value(new_mine) + value(new_theirs) <= before
                    or not _allowed(weights, c, new_mine, m, new_theirs)
                    or (strict and not shares.after_trade(i, j))
                ):
                    continue
                # c joins mine without m, m joins theirs without c.
                gain = (cross[:, j].sum() - cross[i, j]) + (cross[i].sum() - cross[i, j])
                cost = float(here[i] + there[j] - gain)
                if best is None or cost < best[0]:
                    best = (cost, u, m, c)
    if best is None:
        return False
    _, u, m, c = best
    tables[t] = [p for p in tables[t] if p != m] + [c]
    tables[u] = [p for p in tables[u] if p != c] + [m]
    return True


def _allowed(weights: Weights, c: int, mine: list[int], m: int, theirs: list[int]) -> bool:
    return all(weights.seatable(c, p) for p in mine if p != c) and all(
        weights.seatable(m, p) for p in theirs if p != m
    )


class _Substance:
    """Who shares something beyond pace with whom: for a small room worked
    out once (trades ask again and again), else for the people asked about."""

    def __init__(self, weights: Weights):
        self.source = weights.source
        self.everyone: np.ndarray | None = None
        if len(self.source) <= DENSE_LIMIT:
            room = np.arange(len(self.source))
            self.everyone = self.source.substance(room, room)

    def __call__(self, people: np.ndarray) -> np.ndarray:
        if self.everyone is not None:
            return self.everyone[np.ix_(people, people)]
        return self.source.substance(people, people)


class _Shares:
    """Who shares something beyond pace with whom, at two tables: a trade
    must leave nobody at either table among strangers (as ``strangers.py``)."""

    def __init__(self, shares: np.ndarray, size: int):
        self.shares = shares
        self.size = size

    def after_trade(self, i: int, j: int) -> bool:
        """After position ``i`` of the first table and ``j`` of the second
        swap places, everyone at both shares something with a tablemate."""
        j += self.size
        n = len(self.shares)
        first = [x for x in range(self.size) if x != i] + [j]
        second = [x for x in range(self.size, n) if x != j] + [i]
        return all(
            len(table) < 2 or self.shares[np.ix_(table, table)].any(axis=1).all()
            for table in (first, second)
        )
