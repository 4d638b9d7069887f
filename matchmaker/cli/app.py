"""``matchmaker`` and ``matchmaker demo``: the organiser's app in the terminal."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from matchmaker.service.workspace import Workspace


def run_app(args: argparse.Namespace) -> int:
    workspace = Workspace.at(args.db)
    event = workspace.resolve(args.event) if args.event is not None else None
    launch_app(workspace, event)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="matchmaker-demo-") as folder:
        workspace = Workspace.at(Path(folder) / "demo.json")
        launch_app(workspace, workspace.load_demo())
    return 0


def launch_app(workspace: Workspace, event: str | None) -> None:
    from matchmaker.ui.app import MatchmakerApp  # Textual loads only for the app

    workspace.events()  # a damaged store is reported here, before the screen opens
    MatchmakerApp(workspace, event).run()
