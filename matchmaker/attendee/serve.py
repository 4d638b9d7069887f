"""The attendee pages served to phones, locked down: plain HTML over the
self-service (``pages``), nothing served without the event's join token in
the path, every form posted only from a page of its own origin with its
CSRF token, and headers that keep the token and the pages to themselves."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from aiohttp import web

from matchmaker.attendee.connections import (
    Connections,
    connection_bound,
    quiet_clients_faults,
    raise_file_limit,
)
from matchmaker.attendee.pages import Pages
from matchmaker.attendee.signing import Signer
from matchmaker.render.qr import qr_text
from matchmaker.service.self_service import SelfService

STATIC = Path(__file__).parent / "static"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
BODY_MAX = 64 * 1024  # bytes in one posted form: an intake is a few kilobytes
WORKERS = 32  # threads for store calls: saves waiting together are written together
SECURITY_HEADERS = {
    # The token never leaves in a Referer; same-origin (not no-referrer) so that
    # the browser names our own origin on a form post (no-referrer makes it "null").
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # no other page can frame ours and click for the user
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def reachable_warning(host: str) -> str | None:
    """What serving on ``host`` exposes, when it is more than this computer."""
    if host in LOOPBACK:
        return None
    return (
        f"Warning: serving on {host}, not 127.0.0.1: anyone on this network who has the "
        "join link can open the attendee pages — join the event, fill in a profile, see their "
        "own matches and table and rate their round. Nothing else (no other profile, the "
        "board, the import or the events) is served. Share the link only in the room."
    )


def link_host(host: str) -> str:
    """The address to put in the link: the laptop's own for 0.0.0.0."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
        if not ipaddress.ip_address(address[0]).is_loopback:
            return str(address[0])
    return "127.0.0.1"


def _literal_host(hostname: str) -> bool:
    """An address or localhost: a page from a domain name that points here
    (DNS rebinding) never posts a form."""
    if hostname == "localhost":
        return True
    try:
        ipaddress.ip_address(hostname.strip("[]"))
    except ValueError:
        return False
    return True


def same_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    host = request.host
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return origin == f"http://{host}" and _literal_host(hostname)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class AttendeeServer:
    """``serve``: the pages of one event on one address."""

    def __init__(
        self,
        service: SelfService,
        token: str,
        host: str = "127.0.0.1",
        port: int = 8765,
    ) -> None:
        self.service = service
        self.event = service.event
        self.token = token
        self.host = host
        self.port = port
        self.public_url = f"http://{link_host(host)}:{port}"
        self.signer = Signer()  # a new secret each serve: old cookies sign nobody in
        self.connections = Connections()

    @property
    def join_link(self) -> str:
        return f"{self.public_url}/{self.token}"

    def make_app(self) -> web.Application:
        app = web.Application(
            client_max_size=BODY_MAX, middlewares=[self.connections.middleware, self._guard]
        )
        base = f"/{self.token}"
        pages = Pages(self.service, self.signer, base)
        app.add_routes(
            [
                web.get(base, pages.join),
                web.post(f"{base}/join", pages.start),
                web.post(f"{base}/sign-in", pages.sign_in),
                web.get(f"{base}/intake", pages.intake),
                web.post(f"{base}/intake", pages.save),
                web.get(f"{base}/code", pages.code),
                web.get(f"{base}/home", pages.home),
                web.get(f"{base}/matches", pages.matches),
                web.post(f"{base}/wish", pages.wish),
                web.get(f"{base}/table", pages.table),
                web.get(f"{base}/table.json", pages.table_json),
                web.get(f"{base}/feedback", pages.feedback),
                web.post(f"{base}/feedback", pages.rate),
                web.get(f"{base}/after", pages.after),
                web.post(f"{base}/after", pages.answer),
                web.get(f"{base}/history", pages.history),
                web.post(f"{base}/sign-out", pages.sign_out),
                web.static(f"{base}/static", STATIC),
            ]
        )
        app.on_response_prepare.append(self._secure)
        app.on_startup.append(self._workers)
        return app

    @staticmethod
    async def _workers(app: web.Application) -> None:
        """Enough threads that a room saving at once waits in one batch
        (``group_commit``), not in the default pool's queue of a few."""
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(WORKERS))

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """A form is taken only from a page of this server, by address."""
        if request.method == "POST" and not same_origin(request):
            raise web.HTTPForbidden(text="This form can only be sent from its own page.")
        return await handler(request)

    @staticmethod
    async def _secure(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SECURITY_HEADERS)

    def serve(self, listening: Callable[[], None] = lambda: None) -> None:
        """Until Ctrl+C or a stop signal; connections bounded below the
        open-file limit (``connections``). ``listening`` once phones can
        connect: the link is shown then, not before (a phone scanning it at
        once was refused)."""
        self.connections.bound = connection_bound(raise_file_limit())
        self.service.warm()
        quiet_clients_faults()
        app = self.make_app()
        with contextlib.suppress(web.GracefulExit, KeyboardInterrupt):
            asyncio.run(self.connections.serve(app, self.host, self.port, listening))


def announce(server: AttendeeServer) -> str:
    """What ``serve`` prints: the link, its QR code, and any warning."""
    lines = [
        f"Attendees join {server.event!r} at:",
        "",
        f"  {server.join_link}",
        "",
        qr_text(server.join_link),
    ]
    warning = reachable_warning(server.host)
    if warning:
        lines += ["", warning]
        if server.public_url.startswith("http://127.0.0.1"):
            lines += [
                "This computer shows no network address of its own: give phones its address "
                "(see `ip addr`) in place of 127.0.0.1, or serve with --host THAT-ADDRESS."
            ]
    if not server.service.joining:
        lines += ["", "Joining is closed: only people already on the list can come in."]
    lines += ["", "Press Ctrl+C to stop."]
    return "\n".join(lines)
