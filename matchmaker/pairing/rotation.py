"""Several rounds planned together, so nobody meets anyone twice wherever a
schedule allows it and the total fit is the best over all rounds (not round
1 first and leftovers after).

Two starts are built: the round-by-round plan (each round the best under the
rules, avoiding pairs met before) and, where design theory has one, a
schedule proven free of repeats with people placed on it for the best fit.
The cheaper start is then improved as a whole by a tabu search
(``tabu.improve``). Exclusions (the organiser's and "never again" ratings),
clashes when asked, saved rounds and locks all enter as pair costs."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

from matchmaker.core.model import Pair, Rules, key
from matchmaker.pairing.designs import design
from matchmaker.pairing.groups import group_round
from matchmaker.pairing.pairs import pair_round
from matchmaker.pairing.tabu import REPEAT, PairCosts, improve, meetings
from matchmaker.pairing.weights import CLASH_TABLE, HIGH_CLASH, RoundPlan, ScoreSource, Weights

ROTATION_LIMIT = 100  # people; above this the rounds are planned one by one
EXCLUDED = 100 * REPEAT  # an excluded pair at one table: worse than any repeat
CLASH = REPEAT // 10  # a high clash when avoiding clashes: outweighs any table's fit
WORK = 75_000_000  # tabu moves × rounds × people²: about two seconds here
MOVES = 20_000  # and never more moves than this


def rotates(people: int, size: int) -> bool:
    """Rooms planned as a whole: up to ``ROTATION_LIMIT`` people; pairs only
    in an even room (an odd one may leave someone out rather than repeat)."""
    return 2 <= people <= ROTATION_LIMIT and (size > 2 or people % 2 == 0)


def plan_rotation(
    source: ScoreSource,
    rules: Rules,
    lock_groups: list[tuple[int, ...]],
    most: int,
    sizes: list[int],
) -> list[RoundPlan]:
    """Every round of ``rules``, unnumbered; the first plan's notes say how
    many meetings repeat when that could not be avoided."""
    n = len(source)
    costs = pair_costs(source, rules, lock_groups)
    starts = [_round_by_round(source, rules, lock_groups, sizes)]
    if not lock_groups and len(set(sizes)) == 1:
        built = design(n, sizes[0], rules.rounds)
        if built is not None:
            starts.append(place_people(_tables(built, n), costs))
    start = min(starts, key=lambda t: costs.total(meetings(t)))
    pinned = np.zeros(n, dtype=bool)
    pinned[[x for g in lock_groups for x in g]] = True
    moves = min(MOVES, WORK // (rules.rounds * n * n))
    tables = improve(start, costs, pinned, moves)
    plans = [_plan(row, rules) for row in tables]
    repeats = costs.repeats(meetings(tables))
    fewest = repeats == costs.fewest_repeats(tables)
    again = f"{repeats} meeting{'s' if repeats != 1 else ''} of a pair again"
    if rules.rounds > most:
        plans[0].notes.append(
            f"{n} people in groups of {rules.size} can meet new people in at most {most} "
            f"round{'s' if most != 1 else ''}; planned {rules.rounds} with "
            f"{'the fewest repeats possible' if fewest else 'as few repeats as found'}: {again}."
        )
    elif repeats and fewest:
        plans[0].notes.append(
            f"{rules.rounds} rounds cannot all be new"
            f"{' after the rounds saved before' if rules.met else ''}: planned the fewest "
            f"repeats possible, {again}."
        )
    elif repeats:
        plans[0].notes.append(
            f"No plan of {rules.rounds} rounds without repeats was found (the count allows up "
            f"to {most}); this one has as few repeats as found: {again}."
        )
    return plans


def pair_costs(
    source: ScoreSource, rules: Rules, lock_groups: Sequence[tuple[int, ...]]
) -> PairCosts:
    """Each pair's cost of a meeting (minus its score; plus exclusions and,
    when asked, high clashes), who met before, and who is locked together."""
    n = len(source)
    everyone = np.arange(n)
    each = -source.block(everyone, everyone).astype(np.float64)
    if rules.avoid_clashes:
        o = source.orientation_code
        each += CLASH * (CLASH_TABLE[o[:, None], o[None, :]] == HIGH_CLASH)
    free = np.zeros((n, n), dtype=bool)
    for group in lock_groups:
        free[np.ix_(group, group)] = True
    past = np.zeros((n, n), dtype=np.int64)
    for a, b in rules.met:
        past[a, b] = past[b, a] = 1
    for a, b in rules.excludes:
        each[a, b] = each[b, a] = EXCLUDED
    np.fill_diagonal(each, 0)
    return PairCosts(each, past * ~free, free)


def place_people(tables: np.ndarray, costs: PairCosts) -> np.ndarray:
    """A schedule with people traded between seats (in every round at once:
    it stays free of repeats) while that lowers its cost, the best trade first."""
    tables = tables.copy()
    count = meetings(tables).astype(np.float64)
    weight = costs.each + REPEAT * costs.past
    for _ in range(20 * len(tables[0])):
        through = count @ weight
        own = np.diag(through)
        delta = through + through.T - own[:, None] - own[None, :] + 2 * count * weight
        np.fill_diagonal(delta, 0)
        a, b = np.unravel_index(int(np.argmin(delta)), delta.shape)
        if delta[a, b] >= 0:
            break
        tables[:, [a, b]] = tables[:, [b, a]]
        count[[a, b]] = count[[b, a]]
        count[:, [a, b]] = count[:, [b, a]]
    return tables


def _round_by_round(
    source: ScoreSource, rules: Rules, lock_groups: list[tuple[int, ...]], sizes: list[int]
) -> np.ndarray:
    """Each round the best under the rules given the rounds before it."""
    n = len(source)
    met: set[Pair] = set(rules.met)
    rows = []
    for _ in range(rules.rounds):
        weights = Weights(source, rules, met)
        if rules.size == 2:
            plan = pair_round(weights, n, lock_groups)
        else:
            plan = group_round(weights, n, lock_groups, sizes)
        left = plan.unplaced  # pairs only: nobody left to meet anew
        groups = [*plan.groups, *(tuple(left[i : i + 2]) for i in range(0, len(left) - 1, 2))]
        if len(left) % 2:
            smallest = min(range(len(groups)), key=lambda g: len(groups[g]))
            groups[smallest] = (*groups[smallest], left[-1])
        met.update(key(a, b) for g in groups for a, b in combinations(g, 2))
        rows.append(groups)
    return _tables(rows, n)


def _tables(schedule: Sequence[Sequence[Sequence[int]]], n: int) -> np.ndarray:
    """Round × person → table."""
    tables = np.zeros((len(schedule), n), dtype=np.int64)
    for r, groups in enumerate(schedule):
        for t, group in enumerate(groups):
            tables[r, list(group)] = t
    return tables


def _plan(row: np.ndarray, rules: Rules) -> RoundPlan:
    groups = [tuple(int(x) for x in np.flatnonzero(row == t)) for t in range(row.max() + 1)]
    groups = [g for g in groups if g]
    plan = RoundPlan(0, groups)
    plan.uneven = rules.size > 2 and min(len(g) for g in groups) < rules.size
    plan.broken = sorted(
        key(a, b) for g in groups for a, b in combinations(g, 2) if key(a, b) in rules.excludes
    )
    return plan
