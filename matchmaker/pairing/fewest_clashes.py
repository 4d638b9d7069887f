"""The fewest high clashes any seating of one round can have, proven, so that
"could not avoid" is said only when it is so (rooms up to
``EXACT_CLASH_LIMIT``; bigger ones are not checked and say so).

A high clash runs between the two ends of the pace scale (every person at
one end clashes with every person at the other: ``ends``), so a table's
clashes are its people from one end times those from the other. Ignoring
who may meet whom, the fewest clashes is a count over table sizes
(``bound``, a small dynamic programme); when a plan has exactly that many,
it is proven without more. Otherwise an integer programme (HiGHS through
``scipy.optimize.milp``) seats people with excluded and past partners apart
and locked ones together: ``seat[p, t]`` per person and table, and
``mix[t, i, j]`` choosing how many of each end table t holds (costing i × j).
Tables of one size are interchangeable, so the k-th of them seats nobody
before position k (order them by their first person: every seating has
this form)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np

from matchmaker.core.model import Pair
from matchmaker.pairing.groups import Tables, group_gain
from matchmaker.pairing.weights import CLASH_TABLE, HIGH_CLASH, Weights

EXACT_CLASH_LIMIT = 40  # people in a round checked exactly
TIME_LIMIT = 2.0  # seconds for HiGHS a round; an answer not proven in time is not called the fewest
_HIGH = np.argwhere(np.triu(CLASH_TABLE == HIGH_CLASH))
LOW_END = frozenset(int(a) for a, _ in _HIGH)  # orientation codes at one end …
HIGH_END = frozenset(int(b) for _, b in _HIGH)  # … clashing with every code at the other


@dataclass(frozen=True)
class Fewest:
    """The fewest high clashes of a round (``proven``: none can have fewer)
    and, when a search found it, a seating with that many."""

    clashes: int
    proven: bool
    groups: list[tuple[int, ...]] | None = None


def ends(orientation_code: np.ndarray) -> tuple[list[int], list[int]]:
    """The people at each end of the scale, by position."""
    codes = orientation_code.tolist()
    return (
        [p for p, c in enumerate(codes) if c in LOW_END],
        [p for p, c in enumerate(codes) if c in HIGH_END],
    )


def bound(sizes: Sequence[int], low: int, high: int) -> int:
    """The fewest clashes of ``low`` and ``high`` people from the two ends
    at tables of ``sizes``, whoever may meet whom."""

    @cache
    def best(t: int, a: int, b: int) -> int:
        if t == len(sizes):
            return 0 if a == b == 0 else 1 << 30
        return min(
            i * j + best(t + 1, a - i, b - j)
            for i in range(min(a, sizes[t]) + 1)
            for j in range(min(b, sizes[t] - i) + 1)
        )

    return best(0, low, high)


def fewest_clashes(
    orientation_code: np.ndarray,
    sizes: Sequence[int],
    forbidden: Sequence[Pair],
    locks: Sequence[Pair],
) -> Fewest | None:
    """The seating of everyone at tables of ``sizes`` with the fewest high
    clashes, none of the ``forbidden`` pairs together and all of the
    ``locks``; None when no seating keeps those rules (or none was found in
    time)."""
    # Imported here: scipy.optimize costs ~0.3 s, which opening the app should not pay.
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, tables = len(orientation_code), len(sizes)
    low, high = ends(orientation_code)
    mixes = [(t, i, j) for t, s in enumerate(sizes) for i in range(s + 1) for j in range(s + 1 - i)]
    count = n * tables + len(mixes)
    rows: list[list[tuple[int, float]]] = []
    limits: list[tuple[float, float]] = []

    def seat(p: int, t: int) -> int:
        return p * tables + t

    def add(terms: list[tuple[int, float]], lo: float, hi: float) -> None:
        rows.append(terms)
        limits.append((lo, hi))

    for p in range(n):
        add([(seat(p, t), 1.0) for t in range(tables)], 1, 1)
    for t, size in enumerate(sizes):
        add([(seat(p, t), 1.0) for p in range(n)], size, size)
        own = [(n * tables + m, i, j) for m, (u, i, j) in enumerate(mixes) if u == t]
        add([(col, 1.0) for col, _, _ in own], 1, 1)
        for end, pick in ((low, 1), (high, 2)):
            add(
                [(seat(p, t), 1.0) for p in end]
                + [(col, -float(mix[pick - 1])) for col, *mix in own],
                0,
                0,
            )
    for a, b in forbidden:
        for t in range(tables):
            add([(seat(a, t), 1.0), (seat(b, t), 1.0)], 0, 1)
    for a, b in locks:
        for t in range(tables):
            add([(seat(a, t), 1.0), (seat(b, t), -1.0)], 0, 0)
    cost = np.zeros(count)
    cost[n * tables :] = [i * j for _, i, j in mixes]
    least = bound(sizes, len(low), len(high))
    add([(col, c) for col, c in enumerate(cost) if c], least, np.inf)
    upper = np.ones(count)
    kth: dict[int, int] = {}
    for t, size in enumerate(sizes):
        k = kth[size] = kth.get(size, -1) + 1
        upper[[seat(p, t) for p in range(min(k, n))]] = 0
    matrix = sparse.csr_matrix(
        (
            [v for terms in rows for _, v in terms],
            ([r for r, terms in enumerate(rows) for _ in terms], [c for t in rows for c, _ in t]),
        ),
        shape=(len(rows), count),
    )
    lo, hi = zip(*limits, strict=True)
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, np.array(lo), np.array(hi)),
        integrality=np.ones(count),
        bounds=Bounds(0, upper),
        options={"time_limit": TIME_LIMIT},
    )
    if result.x is None:
        return None
    at = np.round(result.x[: n * tables]).reshape(n, tables).argmax(axis=1)
    groups = [tuple(int(p) for p in np.flatnonzero(at == t)) for t in range(tables)]
    return Fewest(round(float(result.fun)), result.status == 0, groups)


def clashes_in(orientation_code: np.ndarray, groups: Sequence[Sequence[int]]) -> int:
    """How many high clashes the tables seat."""
    codes = orientation_code.tolist()
    return sum(
        sum(codes[p] in LOW_END for p in g) * sum(codes[p] in HIGH_END for p in g) for g in groups
    )


def fewest_for(
    weights: Weights, groups: list[tuple[int, ...]], lock_groups: Sequence[tuple[int, ...]]
) -> tuple[list[tuple[int, ...]], int | None]:
    """A round planned to avoid clashes, checked: its groups (a seating with
    fewer clashes in their place when there is one, its fit then raised by
    swaps that add none) and the fewest high clashes any seating of the
    round can have under the rules (None: a room too big, or not proven in
    time)."""
    code = weights.source.orientation_code
    have = clashes_in(code, groups)
    sizes = [len(g) for g in groups]
    if not have:
        return groups, 0
    if len(code) > EXACT_CLASH_LIMIT or sum(sizes) != len(code):
        return groups, None  # too big, or someone sits out: not checked
    if have == bound(sizes, *(len(end) for end in ends(code))):
        return groups, have
    locks = [pair for group in lock_groups for pair in combinations(group, 2)]
    found = fewest_clashes(code, sizes, sorted(weights.forbidden), locks)
    if found is None or found.groups is None:
        return groups, None
    proven = found.clashes if found.proven else None
    if found.clashes >= have:
        return groups, proven
    tables = Tables(group_gain(weights, len(code)), sizes)
    tables.start_from(found.groups)
    pinned = np.zeros(len(code), dtype=bool)
    pinned[[x for group in lock_groups for x in group]] = True
    tables.search(pinned)
    return tables.groups(), proven
