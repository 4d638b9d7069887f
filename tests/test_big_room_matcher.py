"""The big room's matcher (``pairing/large.py``) on small graphs, against
exact answers: the auction's cycle cover close to the best cover, the cover's cycles turned into the better pairs, and the whole
matcher close to the exact matching with everyone seated that can be."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from matchmaker.core.model import key
from matchmaker.pairing import large


def random_edges(n: int, degree: int, seed: int) -> list[tuple[int, int, int]]:
    rng = np.random.default_rng(seed)
    pairs = sorted(
        {key(a, int(b)) for a in range(n) for b in rng.choice(n, degree, replace=False) if a != b}
    )
    return [(a, b, int(rng.integers(0, 100))) for a, b in pairs]


def columns(edges: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, b, w = (np.array(column, dtype=np.int64) for column in zip(*edges, strict=True))
    return a, b, w


def cover_weight(successor: np.ndarray, weight: dict[tuple[int, int], int]) -> float:
    return sum(large.ALONE if x == y else weight[key(x, int(y))] for x, y in enumerate(successor))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_auction_s_cover_is_close_to_the_best_cover(seed: int) -> None:
    n = 300
    edges = random_edges(n, 3, seed)
    weight = {(a, b): w for a, b, w in edges}
    successor = large.cycle_cover(n, *columns(edges))
    assert sorted(successor.tolist()) == list(range(n))  # each sends and receives one edge
    assert all(x == y or key(x, int(y)) in weight for x, y in enumerate(successor))
    worth = np.full((n, n), -1e9)  # the best cover, exactly
    np.fill_diagonal(worth, large.ALONE)
    for a, b, w in edges:
        worth[a, b] = worth[b, a] = w
    rows, cols = linear_sum_assignment(worth, maximize=True)
    best = worth[rows, cols].sum()
    assert 0.999 * best <= cover_weight(successor, weight) <= best  # here: the best


def test_a_cover_s_cycles_give_their_heavier_pairs() -> None:
    edges = [
        (0, 1, 50),  # a 2-cycle: a pair
        (2, 3, 10), (3, 4, 90), (4, 5, 10), (2, 5, 90),  # a 4-cycle: the two heavy edges
        (6, 7, 20), (7, 8, 70), (6, 8, 30),  # a 3-cycle: its heaviest edge, one left out
    ]  # fmt: skip
    successor = np.array([1, 0, 3, 4, 5, 2, 7, 8, 6, 9])  # and 9 alone
    partner = large.pairs_of_cover(successor, large.EdgeWeights(10, *columns(edges)))
    assert partner.tolist() == [1, 0, 5, 4, 3, 2, -1, 8, 7, -1]


def test_the_matcher_seats_everyone_it_can_close_to_the_exact_matching(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Within 1 % of the exact matching (the README quotes 99.85 % at
    10,000 people), as many pairs, and a matching on the candidate edges."""
    monkeypatch.setattr(large, "WINDOW", 40)
    n = 401  # odd: somebody is always left out
    edges = random_edges(n, 4, 3)
    weight = {(a, b): w for a, b, w in edges}
    found = large.windowed(n, *columns(edges))
    exact = large.exact(n, edges)
    people = [x for pair in found for x in pair]
    assert len(people) == len(set(people)) and all(pair in weight for pair in found)
    assert len(found) == len(exact) == n // 2
    assert sum(weight[p] for p in found) >= 0.99 * sum(weight[p] for p in exact)


def test_the_matcher_is_the_same_every_time() -> None:
    edges = random_edges(500, 4, 4)
    assert large.windowed(500, *columns(edges)) == large.windowed(500, *columns(edges))


def test_people_an_odd_cycle_leaves_out_are_seated_by_a_window() -> None:
    """Two strong triangles and a weak bridge: the best cover is the two
    triangles, whose pairs leave one of each out; the window pairs them
    across the bridge, as the exact matching does."""
    edges = [(0, 1, 90), (1, 2, 90), (0, 2, 90), (3, 4, 90), (4, 5, 90), (3, 5, 90), (2, 3, 1)]
    successor = large.cycle_cover(6, *columns(edges))
    assert sorted(
        {len({x, int(successor[x]), int(successor[successor[x]])}) for x in range(6)}
    ) == [3]
    found = large.windowed(6, *columns(edges))
    assert len(found) == 3 and (2, 3) in found
