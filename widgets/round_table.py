"""One round of a seating plan as a table: a row per table, a column per
seat, the table's score, and its worst warning as a badge."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.text import Text
from textual.widgets import DataTable

from matchmaker.core.notes import ACCESS_MARK
from matchmaker.pairing.seating import SeatedRound, Table
from matchmaker.widgets.badges import badge_text

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}
LOCKED = " 🔒"
ACCESS = f" {ACCESS_MARK}"  # access needs: the table must suit them


class RoundTable(DataTable[Text]):
    """Shows a ``SeatedRound``; the cursor's cell names a table and maybe a person."""

    def __init__(self, seated: SeatedRound, *, id: str | None = None) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, id=id)
        self.seated = seated

    def show(
        self,
        seated: SeatedRound,
        names: Sequence[str],
        marked: int | None = None,
        locked: Collection[int] = (),
        access: Collection[int] = (),
    ) -> None:
        """Draw ``seated``; ``names`` by position, the ``marked`` person
        highlighted, ``locked`` people with a padlock, people with ``access``
        needs with ♿ (their table must suit them). The cursor stays put."""
        self.seated = seated
        cursor = self.cursor_coordinate
        width = max((len(t.members) for t in seated.tables), default=2)
        # Leave the warning column about 28 cells on a 120-column terminal.
        member_width = max(12, min(22, (self.app.size.width - 48 - 2 * width) // width))
        self.clear(columns=True)
        self.add_column("Table", key="table", width=5)
        for n in range(width):
            self.add_column(f"Member {n + 1}", key=f"member-{n}", width=member_width)
        self.add_column("Score", key="score", width=5)
        self.add_column("Watch out", key="warnings")
        for t in seated.tables:
            cells: list[Text] = [Text(str(t.number), justify="right")]
            for n in range(width):
                if n < len(t.members):
                    member = t.members[n]
                    cells.append(self._member(names[member], member, marked, locked, access))
                else:
                    cells.append(Text(""))
            cells.append(Text(str(t.score), justify="right"))
            cells.append(self._warning(t))
            self.add_row(*cells, key=str(t.number))
        self.move_cursor(row=cursor.row, column=cursor.column)

    @staticmethod
    def _member(
        name: str, member: int, marked: int | None, locked: Collection[int], access: Collection[int]
    ) -> Text:
        text = Text(name)
        if member == marked:
            text.stylize("reverse")
        if member in access:
            text.append(ACCESS)
        if member in locked:
            text.append(LOCKED)
        return text

    @staticmethod
    def _warning(table: Table) -> Text:
        if not table.warnings:
            return Text("")
        worst = table.warnings[0]
        more = f" +{len(table.warnings) - 1}" if len(table.warnings) > 1 else ""
        return Text(badge_text(worst).plain + more, style=SEVERITY_STYLE[worst.severity.value])

    def at_cursor(self) -> tuple[Table, int | None] | None:
        """The table under the cursor and the person in the cursor's cell, if any."""
        if not self.seated.tables:
            return None
        row, column = self.cursor_coordinate
        table = self.seated.tables[min(row, len(self.seated.tables) - 1)]
        member = column - 1
        return table, table.members[member] if 0 <= member < len(table.members) else None
