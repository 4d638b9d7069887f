"""The attendee's pages: join (by name, or back with a personal code), the
intake, the code shown once, home, my matches, my table with its countdown,
and feedback. Each calls the self-service (the operations the kiosk uses)
in a worker thread, as the store is a file; a form is answered with a
redirect to the next page, or with the same page and each problem under
its field. Who is signed in lives in the signed cookie (``signing``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from aiohttp import web
from multidict import MultiDictProxy

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
from matchmaker.attendee.signing import COOKIE, NONCE, Signer
from matchmaker.core.errors import InvalidProfile, UserError
from matchmaker.core.model import RATINGS, Person
from matchmaker.core.orientation import QUESTIONS
from matchmaker.core.profiles import NAME_MAX, Profile
from matchmaker.core.questions import (
    ASK,
    HINTS,
    MOTIVATIONS,
    NO_MAIN,
    ORIENTATION,
    TOPIC_FIELDS,
    WISH_CHOICES,
    WISH_PRIVATE,
    WISH_SAID,
)
from matchmaker.service.self_service import (
    NO_CODE,
    MyTable,
    SelfService,
    show_code,
    wish_choice,
)

TEMPLATES = Path(__file__).parent / "templates"
ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,  # every name and answer is shown as text, never as markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# Wordings the pages share with the terminal app (one home each).
ENVIRONMENT.globals.update(
    no_code=NO_CODE, choices=WISH_CHOICES, wish_said=WISH_SAID, private=WISH_PRIVATE
)
STAY_SIGNED_IN = 12 * 3600  # seconds: the evening, whatever the phone does meanwhile
RATING_WORDS = {1: "1 · poor", 2: "2", 3: "3 · okay", 4: "4", 5: "5 · great"}
T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """Whose answers the intake shows, and how saving treats them."""

    profile: Profile
    person_id: int | None
    claim: bool
    heading: str


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


class Pages:
    def __init__(self, service: SelfService, signer: Signer, base: str) -> None:
        self.service = service
        self.signer = signer
        self.base = base

    # --- plumbing -------------------------------------------------------------------

    @staticmethod
    async def call(operation: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(operation, *args)

    def state(self, request: web.Request) -> dict[str, Any]:
        return self.signer.unsign(request.cookies.get(COOKIE))

    def keep(self, response: web.Response, state: dict[str, Any]) -> web.Response:
        response.set_cookie(
            COOKIE,
            self.signer.sign(state),
            path=self.base,
            max_age=STAY_SIGNED_IN,
            httponly=True,
            samesite="Lax",
        )
        return response

    def render(
        self, state: dict[str, Any], template: str, status: int = 200, **context: Any
    ) -> web.Response:
        page = ENVIRONMENT.get_template(template).render(
            base=self.base, csrf=self.signer.csrf(state), event=self.service.event, **context
        )
        return self.keep(web.Response(text=page, content_type="text/html", status=status), state)

    def go(self, state: dict[str, Any], where: str = "") -> web.Response:
        """Redirect after a post (or to where one belongs): Back and reload
        never send a form twice."""
        target = f"{self.base}/{where}" if where else self.base
        return self.keep(web.Response(status=303, headers={"Location": target}), state)

    async def form(self, request: web.Request, state: dict[str, Any]) -> MultiDictProxy[Any]:
        try:
            form = await request.post()
        except ValueError:  # not a form our pages send (broken multipart, bad bytes)
            raise web.HTTPBadRequest(text="This form could not be read.") from None
        if not self.signer.csrf_ok(state, str(form.get("csrf", ""))):
            raise web.HTTPForbidden(
                text="This form has expired. Go back, reload the page and send it again."
            )
        return form

    @staticmethod
    def address(request: web.Request) -> str:
        return request.remote or "unknown"

    async def person(self, state: dict[str, Any]) -> Person | None:
        """Who is signed in on this phone, if anyone (and still in the event)."""
        person_id = state.get("p")
        if not isinstance(person_id, int):
            return None
        try:
            return await self.call(self.service.person, person_id)
        except UserError:
            return None

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
        return self.go({NONCE: state[NONCE]})

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

    # --- signed in ------------------------------------------------------------------

    async def home(self, request: web.Request) -> web.Response:
        state = self.state(request)
        person = await self.person(state)
        if person is None:
            return self.go({NONCE: state[NONCE]})
        state.pop("code", None)  # shown once: past it now
        said = state.pop("said", "")
        return self.render(state, "home.html", person=person, said=said)

    async def matches(self, request: web.Request) -> web.Response:
        state = self.state(request)
        person = await self.person(state)
        if person is None:
            return self.go({NONCE: state[NONCE]})
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
        state = self.state(request)
        form = await self.form(request, state)
        person = await self.person(state)
        if person is None:
            return self.go({NONCE: state[NONCE]})
        other, state["said"] = str(form.get("person", "")), "Saved."
        other_id = int(other) if other.isdigit() else -1  # -1: nobody, refused as such
        try:
            wish = wish_choice(str(form.get("choice", "")))
            await self.call(self.service.wish, person.id, other_id, wish)
        except UserError as error:
            state["said"] = str(error)
        return self.go(state, f"matches#match-{other_id}")

    async def table(self, request: web.Request) -> web.Response:
        state = self.state(request)
        person = await self.person(state)
        if person is None:
            return self.go({NONCE: state[NONCE]})
        table = await self.call(self.service.my_table, person.id)
        return self.render(
            state, "table.html", table=table, timer=timer_of(table, time.time()), person=person
        )

    async def table_json(self, request: web.Request) -> web.Response:
        """The table page's script looks here every few seconds."""
        state = self.state(request)
        person = await self.person(state)
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
        self, state: dict[str, Any], person: Person, problem: str = ""
    ) -> web.Response:
        table = await self.call(self.service.my_table, person.id)
        return self.render(
            state,
            "feedback.html",
            400 if problem else 200,
            table=table,
            ratings=[(r, RATING_WORDS[r]) for r in RATINGS],
            problem=problem,
        )

    async def feedback(self, request: web.Request) -> web.Response:
        state = self.state(request)
        person = await self.person(state)
        if person is None:
            return self.go({NONCE: state[NONCE]})
        return await self.feedback_page(state, person)

    async def rate(self, request: web.Request) -> web.Response:
        state = self.state(request)
        form = await self.form(request, state)
        person = await self.person(state)
        if person is None:
            return self.go({NONCE: state[NONCE]})
        rating, number = str(form.get("rating", "")), str(form.get("round", ""))
        if not rating.isdigit() or not number.isdigit():
            return await self.feedback_page(state, person, "Please choose how it went, 1 to 5.")
        try:
            await self.call(self.service.rate, person.id, int(number), int(rating))
        except UserError as error:
            return await self.feedback_page(state, person, str(error))
        state["said"] = "Thank you! Your feedback is saved."
        return self.go(state, "home")
