"""Two or three plain questions about process vs result, instead of a number."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, RadioButton, RadioSet


class OrientationQuiz(Vertical):
    DEFAULT_CSS = """
    OrientationQuiz { height: auto; }
    OrientationQuiz RadioSet { layout: horizontal; height: auto; width: 1fr; margin-bottom: 1; }
    OrientationQuiz Label { margin-top: 0; }
    """

    @dataclass
    class Changed(Message):
        """The answers so far: an index into each question's choices, or None."""

        quiz: OrientationQuiz
        answers: tuple[int | None, ...]

    def __init__(
        self, questions: tuple[tuple[str, tuple[str, str, str]], ...], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.questions = questions

    def compose(self) -> ComposeResult:
        for number, (question, choices) in enumerate(self.questions):
            yield Label(Content(question))
            with RadioSet(id=f"question-{number}"):
                for choice in choices:
                    yield RadioButton(Content(choice))

    @property
    def answers(self) -> tuple[int | None, ...]:
        return tuple(
            self.query_one(f"#question-{n}", RadioSet).pressed_index if self._answered(n) else None
            for n in range(len(self.questions))
        )

    def _answered(self, number: int) -> bool:
        return self.query_one(f"#question-{number}", RadioSet).pressed_button is not None

    @on(RadioSet.Changed)
    def answered(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.answers))
