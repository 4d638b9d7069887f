"""The pairing board's state without any screen: marks, swaps, undo, and
which rounds are saved as shown."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.core.model import Rules
from matchmaker.core.profiles import Profile
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing.board_state import BoardState, swap_people
from matchmaker.pairing.seating import seat_event

PEOPLE = [
    Profile("Ada", can_teach=("SQL",), want_to_learn=("Rust",)),
    Profile("Bo", can_teach=("Rust",), want_to_learn=("SQL",)),
    Profile("Cy", interests=("chess",)),
    Profile("Di", interests=("chess",)),
    Profile("Ed", interests=("knitting",)),
    Profile("Fay", interests=("knitting",)),
]
SCORER = EventScorer(PEOPLE)


def fresh(rounds: int = 1) -> BoardState:
    return BoardState(seat_event(SCORER, Rules(rounds=rounds)))


def seats(state: BoardState, number: int = 1) -> list[tuple[int, ...]]:
    return [t.members for t in state.round(number).tables]


def test_marking_twice_unmarks() -> None:
    state = fresh().mark(2)
    assert state.marked == 2
    assert state.mark(2).marked is None
    assert state.pair_with_marked(0) == (0, 2) and state.pair_with_marked(2) is None


def test_a_swap_trades_two_seats_rescores_and_can_be_undone() -> None:
    state = fresh()
    before = seats(state)
    a, b = before[0][0], before[1][0]
    swapped = state.mark(a).swap(SCORER, 1, a, b)
    assert swapped.marked is None
    assert seats(swapped) == swap_people(before, a, b)
    assert swapped.round(1).tables[0].score == SCORER.pair(*sorted(seats(swapped)[0]))[0]
    undone = swapped.undo()
    assert seats(undone) == before and not undone.can_undo


def test_saved_means_saved_as_shown() -> None:
    state = fresh(rounds=2).mark_saved(1)
    assert state.is_saved(1) and not state.is_saved(2)
    first, second = seats(state)[0][0], seats(state)[1][0]
    changed = state.swap(SCORER, 1, first, second)
    assert not changed.is_saved(1)  # what is shown is not what was saved
    assert changed.undo().is_saved(1)  # back to exactly what was saved


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=8))
def test_swaps_keep_everyone_seated_once(swaps: list[tuple[int, int]]) -> None:
    state = fresh()
    for a, b in swaps:
        if a != b:
            state = state.swap(SCORER, 1, a, b)
    assert sorted(x for group in seats(state) for x in group) == list(range(6))
    for _ in swaps:
        state = state.undo()
    assert seats(state) == seats(fresh())
