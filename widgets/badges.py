"""Coloured badges for clash warnings, by severity."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from matchmaker.core.clashes import Warning
from matchmaker.core.match_view import WarningView


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
