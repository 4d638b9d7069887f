"""Pairing the room: the best set of pairs (or groups) for everyone at once,
round after round with nobody meeting twice.

Effective weights encode the rules: the matcher places as many people as it
can (maximum cardinality), then, when asked to avoid clashes, prefers pairs
without a high-severity clash (each is worth ``BIG`` more), then maximises
the total score. ``pairs`` plans pairs (with one trio in an odd room),
``groups`` plans groups of three or more; ``rotation`` plans several rounds
of a room of up to a hundred as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from matchmaker.core.errors import UserError
from matchmaker.core.model import Pair, Rules, key
from matchmaker.pairing.fewest_clashes import fewest_for
from matchmaker.pairing.groups import GROUPS_LIMIT, GROUPS_PEAK, group_round, group_sizes
from matchmaker.pairing.layout import layout, most_new_rounds, new_rounds, table_sizes
from matchmaker.pairing.mixing import mend
from matchmaker.pairing.pairs import pair_round
from matchmaker.pairing.rotation import plan_rotation, rotates
from matchmaker.pairing.strangers import seat_strangers
from matchmaker.pairing.weights import (
    MatrixSource,
    RoundPlan,
    ScoreSource,
    Weights,
    group_scores,
    wish_bonus,
)

__all__ = [
    "MatrixSource",
    "Pair",
    "RoundPlan",
    "Rules",
    "ScoreSource",
    "arrange",
    "group_scores",
    "group_sizes",
    "key",
    "most_new_rounds",
    "table_sizes",
]


def arrange(
    source: ScoreSource,
    rules: Rules,
    names: Sequence[str] = (),
    on_round: Callable[[int, int], None] | None = None,
    first: int = 1,
) -> list[RoundPlan]:
    """Every round, each avoiding pairs that met before (saved or earlier here),
    numbered from ``first``. ``names`` only make error messages readable;
    ``on_round(done, total)`` reports progress. A room the rotation planner
    takes may ask for up to twice the rounds a person could meet new people
    in (it plans the fewest repeats and says so); other rooms only for the
    rounds without repeats."""
    n = len(source)
    most = most_new_rounds(n, rules.size)
    # The whole-evening rotation weighs no wishes and keeps no table rules:
    # rooms with them go round by round.
    whole = (
        rules.rounds > 1 and rotates(n, rules.size) and not rules.wishes and not rules.tables.active
    )
    cap = max(most, 2 * max(1, (n - 1) // (rules.size - 1))) if whole else most
    if n >= 2 and rules.rounds > cap:
        raise UserError(
            f"{n:,} people in groups of {rules.size} can meet new people in at most {most:,} "
            f"round{'s' if most != 1 else ''}; {rules.rounds:,} were asked for"
            + (
                f"; up to {cap} can be planned, meeting some people again as little as possible."
                if whole
                else "."
            ),
            field="rounds",
        )
    if rules.size > 2 and n > GROUPS_LIMIT:
        raise UserError(
            f"Groups of {rules.size} are planned for up to {GROUPS_LIMIT:,} people at a time "
            f"(the planner weighs every pair, and {GROUPS_LIMIT:,} already take {GROUPS_PEAK}); "
            f"pair these {n:,}, or split the event.",
            field="size",
        )
    who = _names(names)
    lock_groups = _lock_groups(n, rules, who)
    sizes = layout(n, rules.size, rules.rounds, max(map(len, lock_groups), default=0))
    if rules.tables.active:
        rules.tables.check(sizes, who)
    met = set(rules.met)
    planned = plan_rotation(source, rules, lock_groups, most, sizes) if whole else []
    for plan in planned:  # moving people away from strangers must not add a meeting
        met.update(_meetings(plan.groups))
    plans = []
    for done, number in enumerate(range(first, first + rules.rounds), 1):
        weights = Weights(source, rules, met)
        plan = planned[done - 1] if planned else _plan_round(weights, n, lock_groups, sizes)
        if rules.wishes and not planned:  # each wish is worth a share of the plan without them
            total = sum(group_scores(source, plan.groups))
            weights = Weights(source, rules, met, wish_bonus(total, rules.size))
            plan = _plan_round(weights, n, lock_groups, sizes)
        if rules.avoid_clashes:  # a planned round: checked against the other rounds' meetings
            elsewhere = _met_elsewhere(rules, planned, done - 1) if planned else met
            checked = Weights(source, rules, elsewhere) if planned else weights
            plan.groups, plan.fewest_clashes = fewest_for(checked, plan.groups, lock_groups)
            plan.broken = [pair for pair in plan.broken if pair in _meetings(plan.groups)]
        plan.number = number
        pinned = {x for group in lock_groups for x in group}
        pinned |= {x for pair in _granted(plan.groups, weights.wishes) for x in pair}
        plan.groups, traded = mend(weights, plan.groups, pinned)
        scored = _scored(source, plan.groups)
        plan.best_total = sum(scored.values())
        limits = (2, 3) if rules.size == 2 else (min(sizes, default=2), rules.size + 1)
        plan.groups, plan.moved = seat_strangers(weights, plan.groups, pinned, limits)
        if plan.moved:
            plan.groups, more = mend(weights, plan.groups, pinned)
            traded += more
        if traded:
            plan.notes.append(
                f"{traded} {'trade' if traded == 1 else 'trades'} of seats {_why(rules)}."
            )
        if rules.tables.active:
            broken = rules.tables.broken(plan.groups, who)
            if broken:
                raise UserError(
                    f"No plan for round {number} keeps the table rules: {'; '.join(broken)}. "
                    "Name more hosts, mark more tables step-free, or check the languages.",
                    field="tables",
                )
        plan.groups, plan.scores = _table_order(source, plan.groups, scored)
        if rules.tables.access:
            plan.groups, plan.scores = _step_free_first(rules, plan.groups, plan.scores)
        met.update(_meetings(plan.groups))
        plans.append(plan)
        if on_round is not None:
            on_round(done, rules.rounds)
    if sizes != table_sizes(n, rules.size):
        _say_why_smaller(plans, rules, sizes)
    return plans


def _plan_round(
    weights: Weights, n: int, lock_groups: list[tuple[int, ...]], sizes: list[int]
) -> RoundPlan:
    if weights.rules.size == 2:
        return pair_round(weights, n, lock_groups)
    return group_round(weights, n, lock_groups, sizes)


def _say_why_smaller(plans: list[RoundPlan], rules: Rules, sizes: list[int]) -> None:
    """One table more than usual, to spare a repeated meeting: said once."""
    n = sum(sizes)
    usual = table_sizes(n, rules.size)
    rounds = new_rounds(usual)
    for plan in plans:
        plan.uneven = False
    plans[0].notes.append(
        f"Tables of {_sizes_text(sizes)}: at tables of {_sizes_text(usual)}, {n} people "
        f"could meet new people in only {rounds} round{'s' if rounds != 1 else ''}."
    )


def _sizes_text(sizes: Sequence[int]) -> str:
    return " and ".join(str(s) for s in sorted(set(sizes), reverse=True))


def _names(names: Sequence[str]) -> Callable[[int], str]:
    return lambda i: names[i] if i < len(names) else f"#{i}"


def _why(rules: Rules) -> str:
    """What the trades of seats were for, in words."""
    parts = []
    if rules.tables.host_policy.at_least:
        parts.append("gave every table a host")
    if rules.tables.access:
        parts.append("gathered people who need step-free access")
    if rules.mix:
        parts.append("mixed process and result at more tables")
    return " and ".join(parts)


def _step_free_first(
    rules: Rules, groups: list[tuple[int, ...]], scores: list[int]
) -> tuple[list[tuple[int, ...]], list[int]]:
    """Tables renumbered so that those with someone who needs step-free
    access take the numbers marked step-free (the rest keep their order)."""
    access = rules.tables.access
    needing = [i for i, g in enumerate(groups) if any(p in access for p in g)]
    others = [i for i in range(len(groups)) if i not in needing]
    step_free = sorted(t - 1 for t in rules.tables.step_free if t <= len(groups))
    order: list[int | None] = [None] * len(groups)
    for at, table in zip(step_free, needing, strict=False):
        order[at] = table
    rest = iter(others + needing[len(step_free) :])
    chosen = [table if table is not None else next(rest) for table in order]
    return [groups[i] for i in chosen], [scores[i] for i in chosen]


def _granted(groups: Sequence[tuple[int, ...]], wishes: set[Pair]) -> list[Pair]:
    """The wished pairs seated together (kept together from here on)."""
    return [pair for g in groups for pair in combinations(sorted(g), 2) if pair in wishes]


def _meetings(groups: Sequence[tuple[int, ...]]) -> set[Pair]:
    return {key(a, b) for group in groups for a, b in combinations(group, 2)}


def _met_elsewhere(rules: Rules, planned: Sequence[RoundPlan], index: int) -> set[Pair]:
    """Pairs met in saved rounds and in the planned rounds but ``index``."""
    met = set(rules.met)
    for other, plan in enumerate(planned):
        if other != index:
            met.update(_meetings(plan.groups))
    return met


def _lock_groups(n: int, rules: Rules, who: Callable[[int], str]) -> list[tuple[int, ...]]:
    """People locked together (transitively), checked against the other rules."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(rules.locks):
        if key(a, b) in rules.excludes:
            raise UserError(
                f"{who(a)} and {who(b)} are both locked together and excluded from each other."
            )
        parent[root(a)] = root(b)
    members: dict[int, list[int]] = {}
    for a, b in rules.locks:
        for x in (a, b):
            members.setdefault(root(x), [])
    for x in range(n):
        if root(x) in members:
            members[root(x)].append(x)
    groups = sorted(tuple(sorted(g)) for g in members.values())
    limit = rules.size + 1
    for group in groups:
        if len(group) > limit:
            raise UserError(
                f"Locks put {len(group)} people together ({', '.join(who(x) for x in group)}), "
                f"but groups of {rules.size} hold at most {limit}."
            )
        for a, b in combinations(group, 2):
            if key(a, b) in rules.excludes:
                raise UserError(
                    f"Locks put {who(a)} and {who(b)} together, but they are excluded from each other."
                )
    return groups


def _scored(source: ScoreSource, groups: Sequence[tuple[int, ...]]) -> dict[tuple[int, ...], int]:
    """Each group's score, by its members in order."""
    ordered = [tuple(sorted(g)) for g in groups]
    return dict(zip(ordered, group_scores(source, ordered), strict=True))


def _table_order(
    source: ScoreSource,
    groups: Sequence[tuple[int, ...]],
    scored: dict[tuple[int, ...], int],
) -> tuple[list[tuple[int, ...]], list[int]]:
    """Best-scoring table first; ties by members, so the order is stable.
    Groups already ``scored`` (before people moved away from strangers:
    most of them) are not scored again."""
    groups = [tuple(sorted(g)) for g in groups]
    scored = {**scored, **_scored(source, [g for g in groups if g not in scored])}
    scores = [scored[g] for g in groups]
    order = sorted(range(len(groups)), key=lambda i: (-scores[i], groups[i]))
    return [groups[i] for i in order], [scores[i] for i in order]
