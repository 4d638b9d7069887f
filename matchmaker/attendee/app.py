"""The attendee app in a terminal: a Textual ``App`` of its own with only
the attendee's screens (no command palette, no organiser screen reachable),
at the door's kiosk or in one's own terminal (phones get HTML pages:
``serve``). The kiosk goes back to a blank join screen when left idle, and
leaving it needs the organiser's PIN."""

from __future__ import annotations

import time
from enum import StrEnum

from textual import events
from textual.app import App
from textual.binding import Binding

from matchmaker.core.model import Person
from matchmaker.core.pin_guard import PinGuard
from matchmaker.service.self_service import SelfService

KIOSK_IDLE_SECONDS = 120.0  # the kiosk forgets a half-done attendee: the next one waits


class Mode(StrEnum):
    KIOSK = "kiosk"  # on a terminal at the door, one attendee after another
    OWN = "own"  # ``matchmaker me``: in one's own terminal


class AttendeeApp(App[None]):
    TITLE = "Peer Matchmaker"
    CSS_PATH = "attendee.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        service: SelfService,
        mode: Mode,
        address: str = "local",
        person: Person | None = None,
        pin: str | None = None,
        idle: float = KIOSK_IDLE_SECONDS,
    ) -> None:
        super().__init__()
        self.service = service
        self.mode = mode
        self.address = address  # where code tries are counted
        self.person = person
        self.pin_guard = PinGuard(pin) if pin is not None else None
        self.idle = idle
        self.last_input = time.monotonic()
        self.sub_title = service.event

    def on_mount(self) -> None:
        from matchmaker.attendee.screens import HomeScreen, JoinScreen

        self.push_screen(HomeScreen(self.person) if self.person else JoinScreen())
        self.set_interval(min(30.0, max(self.idle / 2, 1.0)), self.end_if_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.last_input = time.monotonic()
        await super().on_event(event)

    def end_if_idle(self) -> None:
        """At the kiosk, a half-done attendee is forgotten; one's own
        terminal is one's own business."""
        if self.mode is Mode.KIOSK and time.monotonic() - self.last_input >= self.idle:
            self.start_over()

    def start_over(self) -> None:
        """Back to a blank join screen, nothing of the last attendee left."""
        from matchmaker.attendee.screens import JoinScreen

        self.person = None
        self.last_input = time.monotonic()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(JoinScreen())

    def show_home(self, person: Person) -> None:
        from matchmaker.attendee.screens import HomeScreen

        self.person = person
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(HomeScreen(person))

    def finished(self) -> None:
        """An attendee saved something: at the kiosk the next one starts
        afresh; elsewhere they go on from their home screen."""
        if self.mode is Mode.KIOSK or self.person is None:
            self.start_over()
        else:
            self.show_home(self.person)

    async def action_quit(self) -> None:
        if self.mode is not Mode.KIOSK:
            self.exit()
            return
        from matchmaker.attendee.screens import PinScreen

        self.push_screen(PinScreen())
