"""The attendee app served to browsers, locked down: textual-serve runs one
light process per browser, and this server in front of it serves nothing
without the event's join token in the path, lets a websocket drive a session
only from a page of its own origin, caps the sessions open at once, and
tells each session its client's address (code tries are counted per address)."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from matchmaker.render.qr import qr_text

TEMPLATES = Path(__file__).parent / "templates"
SESSION_CAP = 60
QUIT_WAIT = 5.0  # seconds an app has to quit before its process is killed
FONT_SIZE = 16  # CSS pixels: 40 columns on a 390-pixel phone
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",  # the token never leaves in a Referer
    "X-Frame-Options": "DENY",  # no other page can frame ours and click for the user
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def reachable_warning(host: str) -> str | None:
    """What serving on ``host`` exposes, when it is more than this computer."""
    if host in LOOPBACK:
        return None
    return (
        f"Warning: serving on {host}, not 127.0.0.1: anyone on this network who has the "
        "join link can open the attendee app — join the event, fill in a profile, see their "
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
    (DNS rebinding) never drives a session."""
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


class _Session(AppService):
    """One browser's app process, told the browser's address."""

    def __init__(self, address: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.address = address

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["MATCHMAKER_CLIENT"] = self.address
        return environment

    async def stop(self) -> None:
        """Ask the app to quit, and make sure its process is gone."""
        await super().stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), QUIT_WAIT)
        except TimeoutError:
            process.kill()
            await process.wait()


class AttendeeServer(Server):
    def __init__(
        self,
        db: Path,
        event: str,
        token: str,
        host: str = "127.0.0.1",
        port: int = 8765,
        cap: int = SESSION_CAP,
    ) -> None:
        child = [sys.executable, "-m", "matchmaker.attendee.served", str(db), event]
        command = "exec " + shlex.join(child)
        public = f"http://{link_host(host)}:{port}"
        super().__init__(command, host, port, title=event, public_url=public)
        self.templates_path = TEMPLATES
        self.event = event
        self.token = token
        self.cap = cap
        self.sessions = 0

    @property
    def join_link(self) -> str:
        return f"{self.public_url}/{self.token}"

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES))
        base = f"/{self.token}"
        app.add_routes(
            [
                web.get(base, self.handle_index, name="index"),
                web.get(f"{base}/", self.handle_index),
                web.get(f"{base}/ws", self.handle_websocket, name="websocket"),
                web.static(f"{base}/static", self.statics_path, name="static"),
            ]
        )
        app.on_response_prepare.append(self._secure)
        app.on_startup.append(self.on_startup)
        return app

    @staticmethod
    async def _secure(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SECURITY_HEADERS)

    async def on_startup(self, app: web.Application) -> None:
        pass  # the command prints the link and its QR code

    def initialize_logging(self) -> None:
        """Problems only: a line per request would bury the link and its QR code."""
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.sessions >= self.cap:
            return aiohttp_jinja2.render_template("full.html", request, {}, status=503)
        base = f"/{self.token}"
        context = {
            "font_size": FONT_SIZE,
            "app_websocket_url": f"ws://{request.host}{base}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.event},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not same_origin(request):
            raise web.HTTPForbidden(text="This session can only be opened from its own page.")
        if self.sessions >= self.cap:
            raise web.HTTPServiceUnavailable(text="Full right now: try again in a minute.")
        self.sessions += 1
        try:
            return await self._run_session(request)
        finally:
            self.sessions -= 1

    async def _run_session(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        await websocket.prepare(request)
        session = _Session(
            request.remote or "unknown",
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        try:
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except (asyncio.CancelledError, ValueError, KeyError, TypeError, AssertionError):
            pass  # a closed or misbehaving client: its session ends below
        finally:
            await session.stop()
            await websocket.close()
        return websocket


def _size(text: str | None, default: int) -> int:
    try:
        return min(max(int(text or default), 10), 500)
    except ValueError:
        return default


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
    lines += ["", f"At most {server.cap} sessions at once. Press Ctrl+C to stop."]
    return "\n".join(lines)
