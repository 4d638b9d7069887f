"""A QR code as text (half-block characters, two modules a line), for a
terminal and for the organiser's app: phones at the door scan the join link."""

from __future__ import annotations

QUIET = 2  # modules of margin: scanners need some light around the code


def qr_rows(data: str) -> list[str]:
    """The code as lines of █ ▀ ▄ and spaces (dark modules drawn)."""
    import segno  # only when a code is drawn

    matrix = [
        [bool(m) for m in row] for row in segno.make(data, error="m", boost_error=False).matrix
    ]
    size = len(matrix) + 2 * QUIET
    grid = [[False] * size for _ in range(QUIET)]
    grid += [[False] * QUIET + row + [False] * QUIET for row in matrix]
    grid += [[False] * size for _ in range(QUIET + 1)]
    chars = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return [
        "".join(chars[top, bottom] for top, bottom in zip(grid[y], grid[y + 1], strict=True))
        for y in range(0, size, 2)
    ]


def qr_text(data: str) -> str:
    """Light modules drawn as blocks instead, so the code reads right on the
    usual dark terminal (dark text on light paper is what scanners expect)."""
    flipped = str.maketrans({"█": " ", " ": "█", "▀": "▄", "▄": "▀"})
    return "\n".join(row.translate(flipped) for row in qr_rows(data))
