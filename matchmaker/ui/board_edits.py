"""Hand edits on the pairing board: mark, swap, undo, lock, unlock and
exclude, on the plan on show (saved rounds stay as they were). Each edit
asks ``BoardState`` for a new state and hands it to the board to draw."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matchmaker.core.errors import UserError
from matchmaker.core.model import PairRule

if TYPE_CHECKING:  # the board builds its parts; only their types point back
    from matchmaker.ui.board import BoardScreen


class PlanEdits:
    def __init__(self, board: BoardScreen) -> None:
        self.board = board

    def mark(self) -> None:
        board = self.board
        state, found = board.editable(), board.tabs.at_cursor()
        if state is None or found is None:
            return
        table, person = found
        if person is None:  # on the table's number or score: its first person
            person = table.members[0]
            board.tabs.table_on_show().move_cursor(column=1)
        board.take(state.mark(person))
        if board.state is not None and board.state.marked is not None:
            board.status(
                f"Marked {board.tabs.person_name(person)}: move to someone and press s, l or x"
            )

    def swap(self) -> None:
        board = self.board
        state, found, seated = board.editable(), board.tabs.at_cursor(), board.tabs.round_on_show()
        if state is None or seated is None:
            return
        if found is None or found[1] is None or state.marked is None:
            board.status("Mark one person with space, move to another and press s to swap them")
            return
        other, marked = found[1], state.marked
        if other == marked:
            return
        board.take(state.swap(board.session.scorer, seated.number, marked, other))
        names = (board.tabs.person_name(marked), board.tabs.person_name(other))
        board.status(f"Swapped {names[0]} and {names[1]} (ctrl+z undoes it)")

    def undo(self) -> None:
        board = self.board
        state = board.editable()
        if state is None:
            return
        if not state.can_undo:
            board.status("Nothing to undo")
            return
        board.take(state.undo())
        board.status("Undone")

    def _pair_at_cursor(self) -> tuple[int, int] | None:
        board = self.board
        found, state = board.tabs.at_cursor(), board.state
        if found is None or state is None:
            return None
        table, person = found
        if person is not None and (pair := state.pair_with_marked(person)) is not None:
            return pair
        if len(table.members) == 2 and state.marked is None:
            a, b = table.members
            return (a, b)
        board.status("Mark one person with space, then move to the other and press the key again")
        return None

    def set_rule(self, rule: PairRule | None, done: str) -> None:
        """Lock or exclude the pair at the cursor (or the marked person and
        the one at the cursor), or clear their rule (``rule`` None)."""
        board = self.board
        if board.editable() is None:
            return
        pair = self._pair_at_cursor()
        if pair is None or board.state is None:
            return
        a, b = (board.tabs.person_name(x) for x in pair)
        try:
            board.session.set_rule(rule, *(board.event.people[x].id for x in pair))
        except UserError as error:
            board.mm.report(error)
            return
        board.take(board.state.unmark())
        board.replan(f"{done} {a} and {b}; paired again with this rule:")  # never broken on show
