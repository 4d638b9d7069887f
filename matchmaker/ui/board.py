"""The organiser's pairing board: pair the room in a worker (the screen never
freezes), then swap, lock, exclude, undo, save and export, one tab a round.
Made of parts: the plan, marks and undo history are a ``BoardState``;
``RoundTabs`` and ``TableDetails`` draw it; ``BoardOptions`` (one key per
option), ``PlanEdits`` (hand edits) and ``EveningDesk`` (latecomers,
leavers, ratings, rules) turn keys into calls.
This screen holds them together, runs the pairing and saves."""

from __future__ import annotations

import re
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static, TabbedContent
from textual.worker import Worker, WorkerState

from matchmaker.core.errors import UserError
from matchmaker.core.model import Event, PairRule
from matchmaker.pairing.board_state import BoardState
from matchmaker.pairing.seating import Seating
from matchmaker.render.markdown import seating_markdown
from matchmaker.render.spreadsheet import seating_csv
from matchmaker.service.session import EventSession, export
from matchmaker.ui.base import AppScreen, EventChanged, user_error
from matchmaker.ui.board_edits import PlanEdits
from matchmaker.ui.board_live import EveningDesk
from matchmaker.ui.board_options import BoardOptions
from matchmaker.widgets.round_tabs import RoundTabs
from matchmaker.widgets.table_details import TableDetails

COMPACT_HEIGHT = 32  # below this many rows the details of a table keep to a few lines


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "event"


class BoardScreen(AppScreen[None]):
    BINDINGS = [
        Binding("r", "run", "Pair again"),
        Binding("S", "option('size')", "Size", key_display="S"),
        Binding("N", "option('rounds')", "Rounds", key_display="N"),
        Binding("C", "option('clashes')", "Avoid clashes", key_display="C"),
        Binding("P", "option('preset')", "Preset", key_display="P"),
        Binding("M", "option('pace')", "Pace", key_display="M"),
        Binding("W", "option('weights')", "Weights", key_display="W"),
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
        Binding("d", "details", "Details"),
        Binding("o", "overview", "Overview"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: BoardState | None = None
        self.failed = ""  # why the last pairing failed (then a changed option pairs again)
        self.pairing = False  # a plan is under way: the one on show no longer fits the options
        self.told = ""  # what a key did that paired again: said with that plan
        self.options = BoardOptions(self)
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
        yield Static("", id="options-line")
        yield ProgressBar(id="progress", show_eta=False)
        yield RoundTabs(id="round-tabs")
        yield TableDetails("", id="detail")
        yield Static("", id="board-status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        """The options this event used last time, then the first plan."""
        self.query_one("#progress", ProgressBar).display = False
        self.compact(self.size.height)
        self.action_run()  # at once: a test or a key never finds the board without its worker

    def on_resize(self) -> None:
        self.compact(self.size.height)
        self.tabs.redraw_all()  # widths follow the window

    def compact(self, height: int) -> None:
        """On a small terminal the details of a table keep to a few lines."""
        self.set_class(height < COMPACT_HEIGHT, "-compact")
        self.show_options()

    def show_options(self) -> None:
        self.query_one("#options-line", Static).update(self.options.line())
        self.tabs.evening_rounds = self.options.last_round()

    def action_option(self, name: str) -> None:
        """One option's key (S, N, C, P, M, W): see ``BoardOptions``."""
        getattr(self.options, name)()

    def action_details(self) -> None:
        """The table under the cursor in full (its every reason and warning), or back."""
        self.toggle_class("-full-details")

    def options_changed(self) -> None:
        """A changed option pairs again at once: the plan on show always
        matches the options, so nobody saves a plan made for others."""
        self.show_options()
        self.action_run()

    # --- running the pairing in a worker ------------------------------------------

    def action_run(self) -> None:
        """Plan the rest of the evening (the next round once the rounds set are saved)."""
        self.told = ""
        self.show_options()
        _, rounds = self.options.plan()
        chosen = self.options.chosen
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=rounds, progress=0)
        progress.display = True
        self.pairing = True
        self.status("Pairing …")
        self.pair_in_background(chosen.size, rounds, self.options.avoiding)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pairing")
    def pair_in_background(self, size: int, rounds: int, avoid: bool) -> Seating:
        progress = self.query_one("#progress", ProgressBar)

        def advance(done: int, total: int) -> None:
            self.app.call_from_thread(progress.update, progress=done)

        return self.session.pair(size, rounds, avoid, advance)

    @on(Worker.StateChanged)
    async def pairing_done(self, message: Worker.StateChanged) -> None:
        if message.worker.group != "pairing" or not message.worker.is_finished:
            return
        if message.state is not WorkerState.CANCELLED:  # (a newer pairing took its place)
            self.pairing = False
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

    def replan(self, done: str) -> None:
        """Pair again at once after ``done`` (a rule set, someone gone), and say both."""
        self.action_run()
        self.told = done

    # --- showing rounds ------------------------------------------------------------------

    @property
    def tabs(self) -> RoundTabs:
        return self.query_one("#round-tabs", RoundTabs)

    async def show_rounds(self) -> None:
        """The plan's rounds (none when the last pairing failed), then the
        rounds saved earlier, read-only, to look at and export again."""
        await self.tabs.show(self.state, *self.saved_rounds())
        self._describe_round()

    @on(EventChanged)
    async def event_changed(self) -> None:
        """Another process wrote the event (a check-in at the door, ``seat``
        or ``leave`` in another shell): the saved rounds are drawn as they are
        now, with who waits for a table; the plan, its marks and undo stay."""
        await self.tabs.follow(*self.saved_rounds())
        self.show_options()
        self._describe_round()

    def saved_rounds(self) -> tuple[dict[int, Seating], set[int], dict[int, dict[int, int]]]:
        """The saved rounds by number, who is locked, and each saved table's rating."""
        saved = {s.rounds[0].number: s for s in self.session.saved_rounds()}
        ratings = {number: self.session.table_ratings(number) for number in saved}
        self.tabs.joined = frozenset(i for i, p in enumerate(self.event.people) if p.joined)
        return saved, self.locked(), ratings

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
        told = f"{self.told} " if self.told else ""
        if self.failed:  # no plan for these options: that is what the organiser must know
            self.status(told + self.failed)
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
        self.status(told + text + (f" · {notes}" if notes else ""))
        self._describe_table()

    def _describe_table(self) -> None:
        found = self.tabs.at_cursor()
        seating = self.tabs.seating_on_show()
        table = found[0] if found else None
        rating = self.tabs.rating(table.number) if table else None
        self.query_one("#detail", TableDetails).show(table, seating, rating, self.tabs.joined)

    def status(self, text: str) -> None:
        """``text``, then the keys that act on the round on show."""
        if self.tabs.is_past():
            hint = "1-5 rate the table · a seat latecomers · g gone home · d details · e/c export"
        else:
            hint = "space mark · s swap · l lock · x exclude · ctrl+s save · d details · e/c export"
        self.query_one("#board-status", Static).update(
            Content.assemble(text, (f"  ({hint})", "dim"))
        )

    # --- saving and exporting --------------------------------------------------------------

    def editable(self) -> BoardState | None:
        """The plan, when its round is on show (saved rounds stay as they were)."""
        if self.tabs.is_past():
            self.status("Saved rounds stay as they were; press r for a new round to change")
            return None
        if self.pairing:
            self.status("Pairing for the options chosen …: a moment, then the new plan")
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
        self.show_options()
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

    async def action_rate(self, rating: int) -> None:
        await self.evening.rate(rating)

    def action_project(self) -> None:
        self.evening.project()

    def action_rules(self) -> None:
        self.evening.rules()
