"""The pairing board's options, one key each and no field to tab to: group
size, rounds in the evening, avoiding clashes, the evening's preset, pace
policy and weights. Each change is stored with the event (through the
session) and pairs again at once; the line at the top says what is chosen
and which round is planned ("round 3 of 3, 2 saved")."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static

from matchmaker.core.errors import UserError
from matchmaker.core.limits import MAX_SIZE
from matchmaker.core.model import PairOptions
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.score_weights import COMPONENT_LABELS, CRITERIA, MOST, PRESETS, Weighting
from matchmaker.ui.base import AppModal

if TYPE_CHECKING:  # the board builds its parts; only their types point back
    from matchmaker.ui.board import BoardScreen

MAX_ROUNDS = 8
PACES = tuple(PacePolicy)
# The weights dialog's key for each criterion (each press counts it 0 → 1 → 2 → 3 → 0).
WEIGHT_KEYS = {
    "topics": "t",
    "teaching": "e",
    "motives": "m",
    "pace": "p",
    "learning": "l",
    "problems": "b",
}


T = TypeVar("T")


def _next(values: tuple[T, ...], now: T) -> T:
    return values[(values.index(now) + 1) % len(values)] if now in values else values[0]


class BoardOptions:
    """The options the board plans with: the event's, changed by one key each."""

    def __init__(self, board: BoardScreen) -> None:
        self.board = board

    @property
    def chosen(self) -> PairOptions:
        return self.board.event.options

    @property
    def avoiding(self) -> bool:
        """Avoiding clashes is kept only with pace ``separate`` (the service refuses the mix)."""
        return self.chosen.avoid_clashes and self.chosen.pace is PacePolicy.SEPARATE

    def plan(self) -> tuple[int, int]:
        """The first round to plan and how many: the rest of the evening, or
        only the next round once the rounds set are saved."""
        event = self.board.event
        first = max((r.number for r in event.rounds), default=0) + 1
        return first, max(1, self.chosen.rounds - len(event.rounds))

    def last_round(self) -> int:
        """The evening's last round as planned now ("round 3 of 5": 5)."""
        first, count = self.plan()
        return first + count - 1

    def rounds_text(self) -> str:
        """ "round 3 of 3 (2 saved)", "rounds 1–3 of 3", or, past the rounds
        set, "round 4 of 4 (3 saved; one more than the 3 set)"."""
        first, count = self.plan()
        saved, last = len(self.board.event.rounds), self.last_round()
        text = f"round {first}" if count == 1 else f"rounds {first}–{last}"
        text += f" of {last}"
        if saved:
            text += f" ({saved} saved"
            if self.chosen.rounds <= saved:
                text += f"; one more than the {self.chosen.rounds} set"
            text += ")"
        return text

    def line(self) -> Content:
        """Every option with its key, as the board shows it."""
        options = self.chosen
        size = "pairs" if options.size == 2 else f"groups of {options.size}"
        if options.pace is not PacePolicy.SEPARATE:
            clashes = "avoid clashes: off (only with pace separate)"
        else:
            clashes = "avoiding clashes" if options.avoid_clashes else "clashes allowed"
        parts = [
            ("S", size),
            ("N", self.rounds_text()),
            ("C", clashes),
            ("P", options.weighting.title),
            ("M", f"pace {options.pace.value}"),
            ("W", options.weighting.text()),
        ]
        pieces: list[str | tuple[str, str]] = []
        for key, text in parts:
            pieces += [(f"{key} ", "bold"), f"{text}  "]
        return Content.assemble(*pieces, ("r", "bold"), " pair again")

    # --- the keys ------------------------------------------------------------------

    def size(self) -> None:
        self._remember(size=_next(tuple(range(2, MAX_SIZE + 1)), self.chosen.size))

    def rounds(self) -> None:
        self._remember(rounds=_next(tuple(range(1, MAX_ROUNDS + 1)), self.chosen.rounds))

    def clashes(self) -> None:
        if self.chosen.pace is not PacePolicy.SEPARATE:
            self.board.status("Avoiding clashes goes only with pace separate: M changes the pace")
            return
        self._remember(avoid_clashes=not self.chosen.avoid_clashes)

    def preset(self) -> None:
        names = tuple(PRESETS)
        self._evening(PRESETS[_next(names, self.chosen.weighting.preset)], self.chosen.pace)

    def pace(self) -> None:
        self._evening(self.chosen.weighting, _next(PACES, self.chosen.pace))

    def weights(self) -> None:
        def chosen(weighting: Weighting | None) -> None:
            if weighting is not None and weighting != self.chosen.weighting:
                self._evening(weighting, self.chosen.pace)

        self.board.app.push_screen(WeightsScreen(self.chosen.weighting), chosen)

    def _remember(self, **changes: object) -> None:
        self.board.session.remember_options(replace(self.chosen, **changes))  # type: ignore[arg-type]
        self.board.options_changed()

    def _evening(self, weighting: Weighting, pace: PacePolicy) -> None:
        self.board.session.choose_evening(weighting, pace)
        self.board.options_changed()


class WeightsScreen(AppModal[Weighting | None]):
    """Each criterion's weight, 0-3, one key each; enter keeps them, escape not."""

    BINDINGS = [
        *(
            Binding(key, f"bump('{name}')", f"{name} weight", key_display=key)
            for name, key in WEIGHT_KEYS.items()
        ),
        Binding("enter", "keep", "Keep"),
        Binding("escape", "close", "Cancel"),
    ]

    def __init__(self, weighting: Weighting) -> None:
        super().__init__()
        self.weighting = weighting

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Tonight's weights (0 not at all … 3 three times)", classes="heading")
            yield Static("", id="weights")
            yield Static("", id="weights-problem", classes="problem -error")
            yield Label("enter keeps them and pairs again · escape leaves them", classes="hint")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        values = self.weighting.values()
        lines: list[str | tuple[str, str]] = [f"{self.weighting.title}\n"]
        for name in CRITERIA:
            value = values[name]
            bar = "■" * value + "·" * (MOST - value)
            lines += [(f" {WEIGHT_KEYS[name]} ", "bold reverse"), f" {bar} {value}  {name}"]
            lines.append(f" ({COMPONENT_LABELS[CRITERIA[name]]})\n")
        self.query_one("#weights", Static).update(Content.assemble(*lines))

    def action_bump(self, name: str) -> None:
        value = (self.weighting.values()[name] + 1) % (MOST + 1)
        problem = self.query_one("#weights-problem", Static)
        try:
            self.weighting = replace(self.weighting, **{name: value})  # type: ignore[arg-type]
        except UserError as error:  # every weight 0: say so, keep the last good ones
            problem.update(Content(str(error)))
        else:
            problem.update("")
        self._show()

    def action_keep(self) -> None:
        self.dismiss(self.weighting)

    def action_close(self) -> None:
        self.dismiss(None)
