"""The projector, driven by Pilot on real store files: the round in play
(the last saved one; the board's unsaved plan only on request), tables in
columns that fill the wall and page when they do not fit, a countdown as
large as the wall allows, names shown literally; snapshots at 80×24 and
200×60 with a frozen clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from matchmaker.core.model import Timer
from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.board import BoardScreen
from matchmaker.ui.projector import CARD_WIDTH, ProjectorScreen, card_layout, column_order
from matchmaker.widgets.wall_digits import WallDigits
from tests.helpers import settle, stored

FROZEN = 1_000_000.0
HOSTILE = "[bold red]Mallory[/] [link=x]"  # markup is text on the wall


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = Workspace(Store(tmp_path / "store.json"))
    workspace.load_demo()
    workspace.session(DEMO_EVENT).save_profile(Profile(HOSTILE, interests=("chess",)))
    return workspace


def saved_app(workspace: Workspace, tmp_path: Path, running: bool = True) -> MatchmakerApp:
    """Round 1 saved as the people came, in pairs and one three (fixed
    tables, so a snapshot shows the projector, not the planner of the day)."""
    session = workspace.session(DEMO_EVENT)
    people = workspace.people(DEMO_EVENT)
    groups = [people[i : i + 2] for i in range(0, len(people) - 3, 2)] + [people[-3:]]
    stored(workspace.store).save_round(DEMO_EVENT, groups, [50] * len(groups))
    left = 12 * 60 + 34
    session.set_timer(Timer(1, 15, FROZEN + left if running else None, left))
    return MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)


async def project(pilot) -> None:
    await pilot.app.push_screen(ProjectorScreen(clock=lambda: FROZEN))
    await pilot.pause()


def text(screen: ProjectorScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def cards(screen: ProjectorScreen) -> list[Static]:
    return [c for c in screen.query(".table-card").results(Static) if not c.has_class("-empty")]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_projector_snapshots(snap, workspace: Workspace, tmp_path: Path, size) -> None:
    assert snap(saved_app(workspace, tmp_path), run_before=project, terminal_size=size)


async def test_the_wall_gets_columns_of_every_table_and_a_large_countdown(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = saved_app(workspace, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await project(pilot)
        screen = app.screen
        shown = cards(screen)
        assert len(shown) == 20  # 41 people: every table on one page
        assert len({c.region.x for c in shown}) >= 3  # in columns
        assert all(c.region.width >= CARD_WIDTH for c in shown)
        assert max(c.region.bottom for c in shown) >= 55  # down to the bottom of the wall
        clock = screen.query_one("#projector-clock", WallDigits)
        assert clock.scale >= 3 and clock.region.height >= 13  # readable from the back
        assert "page" not in text(screen, "#projector-round")
        assert any(HOSTILE in str(c.render()) for c in shown)  # the markup is text


async def test_80x24_pages_through_every_table(workspace: Workspace, tmp_path: Path) -> None:
    app = saved_app(workspace, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await project(pilot)
        screen = app.screen
        assert screen.query_one("#projector-clock", WallDigits).scale == 1  # Textual's Digits
        assert "page 1 of " in text(screen, "#projector-round")
        seen: set[str] = set()
        for _ in range(5):
            for card in cards(screen):
                assert card.region.right <= 80 and card.region.bottom <= 23
                seen.add(str(card.render()).split("\n")[0])
            await pilot.press("right")
            await pilot.pause()
        assert seen == {f"Table {n}" for n in range(1, 21)}


async def test_the_round_in_play_unless_the_organiser_shows_the_plan(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = saved_app(workspace, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")  # the board, reopened: round 2 planned, not saved
        await settle(pilot)  # the plan made and shown (on a busy machine, later than its worker)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectorScreen)
        assert text(screen, "#projector-round").startswith("Round 1 ·")
        await pilot.press("p")
        await pilot.pause()
        assert text(screen, "#projector-round").startswith("Round 2 ·")
        assert "the plan, not saved yet" in text(screen, "#projector-round")
        await pilot.press("p")
        await pilot.pause()
        assert text(screen, "#projector-round").startswith("Round 1 ·")


async def test_nothing_saved_shows_how_to_get_a_round(workspace: Workspace, tmp_path: Path) -> None:
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await project(pilot)
        screen = app.screen
        assert "No round in play" in text(screen, "#projector-round")
        assert "save the round (ctrl+s)" in str(screen.query_one(".table-card", Static).render())
        await pilot.press("t")  # nothing to time: nothing happens, nothing breaks
        await pilot.pause()
        assert app.session.event.timer is None


async def test_projector_timer_keys_and_the_signal_at_zero(
    workspace: Workspace, tmp_path: Path
) -> None:
    app = saved_app(workspace, tmp_path, running=False)
    now = [FROZEN]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ProjectorScreen(clock=lambda: now[0]))
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#projector-clock").value == "12:34"
        await pilot.press("plus")
        await pilot.pause()
        assert app.session.event.timer.minutes == 16
        await pilot.press("t")  # start
        await pilot.pause()
        assert app.session.event.timer.running  # attendees see it too (stored)
        now[0] += 60 * 60
        screen.tick()
        await pilot.pause()
        assert "Time! Please switch to round 2" in text(screen, "#projector-signal")


def test_cards_fill_the_room_both_ways_and_numbers_run_down_columns() -> None:
    assert card_layout(10, 2, 198, 45) == (3, 4)  # not one column of ten wide boxes
    assert card_layout(20, 2, 78, 20) == (3, 4)  # 80×24: twelve a page
    assert card_layout(1, 2, 198, 45) == (1, 1)
    order = column_order(list(range(5)), 2, 3)  # type: ignore[arg-type]
    assert order == [0, 3, 1, 4, 2, None]
