"""Hand edits on the pairing board: mark, swap, undo, lock, unlock and
exclude, on the plan on show (saved rounds stay as they were). Mixed into
``BoardScreen``; the plan itself is a ``BoardState``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matchmaker.core.errors import UserError
from matchmaker.core.model import Event, PairRule
from matchmaker.pairing.board_state import BoardState
from matchmaker.pairing.seating import SeatedRound, Table
from matchmaker.service.session import EventSession

if TYPE_CHECKING:
    from textual.app import App

    from matchmaker.ui.app import MatchmakerApp
    from matchmaker.widgets.round_table import RoundTable


class BoardEdits:
    """Needs from the board (declared for the type checker only)."""

    state: BoardState | None

    if TYPE_CHECKING:
        app: App[None]

        @property
        def mm(self) -> MatchmakerApp: ...

        @property
        def session(self) -> EventSession: ...

        @property
        def event(self) -> Event: ...

        def current_round(self) -> SeatedRound | None: ...

        def current_table(self) -> RoundTable: ...

        def cursor_person(self) -> tuple[Table, int | None] | None: ...

        def is_past(self) -> bool: ...

        def status(self, text: str) -> None: ...

        def _draw(self, table: RoundTable, seated: SeatedRound | None = None) -> None: ...

        def _describe_table(self) -> None: ...

        def _retitle(self, number: int) -> None: ...

    def _show(self, state: BoardState) -> None:
        """Take a new state and redraw the round on show."""
        self.state = state
        seated = self.current_round()
        if seated is None or self.is_past():
            return
        self._retitle(seated.number)
        self._draw(self.current_table(), seated)
        self._describe_table()

    def _editable(self) -> BoardState | None:
        if self.is_past():
            self.status("Saved rounds stay as they were; press r for a new round to change")
            return None
        return self.state

    def action_mark(self) -> None:
        state, found = self._editable(), self.cursor_person()
        if state is None or found is None:
            return
        table, person = found
        if person is None:  # on the table's number or score: its first person
            person = table.members[0]
            self.current_table().move_cursor(column=1)
        self._show(state.mark(person))
        if self.state is not None and self.state.marked is not None:
            name = self.event.people[person].name
            self.status(f"Marked {name}: move to someone and press s, l or x")

    def action_swap(self) -> None:
        state, found, seated = self._editable(), self.cursor_person(), self.current_round()
        if state is None or seated is None:
            return
        if found is None or found[1] is None or state.marked is None:
            self.status("Mark one person with space, move to another and press s to swap them")
            return
        other, marked = found[1], state.marked
        if other == marked:
            return
        self._show(state.swap(self.session.scorer, seated.number, marked, other))
        names = (self.event.people[marked].name, self.event.people[other].name)
        self.status(f"Swapped {names[0]} and {names[1]} (ctrl+z undoes it)")

    def action_undo(self) -> None:
        state = self._editable()
        if state is None:
            return
        if not state.can_undo:
            self.status("Nothing to undo")
            return
        self._show(state.undo())
        self.status("Undone")

    def _pair_at_cursor(self) -> tuple[int, int] | None:
        found, state = self.cursor_person(), self.state
        if found is None or state is None:
            return None
        table, person = found
        if person is not None and (pair := state.pair_with_marked(person)) is not None:
            return pair
        if len(table.members) == 2 and state.marked is None:
            a, b = table.members
            return (a, b)
        self.status("Mark one person with space, then move to the other and press the key again")
        return None

    def _set_rule(self, rule: PairRule | None, done: str) -> None:
        if self._editable() is None:
            return
        pair = self._pair_at_cursor()
        if pair is None or self.state is None:
            return
        a, b = (self.event.people[x].name for x in pair)
        try:
            self.session.set_rule(rule, *(self.event.people[x].id for x in pair))
        except UserError as error:
            self.mm.report(error)
            return
        self._show(self.state.unmark())
        self.status(f"{done} {a} and {b}")
        self.app.notify(f"{done} {a} and {b}. Press r to pair again with this rule.", markup=False)

    def action_lock(self) -> None:
        self._set_rule(PairRule.LOCK, "Locked")

    def action_unlock(self) -> None:
        self._set_rule(None, "Cleared the rules between")

    def action_exclude(self) -> None:
        self._set_rule(PairRule.EXCLUDE, "Excluded")
