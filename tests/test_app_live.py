"""Screens that follow the store: while the organiser's app runs (under
Pilot), a real second process — ``matchmaker checkin``, ``seat`` and
``leave`` in another shell — writes the event, and the people list, the
door's count, the board and the projector follow on their own, keeping
the organiser's unsaved plan, marks and undo. One ``EventWatcher`` looks
for the change (every second) for all of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable

from matchmaker.core.model import Status
from matchmaker.service.watch import LOOK_SECONDS, EventWatcher
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.board import BoardScreen
from matchmaker.ui.checkin import CheckInScreen
from matchmaker.ui.projector import ProjectorScreen
from tests.helpers import settle, until

SIZE = (120, 40)
# A change shows within two looks (two seconds); the tests allow a machine under
# heavy load (15 on 2 cores measured) much more.
FOLLOWS = 20 * LOOK_SECONDS


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = Workspace(Store(tmp_path / "store.json"))
    workspace.load_demo()
    return workspace


def another_shell(workspace: Workspace, *args: str) -> None:
    """A command run the way a co-organiser would, in a process of its own."""
    subprocess.run(
        [sys.executable, "-m", "matchmaker", "--db", str(workspace.path), *args],
        check=True,
        capture_output=True,
    )


def test_the_watcher_tells_subscribers_of_another_process_only(workspace: Workspace) -> None:
    session = workspace.session(DEMO_EVENT)
    watcher = EventWatcher(session)
    told: list[int] = []
    unsubscribe = watcher.subscribe(lambda: told.append(1))
    assert not watcher.look() and told == []  # nothing written yet
    another_shell(workspace, "checkin", "--event", DEMO_EVENT, "Noor Haddad")
    assert watcher.look() and told == [1]
    noor = session.find("Noor Haddad")
    assert next(p for p in session.event.people if p.id == noor).status is Status.PRESENT
    assert not watcher.look() and told == [1]  # told once per change
    session.check_in([session.find("Kai Andersen")])  # the session's own write: it knows
    assert not watcher.look() and told == [1]
    unsubscribe()
    another_shell(workspace, "checkin", "--event", DEMO_EVENT, "Amara Okafor")
    assert watcher.look() and told == [1]


async def test_the_list_and_the_door_follow_a_checkin_in_another_shell(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#people", DataTable)

        def here(name: str) -> str:
            rows = (table.get_row_at(i) for i in range(table.row_count))
            return str(next(row for row in rows if str(row[1]) == name)[0])

        assert here("Noor Haddad") == ""
        another_shell(workspace, "checkin", "--event", DEMO_EVENT, "Noor Haddad")
        await until(pilot, lambda: here("Noor Haddad") == "✓", FOLLOWS)

        await pilot.press("c")
        await pilot.pause()
        door = app.screen
        assert isinstance(door, CheckInScreen)

        def count() -> str:
            return str(door.query_one("#checkin-count").render())

        assert "1 of 40 here" in count()
        await pilot.press(*"kai")  # the organiser is choosing someone meanwhile
        await pilot.pause()
        another_shell(workspace, "checkin", "--event", DEMO_EVENT, "Amara Okafor", "Mei Lin")
        await until(pilot, lambda: "3 of 40 here" in count(), FOLLOWS)
        assert door.query_one("#who").value == "kai"  # what was typed stays
        await pilot.press("escape")
        await pilot.pause()
        assert here("Mei Lin") == "✓"  # the list caught up on the way back


async def test_the_board_and_projector_follow_seat_and_leave_in_another_shell(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Round 1 is saved and under way; the organiser plans round 2 with a
    swap and a mark when a latecomer is seated and someone leaves in another
    shell: the saved round and the projector follow, the plan stays."""
    session = workspace.session(DEMO_EVENT)
    people = session.event.people
    session.check_in([p.id for p in people[:30]])
    session.save_round(session.pair().rounds[0])
    late, leaver = people[35].name, people[0].name
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.state is not None
        tabs = board.tabs
        assert tabs.active == "round-2"
        tabs.table_on_show().move_cursor(row=0, column=1)
        await pilot.press("space")
        tabs.table_on_show().move_cursor(row=1, column=1)
        await pilot.press("s", "space")  # a swap (undoable), then a mark
        await pilot.pause()
        plan = board.state
        assert plan.can_undo and plan.marked is not None

        def saved_names() -> set[str]:
            seating = tabs.saved[1]
            return {seating.name(m) for t in seating.rounds[0].tables for m in t.members}

        assert late not in saved_names()
        another_shell(workspace, "checkin", "--event", DEMO_EVENT, late)
        await until(pilot, lambda: "1 checked in without a table" in status(board), FOLLOWS)
        another_shell(workspace, "seat", "--event", DEMO_EVENT, late)
        await until(pilot, lambda: late in saved_names(), FOLLOWS)
        assert board.state is plan  # the unsaved plan, its swap and its mark, untouched
        assert tabs.active == "round-2"

        tabs.active = "saved-1"
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        projector = app.screen
        assert isinstance(projector, ProjectorScreen)

        def projected() -> str:
            return " ".join(str(card.render()) for card in projector.query(".table-card"))

        assert late in projected() and leaver in projected()
        another_shell(workspace, "leave", "--event", DEMO_EVENT, leaver)
        await until(pilot, lambda: leaver not in projected(), FOLLOWS)
        assert leaver not in saved_names()  # the board underneath followed too
        assert board.state is plan


def status(board: BoardScreen) -> str:
    return str(board.query_one("#board-status").render())
