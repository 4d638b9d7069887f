"""Tables that mix process and result on purpose (``pair --pace balance``):
after the plan, people trade seats two at a time so that each table seats
both sides and, where a balanced person can be spared, one as a bridge (the
text asks for "understanding and balance" between the two). A trade is made
only if it mixes more, keeps every rule (no repeat meeting, no excluded pair,
locked people stay, no high clash when clashes are avoided) and, of those, costs the least score."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matchmaker.pairing.weights import Weights

DONORS = 64  # tables a table that needs a side looks at for someone to trade with
UNKNOWN = 9  # the side of someone who never said (neither side nor bridge)


def sides(orientation_code: np.ndarray) -> np.ndarray:
    """-1 process, 0 balanced, +1 result, ``UNKNOWN`` never asked (codes 0, 1-5)."""
    return np.where(orientation_code == 0, UNKNOWN, np.sign(orientation_code - 3))


def mix_value(table_sides: Sequence[int]) -> int:
    """2 for a table seating both sides, and 1 more with a balanced bridge."""
    both = -1 in table_sides and 1 in table_sides
    return 2 * both + (both and 0 in table_sides)


def mix_tables(
    weights: Weights, groups: Sequence[tuple[int, ...]], pinned: set[int], side: np.ndarray
) -> tuple[list[tuple[int, ...]], int]:
    """The groups after trades that mix them; and how many trades. Trades
    that leave nobody among strangers come first; then, as the evening asked
    for mixed tables, any that mix more (``strangers.py`` may move people after)."""
    tables = [list(g) for g in groups]
    trades = 0
    for strict in (True, False):
        improved = True
        while improved:
            improved = False
            for t in range(len(tables)):
                if mix_value([side[p] for p in tables[t]]) < 3 and _trade(
                    weights, tables, t, pinned, side, strict
                ):
                    trades += 1
                    improved = True
    return [tuple(sorted(g)) for g in tables], trades


def _trade(
    weights: Weights,
    tables: list[list[int]],
    t: int,
    pinned: set[int],
    side: np.ndarray,
    strict: bool,
) -> bool:
    """The cheapest trade between table ``t`` and another that mixes more."""
    mine = tables[t]
    have = {int(side[p]) for p in mine}
    wanted = {-1, 1, 0} - have
    donors = [
        u for u in range(len(tables)) if u != t and any(side[p] in wanted for p in tables[u])
    ][:DONORS]
    best: tuple[float, int, int, int] | None = None
    for u in donors:
        theirs = tables[u]
        before = mix_value([side[p] for p in mine]) + mix_value([side[p] for p in theirs])
        a, b = np.array(mine), np.array(theirs)
        cross = weights.scores(a, b)
        here = weights.scores(a, a).sum(axis=1)
        there = weights.scores(b, b).sum(axis=1)
        shares = _Shares(weights, a, b)
        for i, m in enumerate(mine):
            for j, c in enumerate(theirs):
                if m in pinned or c in pinned or side[m] == side[c]:
                    continue
                new_mine = [p for p in mine if p != m] + [c]
                new_theirs = [p for p in theirs if p != c] + [m]
                after = mix_value([side[p] for p in new_mine]) + mix_value(
                    [side[p] for p in new_theirs]
                )
                if (
                    after <= before
                    or not _allowed(weights, c, new_mine, m, new_theirs)
                    or (strict and not shares.after_trade(i, j))
                ):
                    continue
                # c joins mine without m, m joins theirs without c.
                gain = (cross[:, j].sum() - cross[i, j]) + (cross[i].sum() - cross[i, j])
                loss = here[i] + there[j]
                cost = float(loss - gain)
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


class _Shares:
    """Who shares something beyond pace with whom, at two tables: a trade
    must leave nobody at either table among strangers (as ``strangers.py``)."""

    def __init__(self, weights: Weights, mine: np.ndarray, theirs: np.ndarray):
        source = weights.source
        everyone = np.concatenate([mine, theirs])
        self.shares = source.substance(everyone, everyone)
        self.size = len(mine)

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
