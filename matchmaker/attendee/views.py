"""What an attendee looks at: their own matches (as the organiser's side
last computed them), their table in the current round with the timer,
their feedback on the round, and their own history at other events. Nobody
else's profile is reachable from here."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Input, Label, Static

from matchmaker.attendee.screens import AttendeeScreen
from matchmaker.core.community import NEVER_AGAIN, WentWrong
from matchmaker.core.errors import UserError
from matchmaker.core.match_view import MatchView
from matchmaker.core.model import RATINGS, PairRule, Person, PersonId
from matchmaker.core.questions import (
    CONTRIBUTE_MORE,
    WHAT_NEXT,
    WHAT_WENT_WRONG,
    WISH_CHOICES,
    WISH_PRIVATE,
    WISH_SAID,
)
from matchmaker.service.self_service import MyTable, wish_choice
from matchmaker.widgets.match_card import MatchCard

if TYPE_CHECKING:
    from matchmaker.attendee.app import AttendeeApp

RATING_WORDS = {1: "1 poor", 2: "2", 3: "3 okay", 4: "4", 5: "5 great"}


def back_button() -> Vertical:
    return Vertical(Button("Back", id="back"), classes="actions")


class PersonScreen(AttendeeScreen):
    """A screen about the signed-in person, with a way back home."""

    BINDINGS = [("escape", "back", "Back")]

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()


class MatchesScreen(PersonScreen):
    """Their best matches, ranked, with reasons and warnings; contacts only
    where the other consented. Waits while they are being worked out."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="page"):
            yield Static(Content(f"Best matches for {self.person.name}"), classes="heading")
            yield Static("Finding your matches…", id="matches-status", classes="hint")
            yield Vertical(id="matches")
            yield back_button()
        yield Footer()

    def on_mount(self) -> None:
        if not self.show():
            self.waiting = self.set_interval(1.0, self.show)

    def show(self) -> bool:
        found = self.aa.service.matches(self.person.id)
        if found is None:
            return False
        if hasattr(self, "waiting"):
            self.waiting.stop()
        status = self.query_one("#matches-status", Static)
        status.update("Nobody else is here yet: look again soon." if not found else "")
        status.display = not found
        wishes = self.aa.service.wishes(self.person.id)
        self.query_one("#matches", Vertical).mount_all(
            widget
            for rank, match in enumerate(found, 1)
            for widget in (MatchCard(rank, match), WishRow(self.person.id, match, wishes))
        )
        return True


class WishRow(Vertical):
    """Under a match: ask to meet them, or not to sit with them, or take
    that back. Private: the other person never sees it."""

    def __init__(self, me: PersonId, match: MatchView, wishes: dict[int, PairRule]) -> None:
        super().__init__(classes="actions wish")
        self.me, self.match = me, match
        rule = wishes.get(match.person)
        self.mine = rule.value if rule is not None else None

    def compose(self) -> ComposeResult:
        name = self.match.name
        if not self.match.person:  # a book from before wishes: computed again soon
            return
        if self.mine:
            yield Static(Content(WISH_SAID[self.mine].format(name=name)), classes="hint")
            yield Button(
                Content(WISH_CHOICES["clear"].format(name=name)),
                name="clear",
                classes="choose-clear",
            )
        else:
            yield Button(
                Content(WISH_CHOICES["wish"].format(name=name)), name="wish", classes="choose-wish"
            )
            yield Button(
                Content(WISH_CHOICES["decline"].format(name=name)),
                name="decline",
                classes="choose-decline",
            )
        yield Static(Content(WISH_PRIVATE.format(name=name)), classes="hint")

    @on(Button.Pressed)
    async def choose(self, event: Button.Pressed) -> None:
        event.stop()
        wish = wish_choice(event.button.name or "")
        try:
            cast("AttendeeApp", self.app).service.wish(self.me, PersonId(self.match.person), wish)
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.mine = wish.value if wish is not None else None
        await self.recompose()


def clock(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return f"{whole // 60}:{whole % 60:02d}"


class TableScreen(PersonScreen):
    """Where they sit this round, with whom, a question to start with, and
    the round's timer; looked up again every few seconds."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="page"):
            yield Static("", id="table-where", classes="big")
            yield Static("", id="table-with", classes="hint")
            yield Static("", id="table-question", classes="hint")
            yield Static("", id="table-timer", classes="big")
            yield back_button()
        yield Footer()

    def on_mount(self) -> None:
        self.look()
        self.set_interval(5.0, self.look)
        self.set_interval(1.0, self.tick)

    def look(self) -> None:
        self.table: MyTable | None = self.aa.service.my_table(self.person.id)
        where, mates, question = (
            (
                f"Round {self.table.round} · Table {self.table.table}",
                "With: " + (", ".join(self.table.tablemates) or "nobody yet"),
                self.table.question,
            )
            if self.table
            else ("No table for you yet.", "It shows here once the organiser seats a round.", "")
        )
        self.query_one("#table-where", Static).update(Content(where))
        self.query_one("#table-with", Static).update(Content(mates))
        self.query_one("#table-question", Static).update(Content(question))
        self.tick()

    def tick(self) -> None:
        timer = self.table.timer if self.table else None
        text = ""
        if timer is not None:
            left = timer.remaining(time.time())
            text = f"⏱ {clock(left)} left" + ("" if timer.running else " (paused)")
        self.query_one("#table-timer", Static).update(Content(text))


class FeedbackScreen(PersonScreen):
    """How their time at this round's table went, 1 to 5 (after 1 or 2:
    what went wrong), and the questions after the evening."""

    low: int | None = None  # a rating of NEVER_AGAIN or less, waiting for what went wrong

    def compose(self) -> ComposeResult:
        self.table = self.aa.service.my_table(self.person.id)
        yield Header()
        with VerticalScroll(id="page"):
            if self.table is None:
                yield Static("There is no round to give feedback on yet.", classes="big")
            else:
                yield Static(
                    Content(
                        f"How did round {self.table.round} go with "
                        f"{', '.join(self.table.tablemates) or 'your table'}?"
                    ),
                    classes="big",
                )
                with Vertical(classes="actions ratings"):
                    for rating in RATINGS:
                        yield Button(RATING_WORDS[rating], id=f"rate-{rating}")
                with Vertical(classes="actions went-wrong", id="went-wrong") as wrong:
                    wrong.display = False
                    yield Label(WHAT_WENT_WRONG, classes="question")
                    for reason in WentWrong:
                        yield Button(reason.label.capitalize(), id=f"wrong-{reason.value}")
            yield Label(CONTRIBUTE_MORE, classes="question")
            yield Input(id="more")
            yield Label(WHAT_NEXT, classes="question")
            yield Input(id="next")
            yield Vertical(Button("Send my answers", id="send-answers"), classes="actions")
            yield back_button()
        yield Footer()

    @on(Button.Pressed, ".ratings Button")
    def rate(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        rating = int(event.button.id.removeprefix("rate-"))
        if rating <= NEVER_AGAIN:
            self.low = rating
            self.query_one("#went-wrong").display = True
            self.query_one("#went-wrong Button", Button).focus()
            return
        self.save(rating, None)

    @on(Button.Pressed, ".went-wrong Button")
    def went_wrong(self, event: Button.Pressed) -> None:
        assert self.low is not None and event.button.id is not None
        self.save(self.low, WentWrong(event.button.id.removeprefix("wrong-")))

    def save(self, rating: int, reason: WentWrong | None) -> None:
        assert self.table is not None
        try:
            self.aa.service.rate(self.person.id, self.table.round, rating, reason)
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify("Thank you! Your feedback is saved.")
        self.aa.finished()

    @on(Button.Pressed, "#send-answers")
    def send_answers(self) -> None:
        more, next_ = self.query_one("#more", Input).value, self.query_one("#next", Input).value
        try:
            self.aa.service.follow_up(self.person.id, more, next_)
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify("Thank you! Your answers are saved.")
        self.aa.finished()


class HistoryScreen(PersonScreen):
    """Their own other events, the latest first, whom they sat with there
    (names and contacts only where those partners consented), and what they
    answered after each."""

    def compose(self) -> ComposeResult:
        past = self.aa.service.my_history(self.person.id)
        yield Header()
        with VerticalScroll(id="page"):
            yield Static(Content(f"{self.person.name}, your other events"), classes="heading")
            if not past:
                yield Static("This is your first event with us.", classes="hint")
            for event in past:
                yield Static(Content(event.heading), classes="big")
                yield Static(Content("\n".join(event.partner_lines)), classes="hint")
                for question, answer in event.follow_ups:
                    yield Label(question, classes="question")
                    yield Static(Content(answer), classes="hint")
            yield back_button()
        yield Footer()
