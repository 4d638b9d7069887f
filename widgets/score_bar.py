"""A horizontal bar for a 0–100 score, with the number beside it."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class ScoreBar(Widget):
    DEFAULT_CSS = """
    ScoreBar { height: 1; width: 1fr; color: $success; }
    ScoreBar.-middling { color: $warning; }
    ScoreBar.-weak { color: $text-muted; }
    """

    score: reactive[int] = reactive(0)

    def __init__(self, score: int, width: int = 20, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bar_width = width
        self.score = score

    def watch_score(self, score: int) -> None:
        self.set_class(40 <= score < 60, "-middling")
        self.set_class(score < 40, "-weak")

    def render(self) -> Content:
        number = f" {self.score:>3}/100"
        # The number always shows: in a narrow place the bar gives way.
        room = self.size.width - len(number) if self.size.width else self.bar_width
        width = max(0, min(self.bar_width, room))
        filled = round(self.score * width / 100)
        return Content.assemble(
            ("█" * filled, ""), ("░" * (width - filled), "dim"), (number, "bold")
        )
