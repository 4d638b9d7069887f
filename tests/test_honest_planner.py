"""What the planner says about itself is so: clash avoidance survives every
step, "could not avoid" only when an exact check proves it, totals are not
compared as shares across differently sized tables, and moves are counted
by the people moved. One test per failure measured in issue 23."""

from __future__ import annotations

import json
from itertools import combinations, product

import numpy as np
import pytest

from matchmaker.core.clashes import Severity
from matchmaker.core.model import Rules, key
from matchmaker.core.scoring import EventScorer
from matchmaker.imports.importer import read_csv
from matchmaker.pairing import MatrixSource, arrange
from matchmaker.pairing.fewest_clashes import bound, clashes_in, fewest_clashes, fewest_for
from matchmaker.pairing.seating import SeatedRound, Table, seat_event
from matchmaker.pairing.weights import CLASH_TABLE, HIGH_CLASH, Weights
from tests.conftest import REPO

TRAP_ROOM = REPO / "tests" / "fixtures" / "trap_room.csv"


def seated_together(tables: list[dict], a: str, b: str) -> bool:
    return any(a in t["members"] and b in t["members"] for t in tables)


def test_avoid_clashes_seats_lee_and_max_apart_in_the_trap_room(cli) -> None:
    """Moving people away from tablemates they share nothing with put Lee
    (all process) back beside Max (all result) and then said it could not
    be avoided; a clash-free plan exists."""
    plain = cli("pair", TRAP_ROOM, "--format", "json")
    (round_,) = json.loads(plain.out)["rounds"]
    assert seated_together(round_["groups"], "Lee", "Max")  # the trap is real
    careful = cli("pair", TRAP_ROOM, "--avoid-clashes", "--format", "json")
    (round_,) = json.loads(careful.out)["rounds"]
    assert not seated_together(round_["groups"], "Lee", "Max")
    assert not any(w["severity"] == "high" for t in round_["groups"] for w in t["warnings"])
    assert "clash" not in careful.err


def test_moved_people_are_counted_not_moves(cli) -> None:
    """Max and Gus, strangers, both left their table: two people, not one."""
    result = cli("pair", TRAP_ROOM)
    assert "Moved 2 people away from tablemates they share nothing with." in result.out


def test_the_total_after_moving_strangers_is_never_a_share_of_other_tables() -> None:
    """Table scores are means, so moving people between tables of different
    sizes can raise the sum: it once read "total 84 (300.0 % of 28 …)"."""
    tables = (Table(1, (0, 1, 6), 20, (), ()), Table(2, (2, 3, 4, 5), 13, (), ()))
    line = SeatedRound(1, tables, (), (), best_total=30).quality()
    assert line == (
        "lowest table 13/100, total 33 (30 before moving people away from tablemates "
        "they share nothing with)"
    )
    assert "%" not in line


def test_demo_in_fours_over_three_rounds_seats_no_high_clash_when_avoiding() -> None:
    """The rotation was clash-free; moving strangers then seated 6 and 7 high
    clashes in rounds 2 and 3 (one process person among three result people)."""
    scorer = EventScorer(read_csv(REPO / "data" / "demo.csv").profiles)
    seating = seat_event(scorer, Rules(size=4, rounds=3, avoid_clashes=True))
    for round_ in seating.rounds:
        assert not [w for t in round_.tables for w in t.warnings if w.severity is Severity.HIGH]
        assert not [n for n in round_.notes if "clash" in n]


def test_could_not_avoid_is_said_only_with_a_proof(cli, write_csv) -> None:
    """Four people all about the process and two all about the result at two
    tables of three: one table mixes them, two clashes at the least."""
    rows = [
        {"name": name, "interests": "chess", "orientation": side}
        for name, side in zip(
            ["Pia", "Pat", "Per", "Pol", "Rex", "Ron"],
            ["1"] * 4 + ["5"] * 2,  # the ends: one word alone is only a leaning
            strict=True,
        )
    ]
    result = cli("pair", write_csv(rows), "--size", "3", "--avoid-clashes")
    said = [line for line in result.out.splitlines() if "clash between" in line]
    assert said and all(
        line.strip().startswith("note: Could not avoid the high process-vs-result clash")
        and line.endswith(
            "no seating of this round within the rules has fewer than 2 high clashes."
        )
        for line in said
    )


def brute_force_fewest(codes: np.ndarray, sizes: list[int], forbidden: set) -> int | None:
    """Every assignment of people to tables, the fewest clashes among those
    that keep the forbidden pairs apart."""
    n, best = len(codes), None
    for at in product(range(len(sizes)), repeat=n):
        if np.bincount(at, minlength=len(sizes)).tolist() != sizes:
            continue
        groups = [[p for p in range(n) if at[p] == t] for t in range(len(sizes))]
        if any(key(a, b) in forbidden for g in groups for a, b in combinations(g, 2)):
            continue
        found = clashes_in(codes, groups)
        best = found if best is None else min(best, found)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_the_exact_clash_check_agrees_with_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 8
    codes = rng.choice([1, 1, 3, 5, 5], n)
    sizes = [3, 3, 2]
    forbidden = {key(int(a), int(b)) for a, b in rng.integers(0, n, (5, 2)) if a != b}
    found = fewest_clashes(codes, sizes, sorted(forbidden), [])
    expected = brute_force_fewest(codes, sizes, forbidden)
    if expected is None:
        assert found is None
        return
    assert found is not None and found.proven and found.clashes == expected
    assert found.groups is not None and clashes_in(codes, found.groups) == expected
    assert sorted(len(g) for g in found.groups) == sorted(sizes)
    assert not any(key(a, b) in forbidden for g in found.groups for a, b in combinations(g, 2))
    assert bound(sizes, int((codes == 1).sum()), int((codes == 5).sum())) <= expected


def test_high_clashes_run_between_the_two_ends_only() -> None:
    """The exact check counts a table's clashes as one end times the other:
    true while every high clash is between the ends of the scale."""
    high = {(int(a), int(b)) for a, b in np.argwhere(CLASH_TABLE == HIGH_CLASH)}
    assert high == {(1, 5), (5, 1)}


def test_a_kept_clash_is_replaced_when_a_seating_without_it_exists() -> None:
    """A round handed over with a clash that another seating avoids (people
    0 and 1 met before, so only some seatings are allowed): the check seats
    the round without it and proves none is the fewest."""
    scores = np.full((6, 6), 5)
    room = MatrixSource(scores, np.array([1, 5, 1, 5, 3, 3]))
    weights = Weights(room, Rules(size=3, avoid_clashes=True), {key(0, 4)})
    groups, fewest = fewest_for(weights, [(0, 1, 2), (3, 4, 5)], [])
    assert fewest == 0 and clashes_in(room.orientation_code, groups) == 0
    assert sorted(len(g) for g in groups) == [3, 3]
    assert not any({0, 4} <= set(g) for g in groups)


@pytest.mark.parametrize("size", [3, 4])
def test_the_demo_plan_avoiding_clashes_never_beats_the_unconstrained_one(size: int) -> None:
    """In threes the plan with --avoid-clashes totalled 472 and the plan
    without it 458: the planner had left 1.7 % of a room of 40 on the table
    (the milp optimum, 1,509 in pair scores, takes HiGHS minutes here; the
    unconstrained plan now reaches it, bench/pairing.py)."""
    scorer = EventScorer(read_csv(REPO / "data" / "demo.csv").profiles)
    matrix = scorer.matrix()

    def plan(avoid: bool) -> tuple[int, int]:
        (round_,) = arrange(scorer, Rules(size=size, avoid_clashes=avoid))
        pairs = sum(int(matrix[a, b]) for g in round_.groups for a, b in combinations(g, 2))
        return pairs, sum(round_.scores)

    free, careful = plan(False), plan(True)
    assert free[0] >= careful[0] and free[1] >= careful[1]
