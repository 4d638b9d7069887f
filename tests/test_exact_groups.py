"""Groups against a proven optimum: the planner's tables in small rooms are
within 1 % of the best possible (HiGHS set partitioning, ``bench/exact.py``),
and that yardstick itself agrees with brute force where brute force is cheap."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import numpy as np
import pytest

from bench.exact import optimum_groups
from bench.synth import people
from matchmaker.core.model import Rules
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing.groups import group_round
from matchmaker.pairing.weights import MatrixSource, Weights


def total(scores: np.ndarray, groups: list[tuple[int, ...]]) -> int:
    return sum(int(scores[a, b]) for g in groups for a, b in combinations(g, 2))


def partitions(people: list[int], size: int) -> Iterator[list[tuple[int, ...]]]:
    """Every way to split ``people`` into groups of ``size`` (brute force)."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for others in combinations(rest, size - 1):
        left = [p for p in rest if p not in others]
        for tail in partitions(left, size):
            yield [(first, *others), *tail]


@pytest.mark.parametrize("seed", range(3))
def test_the_yardstick_is_the_brute_force_optimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 100, (9, 9))
    scores = np.triu(scores, 1) + np.triu(scores, 1).T
    groups, best = optimum_groups(scores, 3)
    assert best == max(total(scores, p) for p in partitions(list(range(9)), 3))
    assert total(scores, groups) == best
    assert sorted(p for g in groups for p in g) == list(range(9))


@pytest.mark.parametrize(
    ("n", "size"), [(12, 3), (15, 3), (18, 3), (14, 3), (12, 4), (16, 4), (20, 4), (14, 4)]
)
def test_planned_groups_are_within_one_percent_of_the_optimum(n: int, size: int) -> None:
    scorer = EventScorer(people(n, seed=n * 10 + size))
    scores = scorer.matrix()
    _, best = optimum_groups(scores, size)
    plan = group_round(Weights(scorer, Rules(size=size), set()), n, [])
    assert sorted(len(g) for g in plan.groups) == sorted(
        len(g) for g in optimum_groups(scores, size)[0]
    )
    assert total(scores, plan.groups) >= 0.99 * best


def test_a_room_where_greed_fails_is_still_solved() -> None:
    """Two strong pairs that a greedy start would seat together, while the
    optimum splits them: the search must find the optimum."""
    scores = np.full((6, 6), 10)
    scores[0, 1] = scores[1, 0] = 60
    for a, b in [(0, 2), (0, 3), (1, 4), (1, 5), (2, 3), (4, 5)]:
        scores[a, b] = scores[b, a] = 45
    np.fill_diagonal(scores, 0)
    _, best = optimum_groups(scores, 3)
    plan = group_round(Weights(MatrixSource(scores), Rules(size=3), set()), 6, [])
    assert total(scores, plan.groups) == best
