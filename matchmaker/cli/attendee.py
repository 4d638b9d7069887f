"""``serve``, ``kiosk`` and ``me``: the attendee pages on phones, the
attendee app at the door and in one's own terminal. Each keeps the match book up to date while
it runs (attendees' processes only read it)."""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import sys

from matchmaker.core.errors import UserError
from matchmaker.service.self_service import SelfService
from matchmaker.service.workspace import Workspace


def _service(
    args: argparse.Namespace, arrive: bool, joining: bool = True
) -> tuple[Workspace, SelfService]:
    workspace = Workspace.at(args.db)
    return workspace, workspace.self_service(args.event, arrive=arrive, joining=joining)


def run_serve(args: argparse.Namespace) -> int:
    from matchmaker.attendee.serve import AttendeeServer, announce

    if not 1 <= args.port <= 65535:
        raise UserError(f"A port is from 1 to 65535, not {args.port}.", field="port")
    workspace, service = _service(args, arrive=True, joining=not args.closed)
    _try_address(args.host, args.port)  # before a link is printed that would not work
    server = AttendeeServer(
        service, service.join_token(fresh=not args.keep_link), args.host, args.port
    )
    service.publish(server.join_link)
    with workspace.keep_book_apart(service.event):
        try:
            server.serve(lambda: print(announce(server), flush=True))
        except OSError as exc:
            raise _cannot_serve(args.host, args.port, exc) from None
    return 0


def _try_address(host: str, port: int) -> None:
    """Bind the address the way the server will (address reuse on), then let
    it go: a port in use or a host that is not this computer's is said
    before the join link and its QR code are printed."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise _cannot_serve(host, port, exc) from None


def _cannot_serve(host: str, port: int, exc: OSError) -> UserError:
    why = exc.strerror or str(exc)
    return UserError(f"Cannot serve on {host}:{port}: {why}.", field="port")


def run_kiosk(args: argparse.Namespace) -> int:
    from matchmaker.attendee.app import KIOSK_IDLE_SECONDS, AttendeeApp, Mode

    workspace, service = _service(args, arrive=True)
    pin = f"{secrets.randbelow(10**6):06d}"
    print(f"Kiosk for {service.event!r}. To close it: ctrl+q, then the PIN {pin}.")
    if sys.stdin.isatty():
        input("Note the PIN, then press Enter to start the kiosk. ")
        if sys.stdout.isatty():  # the PIN does not stay on the screen for the queue to read
            print("\033[H\033[2J\033[3J", end="", flush=True)
    with workspace.keep_book(service.event):
        AttendeeApp(service, Mode.KIOSK, "kiosk", pin=pin, idle=KIOSK_IDLE_SECONDS).run()
    return 0


def run_me(args: argparse.Namespace) -> int:
    from matchmaker.attendee.app import AttendeeApp, Mode

    workspace, service = _service(args, arrive=False)
    person = service.sign_in(args.code, f"terminal:{os.getuid()}")
    with workspace.keep_book(service.event):
        AttendeeApp(service, Mode.OWN, person=person).run()
    return 0
