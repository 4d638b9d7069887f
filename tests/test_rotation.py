"""Several rounds planned as a whole: the classic schedules with no repeated
pair (Kirkman's schoolgirls, the social golfer, round robins, affine planes),
an honest note when more rounds are asked than any schedule gives, and the
organiser's rules, saved rounds and bad ratings honoured across rounds."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from matchmaker.core.model import PairRule
from matchmaker.pairing import MatrixSource, RoundPlan, Rules, arrange, key, most_new_rounds
from matchmaker.pairing.layout import new_rounds
from matchmaker.service.workspace import DEMO_EVENT, Workspace


def source(n: int, seed: int = 3) -> MatrixSource:
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.integers(0, 101, size=(n, n)), 1)
    return MatrixSource(upper + upper.T)


def meetings(plans: list[RoundPlan]) -> Counter[tuple[int, int]]:
    return Counter(key(a, b) for plan in plans for g in plan.groups for a, b in combinations(g, 2))


def repeats(plans: list[RoundPlan]) -> int:
    return sum(count - 1 for count in meetings(plans).values())


@pytest.mark.parametrize(
    ("n", "size", "rounds"),
    [
        pytest.param(15, 3, 7, id="kirkman-15-3-7"),
        pytest.param(32, 4, 9, id="social-golfer-32-4-9"),
        pytest.param(16, 2, 15, id="pairs-round-robin-16x15"),
        pytest.param(9, 3, 4, id="affine-plane-9-3-4"),
        pytest.param(16, 4, 5, id="affine-plane-16-4-5"),
        pytest.param(25, 5, 6, id="affine-plane-25-5-6"),
        pytest.param(27, 3, 13, id="affine-space-27-3-13"),
        pytest.param(20, 4, 5, id="transversal-design-20-4-5"),
        pytest.param(24, 4, 5, id="tabu-search-24-4-5"),
        pytest.param(21, 3, 10, id="kirkman-21-3-10"),
        pytest.param(33, 3, 16, id="kirkman-33-3-16"),
        pytest.param(40, 4, 3, id="realistic-room-40-4-3"),
    ],
)
def test_classic_schedules_have_no_repeated_pair(n: int, size: int, rounds: int) -> None:
    plans = arrange(source(n), Rules(size=size, rounds=rounds))
    assert len(plans) == rounds and repeats(plans) == 0
    for plan in plans:
        assert sorted(x for g in plan.groups for x in g) == list(range(n))
        assert {len(g) for g in plan.groups} == {size}
        assert not plan.notes and not plan.broken


def test_more_rounds_than_possible_plan_the_fewest_repeats_with_one_note() -> None:
    """8 rounds of 4 pairs are 32 meetings; 8 people have 28 pairs: at least 4 repeat."""
    plans = arrange(source(8), Rules(size=2, rounds=8))
    assert len(plans) == 8 and repeats(plans) == 4
    (note,) = plans[0].notes
    assert "8 people in groups of 2 can meet new people in at most 7 rounds" in note
    assert "with the fewest repeats possible: 4 meetings of a pair again" in note
    assert not any(plan.notes for plan in plans[1:])
    assert not any(plan.broken for plan in plans)


@pytest.mark.parametrize(
    ("n", "size", "rounds", "tables", "note"),
    [
        pytest.param(
            8, 3, 4, [2, 3, 3],
            "Tables of 3 and 2: at tables of 4, 8 people could meet new people in only 1 round.",
            id="eight-in-threes-over-four-rounds",
        ),
        pytest.param(
            15, 3, 8, [2, 2, 2, 3, 3, 3],
            "Tables of 3 and 2: at tables of 3, 15 people could meet new people in only 7 rounds.",
            id="kirkman-15-one-round-more",
        ),
        pytest.param(
            12, 4, 2, [3, 3, 3, 3],
            "Tables of 3: at tables of 4, 12 people could meet new people in only 1 round.",
            id="twelve-in-fours-over-two-rounds",
        ),
    ],
)  # fmt: skip
def test_one_table_more_is_preferred_to_a_repeat(
    n: int, size: int, rounds: int, tables: list[int], note: str
) -> None:
    """8 people in threes for 4 rounds sat at two tables of 4, round 4 a copy
    of round 1 ("20 meetings of a pair again"); 3, 3 and 2 repeat nobody."""
    plans = arrange(source(n), Rules(size=size, rounds=rounds))
    assert repeats(plans) == 0
    assert all(sorted(len(g) for g in plan.groups) == tables for plan in plans)
    assert [p.notes for p in plans] == [[note]] + [[]] * (rounds - 1)


def test_fit_over_all_rounds_is_at_least_that_of_planning_round_by_round(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import matchmaker.pairing as pairing

    def fit(plans: list[RoundPlan]) -> int:
        return sum(int(room.scores[a, b]) * c for (a, b), c in meetings(plans).items())

    room, rules = source(40, 5), Rules(size=4, rounds=3)
    whole = arrange(room, rules)
    monkeypatch.setattr(pairing, "rotates", lambda people, size: False)
    one_by_one = arrange(room, rules)
    assert repeats(whole) == repeats(one_by_one) == 0
    assert fit(whole) >= fit(one_by_one)


def test_avoiding_clashes_holds_across_rounds() -> None:
    """Six people all about the process and six all about the result: every
    mixed pair is a high clash, and three rounds of pairs need none."""
    orientation = np.array([1] * 6 + [5] * 6)
    room = MatrixSource(source(12).scores, orientation)
    plans = arrange(room, Rules(rounds=3, avoid_clashes=True))
    assert repeats(plans) == 0
    assert all(orientation[a] == orientation[b] for a, b in meetings(plans))


def test_rounds_that_saved_rounds_leave_no_room_for_say_so() -> None:
    """9 people after three saved rounds of threes have 9 pairs left: one round."""
    lines = [[(0, 1, 2), (3, 4, 5), (6, 7, 8)], [(0, 3, 6), (1, 4, 7), (2, 5, 8)]]
    lines.append([(0, 4, 8), (1, 5, 6), (2, 3, 7)])
    saved = frozenset(key(a, b) for r in lines for g in r for a, b in combinations(g, 2))
    plans = arrange(source(9), Rules(size=3, rounds=2, met=saved))
    assert [p.notes for p in plans] == [
        [
            "2 rounds cannot all be new after the rounds saved before: planned the fewest "
            "repeats possible, 9 meetings of a pair again."
        ],
        [],
    ]
    assert not saved & set(meetings(plans[:1]))


def test_the_command_line_says_it_once(cli, write_csv) -> None:
    path = write_csv([{"name": f"P{n}", "interests": "chess"} for n in range(15)])
    result = cli("pair", path, "--size", "3", "--rounds", "9", "--format", "json")
    assert result.status == 0 and result.err.count("at most 8 rounds") == 1
    assert "share a table despite" not in result.err


def test_a_second_round_needs_as_many_tables_as_seats() -> None:
    """12 in fours: each table of round 2 would need four tables in round 1
    (so 2 rounds sit at tables of three, above)."""
    assert new_rounds([4, 4, 4]) == 1
    assert new_rounds([3, 3, 3, 3]) == most_new_rounds(12, 4) == 5


def test_same_input_same_plan() -> None:
    rules = Rules(size=4, rounds=4)
    first = [p.groups for p in arrange(source(30, 8), rules)]
    assert first == [p.groups for p in arrange(source(30, 8), rules)]


def test_exclusions_saved_rounds_and_locks_hold_in_every_round() -> None:
    excludes = frozenset({(0, 1), (2, 3), (4, 5)})
    saved = frozenset(key(a, b) for g in [(6, 7, 8), (9, 10, 11)] for a, b in combinations(g, 2))
    rules = Rules(size=3, rounds=4, locks=frozenset({(12, 13)}), excludes=excludes, met=saved)
    plans = arrange(source(24), rules)
    met = meetings(plans)
    assert not (excludes | saved) & set(met)
    assert met[(12, 13)] == 4  # locked: together every round, not a repeat
    assert all(count == 1 for pair, count in met.items() if pair != (12, 13))


def test_never_again_ratings_and_saved_rounds_hold_in_a_real_event(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    session = workspace.session(DEMO_EVENT)
    people = session.event.people
    session.set_rule(PairRule.EXCLUDE, people[0].id, people[1].id)
    _, (number,) = session.pair_and_save(size=4)
    first = session.saved_rounds()[0].rounds[0].tables
    a, b = first[0].members[:2]
    session.rate_table(number, [people[a].id, people[b].id], 1)
    seating = session.pair(size=4, rounds=3)
    saved = {key(x, y) for t in first for x, y in combinations(t.members, 2)}
    planned = Counter(
        key(x, y) for r in seating.rounds for t in r.tables for x, y in combinations(t.members, 2)
    )
    assert max(planned.values()) == 1
    assert not set(planned) & (saved | {(0, 1), key(a, b)})
