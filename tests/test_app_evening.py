"""The live evening in the app, driven by Pilot on real store files: the
door's check-in, the board as an organiser needs it, latecomers and leavers,
ratings and rules (the projector: test_projector.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from matchmaker.core.model import PairOptions, PairRule, Status
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.board import BoardScreen
from matchmaker.ui.checkin import CheckInScreen
from matchmaker.ui.intake import IntakeScreen
from matchmaker.widgets.round_table import RoundTable
from tests.helpers import open_board, settle, stored

SIZE = (120, 40)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = Workspace(Store(tmp_path / "store.json"))
    workspace.load_demo()
    return workspace


def app_on(workspace: Workspace, tmp_path: Path) -> MatchmakerApp:
    return MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)


def status_of(name: str, workspace: Workspace) -> Status:
    return next(p.status for p in workspace.people(DEMO_EVENT) if p.name == name)


async def test_check_in_three_letters_enter_next(workspace: Workspace, tmp_path: Path) -> None:
    app = app_on(workspace, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press(*"noo", "enter")
        await pilot.pause()
        assert status_of("Noor Haddad", workspace) is Status.PRESENT
        assert "1 of 40 here" in str(app.screen.query_one("#checkin-count").render())
        await pilot.press(*"kai", "enter", *"amar", "enter")  # next, next
        await pilot.pause()
        assert "3 of 40 here" in str(app.screen.query_one("#checkin-count").render())
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert status_of("Amara Okafor", workspace) is Status.SIGNED_UP
        await pilot.press(*"rename", "enter")  # letters only find names here
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        # A walk-in: straight to the form, present on save.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        app.screen.query_one("#name", Input).value = "Walk In"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        assert status_of("Walk In", workspace) is Status.PRESENT


async def test_board_options_are_remembered_and_a_change_pairs_again(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = app_on(workspace, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert board.options.avoiding  # on by default
        assert all(len(t.members) <= 3 for t in board.seating.rounds[0].tables)
        await pilot.press("S")
        await settle(pilot)
        assert all(len(t.members) >= 3 for t in board.seating.rounds[0].tables)  # no stale plan
        await pilot.press("escape")
        board = await open_board(pilot)
        assert "S groups of 3" in str(board.query_one("#options-line").render())  # remembered
        assert all(len(t.members) >= 3 for t in board.seating.rounds[0].tables)


async def test_board_at_80x24_shows_five_tables_and_every_column(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = app_on(workspace, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(RoundTable)
        assert table.region.height >= 6  # a header and at least five tables
        assert table.cursor_coordinate.column == 1  # the cursor is on a name
        assert {c.label.plain for c in table.columns.values()} >= {"Score", "Watch out"}
        table.move_cursor(column=len(table.columns) - 1)
        await pilot.pause()
        assert (
            table.scroll_offset.x >= 0 and table.cursor_coordinate.column == len(table.columns) - 1
        )


async def test_space_on_the_table_number_marks_its_first_person(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = app_on(workspace, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        board.tabs.table_on_show().move_cursor(row=0, column=0)
        await pilot.press("space")
        await pilot.pause()
        assert board.state.marked == board.seating.rounds[0].tables[0].members[0]


async def test_rules_are_listed_and_removable(workspace: Workspace, tmp_path: Path) -> None:
    app = app_on(workspace, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("l")  # lock the pair at the cursor's table
        await pilot.pause()
        assert [c.rule for c in stored(workspace.store).constraints(DEMO_EVENT)] == [PairRule.LOCK]
        await pilot.press("R")
        await pilot.pause()
        assert "always together" in str(
            app.screen.query_one("#rules").get_option_at_index(0).prompt
        )
        dialog = app.screen.query_one(".dialog").region  # in the middle, not in a corner
        assert abs(dialog.x - (SIZE[0] - dialog.right)) <= 1 and dialog.y > 1
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert stored(workspace.store).constraints(DEMO_EVENT) == []
        assert isinstance(app.screen, BoardScreen)


async def test_latecomers_leavers_and_ratings_from_the_board(
    workspace: Workspace, tmp_path: Path
) -> None:
    session = workspace.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people[:30]])
    app = app_on(workspace, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        before = [list(g) for g in stored(workspace.store).rounds(DEMO_EVENT)[0].groups]
        session.reload()
        session.check_in([p.id for p in session.event.people[30:32]])  # two arrive late
        app.session.reload()
        await pilot.press("a")
        await settle(pilot)
        after = [list(g) for g in stored(workspace.store).rounds(DEMO_EVENT)[0].groups]
        assert all(new[: len(old)] == old for old, new in zip(before, after, strict=False))
        assert "Seated 2 latecomers; nobody else moved" in str(
            board.query_one("#board-status").render()
        )
        # Rate the first table of the saved round, then someone goes home.
        board.query_one("#round-tabs").active = "saved-1"
        await pilot.pause()
        board.tabs.table_on_show().move_cursor(row=0, column=1)
        await pilot.press("4")
        await pilot.pause()
        assert "rated 4/5" in str(board.query_one("#board-status").render())
        first = board.tabs.round_on_show().tables[0]
        leaver = board.tabs.person_name(first.members[0])
        await pilot.press("g")
        await settle(pilot)
        assert status_of(leaver, workspace) is Status.GONE
        names = [n for g in stored(workspace.store).rounds(DEMO_EVENT)[0].names for n in g]
        assert leaver not in names


async def test_a_board_without_a_plan_still_seats_latecomers_and_pairs_on_a_change(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Three present, one round saved, groups of 3 for 4 rounds remembered
    (3 more): no plan can be made. The saved round stays on show, `a` seats a latecomer into it, and a
    changed option pairs again."""
    session = workspace.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people[:3]])
    session.save_round(session.pair(size=3).rounds[0])
    session.remember_options(PairOptions(3, 4, True))
    app = app_on(workspace, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert board.state is None
        assert "at most 1 round" in str(board.query_one("#board-status").render())
        assert board.query_one("#round-tabs").active == "saved-1"
        session.reload()
        # at the door's kiosk: another session, the board not told
        session.check_in([session.event.people[3].id])
        await pilot.press("a")
        await settle(pilot)
        assert "Seated 1 latecomer; nobody else moved" in str(
            board.query_one("#board-status").render()
        )
        names = [n for g in stored(workspace.store).rounds(DEMO_EVENT)[0].names for n in g]
        assert workspace.people(DEMO_EVENT)[3].name in names
        await pilot.press(*"NNNNN")  # 4 → 8 rounds, then 1: only the next round
        await settle(pilot)
        assert board.state is not None and board.seating is not None
        assert board.seating.rounds[0].tables
