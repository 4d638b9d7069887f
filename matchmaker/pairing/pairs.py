"""Pairs for the whole room: a maximum-weight matching (rustworkx's blossom
algorithm), exact on the full graph up to ``ALL_EDGES_LIMIT`` people; above that
each person keeps only their best few partners as candidates (we measured
99.9 % of the optimum at 1,000 people in a twentieth of the time), from
``INDEX_FROM`` people among the pairs the topic index finds (``candidates``;
``bench/pairing.py`` and ``bench/candidates.py`` print the gaps). An odd room gets one
group of three, placed where it adds the most."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from matchmaker.core.model import key
from matchmaker.pairing import two_cores
from matchmaker.pairing.best_partners import (
    Edges,
    combined,
    edge_list,
    edges_of,
    merge_best,
    start_best,
)
from matchmaker.pairing.candidates import indexed_candidates
from matchmaker.pairing.large import EXACT_LIMIT, exact, windowed
from matchmaker.pairing.weights import CHUNK, RoundPlan, Weights, block_rows, within_sums

ALL_EDGES_LIMIT = 300  # up to here every pair is an edge; above, each person's best
CANDIDATES = 30  # partners kept per person above ALL_EDGES_LIMIT …
CANDIDATES_HUGE = 12  # … and above HUGE, where the matcher's time grows fastest
HUGE = 4000
INDEX_FROM = 20_000  # from here the topic index (at 20,000 as fast as every pair: 92 vs 96 s)
SPLIT_FROM = 8000  # people from which the candidates' blocks are split over two cores
EXACT_ODD_LIMIT = 101  # up to here, every choice of the group of three is tried
MULTI_START_LIMIT = 301  # up to here, the trio's local search restarts from
MULTI_STARTS = 6  # … this many other people left over


def pair_round(weights: Weights, n: int, lock_groups: list[tuple[int, ...]]) -> RoundPlan:
    locked = {x for g in lock_groups for x in g}
    free = np.array([x for x in range(n) if x not in locked], dtype=np.int64)
    plan = RoundPlan(0, [])
    if len(free) % 2 == 1 and 1 < len(free) <= EXACT_ODD_LIMIT:
        groups = _best_with_one_trio(weights, free, lock_groups)
    else:
        groups = [*_matching(weights, free), *lock_groups]
    seated = {x for g in groups for x in g}
    left = [int(x) for x in free if int(x) not in seated]
    plan.groups, plan.unplaced = place_leftovers(weights, groups, left, limit=3)
    if len(free) > EXACT_ODD_LIMIT and len(free) % 2 == 1:
        plan.groups = _improve_trio(weights, plan.groups, free, lock_groups)
        if len(free) <= MULTI_START_LIMIT:
            plan.groups = _restart_trio(weights, plan.groups, free, lock_groups)
    return plan


def _matching(weights: Weights, people: np.ndarray) -> list[tuple[int, ...]]:
    """Maximum-weight matching among ``people`` (indices into the event)."""
    if len(people) < 2:
        return []
    edges = _edges(weights, people)
    if len(people) <= EXACT_LIMIT:
        found = exact(len(people), edge_list(edges))
    else:  # columns: a huge room's millions of edges as tuples would fill gigabytes
        found = windowed(len(people), *edges)
    return sorted(key(int(people[a]), int(people[b])) for a, b in found)


def _edges(weights: Weights, people: np.ndarray) -> Edges:
    """All allowed pairs when the room is small; otherwise each person's best
    ``CANDIDATES`` partners (by effective weight, so clash-free and not-yet-met
    partners come first). Local indices, sorted, without duplicates."""
    n = len(people)
    if n <= ALL_EDGES_LIMIT:
        block = weights.block(people, people)
        a, b = np.triu_indices(n, 1)
        w = block[a, b]
        ok = w >= 0
        return a[ok], b[ok], w[ok].astype(np.int64)
    keep = CANDIDATES if n <= HUGE else CANDIDATES_HUGE
    if n >= INDEX_FROM:
        found = indexed_candidates(weights, people, keep)
        if found is not None:
            return found
    return candidates(weights, people, keep)


def candidates(weights: Weights, people: np.ndarray, keep: int) -> Edges:
    """Each person's best ``keep`` partners, scoring only half the room's
    pairs: a block of rows against the columns from its first row on gives
    the rows their best among later people and the columns their best among
    these rows; a running best-``keep`` per person merges the two. A huge
    room's blocks are split in two halves of equal work (a pair lies in one
    block, so in one half), scored on two cores where possible."""
    n = len(people)
    keep = min(keep, n - 1)
    rows = block_rows(n)
    starts = list(range(0, n, rows))

    def best(part: list[int]) -> tuple[np.ndarray, np.ndarray]:
        return _best(weights, people, part, rows, keep)

    if n < SPLIT_FROM:
        best_w, best_j = best(starts)
    else:
        halves: tuple[list[int], list[int]] = ([], [])
        work = [0, 0]
        for start in starts:  # biggest blocks first, each to the half with less work
            half = int(work[1] < work[0])
            halves[half].append(start)
            work[half] += n - start
        best_w, best_j = combined(*two_cores.both(best, *halves))
    return edges_of(best_w, best_j)


def _best(
    weights: Weights, people: np.ndarray, starts: list[int], rows: int, keep: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each person's best ``keep`` (weights, partners) among the pairs of the
    blocks of ``rows`` rows from each of ``starts`` against the later people."""
    n = len(people)
    best_w, best_j = start_best(n, keep)
    for start in starts:
        mine = np.arange(start, min(start + rows, n))
        later = np.arange(start, n)
        block = weights.block(people[mine], people[later])
        merge_best(best_w, best_j, mine, later, block, axis=1)
        merge_best(best_w, best_j, later, mine, block, axis=0)
    return best_w, best_j


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
    trio: tuple[int, ...] = trios[0]
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
    return int(sum(within_sums(weights.block, groups)))


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
            moved_trio, new_pair = (cp, dp, t), others
        elif kind == "c":
            moved_trio, new_pair = (cp, *others), (t, dp)
        else:
            moved_trio, new_pair = (dp, *others), (t, cp)
        trio = tuple(sorted(moved_trio))
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


def place_leftovers(
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
