"""The Textual app: a thin layer over the core; screens call the store and
the core, widgets only show and post messages."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from matchmaker.store import Store


class MatchmakerApp(App[None]):
    TITLE = "Peer Matchmaker"

    def __init__(self, store: Store, event: str | None = None):
        super().__init__()
        self.store = store
        self.event = event

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Orientation", "Interests")
        events = self.store.event_names()
        event = self.event or (events[0] if events else None)
        if event is None:
            return
        self.sub_title = event
        for person in self.store.people(event):
            p = person.profile
            table.add_row(
                Text(p.name),
                Text(p.orientation_word or "—"),
                Text(", ".join(p.interests)),
                key=str(person.id),
            )
