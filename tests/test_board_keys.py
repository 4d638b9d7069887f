"""The pairing board as a hurried organiser uses it, driven by Pilot on real
store files: one key per option (never a field to tab to; the focus stays
on the tables; enter changes nothing), the evening's preset, pace and
weights stored with the event and said on the board, "round N of M" with
the saved rounds counted, the details of the table under the cursor at
80×24, rules and leavers that re-plan at once, and ratings on saved rounds."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from matchmaker.core.model import PairOptions, Status
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.profiles import Profile
from matchmaker.core.score_weights import PRESETS
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.board import BoardScreen
from matchmaker.ui.board_options import WeightsScreen
from matchmaker.widgets.badges import JOINED_MARK, JOINED_NOTE
from matchmaker.widgets.round_table import RoundTable
from tests.helpers import open_board, settle

SMALL, WIDE = (80, 24), (120, 40)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = Workspace(Store(tmp_path / "store.json"))
    workspace.load_demo()
    return workspace


def shown(board: BoardScreen, selector: str) -> str:
    return str(board.query_one(selector, Static).render())


def options(workspace: Workspace) -> PairOptions:
    return workspace.session(DEMO_EVENT).event.options


async def test_one_key_per_option_keeps_the_focus_and_enter_changes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        board = await open_board(pilot)
        table = board.tabs.table_on_show()
        assert app.focused is table
        assert not [w for w in board.query("Select, Checkbox, Input") if w.focusable]
        await pilot.press("S", "N", "C")
        await settle(pilot)
        assert app.focused is board.tabs.table_on_show()  # the focus never jumps
        chosen = options(workspace)
        assert (chosen.size, chosen.rounds, chosen.avoid_clashes) == (3, 2, False)
        line = shown(board, "#options-line")
        assert "S groups of 3" in line and "N rounds 1–2 of 2" in line
        assert "C clashes allowed" in line
        assert [r.number for r in board.seating.rounds] == [1, 2]
        assert all(len(t.members) >= 3 for r in board.seating.rounds for t in r.tables)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert options(workspace) == chosen  # no option toggled by a stray enter


async def test_preset_pace_and_weights_are_stored_with_the_event_and_said(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        board = await open_board(pilot)
        await pilot.press("P")  # standard → skill exchange
        await settle(pilot)
        assert options(workspace).weighting == PRESETS["skill exchange"]
        assert board.seating.weighting == PRESETS["skill exchange"]
        assert "P skill exchange" in shown(board, "#options-line")
        status = shown(board, "#board-status")
        assert "What counted: teaching and learning" in status  # which criteria mattered
        await pilot.press("M")  # separate → balance: no avoiding clashes with it
        await settle(pilot)
        assert options(workspace).pace is PacePolicy.BALANCE
        assert board.seating.pace is PacePolicy.BALANCE and board.failed == ""
        assert "avoid clashes: off (only with pace separate)" in shown(board, "#options-line")
        await pilot.press("C")
        await pilot.pause()
        assert "only with pace separate" in shown(board, "#board-status")
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, WeightsScreen)
        dialog = app.screen.query_one(".dialog").region  # in the middle, not in a corner
        assert abs(dialog.x - (WIDE[0] - dialog.right)) <= 1 and dialog.y > 1
        await pilot.press("t", "t", "b")  # topics 1 → 3, problems 0 → 1
        await pilot.press("enter")
        await settle(pilot)
        weighting = options(workspace).weighting
        assert (weighting.topics, weighting.problems, weighting.teaching) == (3, 1, 3)
        assert "skill exchange, adjusted" in shown(board, "#options-line")
        assert board.seating.weighting == weighting
        await pilot.press("W", "m", "escape")  # escape keeps the weights as they were
        await settle(pilot)
        assert options(workspace).weighting == weighting
        await pilot.press("o")  # the overview says tonight's weights and what counted
        await settle(pilot)
        said = " ".join(str(w.render()) for w in app.screen.query("#pairing Static"))
        assert "Tonight" in said and "skill exchange, adjusted" in said
        assert "What counted: " in said


async def test_the_weights_dialog_never_sets_every_weight_to_zero(
    workspace: Workspace, tmp_path: Path
) -> None:
    session = workspace.session(DEMO_EVENT)
    session.choose_evening(
        PRESETS["standard"].changed("topics=1,teaching=0,motives=0,pace=0"),
        PacePolicy.SEPARATE,
    )
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await open_board(pilot)
        await pilot.press("W", "t", "t", "t")  # topics 1 → 2 → 3 → 0: refused
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WeightsScreen) and dialog.weighting.topics == 3
        assert "At least one weight" in str(dialog.query_one("#weights-problem").render())


async def test_after_two_saved_rounds_the_board_plans_round_three_and_says_so(
    workspace: Workspace, tmp_path: Path
) -> None:
    session = workspace.session(DEMO_EVENT)
    session.remember_options(PairOptions(2, 3, True))
    session.save_rounds(session.pair(rounds=2).rounds)
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        board = await open_board(pilot)
        assert [r.number for r in board.seating.rounds] == [3]  # not rounds 3-5
        assert "N round 3 of 3 (2 saved)" in shown(board, "#options-line")
        assert str(board.tabs.get_tab("round-3").label) == "Round 3 of 3"
        await pilot.press("N")  # the organiser asks for one more
        await settle(pilot)
        assert [r.number for r in board.seating.rounds] == [3, 4]
        assert "N rounds 3–4 of 4 (2 saved)" in shown(board, "#options-line")
        for _ in range(5):  # … 8 rounds, then 1: still the next round, and it says so
            await pilot.press("N")
        await settle(pilot)
        assert [r.number for r in board.seating.rounds] == [3]
        assert "round 3 of 3 (2 saved; one more than the 1 set)" in shown(board, "#options-line")


async def test_a_refusal_is_readable_whole_at_80x24(workspace: Workspace, tmp_path: Path) -> None:
    session = workspace.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people[:3]])
    session.remember_options(PairOptions(3, 4, True))
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        board = await open_board(pilot)
        assert board.state is None and board.failed
        status = board.query_one("#board-status", Static)
        assert board.failed in str(status.render())
        assert status.region.height >= 2  # wrapped, not cut at the edge
        assert status.virtual_size.height <= status.region.height


async def test_details_of_the_table_under_the_cursor_at_80x24(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        board = await open_board(pilot)
        table = board.tabs.table_on_show()
        tables = board.seating.rounds[0].tables
        warned = next(n for n, t in enumerate(tables) if t.warnings)
        table.move_cursor(row=warned, column=1)
        await pilot.pause()
        detail = board.query_one("#detail", Static)
        text = str(detail.render())
        seated = tables[warned]
        assert detail.region.height >= 4 and detail.region.bottom <= SMALL[1]
        assert f"Table {seated.number}: " in text
        assert seated.warnings[0].message[:30] in text
        assert f"→ {seated.warnings[0].advice}"[:30] in text  # the question to ask
        assert table.region.height >= 9  # and still nine tables on show
        await pilot.press("d")  # the whole of it
        await pilot.pause()
        whole = str(board.query_one("#detail", Static).render())
        assert all(reason in whole for reason in seated.reason_lines())


@pytest.mark.parametrize("size", [5, 6])
async def test_groups_up_to_six_fit_80_columns(
    workspace: Workspace, tmp_path: Path, size: int
) -> None:
    workspace.session(DEMO_EVENT).remember_options(PairOptions(size, 1, True))
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        board = await open_board(pilot)
        table = board.query_one(RoundTable)
        assert max(len(t.members) for t in board.seating.rounds[0].tables) >= size
        assert table.virtual_size.width <= table.region.width  # score and warnings on screen
        first = str(table.get_row_at(0)[1])
        assert len(first) >= 4 and "…" not in first  # a name, not a stub


async def test_exclude_and_gone_re_plan_at_once(workspace: Workspace, tmp_path: Path) -> None:
    session = workspace.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people])
    session.remember_options(PairOptions(2, 2, True))
    session.save_round(session.pair().rounds[0])
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        board = await open_board(pilot)
        assert [r.number for r in board.seating.rounds] == [2]
        pair = set(board.seating.rounds[0].tables[0].members)
        await pilot.press("x")  # exclude the pair at the cursor: no r needed
        await settle(pilot)
        assert all(set(t.members) != pair for t in board.seating.rounds[0].tables)
        assert "paired again with this rule" in shown(board, "#board-status")  # and says so
        # Someone at a saved table goes home: the plan on show seats them no more.
        board.tabs.active = "saved-1"
        await pilot.pause()
        board.tabs.table_on_show().move_cursor(row=0, column=1)
        leaver = board.tabs.at_cursor()[1]
        await pilot.press("g")
        await settle(pilot)
        gone = next(p for p in board.event.people if p.status is Status.GONE)
        assert board.event.position[gone.id] == leaver
        assert all(leaver not in t.members for t in board.seating.rounds[0].tables)
        assert "went home" in shown(board, "#board-status")


async def test_ratings_show_on_saved_rounds_and_hints_fit_the_screen(
    workspace: Workspace, tmp_path: Path
) -> None:
    session = workspace.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people])
    session.save_round(session.pair().rounds[0])
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        board = await open_board(pilot)
        await pilot.press("a")  # nobody waits: the hint names a key that does it
        await pilot.pause()
        status = shown(board, "#board-status")
        assert "No latecomers" in status and "esc, then c" in status
        assert "(c checks" not in status
        board.tabs.active = "saved-1"
        await pilot.pause()
        assert "1-5 rate the table" in shown(board, "#board-status")
        board.tabs.table_on_show().move_cursor(row=1, column=1)
        await pilot.press("4")
        await settle(pilot)
        table = board.tabs.table_on_show()
        assert str(table.get_row_at(1)[-2]).endswith("★4")
        assert "rated 4/5" in shown(board, "#detail")
        assert "★" not in str(table.get_row_at(0)[-2])  # only the table rated


@pytest.mark.parametrize("screen", [SMALL, (200, 60)], ids=["80x24", "200x60"])
@pytest.mark.parametrize("size", [2, 5], ids=["pairs", "groups-of-5"])
def test_board_snapshots(snap, workspace: Workspace, tmp_path: Path, size: int, screen) -> None:
    """The board at 80×24 and on a wall, in pairs and in groups of five, a
    table with a warning under the cursor (its details below the tables)."""
    workspace.session(DEMO_EVENT).remember_options(PairOptions(size, 1, True))

    async def pair(pilot) -> None:
        pilot.app.animation_level = "none"  # the tab's underline is not caught mid-way
        board = await open_board(pilot)
        tables = board.seating.rounds[0].tables
        row = next(n for n, t in enumerate(tables) if t.warnings)
        board.tabs.table_on_show().move_cursor(row=row, column=1)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()  # the underline settled under its tab
        await pilot.pause()

    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    assert snap(app, run_before=pair, terminal_size=screen)


async def test_people_who_joined_by_themselves_are_marked_until_checked_in_at_the_door(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Issue 26: someone who added themselves through the link (here at the
    venue, so present at once) is marked on the people list and the board;
    signing in with their code keeps the mark, the door's check-in ends it."""
    session = workspace.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people[:9]])
    attendee = workspace.self_service(DEMO_EVENT, arrive=True)
    saved = attendee.save(Profile("Zed Newcomer", interests=("chess",)), None)
    assert saved.person.status is Status.PRESENT and saved.person.joined
    assert saved.code is not None
    assert attendee.sign_in(saved.code, "phone").joined  # their own code proves nothing
    assert session.reload().people[-1].joined
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        people = app.screen.query_one("#people", DataTable)
        assert JOINED_MARK in str(people.get_row(str(saved.person.id))[0])
        assert JOINED_MARK not in str(people.get_row_at(0)[0])
        assert f"1 {JOINED_NOTE}" in str(app.screen.query_one("#people-status").render())
        board = await open_board(pilot)
        zed = board.event.position[saved.person.id]
        row = next(n for n, t in enumerate(board.seating.rounds[0].tables) if zed in t.members)
        table = board.tabs.table_on_show()
        table.move_cursor(row=row, column=1)
        await pilot.pause()
        cells = [str(c) for c in table.get_row_at(row)]
        assert any(c.startswith("Zed") and c.endswith(JOINED_MARK) for c in cells)
        assert f"{JOINED_MARK} Zed Newcomer: {JOINED_NOTE}" in shown(board, "#detail")
    session.check_in([saved.person.id])  # at the door
    assert not session.event.people[-1].joined
    assert not workspace.session(DEMO_EVENT).event.people[-1].joined  # as stored
