"""The table under the board's cursor, in full: who sits there, its score,
anyone needing access (with the organiser's private note: this is the
organiser's own screen), each reason, and each warning with what to do."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from matchmaker.core.notes import ACCESS_FLAG
from matchmaker.core.text import one_line
from matchmaker.pairing.seating import Seating, Table


class TableDetails(Static):
    def show(self, table: Table | None, seating: Seating | None) -> None:
        """``table`` of ``seating`` described (nothing when either is None)."""
        if table is None or seating is None:
            self.update("")
            return
        names = " + ".join(seating.name(m) for m in table.members)
        parts: list[Content | str | tuple[str, str]] = [
            (f"Table {table.number}: {names} — {table.score}/100\n", "bold")
        ]
        for m in table.members:
            person = seating.profiles[m]
            if person.needs_access:
                note = f" — “{one_line(person.notes)}”" if person.notes else ""
                parts += [(f"  {ACCESS_FLAG}: {person.name}", "bold"), f"{note}\n"]
        parts += [f"  • {reason}\n" for reason in table.reason_lines()]
        parts += [f"  * {one_line(met)}\n" for met in table.met_before]
        for w in table.warnings:
            parts += [(f"  {w.severity.symbol} {w.headline}: ", "bold"), f"{w.message}\n"]
            parts += [(f"    → {w.advice}\n", "italic")]
        self.update(Content.assemble(*parts))
