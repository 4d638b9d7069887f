"""One match, explained: who, how well (a bar), why (reasons), and what to
watch out for (warning badges with their message and a question to ask)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, Static

from matchmaker.core.match_view import MatchView
from matchmaker.widgets.badges import WarningBadge
from matchmaker.widgets.score_bar import ScoreBar


class MatchCard(Vertical, can_focus=True):
    DEFAULT_CSS = """
    MatchCard { height: auto; padding: 0 1; margin: 0 0 1 0; border-left: thick $primary-muted; }
    MatchCard:focus { border-left: thick $accent; background: $boost; }
    MatchCard .title { height: 1; }
    MatchCard .name { width: 1fr; text-style: bold; }
    MatchCard ScoreBar { width: 32; }
    MatchCard .reasons { color: $text; }
    MatchCard .contact, MatchCard .points, MatchCard .says { color: $text-muted; }
    MatchCard .warning { height: auto; margin-top: 1; }
    MatchCard .advice { color: $text-muted; padding-left: 2; }
    """

    def __init__(self, rank: int, match: MatchView) -> None:
        super().__init__()
        self.rank = rank
        self.match = match

    def compose(self) -> ComposeResult:
        m = self.match
        with Horizontal(classes="title"):
            yield Label(Content(f"{self.rank}. {m.name}"), classes="name")
            yield ScoreBar(m.score, width=20)
        if m.contact:
            yield Static(Content(f"Contact: {m.contact}"), classes="contact")
        yield Static(Content(m.breakdown), classes="points")
        if m.history:
            yield Static(Content(f"★ {m.history}"), classes="says")
        if m.brings_me:
            yield Static(Content(f"What brings them: {m.brings_me}"), classes="says")
        if m.contribute:
            yield Static(Content(f"They can contribute: {m.contribute}"), classes="says")
        yield Static(Content("\n".join(f"• {reason}" for reason in m.reasons)), classes="reasons")
        for warning in m.warnings:
            with Vertical(classes="warning"):
                yield WarningBadge(warning)
                yield Static(Content(warning.message))
                yield Static(Content(f"→ {warning.advice}"), classes="advice")
