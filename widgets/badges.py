"""Coloured badges for clash warnings, by severity."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from matchmaker.clashes import Warning

SYMBOL = {"high": "▲", "medium": "◆", "low": "●"}


def badge_text(warning: Warning) -> Content:
    """The short form used in tables: "▲ high process-vs-result"."""
    return Content(
        f"{SYMBOL[warning.severity.value]} {warning.severity.value} {warning.kind.value}"
    )


class WarningBadge(Static):
    DEFAULT_CSS = """
    WarningBadge { width: auto; padding: 0 1; text-style: bold; }
    WarningBadge.-high { background: $error; color: $text; }
    WarningBadge.-medium { background: $warning; color: $background; }
    WarningBadge.-low { background: $primary-muted; color: $text; }
    """

    def __init__(self, warning: Warning) -> None:
        super().__init__(badge_text(warning), classes=f"-{warning.severity.value}")
