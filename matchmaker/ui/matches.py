"""One person's matches: ranked, with a score bar, the reasons, and warning
badges with their message and a question to ask."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from matchmaker.core.model import PersonId
from matchmaker.core.orientation import MEANING
from matchmaker.ui.base import AppScreen
from matchmaker.widgets.match_card import MatchCard

SHOWN = 10
PAGE = 20  # cards explained at a time when showing everyone


class MatchesScreen(AppScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "more", "Show all"),
        Binding("j,down", "next", "Next", show=False, priority=True),
        Binding("k,up", "previous", "Previous", show=False, priority=True),
    ]

    def __init__(self, person_id: PersonId) -> None:
        super().__init__()
        self.person_id = person_id
        self.limit = SHOWN

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="matches-heading", classes="heading")
        yield VerticalScroll(id="matches")
        yield Static("", id="matches-more", classes="status")
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
        # Everyone's place in the ranking is cheap; cards are explained a page
        # at a time as they come into view, so 10,000 people stay instant.
        self.ranked = session.ranking(self.person_id)
        side = person.orientation.side if person.orientation else None
        leaning = f" · {side.value}: {MEANING[side]}" if side else ""
        self.query_one("#matches-heading", Static).update(
            Content.assemble("Best matches for ", (person.name, "bold"), leaning)
        )
        box = self.query_one("#matches", VerticalScroll)
        box.remove_children()
        self.shown = 0
        if not self.ranked:
            box.mount(Static("Nobody else is in this event yet."))
            return
        self.add_cards(min(self.limit or PAGE, len(self.ranked)))
        first = box.query(MatchCard).first()
        first.focus()

    def add_cards(self, count: int) -> None:
        session, box = self.mm.session, self.query_one("#matches", VerticalScroll)
        page = self.ranked[self.shown : self.shown + count]
        cards = [
            MatchCard(self.shown + n, session.describe(self.person_id, other, score).view())
            for n, (other, score) in enumerate(page, 1)
        ]
        self.shown += len(cards)
        box.mount_all(cards)
        total = len(self.ranked)
        more = (
            f"Showing {self.shown:,} of {total:,}; "
            + ("keep going down for more" if self.limit == 0 else "a shows everyone")
            if self.shown < total
            else f"All {total:,} shown"
        )
        self.query_one("#matches-more", Static).update(Content(more))

    def on_descendant_focus(self) -> None:
        """Near the end of what is shown, show the next page."""
        if self.limit == 0 and self.shown < len(self.ranked):
            cards = list(self.query(MatchCard))
            if cards and self.focused in cards[-3:]:
                self.add_cards(PAGE)

    def action_more(self) -> None:
        self.limit = 0
        if self.shown < len(self.ranked):
            self.add_cards(PAGE)

    def action_next(self) -> None:
        self.focus_next(MatchCard)

    def action_previous(self) -> None:
        self.focus_previous(MatchCard)

    def action_back(self) -> None:
        self.app.pop_screen()
