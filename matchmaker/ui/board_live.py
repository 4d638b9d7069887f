"""The pairing board during the evening: seat latecomers and re-seat the
partners of leavers in the round in progress, rate tables afterwards, show
the round on a projector, and list the organiser's rules to remove one.
Mixed into ``BoardScreen``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from matchmaker.core.errors import UserError
from matchmaker.core.model import PairRule, PersonId, Status
from matchmaker.pairing.seating import SeatedRound, Seating, Table
from matchmaker.service.evening import TableChange
from matchmaker.service.session import EventSession
from matchmaker.ui.base import AppModal
from matchmaker.ui.dialogs import ConfirmScreen


class BoardLive:
    """Needs from the board: the session, the round and person under the
    cursor, and a way to redraw (declared for the type checker only, so
    nothing here hides Textual's own methods)."""

    if TYPE_CHECKING:
        app: App[None]

        @property
        def session(self) -> EventSession: ...

        def current_round(self) -> SeatedRound | None: ...

        def on_show(self) -> Seating | None: ...

        def is_past(self) -> bool: ...

        def cursor_person(self) -> tuple[Table, int | None] | None: ...

        def status(self, text: str) -> None: ...

        async def show_rounds(self) -> None: ...

    # --- latecomers and leavers ---------------------------------------------------

    async def action_latecomers(self) -> None:
        """Everyone checked in but not at a table of the last saved round
        (read afresh: people may have checked in at the door's kiosk)."""
        session = self.session
        event = session.reload()
        if not event.rounds:
            self.status("Save a round first; latecomers are seated into the last saved one")
            return
        seated = {i for g in event.rounds[-1].groups for i in g}
        late = [p.id for p in event.people if p.status is Status.PRESENT and p.id not in seated]
        if not late:
            self.status("No latecomers: everyone checked in has a table (c checks people in)")
            return
        try:
            changes, waiting = session.seat_latecomers(late)
        except UserError as error:
            self.status(str(error))
            return
        placed = len(late) - len(waiting)
        await self._after_change(
            changes, waiting, f"Seated {placed} latecomer{'s' if placed != 1 else ''}"
        )

    async def action_gone(self) -> None:
        """The person under the cursor went home: their tablemate is re-seated."""
        found = self.cursor_person()
        if found is None or found[1] is None:
            self.status("Move to the person who left, then press g")
            return
        seating = self.on_show()
        name = seating.name(found[1]) if seating else ""
        person = self._ids([found[1]])
        if not person:
            self.status(f"{name} is no longer in the event")
            return
        changes, waiting = self.session.leave(person[0])
        await self._after_change(changes, waiting, f"{name} went home")

    def _ids(self, members: list[int] | tuple[int, ...]) -> list[PersonId]:
        """The ids of a table's people still in the event (the board shows
        people by their position; those removed since come after the rest)."""
        people = self.session.event.people
        return [people[m].id for m in members if m < len(people)]

    async def _after_change(
        self, changes: list[TableChange], waiting: list[str], done: str
    ) -> None:
        await self.show_rounds()
        tables = "; ".join(f"table {c.number}: {', '.join(c.names) or 'empty'}" for c in changes)
        waits = f" · waiting for the next round: {', '.join(waiting)}" if waiting else ""
        self.status(f"{done}; nobody else moved. {tables}{waits}")
        self.app.notify(f"{done}. {tables}{waits}", title="Round updated", markup=False)

    # --- ratings, the projector, the rules ------------------------------------------

    def action_rate(self, rating: int) -> None:
        """Rate the time together of the table under the cursor (a saved round)."""
        seated, found = self.current_round(), self.cursor_person()
        if not self.is_past() or seated is None or found is None:
            self.status("Rate a table of a saved round: open its tab, move to it, press 1-5")
            return
        table = found[0]
        try:
            self.session.rate_table(seated.number, self._ids(table.members), rating)
        except UserError as error:
            self.status(str(error))
            return
        after = " They will not be seated together again." if rating <= 2 else ""
        self.status(f"Table {table.number} of round {seated.number} rated {rating}/5.{after}")

    def action_project(self) -> None:
        from matchmaker.ui.projector import ProjectorScreen

        seated, seating = self.current_round(), self.on_show()
        plan = (seating, seated) if seated and seating and not self.is_past() else None
        self.app.push_screen(ProjectorScreen(plan))  # the saved round; the plan on p

    @work
    async def action_rules(self) -> None:
        removed = await self.app.push_screen_wait(RulesScreen(self.session))
        if removed:
            self.status(f"Removed the rule between {removed}; press r to pair again")


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
