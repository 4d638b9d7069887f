"""After the evening, signed in: the two questions the kiosk asks too
("How can I contribute more effectively?" and "Did you meet again? What
next?"), and my history: one's own other events, partners (names only
where they consented) and one's answers after each; nobody else's."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from matchmaker.attendee.page_kit import PageKit
from matchmaker.core.errors import UserError
from matchmaker.core.model import Person
from matchmaker.core.questions import CONTRIBUTE_MORE, WHAT_NEXT


class AfterPages(PageKit):
    """The questions after the evening, and my history."""

    async def after_page(
        self, state: dict[str, Any], person: Person, typed: tuple[str, str], problem: str = ""
    ) -> web.Response:
        more, next_ = typed
        return self.render(
            state,
            "after.html",
            400 if problem else 200,
            person=person,
            asked=[("more", CONTRIBUTE_MORE, more), ("next", WHAT_NEXT, next_)],
            problem=problem,
        )

    async def after(self, request: web.Request) -> web.Response:
        state, person = await self.signed_in(request)
        if person is None:
            return self.away(state)
        answers = await self.call(self.service.my_follow_up, person.id)
        return await self.after_page(state, person, answers)

    async def answer(self, request: web.Request) -> web.Response:
        state, person = await self.signed_in(request)
        form = await self.form(request, state)
        if person is None:
            return self.away(state)
        typed = str(form.get("more", "")), str(form.get("next", ""))
        try:
            await self.call(self.service.follow_up, person.id, *typed)
        except UserError as error:
            return await self.after_page(state, person, typed, str(error))
        state["said"] = "Thank you! Your answers are saved."
        return self.go(state, "home")

    async def history(self, request: web.Request) -> web.Response:
        state, person = await self.signed_in(request)
        if person is None:
            return self.away(state)
        past = await self.call(self.service.my_history, person.id)
        return self.render(state, "history.html", person=person, past=past)
