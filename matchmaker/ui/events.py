"""The event picker: open, create, rename or delete an event; an empty store
offers the demo event. Letters typed here find an event (they never act:
someone typing a name on the wrong screen must not rename anything)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from matchmaker.core.errors import UserError
from matchmaker.service.workspace import DEMO_EVENT
from matchmaker.ui.base import AppScreen
from matchmaker.ui.dialogs import ConfirmScreen, NameScreen


class EventsScreen(AppScreen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
        Binding("ctrl+n", "new", "New event", priority=True),
        Binding("f2", "rename", "Rename"),
        Binding("ctrl+delete,f8", "delete", "Delete", key_display="f8"),
        Binding("ctrl+t", "demo", "Demo event", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="events-hint", classes="hint")
        yield Input(placeholder="Type to find an event", id="find")
        yield OptionList(id="events")
        yield Footer()

    @on(Input.Changed, "#find")
    def find(self) -> None:
        self.reload()

    def action_move(self, step: int) -> None:
        options = self.query_one("#events", OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def on_screen_resume(self) -> None:
        """Shown for the first time, or again after an event was closed."""
        self.reload()

    def reload(self, select: str | None = None) -> None:
        wanted = self.query_one("#find", Input).value.strip().casefold()
        events = [e for e in self.mm.workspace.events() if wanted in e.name.casefold()]
        options = self.query_one("#events", OptionList)
        options.clear_options()
        for info in events:
            label = Content.assemble(
                (info.name, "bold"),
                (f" · {info.people} {'person' if info.people == 1 else 'people'}", "dim"),
                f", {info.rounds} saved round{'s' if info.rounds != 1 else ''}"
                if info.rounds
                else "",
            )
            options.add_option(Option(label, id=info.name))
        hint = self.query_one("#events-hint", Static)
        if events:
            hint.update(
                "Choose an event and press enter. ctrl+n new · f2 rename · f8 delete · ctrl+t demo"
            )
            names = [e.name for e in events]
            options.highlighted = names.index(select) if select in names else 0
        elif wanted:
            hint.update("No event has that in its name. ctrl+n starts a new one.")
        else:
            hint.update(
                "No events yet. Press ctrl+t to load the demo event (40 fictional attendees), "
                "or ctrl+n to start a new one and add people to it."
            )
        self.query_one("#find", Input).focus()

    def _selected(self) -> str | None:
        options = self.query_one("#events", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.mm.open_event(event.option.id)

    def action_open(self) -> None:
        name = self._selected()
        if name is not None:
            self.mm.open_event(name)

    @work
    async def action_new(self) -> None:
        name = await self.app.push_screen_wait(NameScreen("Name of the new event:"))
        if name is None:
            return
        try:
            name = self.mm.workspace.create_event(name)
        except UserError as error:
            self.mm.report(error)
            return
        self.mm.open_event(name)

    @work
    async def action_rename(self) -> None:
        old = self._selected()
        if old is None:
            return
        new = await self.app.push_screen_wait(NameScreen(f"New name for {old}:", old))
        if new is None or new == old:
            return
        try:
            new = self.mm.workspace.rename_event(old, new)
        except UserError as error:
            self.mm.report(error)
            return
        self.reload(select=new)
        self.notify(f"Renamed to {new}", markup=False)

    @work
    async def action_delete(self) -> None:
        name = self._selected()
        if name is None:
            return
        question = Content.assemble(
            "Delete the event ", (name, "bold"), " with everyone in it and its saved rounds?"
        )
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            self.mm.workspace.delete_event(name)
            self.reload()
            self.notify(f"Deleted {name}", markup=False)

    def action_demo(self) -> None:
        workspace = self.mm.workspace
        self.mm.open_event(DEMO_EVENT if workspace.has_event(DEMO_EVENT) else workspace.load_demo())
