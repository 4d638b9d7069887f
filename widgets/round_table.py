"""One round of a seating plan as a table: a row per table, a column per
seat, the table's score (with its rating, once rated), and its worst
warning as a badge. The columns fit the window: at 80 columns a table of
six keeps its score and warning on screen, names shortened ("Chloé D.")
where whole ones do not fit (the details below the table say them whole)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from rich.text import Text
from textual.widgets import DataTable

from matchmaker.core.notes import ACCESS_MARK
from matchmaker.pairing.seating import SeatedRound, Table
from matchmaker.widgets.badges import JOINED_MARK, badge_text

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}
LOCKED = " 🔒"
ACCESS = f" {ACCESS_MARK}"  # access needs: the table must suit them
PADDING = 2  # a cell's padding, left and right
SCROLLBAR = 2
NUMBER_WIDTH, SCORE_WIDTH = 5, 5
WATCH_WIDTH, WATCH_LEAST = 44, 4  # the warning column's room: at most, and at least (a badge)
MEMBER_WIDTH, MEMBER_LEAST = 22, 6


def fitted_name(name: str, width: int) -> str:
    """``name`` whole where it fits in ``width`` cells, else "Chloé D.",
    else the first part ("Chloé")."""
    parts = name.split()
    if len(name) <= width or len(parts) < 2:
        return name
    short = f"{parts[0]} {parts[-1][0]}."
    return short if len(short) <= width else parts[0]


def widths(window: int, seats: int, longest: int) -> tuple[int, int]:
    """The width of each member's column and of the warning column, in a
    window ``window`` cells wide: names get their room first (up to
    ``longest``), the warnings what is left, never less than a badge."""
    room = window - SCROLLBAR - NUMBER_WIDTH - SCORE_WIDTH - 3 * PADDING
    wanted = max(12, min(MEMBER_WIDTH, longest))
    member = (room - WATCH_LEAST - PADDING) // seats - PADDING
    member = max(MEMBER_LEAST, min(wanted, member))
    watch = room - seats * (member + PADDING) - PADDING
    return member, max(WATCH_LEAST, min(WATCH_WIDTH, watch))


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
        ratings: Mapping[int, int] = {},
        joined: Collection[int] = (),
    ) -> None:
        """Draw ``seated``; ``names`` by position, the ``marked`` person
        highlighted, ``locked`` people with a padlock, people with ``access``
        needs with ♿ (their table must suit them), and a table's rating
        (``ratings``, by table number) beside its score, and people who
        ``joined`` by themselves and are not yet checked in at the door with
        ✚. The cursor stays put."""
        self.seated = seated
        cursor = self.cursor_coordinate
        seats = max((len(t.members) for t in seated.tables), default=2)
        seen = [names[m] for t in seated.tables for m in t.members]
        longest = max((len(n) + 2 for n in seen), default=12)  # with a mark
        member_width, watch_width = widths(self.app.size.width, seats, longest)
        self.clear(columns=True)
        self.add_column("Table", key="table", width=NUMBER_WIDTH)
        for n in range(seats):
            header = f"Member {n + 1}" if member_width >= 8 else str(n + 1)
            self.add_column(header, key=f"member-{n}", width=member_width)
        self.add_column("Score", key="score", width=SCORE_WIDTH)
        header = "Watch out" if watch_width >= 9 else "Warn"
        self.add_column(header, key="warnings", width=watch_width)
        for t in seated.tables:
            cells: list[Text] = [Text(str(t.number), justify="right")]
            for n in range(seats):
                if n < len(t.members):
                    member = t.members[n]
                    marks = 2 * (member in locked) + 2 * (member in joined)
                    room = member_width - len(ACCESS) * (member in access) - marks
                    name = fitted_name(names[member], room)
                    cell = self._member(name, member, marked, locked, access)
                    if member in joined:
                        cell.append(f" {JOINED_MARK}", style="bold yellow")
                    cells.append(cell)
                else:
                    cells.append(Text(""))
            rated = ratings.get(t.number)
            cells.append(Text(f"{t.score}" + (f" ★{rated}" if rated else ""), justify="right"))
            cells.append(self._warning(t, watch_width))
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
    def _warning(table: Table, width: int) -> Text:
        """The worst warning's badge and how many more; where that does not
        fit, its severity ("▲ high +1"), else its symbol and how many there are ("▲2")."""
        if not table.warnings:
            return Text("")
        worst, count = table.warnings[0], len(table.warnings)
        more = f" +{count - 1}" if count > 1 else ""
        text = badge_text(worst).plain + more
        if len(text) > width:
            text = f"{worst.severity.symbol} {worst.severity.value}{more}"
        if len(text) > width:
            text = worst.severity.symbol + (str(count) if count > 1 else "")
        return Text(text, style=SEVERITY_STYLE[worst.severity.value])

    def at_cursor(self) -> tuple[Table, int | None] | None:
        """The table under the cursor and the person in the cursor's cell, if any."""
        if not self.seated.tables:
            return None
        row, column = self.cursor_coordinate
        table = self.seated.tables[min(row, len(self.seated.tables) - 1)]
        member = column - 1
        return table, table.members[member] if 0 <= member < len(table.members) else None
