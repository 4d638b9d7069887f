"""Coloured badges for clash warnings, by severity, and the mark of people
who joined by themselves."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from matchmaker.core.clashes import Warning
from matchmaker.core.match_view import WarningView

# Someone who added themselves (the attendee pages, the kiosk), until the
# organiser checks them in at the door: marked on the people list and the board.
JOINED_MARK = "✚"
JOINED_NOTE = "joined through the link; not yet checked in at the door"


def badge_text(warning: Warning) -> Content:
    """The short form used in tables: "▲ high · pace: journey vs destination"."""
    return Content(f"{warning.severity.symbol} {warning.headline}")


class WarningBadge(Static):
    DEFAULT_CSS = """
    WarningBadge { width: auto; padding: 0 1; text-style: bold; }
    WarningBadge.-high { background: $error; color: $text; }
    WarningBadge.-medium { background: $warning; color: $background; }
    WarningBadge.-low { background: $primary-muted; color: $text; }
    """

    def __init__(self, warning: WarningView) -> None:
        super().__init__(Content(warning.badge), classes=f"-{warning.severity}")
