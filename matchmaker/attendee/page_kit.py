"""What every attendee page shares: the templates (autoescaped: a name is
shown as text, never as markup), who is signed in (the signed cookie,
``signing``), reading a posted form only with its CSRF token, redirecting
after a post, and calling the self-service in a worker thread (the store
is a file)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from aiohttp import web
from multidict import MultiDictProxy

from matchmaker.attendee.signing import COOKIE, NONCE, Signer
from matchmaker.core.errors import UserError
from matchmaker.core.model import Person
from matchmaker.core.questions import WISH_CHOICES, WISH_PRIVATE, WISH_SAID
from matchmaker.service.self_service import NO_CODE, SelfService

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
T = TypeVar("T")


class PageKit:
    """The plumbing of the pages of one event, served under ``base``."""

    def __init__(self, service: SelfService, signer: Signer, base: str) -> None:
        self.service = service
        self.signer = signer
        self.base = base

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

    def away(self, state: dict[str, Any]) -> web.Response:
        """Nobody signed in here: to the join page, with nothing of before."""
        return self.go({NONCE: state[NONCE]})

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

    async def signed_in(self, request: web.Request) -> tuple[dict[str, Any], Person | None]:
        """The phone's state, and who is signed in on it (None: send them
        ``away``)."""
        state = self.state(request)
        return state, await self.person(state)
