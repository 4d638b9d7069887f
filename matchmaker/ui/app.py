"""The organiser's Textual app: a thin front end. Screens call the
application layer (``Workspace``, ``EventSession``); widgets only show
things and post messages up."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from matchmaker.core.errors import UserError
from matchmaker.service.session import EventSession
from matchmaker.service.watch import LOOK_SECONDS, EventWatcher
from matchmaker.service.workspace import Workspace
from matchmaker.ui.base import EventChanged, user_error


class MatchmakerApp(App[None]):
    """Peer Matchmaker in the terminal: one store, one event at a time."""

    TITLE = "Peer Matchmaker"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("j", "join_link", "Join link for attendees", show=False),
    ]

    def __init__(
        self, workspace: Workspace, event: str | None = None, export_dir: Path | None = None
    ):
        super().__init__()
        self.workspace = workspace
        self.requested = event
        self.export_dir = export_dir or Path.cwd()
        self._session: EventSession | None = None
        self._looking: Timer | None = None  # the one timer that looks for changes on disk

    def on_mount(self) -> None:
        from matchmaker.ui.events import EventsScreen

        if self.requested is not None and self.workspace.has_event(self.requested):
            self.open_event(self.requested)  # the events list is made on the way back
        else:
            self.push_screen(EventsScreen())
        self.refresh_title()

    # --- the event being worked on ------------------------------------------

    @property
    def session(self) -> EventSession:
        """The open event."""
        if self._session is None:
            raise UserError("No event is open.")
        return self._session

    def open_event(self, name: str) -> None:
        from matchmaker.ui.people import PeopleScreen

        self._session = self.workspace.session(name)
        self.follow(self._session)
        self.refresh_title()
        self.push_screen(PeopleScreen())

    def follow(self, session: EventSession | None) -> None:
        """Look for changes to ``session``'s event made by other processes
        (one watcher for every screen); None stops looking."""
        if self._looking is not None:
            self._looking.stop()
            self._looking = None
        if session is not None and session.stored:
            watcher = EventWatcher(session)
            watcher.subscribe(lambda: self.call_from_thread(self.event_changed))

            def look() -> None:  # a stat here; the reading, if any, in a thread
                if watcher.stale():
                    self.run_worker(
                        watcher.look,
                        thread=True,
                        exclusive=True,
                        group="watch",
                        exit_on_error=False,
                    )

            self._looking = self.set_interval(LOOK_SECONDS, look)

    @on(Worker.StateChanged)
    def look_failed(self, message: Worker.StateChanged) -> None:
        """The store could not be read (damaged, or gone): said, not fatal."""
        if message.worker.group == "watch" and message.state is WorkerState.ERROR:
            self.report(user_error(message.worker))

    def event_changed(self) -> None:
        """Tell every screen open on the event (each decides what to redraw)."""
        self.refresh_title()
        for screen in self.screen_stack:
            screen.post_message(EventChanged())

    def leave_event(self) -> None:
        """Back from the event to the list of events (made now when the app
        opened straight on the event: 70 ms less to wait at the start)."""
        from matchmaker.ui.events import EventsScreen

        self._session = None
        self.follow(None)
        self.refresh_title()
        if any(isinstance(screen, EventsScreen) for screen in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(EventsScreen())

    def refresh_title(self) -> None:
        if self._session is None:
            self.sub_title = "choose an event"
            return
        count = len(self._session.event.people)
        self.sub_title = f"{self._session.name} · {count} {'person' if count == 1 else 'people'}"

    def report(self, error: UserError) -> None:
        """A user-caused problem, shown as a notification (never as markup)."""
        self.notify(str(error), title="Cannot do that", severity="error", markup=False, timeout=8)

    # --- help and the command palette -----------------------------------------

    def action_help(self) -> None:
        from matchmaker.ui.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_join_link(self) -> None:
        from matchmaker.ui.join import JoinLinkScreen

        if self._session is None or not self._session.stored:
            self.notify("Open a stored event first: attendees join an event.", severity="warning")
        elif not isinstance(self.screen, JoinLinkScreen):
            self.push_screen(JoinLinkScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands plus every described binding of the current screen."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Join link for attendees", "Key: j", self.action_join_link)
        seen = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.description and binding.show and binding.action not in seen:
                seen.add(binding.action)
                yield SystemCommand(
                    binding.description,
                    f"Key: {binding.key_display or key}",
                    partial(self.run_action, binding.action, active.node),
                )
