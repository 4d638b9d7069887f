"""The organiser's screen around the intake form (``widgets/intake_form``):
a new person or an edit, the namesake question, and the save."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header

from matchmaker.core.errors import UserError
from matchmaker.core.model import Person, Status
from matchmaker.core.profiles import Profile
from matchmaker.ui.base import AppScreen
from matchmaker.ui.dialogs import ConfirmScreen
from matchmaker.widgets.intake_form import IntakeForm


class IntakeScreen(AppScreen[int | None]):
    """New profile (``person`` None) or edit; ctrl+s saves (the result is the
    saved person's id), escape cancels (None)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, person: Person | None, walk_in: bool = False) -> None:
        super().__init__()
        self.person = person
        self.walk_in = walk_in  # someone at the door: present once saved

    def compose(self) -> ComposeResult:
        profile = self.person.profile if self.person else Profile("")
        scorer = self.mm.session.scorer
        counts, vocabulary = scorer.topic_counts, scorer.vocabulary
        topics = [
            vocabulary.label(i) for i in sorted(range(len(vocabulary)), key=lambda i: -counts[i])
        ]

        def spell(item: str) -> str | None:
            topic = vocabulary.lookup(item)
            return vocabulary.label(topic) if topic is not None else None

        yield Header()
        yield IntakeForm(
            profile,
            "Editing " + profile.name
            if self.person
            else "Welcome! Tell us a little about yourself.",
            topics,
            spell,
        )
        yield Footer()

    @property
    def form(self) -> IntakeForm:
        return self.query_one(IntakeForm)

    @on(IntakeForm.Save)
    @work
    async def action_save(self) -> None:
        profile = self.form.checked()
        if profile is None:
            return
        person_id = self.person.id if self.person is not None else None
        namesake = self.mm.session.namesake(profile, person_id)
        if namesake is not None:
            question = Content.assemble(
                "Someone called ",
                (namesake.name, "bold"),
                " is already in this event. Add a second person with this name?",
            )
            if not await self.app.push_screen_wait(ConfirmScreen(question, confirm="Add")):
                return
        try:
            saved = self.mm.session.save_profile(
                profile, person_id, Status.PRESENT if self.walk_in else None
            )
        except UserError as error:
            if error.field in ("name", "email"):
                self.form.show_problems({error.field: str(error)})
            else:
                self.mm.report(error)
            return
        self.mm.refresh_title()
        self.dismiss(saved.id)
        if not self.walk_in:  # the door says its own welcome, with its own keys
            self.notify(f"Saved {saved.name}. Press m to see their matches.", markup=False)

    @on(IntakeForm.Cancel)
    @work
    async def action_cancel(self) -> None:
        if self.form.changed:
            discard = await self.app.push_screen_wait(
                ConfirmScreen(
                    "Leave without saving? What you typed here will be lost.", confirm="Leave"
                )
            )
            if not discard:
                return
        self.dismiss(None)
