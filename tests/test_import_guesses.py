"""Issue 23, imports: a column is taken for a field by its answers only when
the answers say so, every guess is shown with its header and answers, and
"no column" can be said on the command line and in the app."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from matchmaker.imports.importer import read_csv
from matchmaker.service.workspace import Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.importing import ImportScreen
from tests.helpers import stored
from tests.test_import_formats import people_of

FIXTURES = Path(__file__).parent / "fixtures"
PACE_HEADER = "When you learn with others, what matters more to you?"


def test_a_ticket_column_became_everyones_pace(cli, tmp_path: Path) -> None:
    """Eventbrite's ``Quantity`` (all 1s) is no orientation: nobody gets a pace, and it says so."""
    db = tmp_path / "s.json"
    result = cli("import", FIXTURES / "eventbrite.csv", "--event", "EB", "--db", db)
    assert result.status == 0, result.err
    assert "'Quantity'" in result.err.split("Ignored columns:")[1].splitlines()[0]
    assert "No column holds process-or-result answers" in result.err
    assert "nobody gets a pace" in result.err
    assert {p["orientation"] for p in people_of(cli, db, "EB").values()} == {None}


def test_numbers_become_pace_only_under_a_header_about_pace(write_csv) -> None:
    rows = [["Ada", "1"], ["Bo", "5"], ["Cy", "3"]]
    for header, taken in [
        ("Quantity", False),
        ("Guests", False),
        ("Journey 1 - destination 5", True),
        ("Pace (1-5)", True),
        ("Process or outcome? 1-5", True),
    ]:
        plan = read_csv(write_csv(rows, header=["Full name", header]))
        assert ("orientation" in plan.columns) is taken, header
        if not taken:
            assert all(p.orientation is None for p in plan.profiles)


def test_a_column_of_both_says_nothing_about_pace(write_csv) -> None:
    plan = read_csv(write_csv([["Ada", "Both"], ["Bo", "both"]], header=["Name", "Bringing"]))
    assert "orientation" not in plan.columns


def guess_file(write_csv) -> Path:
    return write_csv(
        [
            ["Ada", "The journey: the talk and the people"],
            ["Bo", "The destination: something done"],
            ["Cy", "Both equally"],
            ["Di", "The journey: the talk and the people"],
        ],
        header=["What is your name?", PACE_HEADER],
    )


def test_a_guess_is_printed_with_its_header_and_three_answers(
    cli, tmp_path: Path, write_csv
) -> None:
    path = guess_file(write_csv)
    guess = (
        f"Guessed orientation from the column {PACE_HEADER!r} by its answers: "
        "'The journey: the talk and the people', 'The destination: something done', "
        "'Both equally'."
    )
    for extra in (["--dry-run"], []):
        result = cli("import", path, "--event", "E", "--db", tmp_path / "s.json", *extra)
        assert result.status == 0, result.err
        assert guess in result.err
        assert "--map FIELD= says no column holds it" in result.err


def test_map_field_empty_means_no_column(cli, tmp_path: Path, write_csv) -> None:
    """``--map orientation=`` was refused with exit 2; it says no column holds the field."""
    db = tmp_path / "s.json"
    path = guess_file(write_csv)
    result = cli("import", path, "--event", "E", "--db", db, "--map", "orientation=")
    assert result.status == 0, result.err
    assert "Guessed" not in result.err
    assert "As chosen, no column holds process-or-result answers" in result.err
    assert {p["orientation"] for p in people_of(cli, db, "E").values()} == {None}
    named = cli("import", FIXTURES / "google_forms.csv", "--db", db, "--map", "interests=")
    assert named.status == 0, named.err
    assert "-> interests" not in named.err


def test_map_of_an_unknown_field_with_no_column_is_still_refused(
    cli, tmp_path: Path, write_csv
) -> None:
    result = cli("import", guess_file(write_csv), "--db", tmp_path / "s.json", "--map", "colour=")
    assert result.status == 2 and "'colour' is not a field" in result.err


async def test_changing_one_column_in_the_app_keeps_the_others(tmp_path: Path) -> None:
    """The import preview's column chooser reset every other field to "(no column)"."""
    store = Store(tmp_path / "store.json")
    stored(store).create_event("Meetup")
    app = MatchmakerApp(Workspace(store), "Meetup", export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(FIXTURES / "google_forms.csv")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

        screen = app.screen
        assert isinstance(screen, ImportScreen) and screen.plan is not None
        before = dict(screen.plan.columns)
        assert before["name"] == "What is your name?"
        topics = "Which topics are you interested in?"
        for column in ("Timestamp", topics, "Timestamp", topics):
            screen.query_one("#column-interests", Select).value = column
            for _ in range(4):
                await pilot.pause(0.05)
                await pilot.app.workers.wait_for_complete()
            assert str(screen.query_one("#import-problems", Static).render()) == ""
            assert screen.plan is not None
            assert screen.plan.columns == before | {"interests": column}
