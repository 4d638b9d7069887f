"""Bar charts drawn with text, and their plain-text fallback.

Every chart can show itself as sentences instead ("Rust: 4 want to learn it,
nobody can teach it."), one a line, for a screen reader or a narrow
terminal: set ``text_only``. In chart form each row reads label, number,
bar, so the numbers come before the drawing there too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

EIGHTHS = " ▏▎▍▌▋▊▉"
MIN_BAR = 4  # cells a bar keeps however narrow the chart


def bar(value: float, maximum: float, width: int) -> str:
    """A bar of at most ``width`` cells for ``value`` out of ``maximum``, in
    eighths of a cell; anything above zero shows at least a sliver."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = min(8 * width, max(1, round(8 * width * value / maximum)))
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    content = Content(text)
    if content.cell_length > width:
        return content.truncate(width, ellipsis=True).plain
    return content.pad_right(width - content.cell_length).plain


def label_width(
    labels: Sequence[str], width: int, share: float = 0.4, longest: int | None = None
) -> int:
    """Room for the labels: the longest (or ``longest`` cells, to line up
    with another chart), but at most ``share`` of the width."""
    if longest is None:
        longest = max((Content(label).cell_length for label in labels), default=0)
    return max(1, min(longest, max(10, int(width * share))))


class Chart(Widget):
    """What every chart shares: the text-only switch and its sentences."""

    DEFAULT_CSS = """
    Chart { height: auto; padding: 0 1; text-wrap: nowrap; }
    Chart.-text-only { text-wrap: wrap; }
    """

    text_only: reactive[bool] = reactive(False, layout=True)

    def watch_text_only(self, text_only: bool) -> None:
        self.set_class(text_only, "-text-only")

    def sentences(self) -> list[str]:
        """The chart in words, one sentence a line."""
        raise NotImplementedError

    def rows(self) -> int:
        """Lines the chart takes when drawn."""
        raise NotImplementedError

    def draw(self, width: int) -> Content:
        raise NotImplementedError

    def render(self) -> Content:
        if self.text_only:
            return Content("\n".join(self.sentences()))
        return self.draw(max(self.size.width, 20))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.text_only:
            return super().get_content_height(container, viewport, width)
        return self.rows()


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    sentence: str  # the same in words, for the text-only view
    shown: str = ""  # the number as shown (default: the value)
    note: str = ""  # after the bar ("lowest 32 · 5 warnings")
    emphasis: bool = False  # highlighted, and worth a word in ``note`` (not colour alone)
    muted: bool = False  # dimmed (nobody chose it)

    @property
    def number(self) -> str:
        return self.shown or f"{self.value:g}"


class BarChart(Chart):
    """One horizontal bar a row: label, number, bar, note."""

    DEFAULT_CSS = """
    BarChart { height: auto; }
    """

    def __init__(
        self,
        bars: Sequence[Bar] = (),
        *,
        maximum: float | None = None,
        empty: str = "Nothing to show yet.",
        labels: float = 0.4,
        label_cells: int | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``maximum``: the top of the scale (default: the largest value);
        ``labels``: the share of the width the labels may take at most;
        ``label_cells``: their width, to line up with another chart."""
        super().__init__(id=id, classes=classes)
        self.bars = tuple(bars)
        self.maximum = maximum
        self.empty = empty
        self.label_share = labels
        self.label_cells = label_cells

    def show(self, bars: Sequence[Bar]) -> None:
        self.bars = tuple(bars)
        self.refresh(layout=True)

    def sentences(self) -> list[str]:
        return [b.sentence for b in self.bars] or [self.empty]

    def rows(self) -> int:
        return max(1, len(self.bars))

    def draw(self, width: int) -> Content:
        if not self.bars:
            return Content.styled(self.empty, "dim")
        labels = label_width(
            [b.label for b in self.bars], width, self.label_share, self.label_cells
        )
        digits = max(len(b.number) for b in self.bars)
        notes = max(Content(b.note).cell_length for b in self.bars)
        room = max(MIN_BAR, width - labels - digits - 2 - (notes + 1 if notes else 0))
        top = self.maximum or max(b.value for b in self.bars)
        lines = []
        for b in self.bars:
            label_style = "bold $warning" if b.emphasis else "dim" if b.muted else ""
            bar_style = "$warning" if b.emphasis else "dim" if b.muted else "$primary"
            lines.append(
                Content.assemble(
                    (fit(b.label, labels), label_style),
                    f" {b.number:>{digits}} ",
                    (
                        fit(bar(b.value, top, room), room) if b.note else bar(b.value, top, room),
                        bar_style,
                    ),
                    (f" {b.note}" if b.note else "", "bold $warning" if b.emphasis else "dim"),
                )
            )
        return Content("\n").join(lines)
