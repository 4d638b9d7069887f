"""How long the organiser waits for a big event's list: a fresh process
opens the app on a stored event of 10,000 people, and the clock stops when
the people list has its rows (the parent's clock, so start-up counts).

Run by ``run_all.py``; on its own: ``python -m bench.app_open STORE EVENT START``."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path


async def _open(store: Path, event: str, started: float) -> float:
    from textual.widgets import DataTable

    from matchmaker.service.workspace import Workspace
    from matchmaker.ui.app import MatchmakerApp
    from matchmaker.ui.people import PeopleScreen

    workspace = Workspace.at(store)
    app = MatchmakerApp(workspace, workspace.resolve(event))
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, PeopleScreen) and screen.query_one(DataTable).row_count:
                return time.time() - started
            await pilot.pause(0.002)


if __name__ == "__main__":
    store, event, started = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    print(f"{asyncio.run(_open(store, event, started)):.3f}")
