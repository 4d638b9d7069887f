"""Small modal dialogs: confirm, ask for a name, and the key help."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static

from matchmaker.core.clashes import ClashKind, Severity
from matchmaker.core.score_weights import COMPONENT_LABELS, WEIGHTS


class ConfirmScreen(ModalScreen[bool]):
    """ "Delete Ada?" — y or enter confirms, n or escape cancels."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: Content | str, confirm: str = "Delete") -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(question)
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.confirm} (y)", variant="error", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class NameScreen(ModalScreen[str | None]):
    """Ask for a short name (an event's); enter saves, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.prompt))
            yield Input(self.value, id="name", max_length=120)
            yield Label("", id="problem", classes="problem")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if not name:
            self.query_one("#problem", Label).update("A name is needed.")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


def score_lines() -> list[str]:
    """The score's parts and their points, from the weights themselves."""
    parts = " + ".join(
        f"{COMPONENT_LABELS[name]} (up to {round(100 * weight)})"
        for name, weight in WEIGHTS.items()
    )
    return [
        f"Every score is 0–100: {parts}.",
        "A topic counts once, under its strongest link: one can teach what the other wants to "
        "learn, else both want to learn it, else both are into it. Rarer topics count more; "
        "related topics (climbing and bouldering) count half.",
        "Warnings never change a score.",
    ]


def badge_lines() -> list[str]:
    kinds = ", ".join(f"“{kind.label}”" for kind in ClashKind)
    severities = ", ".join(f"{s.symbol} {s.value}" for s in reversed(Severity))
    return [
        f"Kinds: {kinds}. Severity: {severities}.",
        "Pace is high only between the two ends (all journey, all destination); someone "
        "balanced never clashes on pace. Each warning suggests a question to ask each other.",
    ]


class HelpScreen(ModalScreen[None]):
    """Every key of the screen underneath, and the app's, with what it does."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        # The screen's own keys first (as declared), then the app's, then the
        # focused widget's navigation keys.
        own = [b.action for b in Binding.make_bindings(type(under).BINDINGS)]
        rows: dict[str, tuple[int, int, str]] = {}
        for order, (key, active) in enumerate(under.active_bindings.items()):
            binding = active.binding
            if binding.description and binding.description not in rows:
                shown = binding.key_display or under.app.get_key_display(binding) or key
                first = own.index(binding.action) if binding.action in own else len(own) + order
                rows[binding.description] = (0 if binding.action in own else 1, first, shown)
        self.rows = [
            (d, shown) for d, (_, _, shown) in sorted(rows.items(), key=lambda item: item[1][:2])
        ]
        self.title_text = f"Keys on this screen ({under.__class__.__name__.removesuffix('Screen')})"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(self.title_text, classes="heading")
            with VerticalScroll():
                for description, key in self.rows:
                    yield Static(
                        Content.assemble((f"{key:>12}", "bold $accent"), "  ", description)
                    )
                yield Static(
                    Content.assemble(
                        (f"{'ctrl+p':>12}", "bold $accent"),
                        "  the command palette: every action by name, and the themes",
                    )
                )
                yield Label("What a score is made of", classes="heading")
                for line in score_lines():
                    yield Static(Content(line))
                yield Label("What the warning badges mean", classes="heading")
                for line in badge_lines():
                    yield Static(Content(line))
            yield Label("escape closes this help", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
