"""Pairing the room: the best set of pairs (or groups) for everyone at once.

Pairs are a maximum-weight matching (rustworkx's blossom algorithm), exact on
the full graph up to ``DENSE_LIMIT`` people; above that each person keeps
only their best few partners as candidates (we measured 99.9 % of the
optimum at 1,000 people in a twentieth of the time; ``bench/pairing.py``
prints the gap at every size). Groups of three or more start greedy and improve by swapping people
between groups until no swap helps.

Effective weights encode the rules: the matcher places as many people as it
can (maximum cardinality), then, when asked to avoid clashes, prefers pairs
without a high-severity clash (each is worth ``BIG`` more), then maximises
the total score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Protocol

import numpy as np
import rustworkx as rx

from matchmaker.clashes import orientation_clash_rank
from matchmaker.errors import UserError

DENSE_LIMIT = 600
CANDIDATES = 30  # partners kept per person above DENSE_LIMIT …
CANDIDATES_HUGE = 12  # … and above HUGE, where the matcher's time grows fastest
HUGE = 4000
EXACT_ODD_LIMIT = 101  # up to here, every choice of the group of three is tried
MULTI_START_LIMIT = 301  # up to here, the trio's local search restarts from
MULTI_STARTS = 6  # … this many other people left over
BIG = 1_000_000  # outweighs any sum of scores: a rule beats a better score
CLASH_PENALTY = 10_000  # for groups: a high clash costs more than any score gain
MAX_SIZE = 8
MAX_SWAP_PASSES = 30
SWAP_TABLES = 24  # tables each person considers trading into …
SWAP_ALL_LIMIT = 2500  # … above this many people (below it: every table)
CHUNK = 1024

Pair = tuple[int, int]


class ScoreSource(Protocol):
    """Anything that scores a block of people against another (EventScorer does)."""

    orientation: np.ndarray

    def __len__(self) -> int: ...

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray: ...


class MatrixSource:
    """A ready score matrix as a ScoreSource (for tests and small tools)."""

    def __init__(self, scores: np.ndarray, orientation: np.ndarray | None = None):
        self.scores = np.asarray(scores)
        n = len(self.scores)
        self.orientation = np.full(n, np.nan) if orientation is None else orientation

    def __len__(self) -> int:
        return len(self.scores)

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self.scores[np.ix_(rows, cols)]


def key(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Rules:
    """What the organiser asked for, by person index."""

    size: int = 2
    rounds: int = 1
    avoid_clashes: bool = False
    locks: frozenset[Pair] = frozenset()
    excludes: frozenset[Pair] = frozenset()
    met: frozenset[Pair] = frozenset()  # pairs from rounds already saved

    def __post_init__(self) -> None:
        if not 2 <= self.size <= MAX_SIZE:
            raise UserError(f"--size must be from 2 to {MAX_SIZE}, not {self.size}.")
        if self.rounds < 1:
            raise UserError(f"--rounds must be at least 1, not {self.rounds}.")


@dataclass
class RoundPlan:
    number: int
    groups: list[tuple[int, ...]]
    unplaced: list[int] = field(default_factory=list)  # fit nowhere without breaking a rule
    broken: list[Pair] = field(default_factory=list)  # had to meet despite a rule
    uneven: bool = False  # the count did not allow groups of the asked size
    scores: list[int] = field(default_factory=list)  # each group's score, as the groups


class Weights:
    """Effective pair weights under the rules; ``-1`` marks a pair that must
    not meet (excluded, or met in an earlier round)."""

    def __init__(self, source: ScoreSource, rules: Rules, met: set[Pair]):
        self.source = source
        self.rules = rules
        self.forbidden = set(rules.excludes) | (met - set(rules.locks))
        self._dense: np.ndarray | None = None

    def scores(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        if len(self.source) <= DENSE_LIMIT:
            # Small rooms are scored once and then read many times (the trio search).
            if self._dense is None:
                everyone = np.arange(len(self.source))
                self._dense = self.source.block(everyone, everyone).astype(np.int64)
            return self._dense[np.ix_(rows, cols)]
        return self.source.block(rows, cols).astype(np.int64)

    def high_clash(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        o = self.source.orientation
        return orientation_clash_rank(o[rows][:, None], o[cols][None, :]) == 3

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        weights = self.scores(rows, cols)
        if self.rules.avoid_clashes:
            weights += BIG * ~self.high_clash(rows, cols)
        self._forbid(weights, rows, cols)
        weights[rows[:, None] == cols[None, :]] = -1
        return weights

    def _forbid(self, weights: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
        if not self.forbidden:
            return
        row_at = {int(p): i for i, p in enumerate(rows)}
        col_at = {int(p): i for i, p in enumerate(cols)}
        for a, b in self.forbidden:
            for x, y in ((a, b), (b, a)):
                if x in row_at and y in col_at:
                    weights[row_at[x], col_at[y]] = -1

    def allowed(self, a: int, b: int) -> bool:
        return a != b and key(a, b) not in self.forbidden


# --- the whole event ------------------------------------------------------------


def arrange(
    source: ScoreSource,
    rules: Rules,
    names: Sequence[str] = (),
    on_round: Callable[[int, int], None] | None = None,
) -> list[RoundPlan]:
    """Every round, each avoiding pairs that met before (saved or earlier here).
    ``names`` only make error messages readable; ``on_round(done, total)``
    reports progress."""
    n = len(source)
    lock_groups = _lock_groups(n, rules, lambda i: names[i] if i < len(names) else f"#{i}")
    met = set(rules.met)
    plans = []
    for number in range(1, rules.rounds + 1):
        weights = Weights(source, rules, met)
        if rules.size == 2:
            plan = _pair_round(weights, n, lock_groups)
        else:
            plan = _group_round(weights, n, lock_groups)
        plan.number = number
        plan.groups, plan.scores = _table_order(source, plan.groups)
        for group in plan.groups:
            met.update(key(a, b) for a, b in combinations(group, 2))
        plans.append(plan)
        if on_round is not None:
            on_round(number, rules.rounds)
    return plans


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
                f"Person #{a} and #{b} are both locked together and excluded from each other."
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
                    f"Locks put #{a} and #{b} together, but they are excluded from each other."
                )
    return groups


def _table_order(
    source: ScoreSource, groups: Sequence[tuple[int, ...]]
) -> tuple[list[tuple[int, ...]], list[int]]:
    """Best-scoring table first; ties by members, so the order is stable."""
    groups = [tuple(sorted(g)) for g in groups]
    scores = group_scores(source, groups)
    order = sorted(range(len(groups)), key=lambda i: (-scores[i], groups[i]))
    return [groups[i] for i in order], [scores[i] for i in order]


def group_scores(source: ScoreSource, groups: Sequence[Sequence[int]]) -> list[int]:
    """Each group's score: a pair's own score, or the mean over a bigger
    group's pairs (halves rounded up)."""
    sums = _within_sums(source.block, groups)
    return [
        0 if len(g) < 2 else int(np.floor(total / (len(g) * (len(g) - 1) / 2) + 0.5))
        for g, total in zip(groups, sums, strict=True)
    ]


def _within_sums(
    block: Callable[[np.ndarray, np.ndarray], np.ndarray], groups: Sequence[Sequence[int]]
) -> list[float]:
    """The sum over each group's pairs of ``block`` values, one block per batch
    of groups (about ``CHUNK`` people)."""
    sums: list[float] = []
    start = 0
    while start < len(groups):
        stop, members = start, 0
        while stop < len(groups) and (members == 0 or members + len(groups[stop]) <= CHUNK):
            members += len(groups[stop])
            stop += 1
        everyone = np.array([x for g in groups[start:stop] for x in g], dtype=np.int64)
        values = block(everyone, everyone).astype(np.float64) if len(everyone) else None
        at = 0
        for group in groups[start:stop]:
            size = len(group)
            sub = values[at : at + size, at : at + size] if values is not None else None
            sums.append(float(np.triu(sub, 1).sum()) if sub is not None and size > 1 else 0.0)
            at += size
        start = stop
    return sums


# --- pairs ------------------------------------------------------------------------


def _pair_round(weights: Weights, n: int, lock_groups: list[tuple[int, ...]]) -> RoundPlan:
    locked = {x for g in lock_groups for x in g}
    free = np.array([x for x in range(n) if x not in locked], dtype=np.int64)
    plan = RoundPlan(0, [])
    if len(free) % 2 == 1 and 1 < len(free) <= EXACT_ODD_LIMIT:
        groups = _best_with_one_trio(weights, free, lock_groups)
    else:
        groups = [*_matching(weights, free), *lock_groups]
    seated = {x for g in groups for x in g}
    left = [int(x) for x in free if int(x) not in seated]
    plan.groups, plan.unplaced = _place_leftovers(weights, groups, left, limit=3)
    if len(free) > EXACT_ODD_LIMIT and len(free) % 2 == 1:
        plan.groups = _improve_trio(weights, plan.groups, free, lock_groups)
        if len(free) <= MULTI_START_LIMIT:
            plan.groups = _restart_trio(weights, plan.groups, free, lock_groups)
    return plan


def _matching(weights: Weights, people: np.ndarray) -> list[tuple[int, ...]]:
    """Maximum-weight matching among ``people`` (indices into the event)."""
    if len(people) < 2:
        return []
    graph = rx.PyGraph()
    graph.add_nodes_from(range(len(people)))
    graph.add_edges_from(_edges(weights, people))
    result = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    return sorted(key(int(people[a]), int(people[b])) for a, b in result)


def _edges(weights: Weights, people: np.ndarray) -> list[tuple[int, int, int]]:
    """All allowed pairs when the room is small; otherwise each person's best
    ``CANDIDATES`` partners (by effective weight, so clash-free and not-yet-met
    partners come first). Local indices, sorted, without duplicates."""
    n = len(people)
    if n <= DENSE_LIMIT:
        block = weights.block(people, people)
        a, b = np.triu_indices(n, 1)
        w = block[a, b]
        ok = w >= 0
        return list(zip(a[ok].tolist(), b[ok].tolist(), w[ok].tolist(), strict=True))
    keep = CANDIDATES if n <= HUGE else CANDIDATES_HUGE
    keys, values = [], []
    for start in range(0, n, CHUNK):
        rows = np.arange(start, min(start + CHUNK, n))
        block = weights.block(people[rows], people)
        cols = np.argpartition(-block, keep, axis=1)[:, :keep]
        w = np.take_along_axis(block, cols, axis=1).ravel()
        r = np.repeat(rows, keep)
        c = cols.ravel()
        ok = (w >= 0) & (r != c)
        keys.append(np.minimum(r[ok], c[ok]) * n + np.maximum(r[ok], c[ok]))
        values.append(w[ok])
    pair_keys, first = np.unique(np.concatenate(keys), return_index=True)
    w = np.concatenate(values)[first]
    return list(zip((pair_keys // n).tolist(), (pair_keys % n).tolist(), w.tolist(), strict=True))


def _best_with_one_trio(
    weights: Weights, free: np.ndarray, fixed: list[tuple[int, ...]]
) -> list[tuple[int, ...]]:
    """Odd count: try every person as the third member of some pair and keep
    the arrangement with the highest total (not "the last one joins a pair")."""
    best: tuple[tuple[int, int], list[tuple[int, ...]]] | None = None
    for x in (int(v) for v in free):
        seated = _with_third(weights, free, fixed, x)
        if seated is None:
            continue
        groups, pairs, gain = seated
        placed = sum(len(g) for g in groups)
        total = sum(_pair_weight(weights, p) for p in pairs) + gain
        if best is None or (placed, total) > best[0]:
            best = ((placed, total), groups)
    return best[1] if best else [*_matching(weights, free), *fixed]


def _with_third(
    weights: Weights, free: np.ndarray, fixed: list[tuple[int, ...]], third: int
) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]], int] | None:
    """Everyone but ``third`` matched exactly, then ``third`` seated where they
    add the most: (groups, the matched pairs, what ``third`` adds), or None."""
    pairs = _matching(weights, free[free != third])
    groups = [*pairs, *fixed]
    gain, at = _best_attachment(weights, groups, third, limit=3)
    if at is None:
        return None
    groups[at] = tuple(sorted((*groups[at], third)))
    return groups, pairs, gain


def _improve_trio(
    weights: Weights,
    groups: list[tuple[int, ...]],
    free: np.ndarray,
    fixed: list[tuple[int, ...]],
) -> list[tuple[int, ...]]:
    """Too many people to try everyone as the third member: improve the group
    of three by local moves (its third joins another pair, or swaps with
    someone in one), re-match everyone else exactly, and repeat until stable.
    We measured the plain "leftover joins the best pair" 1-3 % below the
    optimum at 43-201 people; with these moves and restarts, within 0.1 %
    (``bench/pairing.py`` prints the gap at odd sizes)."""
    movable = [g for g in groups if g not in fixed]
    trios = [g for g in movable if len(g) == 3]
    if len(trios) != 1 or any(len(g) != 2 for g in movable if g != trios[0]):
        return groups  # exclusions left an unusual shape: keep it
    trio = trios[0]
    for _ in range(3):
        pairs = [g for g in movable if g != trio]
        trio, pairs, moved = _trio_moves(weights, trio, pairs)
        rest = np.array([x for x in free if int(x) not in trio], dtype=np.int64)
        rematched = _matching(weights, rest)
        if len(rematched) * 2 == len(rest):
            pairs = rematched
        movable = [*pairs, trio]
        if not moved:
            break
    return [*movable, *fixed]


def _restart_trio(
    weights: Weights,
    groups: list[tuple[int, ...]],
    free: np.ndarray,
    fixed: list[tuple[int, ...]],
) -> list[tuple[int, ...]]:
    """Local search from a few other starts: each member of the weakest pairs
    in turn as the one left over, then matched and improved as above."""
    best, best_total = groups, _total(weights, groups)
    pairs = sorted(
        (g for g in groups if len(g) == 2 and g not in fixed),
        key=lambda g: _pair_weight(weights, g),
    )
    for leftover in [x for pair in pairs[: MULTI_STARTS // 2] for x in pair]:
        seated = _with_third(weights, free, fixed, leftover)
        if seated is None:
            continue
        candidate = _improve_trio(weights, seated[0], free, fixed)
        total = _total(weights, candidate)
        if total > best_total:
            best, best_total = candidate, total
    return best


def _total(weights: Weights, groups: Sequence[tuple[int, ...]]) -> int:
    """Sum of effective weights within groups."""
    return int(sum(_within_sums(weights.block, groups)))


def _trio_moves(
    weights: Weights, trio: tuple[int, ...], pairs: list[tuple[int, ...]], limit: int = 200
) -> tuple[tuple[int, ...], list[tuple[int, ...]], bool]:
    """Best-improvement local search around the group of three."""
    if not pairs:
        return trio, pairs, False
    c = np.array([p[0] for p in pairs], dtype=np.int64)
    d = np.array([p[1] for p in pairs], dtype=np.int64)
    pair_w = np.concatenate(
        [
            np.diag(weights.block(c[i : i + CHUNK], d[i : i + CHUNK]))
            for i in range(0, len(c), CHUNK)
        ]
    ).astype(np.float64)
    pair_w[pair_w < 0] = -np.inf
    everyone = np.arange(len(weights.source))
    moved = False
    for _ in range(limit):
        rows = weights.block(np.array(trio), everyone).astype(np.float64)
        rows[rows < 0] = -np.inf
        best_delta, best_move = 0.0, None
        for i, t in enumerate(trio):
            o1, o2 = (trio[j] for j in range(3) if j != i)
            rt, r1, r2 = rows[i], rows[(i + 1) % 3], rows[(i + 2) % 3]
            keep = rt[o1] + rt[o2]
            joins = rt[c] + rt[d] - keep  # t leaves to join pair p
            swap_c = r1[c] + r2[c] + rt[d] - keep - pair_w  # t trades places with c
            swap_d = r1[d] + r2[d] + rt[c] - keep - pair_w  # … or with d
            for kind, delta in (("join", joins), ("c", swap_c), ("d", swap_d)):
                p = int(np.argmax(delta))
                if delta[p] > best_delta + 1e-9:
                    best_delta, best_move = float(delta[p]), (kind, t, (o1, o2), p)
        if best_move is None:
            break
        kind, t, others, p = best_move
        cp, dp = int(c[p]), int(d[p])
        if kind == "join":
            trio, new_pair = (cp, dp, t), others
        elif kind == "c":
            trio, new_pair = (cp, *others), (t, dp)
        else:
            trio, new_pair = (dp, *others), (t, cp)
        trio = tuple(sorted(trio))
        c[p], d[p] = sorted(new_pair)
        pair_w[p] = _pair_weight(weights, (int(c[p]), int(d[p])))
        moved = True
    return trio, [(int(a), int(b)) for a, b in zip(c, d, strict=True)], moved


def _pair_weight(weights: Weights, pair: Sequence[int]) -> int:
    a, b = pair
    return int(weights.block(np.array([a]), np.array([b]))[0, 0])


def _best_attachment(
    weights: Weights, groups: Sequence[tuple[int, ...]], person: int, limit: int
) -> tuple[int, int | None]:
    """The group (below ``limit`` members) where ``person`` adds the most;
    one block of weights for all of them."""
    open_groups = [i for i, g in enumerate(groups) if len(g) < limit]
    if not open_groups:
        return -1, None
    members = np.array([m for i in open_groups for m in groups[i]], dtype=np.int64)
    row = weights.block(np.array([person]), members)[0]
    best_gain, best_at, at = -1, None, 0
    for i in open_groups:
        values = row[at : at + len(groups[i])]
        at += len(groups[i])
        if (values < 0).any():  # someone there must not meet this person
            continue
        gain = int(values.sum())
        if gain > best_gain:
            best_gain, best_at = gain, i
    return best_gain, best_at


def _place_leftovers(
    weights: Weights, groups: list[tuple[int, ...]], left: Iterable[int], limit: int
) -> tuple[list[tuple[int, ...]], list[int]]:
    """Pair leftovers with each other where allowed, then seat each remaining
    one where they add the most; whoever fits nowhere stays unplaced."""
    groups = list(groups)
    pool = sorted(left)
    if len(pool) >= 2:
        extra = _matching(weights, np.array(pool, dtype=np.int64))
        groups += [tuple(p) for p in extra]
        matched = {x for p in extra for x in p}
        pool = [x for x in pool if x not in matched]
    unplaced = []
    for person in pool:
        _, at = _best_attachment(weights, groups, person, limit)
        if at is None:
            unplaced.append(person)
        else:
            groups[at] = tuple(sorted((*groups[at], person)))
    return groups, unplaced


# --- groups of three or more ------------------------------------------------------


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


def _group_round(weights: Weights, n: int, lock_groups: list[tuple[int, ...]]) -> RoundPlan:
    plan = RoundPlan(0, [])
    if n == 0:
        return plan
    everyone = np.arange(n)
    gain = _group_gain_matrix(weights, everyone)
    sizes = group_sizes(n, weights.rules.size)
    plan.uneven = sizes[-1] < weights.rules.size
    assignment = _greedy_groups(gain, sizes, lock_groups)
    assignment = _improve_by_swaps(gain, assignment, sizes, lock_groups)
    plan.groups = [
        tuple(int(x) for x in np.flatnonzero(assignment == g)) for g in range(len(sizes))
    ]
    plan.broken = [
        key(a, b) for g in plan.groups for a, b in combinations(g, 2) if not weights.allowed(a, b)
    ]
    return plan


def _group_gain_matrix(weights: Weights, people: np.ndarray) -> np.ndarray:
    """What each pair adds at one table, scored a chunk of rows at a time so a
    big cohort never holds more than one chunk of float components."""
    gain = np.empty((len(people), len(people)), dtype=np.int32)
    for start in range(0, len(people), CHUNK):
        rows = people[start : start + CHUNK]
        block = weights.scores(rows, people)
        if weights.rules.avoid_clashes:
            block -= CLASH_PENALTY * weights.high_clash(rows, people)
        gain[start : start + CHUNK] = block
    for a, b in weights.forbidden:
        gain[a, b] = gain[b, a] = -BIG
    np.fill_diagonal(gain, 0)
    return gain


def _greedy_groups(
    gain: np.ndarray, sizes: list[int], lock_groups: list[tuple[int, ...]]
) -> np.ndarray:
    """Seat locked groups first, then each person (strongest ties first) at
    the open table where they add the most."""
    n = len(gain)
    assignment = np.full(n, -1, dtype=np.int64)
    room = np.array(sizes, dtype=np.int64)
    contribution = np.zeros((n, len(sizes)), dtype=np.int64)

    def seat(person: int, table: int) -> None:
        assignment[person] = table
        room[table] -= 1
        contribution[:, table] += gain[:, person]

    for group in sorted(lock_groups, key=len, reverse=True):
        table = int(np.argmax(room))
        for person in group:
            seat(person, table)
    strength = np.sort(gain, axis=1)[:, -3:].sum(axis=1)
    for person in sorted(range(n), key=lambda p: (-int(strength[p]), p)):
        if assignment[person] >= 0:
            continue
        open_tables = np.flatnonzero(room > 0)
        table = int(open_tables[np.argmax(contribution[person, open_tables])])
        seat(person, table)
    return assignment


def _improve_by_swaps(
    gain: np.ndarray, assignment: np.ndarray, sizes: list[int], lock_groups: list[tuple[int, ...]]
) -> np.ndarray:
    """Swap two people between tables while that raises the total; locked
    people move only together, so they are left where they are. In a big
    room each person only looks at the ``SWAP_TABLES`` tables they would add
    most to (measured: half the time at 5,000 people, about 1 % lower total)."""
    n = len(gain)
    tables = len(sizes)
    if tables < 2:
        return assignment
    pinned = np.zeros(n, dtype=bool)
    for group in lock_groups:
        pinned[list(group)] = True
    seats = [np.flatnonzero(assignment == t) for t in range(tables)]
    contribution = np.empty((n, tables), dtype=np.int64)  # what p adds at table t
    for t, members in enumerate(seats):
        contribution[:, t] = gain[:, members].sum(axis=1)
    for _ in range(MAX_SWAP_PASSES):
        improved = False
        for p in range(n):
            if pinned[p]:
                continue
            tp = assignment[p]
            row = contribution[p]
            if n > SWAP_ALL_LIMIT and tables > SWAP_TABLES:
                near = np.argpartition(-row, SWAP_TABLES)[:SWAP_TABLES]
                qs = np.concatenate([seats[t] for t in near if t != tp])
            else:
                qs = np.flatnonzero(assignment != tp)
            qs = qs[~pinned[qs]]
            if qs.size == 0:
                continue
            tq_all = assignment[qs]
            # Swapping p (at tp) with q (at tq):
            delta = (
                row[tq_all]
                - gain[p, qs]
                + contribution[qs, tp]
                - gain[qs, p]
                - row[tp]
                - contribution[qs, tq_all]
            )
            best = int(np.argmax(delta))
            if delta[best] <= 0:
                continue
            q, tq = int(qs[best]), int(tq_all[best])
            assignment[p], assignment[q] = tq, tp
            seats[tp][seats[tp] == p] = q
            seats[tq][seats[tq] == q] = p
            contribution[:, tp] += gain[:, q] - gain[:, p]
            contribution[:, tq] += gain[:, p] - gain[:, q]
            improved = True
        if not improved:
            break
    return assignment
