"""Check-in at the door: type three letters, enter, next — with the running
count. Names come first and a topic match says so; enter checks in only a
sure match (otherwise ↑/↓ choose). Walk-ins go straight to the intake form
and are present on save; ctrl+k gives the chosen person a personal code
(someone who signed up without an email gets in on the link with it).
Nothing here acts on a single letter: everything typed is a name."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from matchmaker.core.model import Person, Status
from matchmaker.core.profiles import Profile
from matchmaker.core.search import DoorIndex, DoorMatch, Tier, sure_match
from matchmaker.service.self_service import show_code
from matchmaker.ui.base import AppScreen, EventChanged

SHOWN = 8  # candidates listed under the box


class CheckInScreen(AppScreen[None]):
    BINDINGS = [
        Binding("enter", "check_in", "Check in", show=True, priority=True),
        Binding("down", "next", "Next", show=False, priority=True),
        Binding("up", "previous", "Previous", show=False, priority=True),
        Binding("ctrl+n", "walk_in", "Walk-in", priority=True),
        Binding("ctrl+z", "undo", "Undo last", priority=True),
        Binding("ctrl+k", "give_code", "Personal code", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[Person] = []  # checked in here, newest last (for undo)
        self.shown = ""  # the query the list was made for
        self.indexed: list[Profile] | None = None  # the profiles the index was made of

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

    @on(EventChanged)
    def event_changed(self) -> None:
        """Someone checked in elsewhere (a kiosk, another shell): the count
        follows, and the candidate chosen stays chosen."""
        options = self.query_one("#candidates", OptionList)
        chosen = options.highlighted_option.id if options.highlighted_option else None
        self.refresh_list()
        if chosen is not None and chosen in {o.id for o in options.options}:
            options.highlighted = options.get_option_index(chosen)

    def refresh_list(self) -> None:
        people = list(self.mm.session.event.people)
        self.people = people
        profiles = [p.profile for p in people]
        if profiles != self.indexed:  # a check-in changes a status, not what is searched
            self.index, self.indexed = DoorIndex(profiles), profiles
        here = sum(p.status is Status.PRESENT for p in people)
        self.query_one("#checkin-count", Static).update(
            Content(f"{here} of {len(people)} here · ctrl+n for a walk-in")
        )
        self.show_candidates(self.query_one("#who", Input).value)

    @on(Input.Changed, "#who")
    def typed(self, event: Input.Changed) -> None:
        self.show_candidates(event.value)

    def show_candidates(self, query: str) -> None:
        """Names first (whole, then beginning, then with a slip), topics
        last and labelled; the highlight only on a sure match."""
        options = self.query_one("#candidates", OptionList)
        options.clear_options()
        self.shown = query
        found = self.index.find(query)
        found.sort(key=lambda m: (m.tier, self.people[m.position].status is Status.PRESENT))
        for match in found[:SHOWN]:
            label = self.label(match, query)
            options.add_option(Option(label, id=str(self.people[match.position].id)))
        sure = sure_match(found)
        options.highlighted = 0 if sure is not None else None
        if query.strip():
            self.say(self.hint(query, found, sure))

    def label(self, match: DoorMatch, query: str) -> Content:
        person = self.people[match.position]
        status = {Status.PRESENT: " · here", Status.GONE: " · gone home"}.get(person.status, "")
        why = ""
        if match.tier is Tier.TOPIC:
            why = " · topic: " + ", ".join(self.index.topics_matching(match.position, query))
        return Content.assemble((person.name, "bold"), (status, "dim"), (why, "italic"))

    def hint(self, query: str, found: list[DoorMatch], sure: DoorMatch | None) -> Content:
        if sure is not None:
            return Content.assemble("enter checks in ", (self.people[sure.position].name, "bold"))
        if not found:
            return Content.assemble(
                "Nobody is called ", (query.strip(), "bold"), "; ctrl+n adds a walk-in"
            )
        if found[0].tier is Tier.TOPIC:
            return Content.assemble(
                "No name begins with ",
                (query.strip(), "bold"),
                "; listed for a topic. ↓ chooses one",
            )
        best = sum(m.tier == found[0].tier for m in found)
        shown = f" ({SHOWN} shown)" if best > SHOWN else ""
        return Content(f"{best} names fit{shown}: type more, or ↓ to choose one, then enter")

    def action_next(self) -> None:
        self.query_one("#candidates", OptionList).action_cursor_down()

    def action_previous(self) -> None:
        self.query_one("#candidates", OptionList).action_cursor_up()

    def chosen(self) -> Person | None:
        """The candidate chosen, or None with a hint why there is none."""
        options = self.query_one("#candidates", OptionList)
        query = self.query_one("#who", Input).value
        if query != self.shown:  # enter came before the list caught up with the typing
            self.show_candidates(query)
        if options.highlighted is None or not options.option_count:
            found = self.index.find(query)
            self.say(
                self.hint(query, found, None) if query.strip() else Content("Type a name first")
            )
            return None
        chosen = options.get_option_at_index(options.highlighted).id
        return next(p for p in self.people if str(p.id) == chosen)

    def action_give_code(self) -> None:
        """A personal code for the person in front of the organiser: how
        someone who signed up without an email (or lost their code) gets in
        on the link or the kiosk."""
        person = self.chosen()
        if person is None:
            return
        code = show_code(self.mm.session.give_code(person.id))
        self.say(
            Content.assemble(
                "Personal code for ",
                (person.name, "bold"),
                ": ",
                (code, "bold"),
                " — tell them once; they sign in with it on the link or the kiosk "
                "(an earlier code stops working)",
            )
        )

    def action_check_in(self) -> None:
        person = self.chosen()
        if person is None:
            return
        if person.status is Status.PRESENT:
            self.say(Content(f"{person.name} is already here. Type the next name"))
            return
        self.mm.session.check_in([person.id])
        self.done.append(person)
        self.query_one("#who", Input).value = ""
        self.refresh_list()
        self.say(Content(f"Checked in {person.name}. Next! (ctrl+z undoes)"))

    def action_undo(self) -> None:
        if not self.done:
            self.say(Content("Nothing to undo."))
            return
        person = self.done.pop()
        self.mm.session.check_in([person.id], person.status)
        self.refresh_list()
        self.say(
            Content(f"Undone: {person.name} is {person.status.value.replace('-', ' ')} again.")
        )

    def action_walk_in(self) -> None:
        from matchmaker.ui.intake import IntakeScreen

        self.app.push_screen(IntakeScreen(None, walk_in=True), self.walked_in)

    def walked_in(self, person_id: int | None) -> None:
        if person_id is not None:
            name = next(p.name for p in self.mm.session.event.people if p.id == person_id)
            welcome = f"Welcome, {name}: added and checked in. Type the next name."
            self.say(Content(welcome))
            self.notify(welcome, markup=False)

    def say(self, text: Content) -> None:
        self.query_one("#checkin-last", Static).update(text)

    def action_back(self) -> None:
        self.app.pop_screen()
