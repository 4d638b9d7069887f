"""Every screen at 120×40 on the demo event, as SVG snapshots (reviewed by eye;
a changed snapshot is a changed screen). Update with --snapshot-update."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from tests.helpers import settle, stored, type_filter

SIZE = (120, 40)


@pytest.fixture
def demo_app(tmp_path: Path) -> MatchmakerApp:
    store = Store(tmp_path / "store.json")
    Workspace(store).load_demo()
    return MatchmakerApp(Workspace(store), DEMO_EVENT, export_dir=tmp_path)


def keys(*presses: str, workers: bool = True):
    """Press keys, then let timers, workers (unless one waits on a dialog) and layout settle."""

    async def run(pilot) -> None:
        await pilot.press(*presses)
        await pilot.pause(0.3)
        if workers:
            await settle(pilot)

    return run


def test_event_picker_empty_store(snap, tmp_path: Path) -> None:
    assert snap(MatchmakerApp(Workspace(Store(tmp_path / "empty.json"))), terminal_size=SIZE)


def test_event_picker(snap, tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    Workspace(store).load_demo()
    stored(store).create_event("Spring meetup")
    assert snap(MatchmakerApp(Workspace(store)), terminal_size=SIZE)


def test_people(snap, demo_app: MatchmakerApp) -> None:
    assert snap(demo_app, terminal_size=SIZE)


def test_people_filtered(snap, demo_app: MatchmakerApp) -> None:
    async def filter_rust(pilot) -> None:
        await type_filter(pilot, "rust")
        for _ in range(50):  # the filter waits for a pause in typing; a busy machine is slower
            await pilot.pause(0.1)
            if getattr(pilot.app.screen, "shown_query", None) == "rust":
                break
        await pilot.pause()

    assert snap(demo_app, run_before=filter_rust, terminal_size=SIZE)


def test_intake_new(snap, demo_app: MatchmakerApp) -> None:
    assert snap(demo_app, run_before=keys("n"), terminal_size=SIZE)


def test_intake_edit(snap, demo_app: MatchmakerApp) -> None:
    assert snap(demo_app, run_before=keys("e"), terminal_size=SIZE)


def test_matches(snap, demo_app: MatchmakerApp) -> None:
    assert snap(demo_app, run_before=keys("m"), terminal_size=SIZE)


def test_pairing_board(snap, demo_app: MatchmakerApp) -> None:
    async def pair(pilot) -> None:
        await pilot.press("p")
        await settle(pilot)

    assert snap(demo_app, run_before=pair, terminal_size=SIZE)


def test_pairing_board_groups_of_three(snap, demo_app: MatchmakerApp) -> None:
    async def pair(pilot) -> None:
        await pilot.press("p")
        await settle(pilot)
        pilot.app.animation_level = "none"  # the tab's underline, drawn again, not caught mid-way
        await pilot.press("S")  # groups of three
        await settle(pilot)

    assert snap(demo_app, run_before=pair, terminal_size=SIZE)


def test_help(snap, demo_app: MatchmakerApp) -> None:
    assert snap(demo_app, run_before=keys("question_mark"), terminal_size=SIZE)


def test_delete_confirmation(snap, demo_app: MatchmakerApp) -> None:
    assert snap(demo_app, run_before=keys("d", workers=False), terminal_size=SIZE)


def test_import_dialog_with_preview(snap, demo_app: MatchmakerApp, monkeypatch) -> None:
    monkeypatch.chdir(Path(__file__).parent.parent)  # a relative path: the same on every machine

    async def load(pilot) -> None:
        await pilot.press("i")
        await pilot.pause()
        pilot.app.screen.query_one("#path").value = "tests/fixtures/google_forms.csv"
        await pilot.press("enter")
        await settle(pilot)

    assert snap(demo_app, run_before=load, terminal_size=SIZE)


def test_new_event_prompt(snap, tmp_path: Path) -> None:
    app = MatchmakerApp(Workspace(Store(tmp_path / "empty.json")))
    assert snap(app, run_before=keys("ctrl+n", workers=False), terminal_size=SIZE)
