"""The join link for attendees (``j``): the address ``matchmaker serve``
printed and its QR code, to put on the projector or show at the door."""

from __future__ import annotations

import shlex
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static

from matchmaker.core.paths import default_db_path
from matchmaker.render.qr import qr_rows
from matchmaker.ui.base import AppModal


def serve_command(db: Path, event: str) -> str:
    """The command that serves ``event`` of this very store (quoted for a shell)."""
    where = [] if db == default_db_path() else ["--db", str(db)]
    return shlex.join(["matchmaker", *where, "serve", "--event", event, "--host", "0.0.0.0"])


class JoinLinkScreen(AppModal[None]):
    BINDINGS = [Binding("escape,j", "close", "Close")]

    def compose(self) -> ComposeResult:
        name = self.mm.session.name
        url = self.mm.workspace.self_service(name).join_url()
        with Vertical(classes="dialog join"):
            yield Label("Attendees join here", classes="heading")
            if url is None:
                yield Static(
                    Content(
                        "Not served yet. Start the attendee app for this event in a terminal:\n\n"
                        f"  {serve_command(self.mm.workspace.path, name)}\n\n"
                        "It prints the link and its QR code; press j here again then."
                    ),
                    id="join-how",
                )
            else:
                yield Static(Content(url), id="join-url")
                yield Static(Content("\n".join(qr_rows(url))), id="join-qr")
                yield Static(
                    "The link as matchmaker serve last printed it; it works while serve runs.",
                    classes="hint",
                )
            yield Label("escape closes this", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
