"""The intake form, made for a kiosk at the door: plain questions, topic
completion from the event's vocabulary, the motivation checklist, and
process-or-result asked in words. Shared by the organiser's app and the
attendee app; it reaches nothing itself: Save and Cancel are posted up to
the screen around it, which saves through the application layer."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from matchmaker.core.catalogue import load_catalogue
from matchmaker.core.errors import InvalidProfile
from matchmaker.core.orientation import MEANING, QUESTIONS, describe, from_answers
from matchmaker.core.profiles import NAME_MAX, Profile, build_profile, split_list
from matchmaker.core.questions import (
    ASK,
    HINTS,
    MOTIVATIONS,
    NO_MAIN,
    ORIENTATION,
    SOURCES,
    TOPIC_FIELDS,
)
from matchmaker.widgets.orientation_quiz import OrientationQuiz
from matchmaker.widgets.topic_input import SEPARATORS, TopicInput

Speller = Callable[[str], str | None]  # a typed topic -> the event's spelling of it, if known


class IntakeForm(VerticalScroll):
    """Every intake question with its inline error line, and Save / Cancel
    buttons (posted up as ``Save`` and ``Cancel``). ``spell`` shows how
    typed topics will be saved, where the event spells them another way."""

    class Save(Message):
        pass

    class Cancel(Message):
        pass

    def __init__(
        self,
        profile: Profile,
        heading: str,
        topics: Sequence[str] = (),
        spell: Speller | None = None,
        cancel: str = "Cancel (esc)",
    ) -> None:
        super().__init__(id="form")
        self.profile = profile
        self.heading = heading
        self.topics = list(topics)
        self.spell = spell
        self.cancel_label = cancel
        self.orientation = profile.orientation
        self.flagged: dict[str, str] = {}  # field -> the value an error was shown for

    def compose(self) -> ComposeResult:
        p = self.profile
        catalogue = load_catalogue()
        yield Static(Content(self.heading), classes="heading")
        yield from self._field("name", ASK["name"], Input(p.name, id="name", max_length=NAME_MAX))
        yield from self._field(
            "email", ASK["email"], Input(p.email, id="email", placeholder=HINTS["email"])
        )
        yield Checkbox(ASK["share_contact"], p.share_contact, id="share_contact")
        for key in ("brings_me", "contribute", "problem"):
            value = getattr(p, key)
            yield from self._field(key, ASK[key], Input(value, id=key, placeholder=HINTS[key]))
        for key, question, hint in TOPIC_FIELDS:
            value = "; ".join(getattr(p, key))
            yield from self._field(
                key, question, TopicInput(value, self.topics, id=key, placeholder=hint)
            )
        languages = "; ".join(p.languages)
        for key, value in (("languages", languages), ("notes", p.notes)):
            yield from self._field(key, ASK[key], Input(value, id=key, placeholder=HINTS[key]))
        yield Checkbox(ASK["access"], p.access, id="access")
        yield Checkbox(ASK["host"], p.host, id="host")
        yield Static(MOTIVATIONS, classes="heading")
        for source, title in SOURCES:
            yield Label(title, classes="subheading")
            yield SelectionList[str](
                *(
                    Selection(
                        Content.assemble((m.label, "bold"), " — ", m.description),
                        m.id,
                        m.id in p.motivations,
                    )
                    for m in catalogue
                    if m.source == source
                ),
                id=f"motivations-{source}",
                classes="motivations",
            )
        if p.other_motivations:
            yield Static(Content("Also said: " + "; ".join(p.other_motivations)), classes="hint")
        yield Label(ASK["main_motivation"], classes="question")
        yield Select(
            [(m.label, m.id) for m in catalogue],
            value=p.main_motivation or Select.NULL,
            prompt=NO_MAIN,
            id="main_motivation",
        )
        yield Static(ORIENTATION, classes="heading")
        yield OrientationQuiz(QUESTIONS, id="quiz")
        yield Static(self._orientation_text(), id="orientation-result", classes="result")
        with Horizontal(classes="buttons"):
            yield Button("Save (ctrl+s)", variant="primary", id="save")
            yield Button(self.cancel_label, id="cancel")

    def _field(self, key: str, question: str, widget: Input) -> ComposeResult:
        with Vertical(classes="field"):
            yield Label(question, classes="question")
            yield widget
            problem = Label("", id=f"{key}-problem", classes="problem")
            problem.display = False
            yield problem

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.saved_values = self.values()

    # --- live feedback ------------------------------------------------------------

    def _orientation_text(self) -> Content:
        if self.orientation is None:
            return Content("Answer the questions above and we will show where you stand.")
        side = self.orientation.side
        return Content.assemble("You come out as ", (describe(side), "bold"), f": {MEANING[side]}.")

    @on(OrientationQuiz.Changed)
    def quiz_changed(self, event: OrientationQuiz.Changed) -> None:
        answered = from_answers(event.answers)
        if answered is not None:
            self.orientation = answered
        self.query_one("#orientation-result", Static).update(self._orientation_text())

    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        key = event.input.id or ""
        if self.flagged.get(key) == event.value:
            return  # the value the error was about: keep the error in view
        self.flagged.pop(key, None)
        fixes = (
            self._spelling_fixes(key, event.value) if key in {k for k, _, _ in TOPIC_FIELDS} else []
        )
        self.say(key, "Will be saved as: " + "; ".join(fixes) if fixes else "", error=False)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter (a phone keyboard's "next") goes on to the next question."""
        event.stop()
        self.screen.focus_next()

    def say(self, key: str, text: str, error: bool) -> None:
        """Show (or clear) the line under a field: an error, or a helpful note."""
        problem = self.query_one(f"#{key}-problem", Label)
        problem.update(Content(text))
        problem.display = bool(text)
        problem.set_class(error, "-error")

    def _spellings(self, key: str, value: str) -> list[tuple[str, str]]:
        """Each typed topic with the spelling it is saved as: the event's own
        spelling of the same topic, else as typed. A list left as it was
        stays as it was written (an edit elsewhere never respells "UX
        research" as "user research")."""
        spell = self.spell or (lambda item: None)
        items = split_list(value, SEPARATORS)
        if items == list(getattr(self.profile, key)):
            return [(item, item) for item in items]
        return [(item, spell(item) or item) for item in items]

    def _spelling_fixes(self, key: str, value: str) -> list[str]:
        """Newly typed topics that this event already spells another way."""
        return [
            f"{typed} → {saved}" for typed, saved in self._spellings(key, value) if typed != saved
        ]

    def _aligned(self, key: str, value: str) -> list[str]:
        return split_list([saved for _, saved in self._spellings(key, value)])

    # --- the answers ----------------------------------------------------------------

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {
            key: self.query_one(f"#{key}", Input).value
            for key in ("name", "email", "brings_me", "contribute", "problem", "notes")
        }
        values["languages"] = self.query_one("#languages", Input).value
        for key, _, _ in TOPIC_FIELDS:
            values[key] = self._aligned(key, self.query_one(f"#{key}", Input).value)
        values["share_contact"] = self.query_one("#share_contact", Checkbox).value
        values["access"] = self.query_one("#access", Checkbox).value  # or told of in the note
        values["host"] = self.query_one("#host", Checkbox).value
        chosen: list[str] = []
        for source, _ in SOURCES:
            chosen += self.query_one(f"#motivations-{source}", SelectionList).selected
        values["motivations"] = [*chosen, *self.profile.other_motivations]
        main = self.query_one("#main_motivation", Select).value
        values["main_motivation"] = main if isinstance(main, str) else ""
        values["orientation"] = int(self.orientation) if self.orientation is not None else None
        return values

    @property
    def changed(self) -> bool:
        return self.values() != self.saved_values

    def checked(self) -> Profile | None:
        """The answers as a profile, or None with every problem shown."""
        for label in self.query(".problem.-error"):
            label.display = False
        try:
            return build_profile(self.values(), load_catalogue()).profile
        except InvalidProfile as error:
            self.show_problems({p.field: p.sentence for p in error.problems})
            return None

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem under its field; one without a line of its own (the
        motivations) as a notification."""
        for field, text in problems.items():
            if not self.query(f"#{field}-problem"):
                self.notify(text, severity="warning", markup=False)
                continue
            self.say(field, text, error=True)
            widget = self.query_one(f"#{field}")
            if isinstance(widget, Input):
                self.flagged[field] = widget.value
        first = next((f for f in problems if self.query(f"#{f}")), None)
        if first is not None:
            self.query_one(f"#{first}").focus()
        self.notify("Please fix the marked fields.", severity="warning")

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Save())

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Cancel())
