"""The attendee's way in and home: join by name or with a personal code,
the intake form, the code shown once, and the home screen's buttons (every
action is a button: a phone has no keys to spare)."""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from matchmaker.attendee.app import Mode
from matchmaker.core.errors import UserError
from matchmaker.core.model import Person, PersonId
from matchmaker.core.profiles import NAME_MAX, Profile
from matchmaker.service.self_service import NO_CODE, show_code
from matchmaker.widgets.intake_form import IntakeForm

if TYPE_CHECKING:
    from matchmaker.attendee.app import AttendeeApp


class AttendeeScreen(Screen[None]):
    @property
    def aa(self) -> AttendeeApp:
        return cast("AttendeeApp", self.app)

    def say(self, where: str, text: str) -> None:
        """An inline error (or nothing) under a field, shown literally."""
        label = self.query_one(where, Label)
        label.update(Content(text))
        label.display = bool(text)


def problem_line(where: str) -> Label:
    label = Label("", id=where, classes="problem -error")
    label.display = False
    return label


class JoinScreen(AttendeeScreen):
    """New here: your name. Been here: your personal code."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="join"):
            yield Static(Content(f"Welcome to {self.aa.service.event}!"), classes="heading")
            yield Label("New here? Your name:", classes="question")
            yield Input(id="join-name", placeholder="your name", max_length=NAME_MAX)
            yield Label("Signed up beforehand? The email you used:", classes="question")
            yield Input(id="join-email", placeholder="optional")
            yield problem_line("join-name-problem")
            with Vertical(classes="actions"):
                yield Button("Start", variant="primary", id="start")
            yield Label("Been here before? Your personal code:", classes="question")
            yield Input(id="join-code", placeholder="e.g. ABCD-EFGH", max_length=20)
            yield problem_line("join-code-problem")
            yield Static(NO_CODE, classes="hint")
            with Vertical(classes="actions"):
                yield Button("Sign in", id="sign-in")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#join-name", Input).focus()

    @on(Input.Submitted, "#join-name")
    @on(Input.Submitted, "#join-email")
    @on(Button.Pressed, "#start")
    def start(self) -> None:
        name = self.query_one("#join-name", Input).value
        email = self.query_one("#join-email", Input).value
        try:
            start = self.aa.service.start(name, email, self.aa.address)
        except UserError as error:
            self.say("#join-name-problem", str(error))
            return
        self.say("#join-name-problem", "")
        self.app.push_screen(
            IntakeScreen(start.profile, start.claim, claim=start.claim is not None)
        )

    @on(Input.Submitted, "#join-code")
    @on(Button.Pressed, "#sign-in")
    def sign_in(self) -> None:
        code = self.query_one("#join-code", Input)
        try:
            person = self.aa.service.sign_in(code.value, self.aa.address)
        except UserError as error:
            self.say("#join-code-problem", str(error))
            return
        code.value = ""
        self.aa.show_home(person)


class IntakeScreen(AttendeeScreen):
    """The intake form for oneself: new, taking a signed-up place, or an edit."""

    BINDINGS = [("ctrl+s", "save", "Save"), ("escape", "back", "Back")]

    def __init__(self, profile: Profile, person_id: PersonId | None, claim: bool = False) -> None:
        super().__init__()
        self.profile = profile
        self.person_id = person_id
        self.claim = claim

    def compose(self) -> ComposeResult:
        heading = (
            "Your answers"
            if self.person_id is not None and not self.claim
            else f"Welcome, {self.profile.name}! A few questions, then your matches."
        )
        yield Header()
        yield IntakeForm(self.profile, heading, self.aa.service.topics(), cancel="Back")
        yield Footer()

    @on(IntakeForm.Save)
    def action_save(self) -> None:
        form = self.query_one(IntakeForm)
        profile = form.checked()
        if profile is None:
            return
        try:
            saved = self.aa.service.save(profile, self.person_id, self.claim, self.aa.address)
        except UserError as error:
            if error.field in ("name", "email"):
                form.show_problems({error.field: str(error)})
            else:
                self.notify(str(error), severity="error", markup=False)
            return
        self.aa.person = saved.person
        if saved.code is not None:
            self.app.push_screen(CodeScreen(saved.code))
        else:
            self.notify("Saved.")
            self.aa.finished()

    @on(IntakeForm.Cancel)
    def action_back(self) -> None:
        self.app.pop_screen()


class CodeScreen(AttendeeScreen):
    """The personal code, shown this once."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="page"):
            yield Static("Saved! Your personal code:", classes="heading")
            yield Static(Content(show_code(self.code)), classes="code", id="code")
            yield Static(
                "Write it down or take a photo: it is shown only this once. With it you "
                "can come back to your matches and your table later.",
                classes="hint",
            )
            with Vertical(classes="actions"):
                yield Button(self.done_label, variant="primary", id="continue")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    @property
    def done_label(self) -> str:
        return "Done: next person" if self.aa.mode is Mode.KIOSK else "See my matches"

    @on(Button.Pressed, "#continue")
    def go_on(self) -> None:
        from matchmaker.attendee.views import MatchesScreen

        if self.aa.mode is Mode.KIOSK or self.aa.person is None:
            self.aa.start_over()
            return
        self.aa.show_home(self.aa.person)
        self.app.push_screen(MatchesScreen(self.aa.person))


class HomeScreen(AttendeeScreen):
    """What an attendee can do, one button each."""

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home"):
            yield Static(Content(f"Hello, {self.person.name}!"), classes="heading")
            with Vertical(classes="actions"):
                yield Button("My matches", variant="primary", id="go-matches")
                yield Button("My table", id="go-table")
                yield Button("Round feedback", id="go-feedback")
                yield Button("My history", id="go-history")
                yield Button("Edit my answers", id="go-edit")
                yield Button("Done" if self.aa.mode is Mode.KIOSK else "Quit", id="go-done")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#go-matches", Button).focus()

    @on(Button.Pressed, "#go-matches")
    def matches(self) -> None:
        from matchmaker.attendee.views import MatchesScreen

        self.app.push_screen(MatchesScreen(self.person))

    @on(Button.Pressed, "#go-table")
    def table(self) -> None:
        from matchmaker.attendee.views import TableScreen

        self.app.push_screen(TableScreen(self.person))

    @on(Button.Pressed, "#go-feedback")
    def feedback(self) -> None:
        from matchmaker.attendee.views import FeedbackScreen

        self.app.push_screen(FeedbackScreen(self.person))

    @on(Button.Pressed, "#go-history")
    def history(self) -> None:
        from matchmaker.attendee.views import HistoryScreen

        self.app.push_screen(HistoryScreen(self.person))

    @on(Button.Pressed, "#go-edit")
    def edit(self) -> None:
        try:
            person = self.aa.service.person(self.person.id)
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.app.push_screen(IntakeScreen(person.profile, person.id))

    @on(Button.Pressed, "#go-done")
    def done(self) -> None:
        if self.aa.mode is Mode.KIOSK:
            self.aa.start_over()
        else:
            self.app.exit()


class PinScreen(ModalScreen[None]):
    """Leaving the kiosk: only with the organiser's PIN."""

    BINDINGS = [("escape", "dismiss", "Back")]

    def compose(self) -> ComposeResult:
        with Vertical(id="page", classes="dialog"):
            yield Label("Organiser's PIN to close the kiosk:", classes="question")
            yield Input(id="pin", password=True, max_length=12)
            yield problem_line("pin-problem")
            with Vertical(classes="actions"):
                yield Button("Close the kiosk", variant="error", id="close")
                yield Button("Back", id="back")

    @on(Input.Submitted)
    @on(Button.Pressed, "#close")
    def close(self) -> None:
        guard = cast("AttendeeApp", self.app).pin_guard
        pin = self.query_one("#pin", Input)
        typed, pin.value = pin.value, ""
        waiting = guard is not None and guard.wait_left() > 0
        if guard is not None and guard.attempt(typed):
            self.app.exit()
            return
        left = 0.0 if guard is None else guard.wait_left()
        label = self.query_one("#pin-problem", Label)
        if waiting:
            label.update(f"Too many wrong tries: wait {ceil(left)} s, then try again.")
        elif left > 0:
            label.update(f"That is not the PIN. Too many wrong tries: wait {ceil(left)} s.")
        else:
            label.update("That is not the PIN.")
        label.display = True

    @on(Button.Pressed, "#back")
    def back(self) -> None:
        self.dismiss()
