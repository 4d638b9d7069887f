"""The skills market: for each topic, how many want to learn it against how
many can teach it, side by side on one scale; a topic nobody can teach is
highlighted and says so in words ("▲ nobody")."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from matchmaker.core.overview import TopicCount
from matchmaker.widgets.bar_chart import Chart, bar, fit, label_width

NOBODY = "▲ nobody"


class MarketChart(Chart):
    def __init__(
        self,
        topics: Sequence[TopicCount] = (),
        *,
        empty: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.topics = tuple(topics)
        self.empty = empty or "Nobody has said what they want to learn yet."

    def show(self, topics: Sequence[TopicCount]) -> None:
        self.topics = tuple(topics)
        self.refresh(layout=True)

    def sentences(self) -> list[str]:
        return [t.sentence() for t in self.topics] or [self.empty]

    def rows(self) -> int:
        return 1 + len(self.topics) if self.topics else 1

    def draw(self, width: int) -> Content:
        if not self.topics:
            return Content.styled(self.empty, "dim")
        labels = label_width([t.topic for t in self.topics], width, share=0.34)
        digits = max(len(str(max(t.want_to_learn, t.can_teach))) for t in self.topics)
        half = max(len(NOBODY) + 1, (width - labels - 2) // 2)
        room = max(1, half - digits - 3)  # a blank before the next column
        top = max(max(t.want_to_learn, t.can_teach) for t in self.topics)
        lines = [
            Content.assemble(
                " " * (labels + 1),
                (fit("want to learn", half), "bold"),
                (fit("can teach", half).rstrip(), "bold"),
            )
        ]
        for t in self.topics:
            wanted = Content.assemble(
                f"{t.want_to_learn:>{digits}} ", (bar(t.want_to_learn, top, room), "$primary")
            )
            if t.unmet:
                taught = Content.styled(NOBODY, "bold $warning")
            else:
                taught = Content.assemble(
                    f"{t.can_teach:>{digits}} ", (bar(t.can_teach, top, room), "$success")
                )
            lines.append(
                Content.assemble(
                    (fit(t.topic, labels), "bold $warning" if t.unmet else ""),
                    " ",
                    wanted.pad_right(max(0, half - wanted.cell_length)),
                    taught,
                )
            )
        return Content("\n").join(lines)
