"""Textual's ``Digits``, drawn larger for a wall: each stroke of its 3×3
glyphs becomes a block of pixels, ``scale`` times over, in half-block
characters (two pixels a character cell, so the strokes are as thick
across as down). At scale 1 it is ``Digits`` itself."""

from __future__ import annotations

import unicodedata
from functools import cache

from rich.align import Align
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.renderables.digits import DIGITS, DIGITS3X3
from textual.widgets import Digits

CELL = 3  # pixels across and down for one character of a glyph


class WallDigits(Digits):
    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(value, id=id)
        self.scale = 1

    def set_scale(self, scale: int) -> None:
        if scale != self.scale:
            self.scale = max(1, scale)
            self.refresh(layout=True)

    @staticmethod
    def scale_to_fit(value: str, width: int, height: int) -> int:
        """The largest scale whose digits fit ``width`` × ``height`` cells."""
        pixels = _pixels(value)
        across, down = len(pixels[0]) if pixels else 1, len(pixels)
        by_width = width // max(1, across)
        by_height = (2 * height) // max(1, down)
        return max(1, min(by_width, by_height))

    def render(self) -> RenderResult:
        if self.scale == 1:
            return super().render()
        rows = _scaled(self.value, self.scale)
        lines = [
            "".join(_half(top, bottom) for top, bottom in zip(a, b, strict=True))
            for a, b in zip(rows[0::2], [*rows[1::2], [False] * len(rows[0])], strict=False)
        ]
        return Align(Text("\n".join(lines), style=self.rich_style), "center")

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self.scale == 1:
            return super().get_content_width(container, viewport)
        return len(_pixels(self.value)[0]) * self.scale

    @property
    def rows(self) -> int:
        """The lines the digits take at this scale."""
        return 3 if self.scale == 1 else -(-3 * CELL * self.scale // 2)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.rows


def _half(top: bool, bottom: bool) -> str:
    return " ▄▀█"[2 * top + bottom]


def _scaled(value: str, scale: int) -> list[list[bool]]:
    return [
        [pixel for pixel in row for _ in range(scale)]
        for row in _pixels(value)
        for _ in range(scale)
    ]


@cache
def _pixels(value: str) -> list[list[bool]]:
    """The value's glyphs side by side as a grid of pixels, 9 rows high."""
    blocks = [_glyph_pixels(ch) for ch in value] or [[[False]] * (3 * CELL)]
    return [[pixel for block in blocks for pixel in block[row]] for row in range(3 * CELL)]


def _glyph_pixels(ch: str) -> list[list[bool]]:
    if ch == ":":  # two dots, a third of the way down and up
        return [[False, row in (2, 6), False] for row in range(3 * CELL)]
    index = DIGITS.find(ch)
    glyph = DIGITS3X3[index * 3 : index * 3 + 3] if index >= 0 else ["", "", ""]
    width = max(3, *(len(line) for line in glyph))
    return [
        [pixel for c in line.ljust(width) for pixel in _cell(c)[sub]]
        for line in glyph
        for sub in range(CELL)
    ]


@cache
def _cell(ch: str) -> tuple[list[bool], ...]:
    """One character of a glyph as 3×3 pixels: its centre and its arms, read
    from the box-drawing character's Unicode name."""
    name = unicodedata.name(ch, "")
    if not name.startswith("BOX DRAWINGS"):
        return ([False] * 3, [False, ch != " ", False], [False] * 3)
    words = set(name.split())
    up = bool(words & {"UP", "VERTICAL"})
    down = bool(words & {"DOWN", "VERTICAL"})
    left = bool(words & {"LEFT", "HORIZONTAL"})
    right = bool(words & {"RIGHT", "HORIZONTAL"})
    return ([False, up, False], [left, True, right], [False, down, False])
