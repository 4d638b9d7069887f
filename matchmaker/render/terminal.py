"""Plain text for the terminal: aligned tables, seating plans and matches.

Whatever a user typed is printed on one line with control characters and
bidirectional overrides removed, so a name can never move the cursor, change
colours or fake a line of output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matchmaker.core.matches import Match
    from matchmaker.pairing.seating import Seating


from matchmaker.core.text import printable as line


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell; the last column is never padded."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        padded = [value.ljust(widths[i]) for i, value in enumerate(row[:-1])] + [row[-1]]
        lines.append("  ".join(padded).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(line(v) for v in value)
    return line(value)


def seating_text(seating: Seating, title: str) -> str:
    """The readable listing of ``pair --format table``."""
    out = [f"{line(title)}: {len(seating.profiles)} participants"]
    for r in seating.rounds:
        out.append(f"\nRound {r.number}: {r.quality()}")
        for t in r.tables:
            names = " + ".join(line(seating.name(m)) for m in t.members)
            around = f" — around: {line(t.problem)}" if t.problem else ""
            out.append(f"  Table {t.number:>3}  {t.score:>3}/100  {names}{around}")
            out += [f"      + {line(reason)}" for reason in t.reason_lines()]
            out += [f"      ! {line(w.summary)}: {line(w.advice)}" for w in t.warnings]
            out += [f"      · {line(note)}" for note in t.notes]
            out += [f"      * {line(met)}" for met in t.met_before]
        if r.unplaced:
            out.append("  Not seated: " + ", ".join(line(seating.name(m)) for m in r.unplaced))
        out += [f"  note: {line(note)}" for note in r.notes]
    return "\n".join(out)


def matches_text(person: str, event: str, people: int, matches: Sequence[Match]) -> str:
    """The readable listing of ``matches --format table``."""
    out = [f"Matches for {line(person)} ({people} people in {line(event)}), best first:"]
    for rank, match in enumerate(matches, 1):
        out.append(f"\n{rank:>3}. {line(match.profile.name)} — {match.score}/100")
        out.append(f"       = {match.breakdown}")
        if match.history:
            out.append(f"       * {line(match.history)}")
        out += [f"       + {line(reason.text)}" for reason in match.reasons]
        for w in match.warnings:
            out.append(f"       ! {line(w.headline)}: {line(w.message)}")
            out.append(f"         → {line(w.advice)}")
        out += [f"       · {line(note)}" for note in match.notes]
    if not matches:
        out.append("\nNobody else is in this event yet.")
    return "\n".join(out)
