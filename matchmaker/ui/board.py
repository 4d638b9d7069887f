"""The organiser's pairing board: pair the room in a worker (the screen never
freezes), then swap, lock, exclude, undo, save and export, one tab a round.
Made of parts: the plan, marks and undo history are a ``BoardState``;
``RoundTabs`` and ``TableDetails`` draw it; ``PlanEdits`` (hand edits) and
``EveningDesk`` (latecomers, leavers, ratings, rules) turn keys into calls.
This screen holds them together, runs the pairing and saves."""

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
)
from textual.worker import Worker, WorkerState

from matchmaker.core.errors import UserError
from matchmaker.core.limits import MAX_SIZE
from matchmaker.core.model import Event, PairOptions, PairRule
from matchmaker.pairing.board_state import BoardState
from matchmaker.pairing.seating import Seating
from matchmaker.render.markdown import seating_markdown
from matchmaker.render.spreadsheet import seating_csv
from matchmaker.service.session import EventSession, export
from matchmaker.ui.base import AppScreen, EventChanged, user_error
from matchmaker.ui.board_edits import PlanEdits
from matchmaker.ui.board_live import EveningDesk
from matchmaker.widgets.round_tabs import RoundTabs
from matchmaker.widgets.table_details import TableDetails

MAX_ROUNDS = 8
COMPACT_HEIGHT = 32  # below this many rows the board gives the tables all the room


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "event"


class BoardScreen(AppScreen[None]):
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
        self.planned_with: PairOptions | None = None  # the options of the plan on show or under way
        self.edits = PlanEdits(self)
        self.evening = EveningDesk(self)

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
        yield RoundTabs(id="round-tabs")
        yield TableDetails("", id="detail")
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
        self.action_run()  # at once: a test or a key never finds the board without its worker

    def on_resize(self) -> None:
        self.compact(self.size.height)
        self.tabs.redraw_all()  # widths follow the window

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
        size, rounds, avoid = self.chosen()
        if PairOptions(size, rounds, avoid) == self.planned_with:
            return  # the options set on mount (the plan under way was made with them)
        self.session.remember_options(PairOptions(size, rounds, avoid))
        self.compact(self.size.height)
        self.action_run()

    def action_options(self) -> None:
        self.toggle_class("-show-options")

    # --- running the pairing in a worker ------------------------------------------

    @on(Button.Pressed, "#run")
    def action_run(self) -> None:
        size, rounds, avoid = self.chosen()
        self.planned_with = PairOptions(size, rounds, avoid)
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
            plan: Seating = message.worker.result  # type: ignore[assignment]
            self.state = BoardState(plan)
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

    @property
    def tabs(self) -> RoundTabs:
        return self.query_one("#round-tabs", RoundTabs)

    async def show_rounds(self) -> None:
        """The plan's rounds (none when the last pairing failed), then the
        rounds saved earlier, read-only, to look at and export again."""
        saved = {s.rounds[0].number: s for s in self.session.saved_rounds()}
        await self.tabs.show(self.state, saved, self.locked())
        self._describe_round()

    @on(EventChanged)
    async def event_changed(self) -> None:
        """Another process wrote the event (a check-in at the door, ``seat``
        or ``leave`` in another shell): the saved rounds are drawn as they are
        now, with who waits for a table; the plan, its marks and undo stay."""
        saved = {s.rounds[0].number: s for s in self.session.saved_rounds()}
        await self.tabs.follow(saved, self.locked())
        self._describe_round()

    def take(self, state: BoardState) -> None:
        """A new state of the plan (after an edit): drawn at once."""
        self.state = state
        self.tabs.redraw(state, self.locked())
        self._describe_table()

    def locked(self) -> set[int]:
        """Everyone in a locked pair (shown with a padlock)."""
        return {x for pair in self.event.locks for x in pair}

    @on(DataTable.CellHighlighted)
    def highlighted(self) -> None:
        self._describe_table()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self._describe_round()

    def _describe_round(self) -> None:
        seated = self.tabs.round_on_show()
        if self.failed:  # no plan for these options: that is what the organiser must know
            self.status(self.failed)
            return
        if seated is None:
            self.status("Nobody to pair yet: add people first.")
            return
        notes = " ".join(seated.notes)
        event = self.event
        if event.checked_in and not self.tabs.is_past():
            notes = f"Pairing the {len(event.seated())} present of {len(event.people)}. {notes}"
        unplaced = ", ".join(self.tabs.person_name(m) for m in seated.unplaced)
        tables = len(seated.tables)
        text = f"{tables} table{'s' if tables != 1 else ''} · {seated.quality()}"
        if unplaced:
            text += f" · not seated: {unplaced}"
        if waiting := len(self.evening.waiting()):
            text += f" · {waiting} checked in without a table (a seats them)"
        self.status(text + (f" · {notes}" if notes else ""))
        self._describe_table()

    def _describe_table(self) -> None:
        found = self.tabs.at_cursor()
        seating = self.tabs.seating_on_show()
        self.query_one("#detail", TableDetails).show(found[0] if found else None, seating)

    def status(self, text: str) -> None:
        hint = "space mark · s swap · l lock · x exclude · ctrl+s save · e/c export"
        self.query_one("#board-status", Static).update(Content(f"{text}  ({hint})"))

    # --- saving and exporting --------------------------------------------------------------

    def editable(self) -> BoardState | None:
        """The plan, when its round is on show (saved rounds stay as they were)."""
        if self.tabs.is_past():
            self.status("Saved rounds stay as they were; press r for a new round to change")
            return None
        return self.state

    def action_save(self) -> None:
        seated, state = self.tabs.round_on_show(), self.editable()
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
        self.take(state.mark_saved(seated.number))
        self.notify(
            f"Saved as round {number} of {self.session.name}; later pairings will not repeat it.",
            markup=False,
        )

    def action_export(self, kind: str) -> None:
        seated, seating = self.tabs.round_on_show(), self.tabs.seating_on_show()
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

        seated, plan = self.tabs.round_on_show(), self.state.unsaved() if self.state else None
        self.app.push_screen(OverviewScreen(plan, seated.number if seated else None))

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- keys handled by the board's parts ------------------------------------------------

    def action_mark(self) -> None:
        self.edits.mark()

    def action_swap(self) -> None:
        self.edits.swap()

    def action_undo(self) -> None:
        self.edits.undo()

    def action_lock(self) -> None:
        self.edits.set_rule(PairRule.LOCK, "Locked")

    def action_unlock(self) -> None:
        self.edits.set_rule(None, "Cleared the rules between")

    def action_exclude(self) -> None:
        self.edits.set_rule(PairRule.EXCLUDE, "Excluded")

    async def action_latecomers(self) -> None:
        await self.evening.latecomers()

    async def action_gone(self) -> None:
        await self.evening.gone()

    def action_rate(self, rating: int) -> None:
        self.evening.rate(rating)

    def action_project(self) -> None:
        self.evening.project()

    def action_rules(self) -> None:
        self.evening.rules()
