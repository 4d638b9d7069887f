"""What every screen of ours shares: typed access to the app and its store."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from matchmaker.ui.app import MatchmakerApp

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    @property
    def mm(self) -> MatchmakerApp:
        return cast("MatchmakerApp", self.app)


class AppModal(ModalScreen[ResultT]):
    @property
    def mm(self) -> MatchmakerApp:
        return cast("MatchmakerApp", self.app)
