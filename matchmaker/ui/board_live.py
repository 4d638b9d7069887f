"""The pairing board during the evening: seat latecomers and re-seat the
partners of leavers in the round in progress, rate tables afterwards, show
the round on a projector, and list the organiser's rules to remove one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from matchmaker.core.errors import UserError
from matchmaker.core.model import PairRule, PersonId, Status
from matchmaker.service.evening import TableChange
from matchmaker.service.session import EventSession
from matchmaker.ui.base import AppModal
from matchmaker.ui.dialogs import ConfirmScreen

if TYPE_CHECKING:  # the board builds its parts; only their types point back
    from matchmaker.ui.board import BoardScreen


class EveningDesk:
    def __init__(self, board: BoardScreen) -> None:
        self.board = board

    # --- latecomers and leavers ---------------------------------------------------

    def waiting(self) -> list[PersonId]:
        """The ids of everyone checked in but not at a table of the last saved round."""
        event = self.board.session.event
        if not event.rounds:
            return []
        seated = {i for g in event.rounds[-1].groups for i in g}
        return [p.id for p in event.people if p.status is Status.PRESENT and p.id not in seated]

    async def latecomers(self) -> None:
        """Seat everyone waiting (read afresh: people may have checked in at
        the door's kiosk a moment ago)."""
        board = self.board
        session = board.session
        if not session.reload().rounds:
            board.status("Save a round first; latecomers are seated into the last saved one")
            return
        late = self.waiting()
        if not late:
            board.status(
                "No latecomers: everyone checked in has a table "
                "(people check in at the door: esc, then c)"
            )
            return
        try:
            changes, waiting = session.seat_latecomers(late)
        except UserError as error:
            board.status(str(error))
            return
        placed = len(late) - len(waiting)
        await self._after_change(
            changes, waiting, f"Seated {placed} latecomer{'s' if placed != 1 else ''}"
        )

    async def gone(self) -> None:
        """The person under the cursor went home: their tablemate is re-seated."""
        board = self.board
        found = board.tabs.at_cursor()
        if found is None or found[1] is None:
            board.status("Move to the person who left, then press g")
            return
        name = board.tabs.person_name(found[1])
        person = self._ids([found[1]])
        if not person:
            board.status(f"{name} is no longer in the event")
            return
        changes, waiting = board.session.leave(person[0])
        done = await self._after_change(changes, waiting, f"{name} went home")
        if board.state is not None and board.state.unsaved().rounds:
            board.replan(f"{done} Paired again without them:")  # the plan seats them no more

    def _ids(self, members: list[int] | tuple[int, ...]) -> list[PersonId]:
        """The ids of a table's people still in the event (the board shows
        people by their position; those removed since come after the rest)."""
        people = self.board.session.event.people
        return [people[m].id for m in members if m < len(people)]

    async def _after_change(self, changes: list[TableChange], waiting: list[str], done: str) -> str:
        board = self.board
        await board.show_rounds()
        tables = "; ".join(f"table {c.number}: {', '.join(c.names) or 'empty'}" for c in changes)
        waits = f" · waiting for the next round: {', '.join(waiting)}" if waiting else ""
        said = f"{done}; nobody else moved. {tables}{waits}"
        board.status(said)
        board.notify(f"{done}. {tables}{waits}", title="Round updated", markup=False)
        return said

    # --- ratings, the projector, the rules ------------------------------------------

    async def rate(self, rating: int) -> None:
        """Rate the time together of the table under the cursor (a saved round)."""
        board = self.board
        seated, found = board.tabs.round_on_show(), board.tabs.at_cursor()
        if not board.tabs.is_past() or seated is None or found is None:
            board.status("Rate a table of a saved round: open its tab, move to it, press 1-5")
            return
        table = found[0]
        try:
            board.session.rate_table(seated.number, self._ids(table.members), rating)
        except UserError as error:
            board.status(str(error))
            return
        after = " They will not be seated together again." if rating <= 2 else ""
        await board.event_changed()  # the rating shows on its table at once
        board.status(f"Table {table.number} of round {seated.number} rated {rating}/5.{after}")

    def project(self) -> None:
        from matchmaker.ui.projector import ProjectorScreen

        board = self.board
        seated, seating = board.tabs.round_on_show(), board.tabs.seating_on_show()
        plan = (seating, seated) if seated and seating and not board.tabs.is_past() else None
        board.app.push_screen(ProjectorScreen(plan))  # the saved round; the plan on p

    def rules(self) -> None:
        """The rules, to remove one; the board says which went."""
        board = self.board

        def removed(names: str | None) -> None:
            if names:
                board.replan(f"Removed the rule between {names}; paired again:")

        board.app.push_screen(RulesScreen(board.session), removed)


class RulesScreen(AppModal[str | None]):
    """The organiser's locks and exclusions; enter removes the chosen one."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, session: EventSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        event = self.session.event
        rules = [(PairRule.LOCK, p) for p in sorted(event.locks)]
        rules += [(PairRule.EXCLUDE, p) for p in sorted(event.excludes)]
        self.rules = rules
        with Vertical(classes="dialog"):
            yield Label("Rules for pairing (enter removes the chosen one)", classes="heading")
            options = [
                Option(
                    Content.assemble(
                        (
                            "always together: " if rule is PairRule.LOCK else "never together: ",
                            "bold",
                        ),
                        f"{event.people[a].name} and {event.people[b].name}",
                    ),
                    id=str(n),
                )
                for n, (rule, (a, b)) in enumerate(rules)
            ]
            yield OptionList(*options, id="rules")
            if not rules:
                yield Label("No rules yet: l locks a pair, x excludes one.", classes="hint")
            if event.never:
                yield Label(
                    f"{len(event.never)} pair(s) rated their time 1-2 are never seated together.",
                    classes="hint",
                )

    @on(OptionList.OptionSelected)
    @work
    async def remove_rule(self, message: OptionList.OptionSelected) -> None:
        _, (a, b) = self.rules[int(message.option.id or 0)]
        people = self.session.event.people
        names = f"{people[a].name} and {people[b].name}"
        if await self.app.push_screen_wait(
            ConfirmScreen(f"Remove the rule for {names}?", "Remove")
        ):
            self.session.set_rule(None, people[a].id, people[b].id)
            self.dismiss(names)

    def action_close(self) -> None:
        self.dismiss(None)
