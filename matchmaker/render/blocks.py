"""A document as a few plain blocks (headings, paragraphs, lists, tables),
written as Markdown or as one self-contained HTML page. The writers escape
every text they are given, so whoever builds the blocks passes user text as
it is and it is shown literally in both."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from matchmaker.render.markdown import md_escape


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()  # the columns that hold numbers (set right)


Block = Heading | Paragraph | Items | Grid


def to_markdown(blocks: Sequence[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        match block:
            case Heading(text, level):
                lines += ["#" * level + " " + md_escape(text), ""]
            case Paragraph(text):
                lines += [md_escape(text), ""]
            case Items(items):
                lines += [*(f"- {md_escape(item)}" for item in items), ""]
            case Grid(header, rows, numeric):
                rule = ["---:" if i in numeric else "---" for i in range(len(header))]
                lines += [_md_row(header), "|" + "|".join(rule) + "|"]
                lines += [*(_md_row(row) for row in rows), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(md_escape(c) for c in cells) + " |"


STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; background: #fff; }
table { border-collapse: collapse; margin: 0 0 1.5rem; width: 100%; }
th, td { border: 1px solid #bbb; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { text-align: right; width: 1%; white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  body { color: #eee; background: #161616; } th { background: #2a2a2a; } th, td { border-color: #555; }
}
"""


def to_html(blocks: Sequence[Block], title: str) -> str:
    """One page with its style inside: nothing fetched, nothing run (its own
    policy forbids scripts and outside resources even if text slipped in)."""
    body: list[str] = []
    for block in blocks:
        match block:
            case Heading(text, level):
                body.append(f"<h{level}>{_h(text)}</h{level}>")
            case Paragraph(text):
                body.append(f"<p>{_h(text)}</p>")
            case Items(items):
                body += ["<ul>", *(f"<li>{_h(item)}</li>" for item in items), "</ul>"]
            case Grid(header, rows, numeric):
                body += ["<table>", "<thead>", _html_row(header, "th", numeric), "</thead>"]
                body += ["<tbody>", *(_html_row(row, "td", numeric) for row in rows), "</tbody>"]
                body.append("</table>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_h(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _h(text: str) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def _html_row(cells: Sequence[str], tag: str, numeric: frozenset[int]) -> str:
    return (
        "<tr>"
        + "".join(
            f'<{tag} class="n">{_h(c)}</{tag}>' if i in numeric else f"<{tag}>{_h(c)}</{tag}>"
            for i, c in enumerate(cells)
        )
        + "</tr>"
    )
