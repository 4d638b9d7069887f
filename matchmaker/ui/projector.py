"""The round in play on a projector, for the room: the last saved round
(the board's unsaved plan only when the organiser presses ``p``), a
countdown in digits as large as the wall allows, and every table with its
people in columns that fill the screen, paged when they do not all fit.
``t`` starts or pauses the timer, ``+``/``-`` change the minutes; at zero
the screen says so (and rings the terminal's bell) and names the next round."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from matchmaker.core.model import Timer
from matchmaker.pairing.seating import SeatedRound, Seating, Table
from matchmaker.ui.base import AppScreen, EventChanged
from matchmaker.widgets.wall_digits import WallDigits

DEFAULT_MINUTES = 15
PAGE_SECONDS = 8  # how long each page of tables stays up
CARD_WIDTH = 26  # the narrowest card: its border, padding and a name of 22 characters
CLOCK_SHARE = 0.3  # at most this part of the screen's height goes to the countdown

Shown = tuple[Seating, SeatedRound]


def clock_text(seconds: float) -> str:
    whole = int(seconds + 0.999)  # 0:01 until it is really over
    return f"{whole // 60:02d}:{whole % 60:02d}"


def card_layout(tables: int, members: int, width: int, height: int) -> tuple[int, int]:
    """Cards across and down for up to ``tables`` cards of ``members`` names
    in ``width`` × ``height`` cells: the most tables a page, then the cards
    with the most room to spare both ways (never narrower than a name,
    never cut off)."""
    need = 3 + members  # border, the table's number, a line a person
    most_across, most_down = max(1, width // CARD_WIDTH), max(1, height // need)
    choices = []
    for across in range(1, min(tables, most_across) + 1):
        down = min(-(-tables // across), most_down)
        room = min(width / across / CARD_WIDTH, height / down / need)
        choices.append((min(tables, across * down), room, -across, (across, down)))
    return max(choices)[-1] if choices else (1, 1)


def column_order(tables: Sequence[Table], across: int, down: int) -> list[Table | None]:
    """The tables in reading order for a grid filled row by row, so that
    their numbers run down each column (None for an empty place)."""
    return [
        tables[column * down + row] if column * down + row < len(tables) else None
        for row in range(down)
        for column in range(across)
    ]


class ProjectorScreen(AppScreen[None]):
    BINDINGS = [
        Binding("t", "start_pause", "Start/pause"),
        Binding("plus,equals_sign", "minutes(1)", "+1 min", key_display="+"),
        Binding("minus", "minutes(-1)", "-1 min", key_display="-"),
        Binding("p", "plan", "Plan/saved"),
        Binding("pagedown,right", "page(1)", "Next page", show=False),
        Binding("pageup,left", "page(-1)", "Previous page", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, plan: Shown | None = None, clock: Callable[[], float] = time.time) -> None:
        """``plan``: the board's unsaved round, shown only on ``p``."""
        super().__init__()
        self.plan, self.clock = plan, clock
        self.showing_plan = False
        self.saved: Shown | None = None  # the round in play: the last one saved
        self.page = 0
        self.rang = False

    @property
    def shown(self) -> Shown | None:
        """The plan when the organiser asked for it, else the last saved round."""
        if self.showing_plan and self.plan is not None:
            return self.plan
        return self.saved

    @property
    def timer(self) -> Timer | None:
        shown = self.shown
        if shown is None:
            return None
        number = shown[1].number
        current = self.mm.session.event.timer
        if current is not None and current.round == number:
            return current
        return Timer(number, DEFAULT_MINUTES, None, DEFAULT_MINUTES * 60)

    def compose(self) -> ComposeResult:
        with Horizontal(id="projector-top"):
            yield WallDigits("", id="projector-number")
            with Vertical(id="projector-heading"):
                yield Static("", id="projector-round")
                yield Static("", id="projector-signal")
            yield WallDigits("", id="projector-clock")
        yield Grid(id="projector-tables")
        yield Static("", id="projector-help")

    def on_mount(self) -> None:
        self.take_round_in_play()
        self.query_one("#projector-help", Static).update(
            "t start/pause · +/- minutes · ←/→ pages · p plan/saved round · esc back"
        )
        self.set_interval(1, self.tick)
        self.set_interval(PAGE_SECONDS, lambda: self.action_page(1))
        self.draw()

    def take_round_in_play(self) -> None:
        saved = self.mm.session.saved_rounds()
        self.saved = (saved[-1], saved[-1].rounds[0]) if saved else None

    @on(EventChanged)
    def event_changed(self) -> None:
        """A latecomer seated, someone gone home or a round saved elsewhere
        (the door, another shell): the round in play is shown as it is now."""
        self.take_round_in_play()
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def fit_clock(self) -> int:
        """Scale the countdown to the wall; the rows it takes."""
        clock = self.query_one("#projector-clock", WallDigits)
        room = int(self.size.height * CLOCK_SHARE)
        scale = clock.scale_to_fit("00:00", (self.size.width * 2) // 3, room)
        clock.set_scale(scale)
        self.query_one("#projector-number", WallDigits).set_scale(scale)
        self.query_one("#projector-top").styles.height = clock.rows
        return clock.rows

    def draw(self) -> None:
        top = self.fit_clock()
        grid = self.query_one("#projector-tables", Grid)
        grid.remove_children()
        shown = self.shown
        if shown is None:
            self.show_nothing(grid)
            return
        seating, seated = shown
        tables = [t for t in seated.tables if t.members]
        members = max((len(t.members) for t in tables), default=2)
        width, height = self.size.width - 2, self.size.height - top - 1
        across, down = card_layout(len(tables), members, width, height)
        pages = max(1, -(-len(tables) // (across * down)))
        self.page %= pages
        page = tables[self.page * across * down : (self.page + 1) * across * down]
        grid.styles.grid_size_columns, grid.styles.grid_size_rows = across, down
        grid.styles.grid_rows = "1fr"
        grid.mount_all(self.card(seating, t) for t in column_order(page, across, down))
        self.query_one("#projector-number", WallDigits).update(str(seated.number))
        plan = " · the plan, not saved yet" if shown is self.plan else ""
        paged = f" · page {self.page + 1} of {pages}" if pages > 1 else ""
        self.query_one("#projector-round", Static).update(
            Content.assemble(
                (f"Round {seated.number}", "bold"), f" · {len(tables)} tables{paged}{plan}"
            )
        )
        self.tick()

    def card(self, seating: Seating, table: Table | None) -> Static:
        if table is None:
            return Static("", classes="table-card -empty")
        names = "\n".join(seating.name(m) for m in table.members)
        return Static(
            Content.assemble((f"Table {table.number}\n", "bold $accent"), names),
            classes="table-card",
        )

    def show_nothing(self, grid: Grid) -> None:
        grid.styles.grid_size_columns, grid.styles.grid_size_rows = 1, 1
        if self.plan is not None:
            text = (
                f"No round is saved yet. p shows the plan for round {self.plan[1].number} "
                "(not saved); esc goes back to the board, where ctrl+s saves it."
            )
        else:
            text = "Nothing to show yet: pair the room on the board and save the round (ctrl+s)."
        grid.mount(Static(text, classes="table-card"))
        self.query_one("#projector-number", WallDigits).update("")
        self.query_one("#projector-round", Static).update(Content("No round in play"))
        self.tick()

    def tick(self) -> None:
        timer = self.timer
        clock = self.query_one("#projector-clock", WallDigits)
        signal = self.query_one("#projector-signal", Static)
        if timer is None:
            clock.update("--:--")
            signal.update("")
            return
        left = timer.remaining(self.clock())
        clock.update(clock_text(left))
        if timer.running and left <= 0:
            signal.update(Content(f"Time! Please switch to round {timer.round + 1}."))
            signal.add_class("-ringing")
            if not self.rang:
                self.rang = True
                self.app.bell()
        else:
            state = "running" if timer.running else "paused — press t to start"
            minutes = f"{timer.minutes} minute{'s' if timer.minutes != 1 else ''}"
            signal.update(Content(f"{minutes} · {state}"))
            signal.remove_class("-ringing")

    def action_start_pause(self) -> None:
        session, timer = self.mm.session, self.timer
        if timer is None:
            return
        if timer.running:
            session.pause_timer(self.clock())
        else:
            if timer.remaining(self.clock()) <= 0:
                timer = Timer(timer.round, timer.minutes, None, timer.minutes * 60)
                session.set_timer(timer)
            session.start_timer(timer.round, timer.minutes, self.clock())
            self.rang = False
        self.tick()

    def action_minutes(self, change: int) -> None:
        timer = self.timer
        if timer is None:
            return
        minutes = max(1, timer.minutes + change)
        left = max(0.0, timer.remaining(self.clock()) + 60 * (minutes - timer.minutes))
        ends = self.clock() + left if timer.running else None
        self.mm.session.set_timer(Timer(timer.round, minutes, ends, left))
        self.tick()

    def action_plan(self) -> None:
        """Between the round in play and the board's plan (when it has one)."""
        if self.plan is None:
            self.notify("The board has no unsaved plan to show.", markup=False)
            return
        self.showing_plan = not self.showing_plan
        self.page = 0
        self.draw()

    def action_page(self, step: int) -> None:
        self.page += step
        self.draw()

    def action_back(self) -> None:
        self.app.pop_screen()
