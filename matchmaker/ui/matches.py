"""One person's matches: ranked, with a score bar, the reasons, and warning
badges with their message and a question to ask."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from matchmaker.orientation import MEANING
from matchmaker.ui.base import AppScreen
from matchmaker.widgets.match_card import MatchCard

SHOWN = 10


class MatchesScreen(AppScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "more", "Show all"),
        Binding("j,down", "next", "Next", show=False),
        Binding("k,up", "previous", "Previous", show=False),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.limit = SHOWN

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="matches-heading", classes="heading")
        yield VerticalScroll(id="matches")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        session = self.mm.session
        event = session.event
        position = event.position.get(self.person_id)
        if position is None:
            self.app.pop_screen()
            return
        person = event.people[position].profile
        matches = session.matches(position, top=self.limit)
        side = person.orientation.side if person.orientation else None
        leaning = f" · {side.value}: {MEANING[side]}" if side else ""
        more = len(event.people) - 1 - len(matches)
        self.query_one("#matches-heading", Static).update(
            Content.assemble(
                "Best matches for ",
                (person.name, "bold"),
                leaning,
                f"  (a: show all {len(event.people) - 1})" if more > 0 else "",
            )
        )
        box = self.query_one("#matches", VerticalScroll)
        box.remove_children()
        cards = [MatchCard(rank, match) for rank, match in enumerate(matches, 1)]
        if cards:
            box.mount_all(cards)
            cards[0].focus()
        else:
            box.mount(Static("Nobody else is in this event yet."))

    def action_more(self) -> None:
        self.limit = 0
        self.show()

    def action_next(self) -> None:
        self.focus_next(MatchCard)

    def action_previous(self) -> None:
        self.focus_previous(MatchCard)

    def action_back(self) -> None:
        self.app.pop_screen()
