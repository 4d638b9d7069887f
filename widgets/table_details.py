"""The table under the board's cursor, in full: who sits there, its score,
anyone needing access (with the organiser's private note: this is the
organiser's own screen), each warning with the question to ask, and each
reason. On a small screen it shows what fits (``d`` on the board: all)."""

from __future__ import annotations

from collections.abc import Collection

from textual.content import Content
from textual.widgets import Static

from matchmaker.core.notes import ACCESS_FLAG
from matchmaker.core.text import one_line
from matchmaker.pairing.seating import Seating, Table
from matchmaker.widgets.badges import JOINED_MARK, JOINED_NOTE


class TableDetails(Static):
    def show(
        self,
        table: Table | None,
        seating: Seating | None,
        rating: int | None = None,
        joined: Collection[int] = (),
    ) -> None:
        """``table`` of ``seating`` described, with the ``rating`` its people
        gave it and who of them ``joined`` by themselves (not yet checked in
        at the door); nothing when either is None."""
        if table is None or seating is None:
            self.update("")
            return
        names = " + ".join(seating.name(m) for m in table.members)
        rated = f" — rated {rating}/5" if rating is not None else ""
        parts: list[Content | str | tuple[str, str]] = [
            (f"Table {table.number}: {names} — {table.score}/100{rated}\n", "bold")
        ]
        for m in table.members:
            person = seating.profiles[m]
            if person.needs_access:
                note = f" — “{one_line(person.notes)}”" if person.notes else ""
                parts += [(f"  {ACCESS_FLAG}: {person.name}", "bold"), f"{note}\n"]
            if m in joined:
                parts += [(f"  {JOINED_MARK} {person.name}", "bold"), f": {JOINED_NOTE}\n"]
        asked: set[str] = set()
        for w in table.warnings:  # first: what to ask before they sit down (each question once)
            parts.append((f"  {w.severity.symbol} {w.headline}\n", "bold"))
            if w.advice not in asked:
                parts.append((f"    → {w.advice}\n", "italic"))
                asked.add(w.advice)
            parts.append(f"    {w.message}\n")
        parts += [f"  • {reason}\n" for reason in table.reason_lines()]
        parts += [f"  * {one_line(met)}\n" for met in table.met_before]
        self.update(Content.assemble(*parts))
