"""The rounds on the pairing board, a tab each: the plan's rounds (to edit),
then the rounds saved before (read-only). It draws a ``BoardState`` and
the saved seatings, and says which round, table and person are under the
cursor; what to do with them is the screen's business."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from textual.content import Content
from textual.widgets import TabbedContent, TabPane

from matchmaker.pairing.board_state import BoardState
from matchmaker.pairing.seating import SeatedRound, Seating, Table
from matchmaker.widgets.round_table import RoundTable

PLANNED, SAVED = "round-", "saved-"


class RoundTabs(TabbedContent):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state: BoardState | None = None
        self.saved: dict[int, Seating] = {}
        self.locked: frozenset[int] = frozenset()
        self.ratings: dict[int, dict[int, int]] = {}  # saved round → table → rating
        self.evening_rounds = 0  # "Round 3 of 5": the rounds of the evening (0: none said)
        self.joined: frozenset[int] = frozenset()  # who joined by themselves, not yet at the door

    async def show(
        self,
        state: BoardState | None,
        saved: Mapping[int, Seating],
        locked: Collection[int],
        ratings: Mapping[int, dict[int, int]],
    ) -> None:
        """Every tab made again; the tab on show and each table's cursor stay
        where they were when their round is still there (else the first tab)."""
        before, cursors = self.active, {t.id: t.cursor_coordinate for t in self.query(RoundTable)}
        focused = self.screen.focused
        take_focus = not cursors or focused is None or self in focused.ancestors_with_self
        self.state, self.saved, self.locked = state, dict(saved), frozenset(locked)
        self.ratings = dict(ratings)
        await self.clear_panes()
        planned = state.seating.rounds if state is not None else ()
        panes = [(f"{PLANNED}{r.number}", r) for r in planned]
        panes += [(f"{SAVED}{n}", s.rounds[0]) for n, s in self.saved.items()]
        for pane_id, seated in panes:
            table = RoundTable(seated, id=f"table-{pane_id}")
            await self.add_pane(TabPane(self._title(pane_id, seated.number), table, id=pane_id))
            self.draw(table)
            cursor = cursors.get(table.id)
            table.move_cursor(
                row=cursor.row if cursor else 0, column=cursor.column if cursor else 1
            )
        if panes:
            ids = [pane_id for pane_id, _ in panes]
            self.active = before if before in ids else ids[0]
            if take_focus:  # (later, a live update never takes the focus from the options)
                self.table_on_show().focus()

    async def follow(
        self,
        saved: Mapping[int, Seating],
        locked: Collection[int],
        ratings: Mapping[int, dict[int, int]],
    ) -> None:
        """The saved rounds as they are now (someone seated late or gone home
        elsewhere, a table rated), redrawn in place: the plan, the tab on
        show and the cursors stay."""
        self.saved, self.locked, self.ratings = dict(saved), frozenset(locked), dict(ratings)
        for table in self.query(RoundTable):
            pane_id = (table.id or "").removeprefix("table-")
            if pane_id.startswith(PLANNED) or table.seated.number in self.saved:
                self.draw(table)
            else:
                await self.remove_pane(pane_id)
        shown = {t.seated.number for t in self.query(RoundTable) if t.id and SAVED in t.id}
        for number in sorted(self.saved.keys() - shown):
            pane_id = f"{SAVED}{number}"
            table = RoundTable(self.saved[number].rounds[0], id=f"table-{pane_id}")
            await self.add_pane(TabPane(self._title(pane_id, number), table, id=pane_id))
            self.draw(table)
            table.move_cursor(row=0, column=1)

    def _title(self, pane_id: str, number: int) -> Content:
        if pane_id.startswith(SAVED):
            return Content(f"Saved {number}")
        saved = self.state is not None and self.state.is_saved(number)
        of = f" of {self.evening_rounds}" if self.evening_rounds >= number else ""
        return Content(f"Round {number}{of}" + (" ✓ saved" if saved else ""))

    def draw(self, table: RoundTable) -> None:
        """One round's table as it is now (also when the window's width changed)."""
        number = table.seated.number
        ratings: Mapping[int, int] = {}
        if (table.id or "").startswith(f"table-{SAVED}"):
            seating, seated, marked = self.saved[number], self.saved[number].rounds[0], None
            ratings = self.ratings.get(number, {})
        elif self.state is not None:
            seating, seated = self.state.seating, self.state.round(number)
            marked = self.state.marked
        else:
            return
        names = [p.name for p in seating.profiles]
        access = {i for i, p in enumerate(seating.profiles) if p.needs_access}
        table.show(seated, names, marked, self.locked, access, ratings, self.joined)

    def redraw(self, state: BoardState, locked: Collection[int]) -> None:
        """After an edit: the plan's round on show, and its tab's title."""
        self.state, self.locked = state, frozenset(locked)
        seated = self.round_on_show()
        if seated is None or self.is_past():
            return
        self.get_tab(self.active).label = self._title(self.active, seated.number)
        self.draw(self.table_on_show())

    def redraw_all(self) -> None:
        for table in self.query(RoundTable):
            self.draw(table)

    # --- what is under the cursor ---------------------------------------------------

    def is_past(self) -> bool:
        """Is a saved (read-only) round on show?"""
        return self.active.startswith(SAVED)

    def seating_on_show(self) -> Seating | None:
        """The plan whose tab is on show: the board's plan, or a round saved earlier."""
        if self.is_past():
            return self.saved.get(int(self.active.removeprefix(SAVED)))
        return self.state.seating if self.state is not None else None

    def round_on_show(self) -> SeatedRound | None:
        if self.is_past():
            seating = self.seating_on_show()
            return seating.rounds[0] if seating else None
        if self.state is None or not self.state.seating.rounds:
            return None
        if not self.active:
            return self.state.seating.rounds[0]
        return self.state.round(int(self.active.removeprefix(PLANNED)))

    def table_on_show(self) -> RoundTable:
        return self.query_one(f"#table-{self.active or PLANNED + '1'}", RoundTable)

    def at_cursor(self) -> tuple[Table, int | None] | None:
        """The table under the cursor and the person in the cursor's cell, if any."""
        if self.round_on_show() is None:
            return None
        return self.table_on_show().at_cursor()

    def rating(self, table: int) -> int | None:
        """The rating given to ``table`` of the saved round on show (None: unrated, or a plan)."""
        if not self.is_past():
            return None
        return self.ratings.get(int(self.active.removeprefix(SAVED)), {}).get(table)

    def person_name(self, person: int) -> str:
        """A person's name as the round on show has it."""
        seating = self.seating_on_show()
        return seating.name(person) if seating is not None else ""
