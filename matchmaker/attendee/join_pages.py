"""Joining the event: by name (a newcomer, or someone who signed up
beforehand and shows the email on file), or back with a personal code; the
intake, and the code shown once. A form is answered with a redirect to the
next page, or with the same page and each problem under its field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from matchmaker.attendee.intake_fields import (
    LONG,
    Filled,
    filled,
    motivation_groups,
    posted,
    problems_of,
    to_profile,
    where_they_stand,
)
from matchmaker.attendee.page_kit import PageKit
from matchmaker.attendee.signing import NONCE
from matchmaker.core.errors import InvalidProfile, UserError
from matchmaker.core.orientation import QUESTIONS
from matchmaker.core.profiles import NAME_MAX, Profile
from matchmaker.core.questions import (
    ASK,
    HINTS,
    MOTIVATIONS,
    NO_MAIN,
    ORIENTATION,
    TOPIC_FIELDS,
)
from matchmaker.service.self_service import show_code


@dataclass(frozen=True)
class Target:
    """Whose answers the intake shows, and how saving treats them."""

    profile: Profile
    person_id: int | None
    claim: bool
    heading: str


class JoinPages(PageKit):
    """The pages before one is signed in, and one's own answers."""

    # --- joining --------------------------------------------------------------------

    def join_page(
        self, state: dict[str, Any], typed: dict[str, str], problems: dict[str, str]
    ) -> web.Response:
        status = 400 if problems else 200
        return self.render(
            state, "join.html", status, typed=typed, problems=problems, name_max=NAME_MAX
        )

    async def join(self, request: web.Request) -> web.Response:
        state = self.state(request)
        if await self.person(state) is not None:
            return self.go(state, "home")
        return self.join_page(state, {}, {})

    async def start(self, request: web.Request) -> web.Response:
        state = self.state(request)
        form = await self.form(request, state)
        typed = {key: str(form.get(key, "")) for key in ("name", "email")}
        try:
            start = await self.call(
                self.service.start, typed["name"], typed["email"], self.address(request)
            )
        except UserError as error:
            return self.join_page(state, typed, {"name": str(error)})
        fresh: dict[str, Any] = {NONCE: state[NONCE]}
        if start.claim is not None:
            fresh["claim"] = start.claim
        else:
            fresh["join"] = [start.profile.name, start.profile.email]
        return self.go(fresh, "intake")

    async def sign_in(self, request: web.Request) -> web.Response:
        state = self.state(request)
        form = await self.form(request, state)
        try:
            person = await self.call(
                self.service.sign_in, str(form.get("code", "")), self.address(request)
            )
        except UserError as error:
            return self.join_page(state, {}, {"code": str(error)})
        return self.go({NONCE: state[NONCE], "p": person.id}, "home")

    async def sign_out(self, request: web.Request) -> web.Response:
        state = self.state(request)
        await self.form(request, state)
        return self.away(state)

    # --- the intake -----------------------------------------------------------------

    async def target(self, state: dict[str, Any]) -> Target | None:
        person = await self.person(state)
        if person is not None:
            return Target(person.profile, person.id, False, "Your answers")
        claim, join = state.get("claim"), state.get("join")
        if isinstance(claim, int):
            try:
                mine = await self.call(self.service.person, claim)
            except UserError:
                return None
            heading = (
                f"Welcome, {mine.name}! This is what you told us when you signed up: "
                "check it, change what you like, and save."
            )
            return Target(mine.profile, claim, True, heading)
        if isinstance(join, list) and len(join) == 2:
            heading = f"Welcome, {join[0]}! A few questions, then your matches."
            return Target(Profile(str(join[0]), email=str(join[1])), None, False, heading)
        return None

    async def intake_page(
        self, state: dict[str, Any], target: Target, typed: Filled, status: int = 200
    ) -> web.Response:
        topics = await self.call(self.service.topics)
        return self.render(
            state,
            "intake.html",
            status,
            heading=target.heading,
            values=typed.values,
            problems=typed.problems,
            topics=topics,
            ask=ASK,
            hints=HINTS,
            long=LONG,
            topic_fields=TOPIC_FIELDS,
            motivations_heading=MOTIVATIONS,
            groups=motivation_groups(),
            no_main=NO_MAIN,
            orientation_heading=ORIENTATION,
            questions=QUESTIONS,
            stand=where_they_stand(target.profile if target.person_id is not None else None),
            name_max=NAME_MAX,
        )

    async def intake(self, request: web.Request) -> web.Response:
        state = self.state(request)
        target = await self.target(state)
        if target is None:
            return self.go(state)
        return await self.intake_page(state, target, filled(target.profile))

    async def save(self, request: web.Request) -> web.Response:
        state = self.state(request)
        form = await self.form(request, state)
        target = await self.target(state)
        if target is None:
            return self.go(state)
        typed = posted(form, [str(m) for m in form.getall("motivations", [])])
        kept = target.profile if target.person_id is not None else None
        try:
            profile = to_profile(typed, kept)
            saved = await self.call(
                self.service.save, profile, target.person_id, target.claim, self.address(request)
            )
        except InvalidProfile as error:
            typed.problems = problems_of(error)
            return await self.intake_page(state, target, typed, 400)
        except UserError as error:
            typed.problems = {error.field if error.field == "email" else "name": str(error)}
            return await self.intake_page(state, target, typed, 400)
        fresh: dict[str, Any] = {NONCE: state[NONCE], "p": saved.person.id}
        if saved.code is not None:
            fresh["code"] = saved.code
            return self.go(fresh, "code")
        fresh["said"] = "Saved."
        return self.go(fresh, "home")

    async def code(self, request: web.Request) -> web.Response:
        state = self.state(request)
        code = state.get("code")
        if not isinstance(code, str) or await self.person(state) is None:
            return self.go(state, "home")
        return self.render(state, "code.html", code=show_code(code))
