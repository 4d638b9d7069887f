"""The organiser's pairing board: pair the room in a worker (the screen never
freezes), then swap, lock, exclude, re-run, save and export, one tab a round."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from matchmaker.widgets.badges import SYMBOL
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Header,
    Label,
    ProgressBar,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import Worker, WorkerState

from matchmaker.errors import UserError
from matchmaker.event import Event
from matchmaker.exports import seating_csv, seating_markdown
from matchmaker.pairing import MAX_SIZE, Rules, key
from matchmaker.scoring import EventScorer
from matchmaker.seating import SeatedRound, Seating, Table, reseat_round, seat_event, swap_people
from matchmaker.storage import atomic_write_text
from matchmaker.store import PairRule
from matchmaker.ui.base import AppScreen, user_error

MAX_ROUNDS = 8


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "event"


class BoardScreen(AppScreen[None]):
    BINDINGS = [
        Binding("r", "run", "Pair again"),
        Binding("space", "mark", "Mark"),
        Binding("s", "swap", "Swap"),
        Binding("l", "lock", "Lock"),
        Binding("u", "unlock", "Unlock"),
        Binding("x", "exclude", "Exclude"),
        Binding("ctrl+s", "save", "Save round", priority=True),
        Binding("e", "export('markdown')", "Export md"),
        Binding("c", "export('csv')", "Export csv"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.seating: Seating | None = None
        self.saved: set[int] = set()  # board round numbers already saved
        self.past: list[SeatedRound] = []  # rounds saved before, shown read-only
        self.marked: int | None = None  # a person's position in the event

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="options"):
            yield Label("Group size")
            yield Select(
                [("pairs", 2), *((f"groups of {k}", k) for k in range(3, MAX_SIZE + 1))],
                value=2,
                allow_blank=False,
                id="size",
            )
            yield Label("Rounds")
            yield Select(
                [(str(n), n) for n in range(1, MAX_ROUNDS + 1)],
                value=1,
                allow_blank=False,
                id="rounds",
            )
            yield Checkbox("Avoid clashes", id="avoid")
            yield Button("Pair (r)", variant="primary", id="run")
        yield ProgressBar(id="progress", show_eta=False)
        yield TabbedContent(id="round-tabs")
        yield Static("", id="detail")
        yield Static("", id="board-status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.action_run()

    # --- running the pairing in a worker ------------------------------------------

    @on(Button.Pressed, "#run")
    def action_run(self) -> None:
        event, scorer = self.mm.current()
        try:
            rules = event.rules(
                self.query_one("#size", Select).value,  # type: ignore[arg-type]
                self.query_one("#rounds", Select).value,  # type: ignore[arg-type]
                self.query_one("#avoid", Checkbox).value,
            )
        except UserError as error:
            self.mm.report(error)
            return
        self.event = event
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=rules.rounds, progress=0)
        progress.display = True
        self.status("Pairing …")
        self.pair_in_background(scorer, rules, event)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pairing")
    def pair_in_background(
        self, scorer: EventScorer, rules: Rules, event: Event
    ) -> tuple[Event, Seating]:
        progress = self.query_one("#progress", ProgressBar)

        def advance(done: int, total: int) -> None:
            self.app.call_from_thread(progress.update, progress=done)

        return event, seat_event(scorer, rules, advance)

    @on(Worker.StateChanged)
    async def pairing_done(self, message: Worker.StateChanged) -> None:
        if message.worker.group != "pairing":
            return
        if message.state is WorkerState.SUCCESS:
            self.query_one("#progress", ProgressBar).display = False
            self.event, self.seating = message.worker.result  # type: ignore[misc]
            self.saved.clear()
            self.marked = None
            await self.show_rounds()
        elif message.state is WorkerState.ERROR:
            self.query_one("#progress", ProgressBar).display = False
            error = user_error(message.worker)
            self.mm.report(error)
            self.status(str(error))

    # --- showing rounds ------------------------------------------------------------------

    async def show_rounds(self) -> None:
        assert self.seating is not None
        tabs = self.query_one("#round-tabs", TabbedContent)
        await tabs.clear_panes()
        for seated in self.seating.rounds:
            table = DataTable(id=f"table-{seated.number}", cursor_type="cell", zebra_stripes=True)
            await tabs.add_pane(
                TabPane(self._tab_title(seated.number), table, id=f"round-{seated.number}")
            )
            self._fill(table, seated)
        # Rounds saved earlier, read-only, so they can be looked at and exported again.
        self.past = self._saved_rounds()
        for seated in self.past:
            table = DataTable(
                id=f"saved-table-{seated.number}", cursor_type="cell", zebra_stripes=True
            )
            await tabs.add_pane(
                TabPane(f"Saved {seated.number}", table, id=f"saved-{seated.number}")
            )
            self._fill(table, seated)
        if self.seating.rounds:
            tabs.active = "round-1"
            self.current_table().focus()
        self._describe_round()

    def _tab_title(self, number: int) -> str:
        return f"Round {number}" + (" ✓ saved" if number in self.saved else "")

    def _fill(self, table: DataTable, seated: SeatedRound) -> None:
        width = max((len(t.members) for t in seated.tables), default=2)
        # Leave the warning column about 28 cells on a 120-column terminal.
        member_width = max(12, min(22, (self.size.width - 48 - 2 * width) // width))
        table.clear(columns=True)
        table.add_column("Table", key="table", width=5)
        for n in range(width):
            table.add_column(f"Member {n + 1}", key=f"member-{n}", width=member_width)
        table.add_column("Score", key="score", width=5)
        table.add_column("Watch out", key="warnings")
        event = self.event
        for t in seated.tables:
            cells: list[Text] = [Text(str(t.number), justify="right")]
            for n in range(width):
                cells.append(
                    self._member_cell(event, t.members[n]) if n < len(t.members) else Text("")
                )
            cells.append(Text(str(t.score), justify="right"))
            cells.append(self._warning_cell(t))
            table.add_row(*cells, key=str(t.number))

    def _member_cell(self, event: Event, member: int) -> Text:
        text = Text(event.people[member].name)
        if member == self.marked:
            text.stylize("reverse")
        if any(member in pair for pair in event.locks):
            text.append(" 🔒")
        return text

    @staticmethod
    def _warning_cell(table: Table) -> Text:
        if not table.warnings:
            return Text("")
        worst = table.warnings[0]
        style = {"high": "bold red", "medium": "yellow", "low": "dim"}[worst.severity.value]
        more = f" +{len(table.warnings) - 1}" if len(table.warnings) > 1 else ""
        return Text(
            f"{SYMBOL[worst.severity.value]} {worst.severity.value} {worst.kind.value}{more}",
            style=style,
        )

    def _saved_rounds(self) -> list[SeatedRound]:
        event, scorer = self.mm.current()
        past = []
        for saved in self.mm.store.rounds(event.name):
            groups = [event.positions(g) for g in saved.groups]
            past.append(reseat_round(scorer, saved.number, [g for g in groups if g]))
        return past

    def is_past(self) -> bool:
        """Is a saved (read-only) round on show?"""
        return self.query_one("#round-tabs", TabbedContent).active.startswith("saved-")

    def current_round(self) -> SeatedRound | None:
        if self.seating is None:
            return None
        active = self.query_one("#round-tabs", TabbedContent).active
        if active.startswith("saved-"):
            number = int(active.removeprefix("saved-"))
            return next((r for r in self.past if r.number == number), None)
        if not self.seating.rounds:
            return None
        number = int(active.removeprefix("round-")) if active else 1
        return self.seating.rounds[number - 1]

    def current_table(self) -> DataTable:
        seated = self.current_round()
        prefix = "saved-table" if self.is_past() else "table"
        return self.query_one(f"#{prefix}-{seated.number if seated else 1}", DataTable)

    def cursor_person(self) -> tuple[Table, int | None] | None:
        """The table under the cursor and the person in the cursor's cell, if any."""
        seated = self.current_round()
        if seated is None or not seated.tables:
            return None
        row, column = self.current_table().cursor_coordinate
        table = seated.tables[min(row, len(seated.tables) - 1)]
        member = column - 1
        return table, table.members[member] if 0 <= member < len(table.members) else None

    @on(DataTable.CellHighlighted)
    def highlighted(self) -> None:
        self._describe_table()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self._describe_round()

    def _describe_round(self) -> None:
        seated = self.current_round()
        if seated is None:
            self.status("Nobody to pair yet: add people first.")
            return
        notes = " ".join(seated.notes)
        unplaced = ", ".join(self.event.people[m].name for m in seated.unplaced)
        text = f"{len(seated.tables)} tables"
        if unplaced:
            text += f" · not seated: {unplaced}"
        self.status(text + (f" · {notes}" if notes else ""))
        self._describe_table()

    def _describe_table(self) -> None:
        found = self.cursor_person()
        detail = self.query_one("#detail", Static)
        if found is None:
            detail.update("")
            return
        table, _ = found
        names = " + ".join(self.event.people[m].name for m in table.members)
        parts: list[Content | str | tuple[str, str]] = [
            (f"Table {table.number}: {names} — {table.score}/100\n", "bold")
        ]
        parts += [f"  • {reason}\n" for reason in table.reasons]
        for w in table.warnings:
            parts += [
                (f"  {SYMBOL[w.severity.value]} {w.severity.value} {w.kind.value}: ", "bold"),
                f"{w.message}\n",
            ]
            parts += [(f"    → {w.advice}\n", "italic")]
        detail.update(Content.assemble(*parts))

    def status(self, text: str) -> None:
        hint = "space mark · s swap · l lock · x exclude · ctrl+s save · e/c export"
        self.query_one("#board-status", Static).update(Content(f"{text}  ({hint})"))

    # --- hand edits ------------------------------------------------------------------------

    def _replace_round(self, seated: SeatedRound) -> None:
        assert self.seating is not None
        rounds = list(self.seating.rounds)
        rounds[seated.number - 1] = seated
        self.seating = replace(self.seating, rounds=tuple(rounds))
        table = self.current_table()
        cursor = table.cursor_coordinate
        self._fill(table, seated)
        table.move_cursor(row=cursor.row, column=cursor.column)
        self._describe_table()

    def _read_only(self) -> bool:
        if self.is_past():
            self.status("Saved rounds stay as they were; press r for a new round to change")
            return True
        return False

    def action_mark(self) -> None:
        if self._read_only():
            return
        found = self.cursor_person()
        if found is None or found[1] is None:
            return
        person = found[1]
        self.marked = None if self.marked == person else person
        seated = self.current_round()
        assert seated is not None
        self._replace_round(seated)
        if self.marked is not None:
            self.status(
                f"Marked {self.event.people[person].name}: move to someone and press s, l or x"
            )

    def action_swap(self) -> None:
        if self._read_only():
            return
        found = self.cursor_person()
        seated = self.current_round()
        if found is None or seated is None or found[1] is None or self.marked is None:
            self.status("Mark one person with space, move to another and press s to swap them")
            return
        other = found[1]
        if other == self.marked:
            return
        groups = swap_people([t.members for t in seated.tables], self.marked, other)
        _, scorer = self.mm.current()
        names = (self.event.people[self.marked].name, self.event.people[other].name)
        self.marked = None
        self.saved.discard(seated.number)
        self._retitle(seated.number)
        self._replace_round(reseat_round(scorer, seated.number, groups))
        self.status(f"Swapped {names[0]} and {names[1]}")

    def _pair_at_cursor(self) -> tuple[int, int] | None:
        found = self.cursor_person()
        if found is None:
            return None
        table, person = found
        if self.marked is not None and person is not None and person != self.marked:
            return key(self.marked, person)
        if len(table.members) == 2 and self.marked is None:
            return key(*table.members)
        self.status("Mark one person with space, then move to the other and press the key again")
        return None

    def _set_rule(self, rule: PairRule | None, done: str) -> None:
        pair = self._pair_at_cursor()
        if pair is None:
            return
        a, b = (self.event.people[x] for x in pair)
        try:
            self.mm.store.set_rule(self.event.name, rule, a.id, b.id)
        except UserError as error:
            self.mm.report(error)
            return
        self.mm.data_changed()
        self.event = self.mm.current()[0]
        self.marked = None
        seated = self.current_round()
        assert seated is not None
        self._replace_round(seated)
        self.status(f"{done} {a.name} and {b.name}")
        self.notify(
            f"{done} {a.name} and {b.name}. Press r to pair again with this rule.", markup=False
        )

    def action_lock(self) -> None:
        self._set_rule(PairRule.LOCK, "Locked")

    def action_unlock(self) -> None:
        self._set_rule(None, "Cleared the rules between")

    def action_exclude(self) -> None:
        self._set_rule(PairRule.EXCLUDE, "Excluded")

    # --- saving and exporting --------------------------------------------------------------

    def _retitle(self, number: int) -> None:
        tabs = self.query_one("#round-tabs", TabbedContent)
        tabs.get_tab(f"round-{number}").label = Content(self._tab_title(number))

    def action_save(self) -> None:
        seated = self.current_round()
        if seated is None or self._read_only():
            return
        if seated.number in self.saved:
            self.notify("This round is already saved.")
            return
        groups = [[self.event.people[m] for m in t.members] for t in seated.tables]
        number = self.mm.store.save_round(self.event.name, groups)
        self.saved.add(seated.number)
        self._retitle(seated.number)
        self.mm.data_changed()
        self.notify(
            f"Saved as round {number} of {self.event.name}; later pairings will not repeat it.",
            markup=False,
        )

    def action_export(self, kind: str) -> None:
        seated = self.current_round()
        if seated is None or self.seating is None:
            return
        one = Seating(self.seating.profiles, (seated,))
        title = f"{self.event.name} — {'saved ' if self.is_past() else ''}round {seated.number}"
        text = seating_markdown(one, title) if kind == "markdown" else seating_csv(one)
        name = f"{slug(self.event.name)}-{'saved-' if self.is_past() else ''}round-{seated.number}"
        path = Path(self.mm.export_dir) / f"{name}.{'md' if kind == 'markdown' else 'csv'}"
        try:
            atomic_write_text(path, text)
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror}", severity="error", markup=False)
            return
        self.notify(f"Round {seated.number} exported to {path}", title="Exported", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
