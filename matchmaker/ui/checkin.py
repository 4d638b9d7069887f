"""Check-in at the door: type three letters, enter, next — with the running
count. Walk-ins go straight to the intake form and are present on save.
Nothing here acts on a single letter: everything typed is a name."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from matchmaker.core.model import Person, Status
from matchmaker.core.search import PeopleIndex
from matchmaker.ui.base import AppScreen

SHOWN = 8  # candidates listed under the box


class CheckInScreen(AppScreen[None]):
    BINDINGS = [
        Binding("enter", "check_in", "Check in", show=True, priority=True),
        Binding("down", "next", "Next", show=False, priority=True),
        Binding("up", "previous", "Previous", show=False, priority=True),
        Binding("ctrl+n", "walk_in", "Walk-in", priority=True),
        Binding("ctrl+z", "undo", "Undo last", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[Person] = []  # checked in here, newest last (for undo)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="checkin-count", classes="heading")
        yield Input(placeholder="Type a few letters of a name, then enter", id="who")
        yield OptionList(id="candidates")
        yield Static("", id="checkin-last", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#who", Input).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        people = list(self.mm.session.event.people)
        self.people = people
        self.index = PeopleIndex([p.profile for p in people])
        here = sum(p.status is Status.PRESENT for p in people)
        self.query_one("#checkin-count", Static).update(
            Content(f"{here} of {len(people)} here · ctrl+n for a walk-in")
        )
        self.show_candidates(self.query_one("#who", Input).value)

    @on(Input.Changed, "#who")
    def typed(self, event: Input.Changed) -> None:
        self.show_candidates(event.value)

    def show_candidates(self, query: str) -> None:
        options = self.query_one("#candidates", OptionList)
        options.clear_options()
        if not query.strip():
            return
        found = [self.people[i] for i in self.index.filter(query)]
        found.sort(key=lambda p: (p.status is Status.PRESENT, p.name.casefold()))
        for person in found[:SHOWN]:
            status = {Status.PRESENT: " · here", Status.GONE: " · gone home"}.get(person.status, "")
            label = Content.assemble((person.name, "bold"), (status, "dim"))
            options.add_option(Option(label, id=str(person.id)))
        if options.option_count:
            options.highlighted = 0

    def action_next(self) -> None:
        self.query_one("#candidates", OptionList).action_cursor_down()

    def action_previous(self) -> None:
        self.query_one("#candidates", OptionList).action_cursor_up()

    def action_check_in(self) -> None:
        options = self.query_one("#candidates", OptionList)
        if options.highlighted is None or not options.option_count:
            self.say("Nobody matches; ctrl+n adds a walk-in.")
            return
        chosen = options.get_option_at_index(options.highlighted).id
        person = next(p for p in self.people if str(p.id) == chosen)
        session = self.mm.session
        session.check_in([session.event.position[person.id]])
        self.done.append(person)
        self.query_one("#who", Input).value = ""
        self.refresh_list()
        self.say(f"Checked in {person.name}. Next! (ctrl+z undoes)")

    def action_undo(self) -> None:
        if not self.done:
            self.say("Nothing to undo.")
            return
        person = self.done.pop()
        session = self.mm.session
        session.check_in([session.event.position[person.id]], person.status)
        self.refresh_list()
        self.say(f"Undone: {person.name} is {person.status.value.replace('-', ' ')} again.")

    def action_walk_in(self) -> None:
        from matchmaker.ui.intake import IntakeScreen

        self.app.push_screen(IntakeScreen(None, walk_in=True), self.walked_in)

    def walked_in(self, person_id: int | None) -> None:
        if person_id is not None:
            name = next(p.name for p in self.mm.session.event.people if p.id == person_id)
            self.say(f"Welcome, {name}: added and checked in.")

    def say(self, text: str) -> None:
        self.query_one("#checkin-last", Static).update(Content(text))

    def action_back(self) -> None:
        self.app.pop_screen()
