"""What every screen of ours shares: typed access to the app and its store."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from matchmaker.core.errors import UserError

if TYPE_CHECKING:
    from matchmaker.ui.app import MatchmakerApp

ResultT = TypeVar("ResultT")


class EventChanged(Message):
    """Another process changed the open event; the session holds it afresh.
    Sent to every screen on the stack: each redraws what it shows of it,
    keeping what the organiser has not saved yet."""

    bubble = False


class AppScreen(Screen[ResultT]):
    @property
    def mm(self) -> MatchmakerApp:
        return cast("MatchmakerApp", self.app)


class AppModal(ModalScreen[ResultT]):
    @property
    def mm(self) -> MatchmakerApp:
        return cast("MatchmakerApp", self.app)


def user_error(worker: Worker) -> UserError:
    """A worker's failure that the user caused (to show them); anything else
    is our bug and is raised again, so Textual reports it."""
    error = worker.error
    if isinstance(error, UserError):
        return error
    raise error  # type: ignore[misc]
