"""Pairing properties: everyone placed once, sizes, no repeats, rules honoured,
determinism; and the optimum against brute force for small rooms."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from matchmaker.core.errors import UserError
from matchmaker.core.profiles import Profile
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing import MatrixSource, Rules, arrange, group_sizes, key, most_new_rounds
from matchmaker.pairing.groups import GROUPS_LIMIT
from matchmaker.pairing.layout import layout


def random_source(n: int, seed: int, orientation: bool = False) -> MatrixSource:
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.integers(0, 101, size=(n, n)), 1)
    scores = upper + upper.T
    orient = rng.integers(1, 6, size=n) if orientation else None
    return MatrixSource(scores, orient)


def total(source: MatrixSource, groups) -> int:
    return sum(int(source.scores[a, b]) for g in groups for a, b in combinations(g, 2))


def brute_force_best(source: MatrixSource) -> int:
    """Best total over every split into pairs (plus one trio when odd)."""
    people = tuple(range(len(source)))

    def best(rest: tuple[int, ...], trio_left: bool) -> int:
        if not rest:
            return 0
        first, others = rest[0], rest[1:]
        options = []
        for i, b in enumerate(others):
            remaining = others[:i] + others[i + 1 :]
            if len(remaining) % 2 == 0 or trio_left:
                options.append(source.scores[first, b] + best(remaining, trio_left))
            if trio_left:
                for j, c in enumerate(remaining):
                    rem2 = remaining[:j] + remaining[j + 1 :]
                    if len(rem2) % 2 == 0:
                        options.append(
                            source.scores[first, b]
                            + source.scores[first, c]
                            + source.scores[b, c]
                            + best(rem2, False)
                        )
        return max(options) if options else -(10**9)

    return int(best(people, len(people) % 2 == 1))


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7, 8, 9, 10])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pairs_are_optimal_against_brute_force(n: int, seed: int) -> None:
    source = random_source(n, seed)
    (plan,) = arrange(source, Rules())
    assert total(source, plan.groups) == brute_force_best(source)
    assert sorted(len(g) for g in plan.groups) == [2] * (n // 2 - (n % 2)) + ([3] if n % 2 else [])


def test_odd_count_chooses_the_best_trio_not_the_last_person() -> None:
    # 0-1 and 2-3 are great pairs; 4 fits best with 2 and 3, so the trio is (2, 3, 4).
    scores = np.array(
        [
            [0, 90, 10, 10, 0],
            [90, 0, 10, 10, 0],
            [10, 10, 0, 80, 70],
            [10, 10, 80, 0, 70],
            [0, 0, 70, 70, 0],
        ]
    )
    (plan,) = arrange(MatrixSource(scores), Rules())
    assert sorted(plan.groups) == [(0, 1), (2, 3, 4)]


@pytest.mark.parametrize(
    ("n", "size", "expected"),
    [
        (12, 3, [3, 3, 3, 3]),
        (13, 3, [4, 3, 3, 3]),
        (14, 4, [5, 5, 4]),
        (7, 5, [4, 3]),
        (3, 4, [3]),
        (1, 2, [1]),
        (0, 3, []),
    ],
)
def test_group_sizes(n: int, size: int, expected: list[int]) -> None:
    assert group_sizes(n, size) == expected


rooms = st.tuples(st.integers(0, 22), st.integers(0, 10_000), st.integers(2, 5), st.integers(1, 3))


@settings(max_examples=60, deadline=None)
@given(rooms)
def test_everyone_is_placed_exactly_once_in_right_sized_groups(
    room: tuple[int, int, int, int],
) -> None:
    n, seed, size, rounds = room
    assume(n < 2 or rounds <= most_new_rounds(n, size))
    source = random_source(n, seed)
    plans = arrange(source, Rules(size=size, rounds=rounds))
    assert len(plans) == rounds
    for plan in plans:
        placed = [x for g in plan.groups for x in g] + plan.unplaced
        assert sorted(placed) == list(range(n))
        sizes = sorted(len(g) for g in plan.groups)
        if size > 2:
            assert sizes == sorted(layout(n, size, rounds))
        elif n > 1:
            assert set(sizes) <= {2, 3} and (n % 2 == 1 or plan.number > 1 or 3 not in sizes)


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 24), st.integers(0, 10_000), st.integers(2, 3))
def test_no_one_meets_twice_across_rounds(n: int, seed: int, rounds: int) -> None:
    assume(n > 2 * rounds)  # enough people for repeat-free rounds of pairs
    source = random_source(n, seed)
    seen: set[tuple[int, int]] = set()
    for plan in arrange(source, Rules(rounds=rounds)):
        met = {key(a, b) for g in plan.groups for a, b in combinations(g, 2)}
        assert not met & seen  # for pairs a repeat is never an edge; someone left over is unplaced
        assert not plan.broken
        seen |= met


def test_saved_rounds_are_not_repeated() -> None:
    source = random_source(10, 5)
    (first,) = arrange(source, Rules())
    pairs = frozenset(key(*g) for g in first.groups if len(g) == 2)
    (second,) = arrange(source, Rules(met=pairs))
    assert not pairs & {key(*g) for g in second.groups}


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 20), st.integers(0, 10_000), st.integers(2, 4), st.data())
def test_locks_and_exclusions_are_honoured(n: int, seed: int, size: int, data) -> None:
    source = random_source(n, seed)
    people = list(range(n))
    a, b, c, d = data.draw(st.permutations(people))[:4]
    rules = Rules(
        size=size, locks=frozenset({key(a, b)}), excludes=frozenset({key(c, d), key(a, c)})
    )
    (plan,) = arrange(source, rules)
    table = {x: i for i, g in enumerate(plan.groups) for x in g}
    assert table[a] == table[b]
    for x, y in ((c, d), (a, c)):
        together = x in table and table.get(x) == table.get(y)
        assert not together or key(x, y) in plan.broken  # only when unavoidable, and then reported
    if n >= 3 * size:
        assert not plan.broken


def test_impossible_rules_are_reported() -> None:
    source = random_source(6, 1)
    with pytest.raises(UserError, match="locked together and excluded"):
        arrange(source, Rules(locks=frozenset({(0, 1)}), excludes=frozenset({(0, 1)})))
    with pytest.raises(UserError, match="Locks put 4 people together"):
        arrange(
            source,
            Rules(locks=frozenset({(0, 1), (1, 2), (2, 3)})),
            names=["A", "B", "C", "D", "E", "F"],
        )


def test_exclusions_that_leave_someone_out_are_reported() -> None:
    source = random_source(3, 1)
    (plan,) = arrange(source, Rules(excludes=frozenset({(0, 2), (1, 2)})))
    assert plan.groups == [(0, 1)] and plan.unplaced == [2]


def test_avoid_clashes_steers_away_when_an_alternative_exists() -> None:
    # 0 and 1 love each other's topics but sit at opposite ends of process vs result.
    scores = np.array([[0, 99, 40, 40], [99, 0, 40, 40], [40, 40, 0, 99], [40, 40, 99, 0]])
    orientation = np.array([1, 5, 1, 5])
    source = MatrixSource(scores, orientation)
    (plain,) = arrange(source, Rules())
    (careful,) = arrange(source, Rules(avoid_clashes=True))
    assert sorted(plain.groups) == [(0, 1), (2, 3)]
    assert sorted(careful.groups) == [(0, 2), (1, 3)]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 30), st.integers(0, 1000), st.integers(2, 4), st.booleans())
def test_same_input_same_output(n: int, seed: int, size: int, avoid: bool) -> None:
    assume(n < 2 or most_new_rounds(n, size) >= 2)
    source = random_source(n, seed, orientation=True)
    rules = Rules(size=size, rounds=2, avoid_clashes=avoid)
    first = [(p.groups, p.unplaced) for p in arrange(source, rules)]
    again = [
        (p.groups, p.unplaced) for p in arrange(random_source(n, seed, orientation=True), rules)
    ]
    assert first == again


def test_sparse_candidates_stay_close_to_the_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    from matchmaker.pairing import pairs

    source = random_source(120, 9)
    (exact,) = arrange(source, Rules())
    monkeypatch.setattr(pairs, "ALL_EDGES_LIMIT", 50)
    monkeypatch.setattr(pairs, "CANDIDATES", 15)
    (sparse,) = arrange(source, Rules())
    assert total(source, sparse.groups) >= 0.995 * total(source, exact.groups)


@pytest.mark.parametrize("bad", [dict(size=1), dict(size=9), dict(rounds=0)])
def test_rules_are_checked(bad: dict) -> None:
    with pytest.raises(UserError):
        Rules(**bad)


@pytest.mark.parametrize("seed", [1, 2])
def test_large_odd_rooms_stay_near_the_exhaustive_trio(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    from matchmaker.pairing import pairs

    source = random_source(61, seed)
    (exact,) = arrange(source, Rules())  # 61 <= EXACT_ODD_LIMIT: every third tried
    monkeypatch.setattr(pairs, "EXACT_ODD_LIMIT", 5)
    (searched,) = arrange(source, Rules())
    assert sorted(len(g) for g in searched.groups).count(3) == 1
    assert total(source, searched.groups) >= 0.995 * total(source, exact.groups)


@pytest.mark.parametrize(
    ("n", "size", "most", "cap"),
    [(8, 2, 7, 14), (7, 2, 4, 4), (16, 2, 15, 30), (15, 3, 8, 14), (32, 4, 11, 20), (9, 3, 6, 8)],
)
def test_far_more_rounds_than_any_schedule_gives_are_refused_up_front(n, size, most, cap) -> None:
    """8 people once asked for 10,000 rounds ran 26 s and printed 398,440 lines.
    A room planned as a whole may ask for up to twice the bound (the fewest
    repeats are planned); an odd room of pairs only for the bound."""
    assert most_new_rounds(n, size) == most
    with pytest.raises(UserError, match=f"at most {most} round"):
        arrange(random_source(n, 1), Rules(size=size, rounds=cap + 1))


def test_groups_for_a_room_beyond_the_limit_are_refused_with_a_way_out() -> None:
    """Groups keep every pair's gain (n × n): a room over the limit gets a
    clear refusal naming the size, never a MemoryError."""
    room = EventScorer([Profile(f"P{i}", interests=("chess",)) for i in range(GROUPS_LIMIT + 1)])
    with pytest.raises(
        UserError, match=r"up to 20,000 people.*3 GiB.*pair these 20,001"
    ) as refused:
        arrange(room, Rules(size=3))
    assert refused.value.field == "size"
