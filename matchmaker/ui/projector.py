"""The round on a projector, for the room: the round number, a countdown in
large digits, and every table with its people in text readable from the
back, paged when they do not all fit. ``t`` starts or pauses the timer,
``+``/``-`` change the minutes; at zero the screen says so (and rings the
terminal's bell) and names the next round."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.content import Content
from textual.widgets import Digits, Static

from matchmaker.core.model import Timer
from matchmaker.pairing.seating import SeatedRound, Seating
from matchmaker.ui.base import AppScreen

DEFAULT_MINUTES = 15
PAGE_SECONDS = 8  # how long each page of tables stays up
CARD_WIDTH = 30  # columns a table's card takes


def clock_text(seconds: float) -> str:
    whole = int(seconds + 0.999)  # 0:01 until it is really over
    return f"{whole // 60:02d}:{whole % 60:02d}"


class ProjectorScreen(AppScreen[None]):
    BINDINGS = [
        Binding("t", "start_pause", "Start/pause"),
        Binding("plus,equals_sign", "minutes(1)", "+1 min", key_display="+"),
        Binding("minus", "minutes(-1)", "-1 min", key_display="-"),
        Binding("pagedown,right", "page(1)", "Next page", show=False),
        Binding("pageup,left", "page(-1)", "Previous page", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(
        self, seating: Seating, seated: SeatedRound, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__()
        self.seating, self.seated, self.clock = seating, seated, clock
        self.page = 0
        self.rang = False

    @property
    def timer(self) -> Timer:
        current = self.mm.session.event.timer
        if current is not None and current.round == self.seated.number:
            return current
        return Timer(self.seated.number, DEFAULT_MINUTES, None, DEFAULT_MINUTES * 60)

    def compose(self) -> ComposeResult:
        with Horizontal(id="projector-top"):
            yield Static("", id="projector-round")
            yield Digits("", id="projector-clock")
        yield Static("", id="projector-signal")
        yield Grid(id="projector-tables")
        yield Static("", id="projector-help")

    def on_mount(self) -> None:
        self.query_one("#projector-help", Static).update(
            "t start/pause · +/- minutes · ←/→ pages · esc back"
        )
        self.set_interval(1, self.tick)
        self.set_interval(PAGE_SECONDS, lambda: self.action_page(1))
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def card_height(self) -> int:
        """A card: its border, the table's number, a line a person."""
        return 3 + max((len(t.members) for t in self.seated.tables), default=2)

    def per_page(self, tables: int) -> tuple[int, int, int]:
        """Cards across and down, and each card's height: as many as fit below
        the clock, spread out to fill the screen when there are fewer."""
        height = max(self.size.height - 6, self.card_height())
        down = max(1, height // self.card_height())
        across = max(1, min(self.size.width // CARD_WIDTH, -(-tables // down)))
        rows = max(1, min(down, -(-tables // across)))
        return across, down, max(self.card_height(), min(height // rows, 2 * self.card_height()))

    def draw(self) -> None:
        tables = [t for t in self.seated.tables if t.members]
        across, down, card = self.per_page(len(tables))
        pages = max(1, -(-len(tables) // (across * down)))
        self.page %= pages
        shown = tables[self.page * across * down : (self.page + 1) * across * down]
        grid = self.query_one("#projector-tables", Grid)
        grid.styles.grid_size_columns = across
        grid.styles.grid_rows = str(card)
        grid.remove_children()
        grid.mount_all(
            Static(
                Content.assemble(
                    (f"Table {t.number}\n", "bold $accent"),
                    "\n".join(self.seating.name(m) for m in t.members),
                ),
                classes="table-card",
            )
            for t in shown
        )
        page = f" · page {self.page + 1} of {pages}" if pages > 1 else ""
        self.query_one("#projector-round", Static).update(
            Content.assemble(
                (f"Round {self.seated.number}", "bold"), f" · {len(tables)} tables{page}"
            )
        )
        self.tick()

    def tick(self) -> None:
        timer = self.timer
        left = timer.remaining(self.clock())
        self.query_one("#projector-clock", Digits).update(clock_text(left))
        signal = self.query_one("#projector-signal", Static)
        if timer.running and left <= 0:
            signal.update(Content(f"Time! Please switch to round {self.seated.number + 1}."))
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
        if timer.running:
            session.pause_timer(self.clock())
        else:
            if timer.remaining(self.clock()) <= 0:
                timer = Timer(timer.round, timer.minutes, None, timer.minutes * 60)
                session.set_timer(timer)
            session.start_timer(self.seated.number, timer.minutes, self.clock())
            self.rang = False
        self.tick()

    def action_minutes(self, change: int) -> None:
        timer = self.timer
        minutes = max(1, timer.minutes + change)
        left = max(0.0, timer.remaining(self.clock()) + 60 * (minutes - timer.minutes))
        ends = self.clock() + left if timer.running else None
        self.mm.session.set_timer(Timer(timer.round, minutes, ends, left))
        self.tick()

    def action_page(self, step: int) -> None:
        self.page += step
        self.draw()

    def action_back(self) -> None:
        self.app.pop_screen()
