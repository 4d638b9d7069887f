"""How many connections ``serve`` keeps, and for how long, so that a flood
of idle ones (opened and left silent, or kept alive after a page) never
uses up the process's open files: the server raises its own soft limit
where the system allows, keeps connections below it, closes the one idle
longest to make room for a new one, closes any that stay silent, and gives
a request a few seconds to send its form."""

from __future__ import annotations

import asyncio
import logging
import resource
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

WANTED_FILES = 8192  # the soft limit serve asks for (the hard limit permitting)
# Connections taken from the queue at once: asyncio accepts this many before
# the first is looked at, so they must fit in the files left free.
ACCEPTED_AT_ONCE = 128
# Files kept free: asyncio may take a second and third batch before the idle
# connections closed for the first let go of their files (a loop turn later),
# plus the store, its lock and the like. With twice a batch, a flood of 1,100
# idle connections on 1,024 files ran out 1 time in 5 (an accept traceback).
RESERVE = 4 * ACCEPTED_AT_ONCE
MOST = 4096  # connections at once, at most, whatever the limit
# A connection that sends no request for this long is closed: longer than
# clients keep one idle (aiohttp's 15 s), so that none sends a page on a
# connection the server is closing at that moment (at 15 s, 43 of 200 did).
IDLE_SECONDS = 75.0
BODY_SECONDS = 10.0  # to send a form of at most 64 KB, once its headers are in

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def raise_file_limit(wanted: int = WANTED_FILES) -> int:
    """Raise the soft limit on open files toward ``wanted`` (never above the
    hard limit); the soft limit in force afterwards."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
            soft = ceiling
        except (ValueError, OSError):
            pass  # the system says no: the bound below follows the limit as it is
    return wanted if soft == resource.RLIM_INFINITY else soft


class _ClientsFault(logging.Filter):
    """A request that is not HTTP (garbage, a bad length, a line too long)
    is answered 400 and not logged: an attacker's bytes print no traceback.
    Our own errors still are."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, HttpProcessingError)


def quiet_clients_faults() -> None:
    logging.getLogger("aiohttp.server").addFilter(_ClientsFault())


def connection_bound(files: int) -> int:
    """Connections to keep at most with ``files`` open files allowed."""
    return max(16, min(MOST, files - RESERVE))


class _Refused(asyncio.Protocol):
    """A connection over the bound with none idle to close: closed at once."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.close()


class _Counted(asyncio.Protocol):
    """aiohttp's handler for one connection, counted from the moment it is
    accepted (aiohttp counts it a loop turn later) until it ends."""

    def __init__(self, handler: web.RequestHandler, kept: dict[_Counted, None]) -> None:
        self.handler, self.kept = handler, kept
        self.connected = False
        kept[self] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.connected = True
        self.handler.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.kept.pop(self, None)
        self.handler.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self.handler.data_received(data)

    def eof_received(self) -> None:
        self.handler.eof_received()  # None: the connection closes once answered

    def pause_writing(self) -> None:
        self.handler.pause_writing()

    def resume_writing(self) -> None:
        self.handler.resume_writing()

    def close(self) -> None:
        self.kept.pop(self, None)  # its file is let go within a loop turn
        self.handler.force_close()


class Connections:
    """Which connections ``serve`` keeps: fewer than ``bound`` open; past
    that, the one idle longest (no request being answered) is closed to make
    room, or, when every one is busy, the new one is. ``middleware`` tells
    which are busy and gives a form ``BODY_SECONDS`` to arrive."""

    def __init__(self, bound: int = MOST) -> None:
        self.bound = bound  # serve sets it from the open-file limit
        self.busy: set[object] = set()  # handlers answering a request now
        self.kept: dict[_Counted, None] = {}  # oldest first

    def factory(self, server: web.Server) -> Callable[[], asyncio.Protocol]:
        """The protocol factory: aiohttp's handler for each connection, bounded."""

        def made() -> asyncio.Protocol:
            if len(self.kept) >= self.bound:
                idle = next(
                    (c for c in self.kept if c.connected and c.handler not in self.busy), None
                )
                if idle is None:
                    return _Refused()
                idle.close()
            return _Counted(server(), self.kept)

        return made

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.busy.add(request.protocol)
        try:
            if request.body_exists:
                try:
                    async with asyncio.timeout(BODY_SECONDS):
                        await request.read()  # kept: the form is parsed from it
                except TimeoutError:
                    raise web.HTTPRequestTimeout(text="The form took too long to arrive.") from None
            return await handler(request)
        finally:
            self.busy.discard(request.protocol)

    async def serve(
        self, app: web.Application, host: str, port: int, listening: Callable[[], None]
    ) -> None:
        """Serve ``app`` (made with ``middleware``) until Ctrl+C or a stop
        signal; ``listening`` once connections are taken."""
        runner = web.AppRunner(
            app, handle_signals=True, keepalive_timeout=IDLE_SECONDS, access_log=None
        )
        await runner.setup()
        try:
            assert runner.server is not None  # made by setup
            server = await asyncio.get_running_loop().create_server(
                self.factory(runner.server),
                host,
                port,
                reuse_address=True,
                backlog=ACCEPTED_AT_ONCE,
            )
            async with server:
                listening()
                await server.serve_forever()
        finally:
            await runner.cleanup()
