"""The evening, signed in: home, my matches (with wishes), my table with
its countdown, and feedback on the round (after a rating of 2 or less:
what went wrong, as the kiosk asks it)."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from matchmaker.attendee.page_kit import PageKit
from matchmaker.core.community import NEVER_AGAIN, WentWrong
from matchmaker.core.errors import UserError
from matchmaker.core.model import RATINGS, Person
from matchmaker.core.questions import WHAT_WENT_WRONG
from matchmaker.service.self_service import MyTable, wish_choice

RATING_WORDS = {1: "1 · poor", 2: "2", 3: "3 · okay", 4: "4", 5: "5 · great"}


def clock_of(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return f"{whole // 60}:{whole % 60:02d}"


def timer_of(table: MyTable | None, now: float) -> dict[str, Any] | None:
    """The round's countdown as the page shows it and its script counts it."""
    timer = table.timer if table else None
    if timer is None:
        return None
    left = timer.remaining(now)
    ends = time.strftime("%H:%M", time.localtime(now + left)) if timer.running else ""
    return {"left": round(left), "running": timer.running, "clock": clock_of(left), "ends": ends}


class EveningPages(PageKit):
    """What a signed-in attendee does during the evening."""

    async def home(self, request: web.Request) -> web.Response:
        state, person = await self.signed_in(request)
        if person is None:
            return self.away(state)
        state.pop("code", None)  # shown once: past it now
        said = state.pop("said", "")
        return self.render(state, "home.html", person=person, said=said)

    async def matches(self, request: web.Request) -> web.Response:
        state, person = await self.signed_in(request)
        if person is None:
            return self.away(state)
        found = await self.call(self.service.matches, person.id)
        wishes = await self.call(self.service.wishes, person.id)
        return self.render(
            state,
            "matches.html",
            person=person,
            found=found,
            said=state.pop("said", ""),
            wishes={other: rule.value for other, rule in wishes.items()},
        )

    async def wish(self, request: web.Request) -> web.Response:
        """Ask to meet a match, decline them, or take it back."""
        state, person = await self.signed_in(request)
        form = await self.form(request, state)
        if person is None:
            return self.away(state)
        other, state["said"] = str(form.get("person", "")), "Saved."
        other_id = int(other) if other.isdigit() else -1  # -1: nobody, refused as such
        try:
            wish = wish_choice(str(form.get("choice", "")))
            await self.call(self.service.wish, person.id, other_id, wish)
        except UserError as error:
            state["said"] = str(error)
        return self.go(state, f"matches#match-{other_id}")

    async def table(self, request: web.Request) -> web.Response:
        state, person = await self.signed_in(request)
        if person is None:
            return self.away(state)
        table = await self.call(self.service.my_table, person.id)
        return self.render(
            state, "table.html", table=table, timer=timer_of(table, time.time()), person=person
        )

    async def table_json(self, request: web.Request) -> web.Response:
        """The table page's script looks here every few seconds."""
        person = (await self.signed_in(request))[1]
        if person is None:
            raise web.HTTPForbidden(text="Not signed in.")
        table = await self.call(self.service.my_table, person.id)
        where = {
            "where": f"Round {table.round} · Table {table.table}" if table else "",
            "with": ", ".join(table.tablemates) if table else "",
            "question": table.question if table else "",
            "timer": timer_of(table, time.time()),
        }
        return web.json_response(where)

    async def feedback_page(
        self,
        state: dict[str, Any],
        person: Person,
        problem: str = "",
        low: int | None = None,
    ) -> web.Response:
        """The rating; ``low``: a rating of 2 or less given, now what went wrong."""
        table = await self.call(self.service.my_table, person.id)
        return self.render(
            state,
            "feedback.html",
            400 if problem else 200,
            table=table,
            ratings=[(r, RATING_WORDS[r]) for r in RATINGS],
            problem=problem,
            low=low,
            went_wrong=WHAT_WENT_WRONG,
            reasons=[(reason.value, reason.label.capitalize()) for reason in WentWrong],
        )

    async def feedback(self, request: web.Request) -> web.Response:
        state, person = await self.signed_in(request)
        if person is None:
            return self.away(state)
        return await self.feedback_page(state, person)

    async def rate(self, request: web.Request) -> web.Response:
        """A rating above 2 is saved at once; one of 2 or less first asks
        what went wrong (its own step, so it works without JavaScript)."""
        state, person = await self.signed_in(request)
        form = await self.form(request, state)
        if person is None:
            return self.away(state)
        rating, number = str(form.get("rating", "")), str(form.get("round", ""))
        if not rating.isdigit() or not number.isdigit():
            return await self.feedback_page(state, person, "Please choose how it went, 1 to 5.")
        low = int(rating) if int(rating) <= NEVER_AGAIN else None
        reason = str(form.get("reason", ""))
        if low is not None and reason not in set(WentWrong):
            asked = form.get("step") == "went-wrong"  # the second step sent without a choice
            problem = "Please choose what went wrong." if asked else ""
            return await self.feedback_page(state, person, problem, low)
        try:
            went_wrong = WentWrong(reason) if low is not None else None
            await self.call(self.service.rate, person.id, int(number), int(rating), went_wrong)
        except UserError as error:
            return await self.feedback_page(state, person, str(error))
        state["said"] = "Thank you! Your feedback is saved."
        return self.go(state, "home")
