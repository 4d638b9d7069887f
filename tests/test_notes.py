"""Issue 23, notes: Google Forms' "Anything else we should know?" was
dropped. It is the organiser's private note now, never in a shared output;
a note that tells of access needs flags the person, and the pairing board
shows the flag (and, to the organiser, the note) on their table."""

from __future__ import annotations

import json
from pathlib import Path

from matchmaker.core.catalogue import load_catalogue
from matchmaker.core.notes import ACCESS_FLAG, ACCESS_MARK, tells_of_access_needs
from matchmaker.core.profiles import Profile, build_profile
from matchmaker.imports.importer import read_csv
from matchmaker.service.workspace import Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.board import BoardScreen
from widgets.round_table import RoundTable

FORM = Path(__file__).parent / "fixtures" / "google_forms_notes.csv"
NOTE = "I use a wheelchair, please make sure the table is accessible"


def test_notes_dropped_anything_else_we_should_know(cli, tmp_path: Path) -> None:
    """The Google Form's last question becomes the note, with the access flag."""
    db = tmp_path / "s.json"
    result = cli("import", FORM, "--event", "GF", "--db", db)
    assert result.status == 0, result.err
    assert "'Anything else we should know?' -> notes" in result.err
    assert "1 person’s note tells of access needs (Noor Haddad)" in result.err
    private = cli("people", "--event", "GF", "--db", db, "--format", "json", "--private")
    people = {p["name"]: p for p in json.loads(private.out)["people"]}
    noor = people["Noor Haddad"]
    assert noor["notes"] == NOTE
    assert noor["access"] is False  # free text never binds the table rules
    assert noor["languages"] == ["English", "Arabic"]
    lars = people["Lars Eriksson"]
    assert lars["notes"] == "Vegetarian, and I may leave early" and lars["access"] is False


def test_the_note_is_in_no_shared_output(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", FORM, "--event", "GF", "--db", db)
    shared = [
        cli("people", "--event", "GF", "--db", db, "--format", "json").out,
        cli("people", "--event", "GF", "--db", db, "--format", "csv").out,
        cli("people", "--event", "GF", "--db", db).out,
        cli("matches", "Kai Andersen", "--event", "GF", "--db", db, "--format", "json").out,
        cli("pair", "--event", "GF", "--db", db, "--format", "json", "--save").out,
    ]
    slips = tmp_path / "slips.txt"
    cli("slips", "--event", "GF", "--db", db, "--output", slips)
    shared.append(slips.read_text(encoding="utf-8"))
    report = cli("report", "--event", "GF", "--db", db, "--for", "attendees")
    assert report.status == 0, report.err
    shared.append(report.out)
    for text in shared:
        assert "wheelchair" not in text and "Vegetarian" not in text
    assert all("notes" not in p for p in json.loads(shared[0])["people"])
    assert "notes" not in shared[1].splitlines()[0].split(",")
    backup = cli("people", "--event", "GF", "--db", db, "--format", "csv", "--private").out
    assert "notes" in backup.splitlines()[0].split(",") and "wheelchair" in backup


def test_a_shared_export_reimported_keeps_the_notes(cli, tmp_path: Path) -> None:
    """The shared CSV has no notes column, so importing it back empties no note."""
    db = tmp_path / "s.json"
    cli("import", FORM, "--event", "GF", "--db", db)
    shared = tmp_path / "shared.csv"
    shared.write_text(
        cli("people", "--event", "GF", "--db", db, "--format", "csv").out, encoding="utf-8"
    )
    assert cli("import", shared, "--event", "GF", "--db", db).status == 0
    noor = next(p for p in Workspace.at(db).people("GF") if p.name == "Noor Haddad")
    assert noor.profile.notes == NOTE and noor.profile.needs_access


def test_access_needs_are_told_by_the_note_or_set() -> None:
    assert tells_of_access_needs(NOTE)
    assert tells_of_access_needs("Step-free access please")
    assert tells_of_access_needs("I'm hard of hearing, a quiet table helps")
    assert not tells_of_access_needs("Vegetarian, and I may leave early")
    assert not tells_of_access_needs("Happy to help with the blinds")
    catalogue = load_catalogue()
    told = build_profile({"name": "Ada", "notes": "wheelchair user"}, catalogue).profile
    assert told.needs_access and not told.access
    chosen = build_profile({"name": "Bo", "access": "yes"}, catalogue).profile
    assert chosen.needs_access and chosen.access and not chosen.notes
    assert not Profile("Cy", notes="see you there").needs_access


def app_on_the_form(tmp_path: Path) -> MatchmakerApp:
    """The app on an event imported from the Google Form with notes."""
    workspace = Workspace(Store(tmp_path / "store.json"))
    workspace.commit_import("GF", read_csv(FORM))
    return MatchmakerApp(workspace, "GF", export_dir=tmp_path)


async def test_the_wheelchair_note_reaches_the_board(tmp_path: Path) -> None:
    app = app_on_the_form(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        table = board.query_one(RoundTable)
        noor = next(i for i, p in enumerate(board.event.profiles) if p.name == "Noor Haddad")
        row = next(r for r, t in enumerate(table.seated.tables) if noor in t.members)
        column = 1 + table.seated.tables[row].members.index(noor)
        assert str(table.get_cell_at((row, column))).endswith(ACCESS_MARK)
        others = [str(table.get_cell_at((r, 1))) for r in range(len(table.seated.tables))]
        assert sum(ACCESS_MARK in cell for cell in others) <= 1  # nobody else is flagged
        table.move_cursor(row=row, column=column)
        await pilot.pause()
        detail = str(board.query_one("#detail").render())
        assert f"{ACCESS_FLAG}: Noor Haddad — “{NOTE}”" in detail


async def test_the_intake_form_takes_a_note_languages_access_and_hosting(tmp_path: Path) -> None:
    """The organiser's form and the attendee's (kiosk, ``me``) are one form."""
    from textual.widgets import Checkbox, Input

    from matchmaker.ui.intake import IntakeScreen

    app = app_on_the_form(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        screen.query_one("#name", Input).value = "Zoë Park"
        screen.query_one("#notes", Input).value = "Step-free please"
        screen.query_one("#languages", Input).value = "English; Korean"
        screen.query_one("#access", Checkbox).value = True
        screen.query_one("#host", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    zoe = next(p.profile for p in app.workspace.people("GF") if p.name == "Zoë Park")
    assert (zoe.notes, zoe.languages, zoe.access, zoe.host) == (
        "Step-free please",
        ("English", "Korean"),
        True,
        True,
    )
