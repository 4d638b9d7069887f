"""The organiser's pairing board: pair the room in a worker (the screen never
freezes), then swap, lock, exclude, undo, save and export, one tab a round.
The plan, marks and undo history live in ``BoardState``; this screen renders
it and turns keys into calls."""

from __future__ import annotations

import re
from dataclasses import replace

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

from matchmaker.core.errors import UserError
from matchmaker.core.limits import MAX_SIZE
from matchmaker.core.model import Event, PairOptions
from matchmaker.core.notes import ACCESS_FLAG
from matchmaker.core.text import one_line
from matchmaker.pairing.board_state import BoardState
from matchmaker.pairing.seating import SeatedRound, Seating, Table
from matchmaker.render.markdown import seating_markdown
from matchmaker.render.spreadsheet import seating_csv
from matchmaker.service.session import EventSession, export
from matchmaker.ui.base import AppScreen, user_error
from matchmaker.ui.board_edits import BoardEdits
from matchmaker.ui.board_live import BoardLive
from matchmaker.widgets.round_table import RoundTable

MAX_ROUNDS = 8
COMPACT_HEIGHT = 32  # below this many rows the board gives the tables all the room


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "event"


class BoardScreen(BoardEdits, BoardLive, AppScreen[None]):
    BINDINGS = [
        Binding("r", "run", "Pair again"),
        Binding("O", "options", "Options", show=False, key_display="O"),
        Binding("space", "mark", "Mark"),
        Binding("s", "swap", "Swap"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("l", "lock", "Lock"),
        Binding("u", "unlock", "Unlock"),
        Binding("x", "exclude", "Exclude"),
        Binding("ctrl+s", "save", "Save round", priority=True),
        Binding("e", "export('markdown')", "Export md"),
        Binding("c", "export('csv')", "Export csv"),
        Binding("v", "project", "Projector"),
        Binding("a", "latecomers", "Seat latecomers"),
        Binding("g", "gone", "Gone home"),
        Binding("R", "rules", "Rules", key_display="R"),
        *(Binding(str(n), f"rate({n})", f"Rate {n}", show=False) for n in range(1, 6)),
        Binding("o", "overview", "Overview"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: BoardState | None = None
        self.failed = ""  # why the last pairing failed (then a changed option pairs again)
        self.past: dict[int, Seating] = {}  # rounds saved before, shown read-only

    @property
    def session(self) -> EventSession:
        return self.mm.session

    @property
    def event(self) -> Event:
        return self.session.event

    @property
    def seating(self) -> Seating | None:
        return self.state.seating if self.state else None

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
            yield Checkbox("Avoid clashes", True, id="avoid")
            yield Button("Pair (r)", variant="primary", id="run")
        yield Static("", id="options-line", classes="status")
        yield ProgressBar(id="progress", show_eta=False)
        yield TabbedContent(id="round-tabs")
        yield Static("", id="detail")
        yield Static("", id="board-status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        """The options this event used last time, then the first plan."""
        self.query_one("#progress", ProgressBar).display = False
        options = self.event.options
        self.query_one("#size", Select).value = options.size
        self.query_one("#rounds", Select).value = min(options.rounds, MAX_ROUNDS)
        self.query_one("#avoid", Checkbox).value = options.avoid_clashes
        self.compact(self.size.height)
        self.call_after_refresh(self.action_run)

    def on_resize(self) -> None:
        self.compact(self.size.height)
        if self.state is not None:  # widths follow the window
            for table in self.query(RoundTable):
                self._draw(table)

    def compact(self, height: int) -> None:
        """On a small terminal the tables get the room: the options become one
        line (o shows them), the details of a table go."""
        small = height < COMPACT_HEIGHT
        self.set_class(small, "-compact")
        self.query_one("#options-line", Static).update(
            Content(f"{self.options_text()} · O options · r pair again")
        )

    def options_text(self) -> str:
        size, rounds, avoid = self.chosen()
        kind = "pairs" if size == 2 else f"groups of {size}"
        return f"{kind} · {rounds} round{'s' if rounds > 1 else ''}" + (
            " · avoiding clashes" if avoid else ""
        )

    def chosen(self) -> tuple[int, int, bool]:
        size = self.query_one("#size", Select).value
        rounds = self.query_one("#rounds", Select).value
        assert isinstance(size, int) and isinstance(rounds, int)
        return size, rounds, self.query_one("#avoid", Checkbox).value

    @on(Select.Changed, "#size, #rounds")
    @on(Checkbox.Changed, "#avoid")
    def option_changed(self) -> None:
        """A changed option pairs again at once: the plan on show always
        matches the options, so nobody saves a plan made for others."""
        if not self.is_mounted or (self.state is None and not self.failed):
            return  # the options set on mount, before the first plan
        size, rounds, avoid = self.chosen()
        self.session.remember_options(PairOptions(size, rounds, avoid))
        self.compact(self.size.height)
        self.action_run()

    def action_options(self) -> None:
        self.toggle_class("-show-options")

    # --- running the pairing in a worker ------------------------------------------

    @on(Button.Pressed, "#run")
    def action_run(self) -> None:
        size, rounds, avoid = self.chosen()
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=rounds, progress=0)
        progress.display = True
        self.status("Pairing …")
        self.pair_in_background(size, rounds, avoid)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pairing")
    def pair_in_background(self, size: int, rounds: int, avoid: bool) -> Seating:
        progress = self.query_one("#progress", ProgressBar)

        def advance(done: int, total: int) -> None:
            self.app.call_from_thread(progress.update, progress=done)

        return self.session.pair(size, rounds, avoid, advance)

    @on(Worker.StateChanged)
    async def pairing_done(self, message: Worker.StateChanged) -> None:
        if message.worker.group != "pairing":
            return
        if message.state is WorkerState.SUCCESS:
            self.query_one("#progress", ProgressBar).display = False
            self.state = BoardState(message.worker.result)  # type: ignore[arg-type]
            self.failed = ""
            await self.show_rounds()
        elif message.state is WorkerState.ERROR:
            # No plan matches the options now: show none (the saved rounds stay on show).
            self.query_one("#progress", ProgressBar).display = False
            self.state = None
            error = user_error(message.worker)
            self.failed = str(error)
            await self.show_rounds()
            self.mm.report(error)

    # --- showing rounds ------------------------------------------------------------------

    async def show_rounds(self) -> None:
        """The plan's rounds (none when the last pairing failed), then the
        rounds saved earlier, read-only, to look at and export again."""
        tabs = self.query_one("#round-tabs", TabbedContent)
        await tabs.clear_panes()
        self.past = {s.rounds[0].number: s for s in self.session.saved_rounds()}
        planned = self.state.seating.rounds if self.state is not None else []
        panes = [(f"round-{r.number}", self._tab_title(r.number), r) for r in planned]
        panes += [(f"saved-{n}", f"Saved {n}", s.rounds[0]) for n, s in self.past.items()]
        for pane_id, title, seated in panes:
            table = RoundTable(seated, id=f"table-{pane_id}")
            await tabs.add_pane(TabPane(title, table, id=pane_id))
            self._draw(table)
        if panes:
            tabs.active = panes[0][0]
            table = self.current_table()
            table.focus()
            table.move_cursor(row=0, column=1)  # on a name, ready to mark
        self._describe_round()

    def _tab_title(self, number: int) -> str:
        saved = self.state is not None and self.state.is_saved(number)
        return f"Round {number}" + (" ✓ saved" if saved else "")

    def _draw(self, table: RoundTable, seated: SeatedRound | None = None) -> None:
        marked = self.state.marked if self.state else None
        locked = {x for pair in self.event.locks for x in pair}
        seating = self.past.get(table.seated.number) if table.id and "saved" in table.id else None
        profiles = seating.profiles if seating else self.event.profiles
        access = {i for i, p in enumerate(profiles) if p.needs_access}
        table.show(seated or table.seated, [p.name for p in profiles], marked, locked, access)

    def on_show(self) -> Seating | None:
        """The plan whose tab is on show: this one, or a round saved earlier."""
        if self.is_past():
            number = int(self.query_one("#round-tabs", TabbedContent).active.removeprefix("saved-"))
            return self.past.get(number)
        return self.seating

    def person_name(self, person: int) -> str:
        seating = self.on_show()
        return seating.name(person) if seating else self.event.people[person].name

    def is_past(self) -> bool:
        """Is a saved (read-only) round on show?"""
        return self.query_one("#round-tabs", TabbedContent).active.startswith("saved-")

    def current_round(self) -> SeatedRound | None:
        active = self.query_one("#round-tabs", TabbedContent).active
        if active.startswith("saved-"):
            seating = self.past.get(int(active.removeprefix("saved-")))
            return seating.rounds[0] if seating else None
        if self.state is None or not self.state.seating.rounds:
            return None
        if not active:
            return self.state.seating.rounds[0]
        return self.state.round(int(active.removeprefix("round-")))

    def current_table(self) -> RoundTable:
        tabs = self.query_one("#round-tabs", TabbedContent)
        return self.query_one(f"#table-{tabs.active or 'round-1'}", RoundTable)

    def cursor_person(self) -> tuple[Table, int | None] | None:
        """The table under the cursor and the person in the cursor's cell, if any."""
        if self.current_round() is None:
            return None
        return self.current_table().at_cursor()

    @on(DataTable.CellHighlighted)
    def highlighted(self) -> None:
        self._describe_table()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self._describe_round()

    def _describe_round(self) -> None:
        seated = self.current_round()
        if self.failed:  # no plan for these options: that is what the organiser must know
            self.status(self.failed)
            return
        if seated is None:
            self.status("Nobody to pair yet: add people first.")
            return
        notes = " ".join(seated.notes)
        event = self.event
        if event.checked_in and not self.is_past():
            notes = f"Pairing the {len(event.seated())} present of {len(event.people)}. {notes}"
        unplaced = ", ".join(self.person_name(m) for m in seated.unplaced)
        tables = len(seated.tables)
        text = f"{tables} table{'s' if tables != 1 else ''} · {seated.quality()}"
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
        names = " + ".join(self.person_name(m) for m in table.members)
        parts: list[Content | str | tuple[str, str]] = [
            (f"Table {table.number}: {names} — {table.score}/100\n", "bold")
        ]
        for m in table.members:  # the organiser's own screen: their private note is shown
            person = self.event.people[m].profile if m < len(self.event.people) else None
            if person is not None and person.needs_access:
                note = f" — “{one_line(person.notes)}”" if person.notes else ""
                parts += [(f"  {ACCESS_FLAG}: {self.person_name(m)}", "bold"), f"{note}\n"]
        parts += [f"  • {reason}\n" for reason in table.reason_lines()]
        for w in table.warnings:
            parts += [(f"  {w.severity.symbol} {w.headline}: ", "bold"), f"{w.message}\n"]
            parts += [(f"    → {w.advice}\n", "italic")]
        detail.update(Content.assemble(*parts))

    def status(self, text: str) -> None:
        hint = "space mark · s swap · l lock · x exclude · ctrl+s save · e/c export"
        self.query_one("#board-status", Static).update(Content(f"{text}  ({hint})"))

    # --- saving and exporting --------------------------------------------------------------

    def _retitle(self, number: int) -> None:
        tabs = self.query_one("#round-tabs", TabbedContent)
        tabs.get_tab(f"round-{number}").label = Content(self._tab_title(number))

    def action_save(self) -> None:
        seated, state = self.current_round(), self._editable()
        if seated is None or state is None:
            return
        if state.is_saved(seated.number):
            self.notify("This round is already saved.")
            return
        try:
            number = self.session.save_round(seated)
        except UserError as error:
            self.mm.report(error)
            return
        self._show(state.mark_saved(seated.number))
        self.notify(
            f"Saved as round {number} of {self.session.name}; later pairings will not repeat it.",
            markup=False,
        )

    def action_export(self, kind: str) -> None:
        seated, seating = self.current_round(), self.on_show()
        if seated is None or seating is None:
            return
        one = replace(seating, rounds=(seated,))
        title = f"{self.session.name} — round {seated.number}"
        text = seating_markdown(one, title) if kind == "markdown" else seating_csv(one)
        stem = f"{slug(self.session.name)}-round-{seated.number}"
        try:
            path = export(self.mm.export_dir, stem, ".md" if kind == "markdown" else ".csv", text)
        except UserError as error:
            self.mm.report(error)
            return
        self.notify(f"Round {seated.number} exported to {path}", title="Exported", markup=False)

    def action_overview(self) -> None:
        """The overview, reviewing this plan's unsaved rounds with the saved ones."""
        from matchmaker.ui.overview import OverviewScreen

        seated, plan = self.current_round(), self.state.unsaved() if self.state else None
        self.app.push_screen(OverviewScreen(plan, seated.number if seated else None))

    def action_back(self) -> None:
        self.app.pop_screen()
