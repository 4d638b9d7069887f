"""The Textual app: a thin layer over the core. Screens call the store and
the core; widgets only show things and post messages up."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from matchmaker.errors import UserError
from matchmaker.event import Event, load_event
from matchmaker.scoring import EventScorer
from matchmaker.store import Store


class MatchmakerApp(App[None]):
    """Peer Matchmaker in the terminal: one store, one event at a time."""

    TITLE = "Peer Matchmaker"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, store: Store, event: str | None = None, export_dir: Path | None = None):
        super().__init__()
        self.store = store
        self.event_name = event
        self.export_dir = export_dir or Path.cwd()
        self._cache: tuple[str, int, Event, EventScorer] | None = None
        self._version = 0

    def on_mount(self) -> None:
        from matchmaker.ui.events import EventsScreen
        from matchmaker.ui.people import PeopleScreen

        if self.event_name is not None and self.store.has_event(self.event_name):
            self.push_screen(EventsScreen())
            self.push_screen(PeopleScreen())
        else:
            self.event_name = None
            self.push_screen(EventsScreen())
        self.refresh_title()

    # --- the event being worked on ------------------------------------------

    def open_event(self, name: str) -> None:
        from matchmaker.ui.people import PeopleScreen

        self.event_name = name
        self.data_changed()
        self.push_screen(PeopleScreen())

    def close_event(self) -> None:
        self.event_name = None
        self.data_changed()

    def data_changed(self) -> None:
        """Something was written: drop cached scores and refresh the header."""
        self._version += 1
        self._cache = None
        self.refresh_title()

    def current(self) -> tuple[Event, EventScorer]:
        """The open event and its scorer, built once per change."""
        if self.event_name is None:
            raise UserError("No event is open.")
        if self._cache is None or self._cache[:2] != (self.event_name, self._version):
            event = load_event(self.store, self.event_name)
            self._cache = (self.event_name, self._version, event, EventScorer(event.profiles))
        return self._cache[2], self._cache[3]

    def refresh_title(self) -> None:
        if self.event_name is None:
            self.sub_title = "choose an event"
            return
        try:
            count = len(self.current()[0].people)
        except UserError:
            self.sub_title = self.event_name
            return
        self.sub_title = f"{self.event_name} · {count} {'person' if count == 1 else 'people'}"

    def report(self, error: UserError) -> None:
        """A user-caused problem, shown as a notification (never as markup)."""
        self.notify(str(error), title="Cannot do that", severity="error", markup=False, timeout=8)

    # --- help and the command palette -----------------------------------------

    def action_help(self) -> None:
        from matchmaker.ui.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands plus every described binding of the current screen."""
        yield from super().get_system_commands(screen)
        seen = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.description and binding.show and binding.action not in seen:
                seen.add(binding.action)
                yield SystemCommand(
                    binding.description,
                    f"Key: {binding.key_display or key}",
                    partial(active.node.run_action, binding.action),
                )
