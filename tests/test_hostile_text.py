"""User text is shown exactly as typed on every screen: markup in names,
topics and answers never styles, links, crashes or runs an action."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from textual.widgets import DataTable

from matchmaker.core.catalogue import load_catalogue
from matchmaker.core.errors import InputFileError
from matchmaker.core.orientation import Orientation
from matchmaker.core.profiles import Profile, build_profile
from matchmaker.imports.importer import read_csv
from matchmaker.service.workspace import DEMO_EVENT, Workspace, demo_csv
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.board import BoardScreen
from matchmaker.ui.intake import IntakeScreen
from matchmaker.ui.matches import MatchesScreen
from tests.helpers import stored

HOSTILE = [
    "[bold red]Mal[/]",
    "Bob [/]",
    "[link=x]Eve[/link]",
    "[@click=app.quit]X[/]",
]
EVENT = "[b]Night[/b] [@click=app.quit]"


def visible_text(app: MatchmakerApp) -> str:
    """What the screen shows, from Textual's own SVG export, without spacing."""
    svg = app.export_screenshot()
    text = html.unescape(re.sub(r"<[^>]+>", "", svg))
    return re.sub(r"\s+", "", text)


def shows(app: MatchmakerApp, literal: str) -> bool:
    return re.sub(r"\s+", "", literal) in visible_text(app)


@pytest.fixture
def hostile_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.json")
    people = read_csv(demo_csv()).profiles[:6]
    hostile = [
        Profile(
            name,
            interests=("Rust", "[i]SQL[/i]"),
            can_teach=("[u]Go[/u]",),
            want_to_learn=("Rust",),
            motivations=("recognition",) if n % 2 else ("giving-back",),
            orientation=Orientation.PROCESS if n % 2 else Orientation.RESULT,
            brings_me="[red]curiosity[/red]",
        )
        for n, name in enumerate(HOSTILE)
    ]
    stored(store).upsert_people(EVENT, [*hostile, *people])
    return store


async def test_hostile_text_is_literal_on_every_screen(
    hostile_store: Store, tmp_path: Path
) -> None:
    app = MatchmakerApp(Workspace(hostile_store), export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert shows(app, EVENT)  # the event picker
        await pilot.press("enter")
        await pilot.pause()
        for name in HOSTILE:  # the people list
            assert shows(app, name), name
        assert shows(app, "[i]SQL[/i]")

        # clicking a name must not run the action hidden in it
        table = app.screen.query_one("#people", DataTable)
        await pilot.click("#people", offset=(3, 4))
        await pilot.pause()
        assert app.is_running

        table.move_cursor(row=3)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatchesScreen)
        assert shows(app, "[@click=app.quit]X[/]")
        for name in HOSTILE[:3]:
            assert shows(app, name), name
        assert shows(app, "[u]Go[/u]")  # in a reason
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        assert shows(app, "[@click=app.quit]X[/]") and shows(app, "[red]curiosity[/red]")
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        for name in HOSTILE:
            assert shows(app, name), name
        await pilot.click("#table-round-1", offset=(10, 1))
        await pilot.pause()
        assert app.is_running

        await pilot.press("question_mark")
        await pilot.pause()
        assert app.is_running


async def test_hostile_names_in_notifications_are_literal(
    hostile_store: Store, tmp_path: Path
) -> None:
    app = MatchmakerApp(Workspace(hostile_store), EVENT, export_dir=tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert shows(app, "[bold red]Mal[/]")  # in the confirmation
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shows(app, "Deleted [bold red]Mal[/]")
        assert app.is_running
    assert DEMO_EVENT not in Workspace(hostile_store).event_names()


@pytest.mark.attack
@pytest.mark.parametrize(
    "second", ["Ana\u200b Lee", "Ana\u2060 Lee", "Ana\u00a0Lee", "Ａｎａ Lee", "ANA LEE"]
)
def test_an_import_refuses_a_look_alike_of_a_name_above(
    cli, write_csv, tmp_path: Path, second: str
) -> None:
    path = write_csv(
        [
            {"name": "Ana Lee", "email": "ana@example.org"},
            {"name": second, "email": "x@evil.example"},
        ]
    )
    result = cli("import", path, "--event", "E", "--db", tmp_path / "store.json")
    assert result.status == 2 and "Traceback" not in result.err
    assert f"{path}:3: name: {second!r} looks the same as 'Ana Lee' on line 2" in result.err


@pytest.mark.attack
def test_an_import_refuses_a_look_alike_of_someone_already_stored(
    cli, write_csv, tmp_path: Path
) -> None:
    """Measured: a second file could add "Ana\u200b Lee" (with an email of its
    own) beside the stored "Ana Lee"; only look-alikes within one file were caught."""
    db = tmp_path / "store.json"
    first = write_csv([{"name": "Ana Lee", "email": "ana@example.org"}], name="first.csv")
    assert cli("import", first, "--event", "E", "--db", db).status == 0
    before = db.read_bytes()
    for second in ("Ana\u200b Lee", "ＡＮＡ LEE"):
        path = write_csv(
            [{"name": "Bo Kim"}, {"name": second, "email": "x@evil.example"}], name="second.csv"
        )
        result = cli("import", path, "--event", "E", "--db", db)
        assert result.status == 2 and "Traceback" not in result.err
        assert f"{path}:3: name: {second!r} looks the same as 'Ana Lee', who is already" in (
            result.err
        )
        assert db.read_bytes() == before  # nothing of the file was imported
    # The same person again (same email), or a namesake written the same way, is not refused.
    for rows in ({"name": "ANA LEE", "email": "ana@example.org"}, {"name": "ANA LEE"}):
        again = write_csv([rows], name="again.csv")
        assert cli("import", again, "--event", "E", "--db", db).status == 0
    workspace = Workspace.at(db)
    assert [p.name for p in workspace.people("E")] == ["ANA LEE", "ANA LEE"]
    with pytest.raises(InputFileError, match="looks the same as"):
        workspace.session("E").commit_import(read_csv(first.with_name("second.csv")))


def test_invisible_characters_never_reach_a_name_on_show(cli, tmp_path: Path) -> None:
    """A name typed (or stored by an earlier version) with zero-width spaces,
    word joiners or soft hyphens is shown without them on the people list,
    slips, the report and an attendee's table; the rest stays as typed."""
    db = tmp_path / "store.json"
    workspace = Workspace.at(db)
    workspace.load_demo()
    session = workspace.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people])
    session.pair_and_save()
    typed = "Mei\u200b Lin\u2060"
    document = json.loads(db.read_text(encoding="utf-8"))  # as an earlier version kept it
    for row in document["people"].values():
        if row["profile"]["name"] == "Mei Lin":
            row["profile"]["name"] = typed
    for row in document["rounds"].values():
        row["names"] = [[typed if n == "Mei Lin" else n for n in g] for g in row["names"]]
    db.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    outputs = [
        cli("people", "--event", DEMO_EVENT, "--db", db, "--format", "json").out,
        cli("slips", "--event", DEMO_EVENT, "--db", db).out,
        cli("report", "--event", DEMO_EVENT, "--db", db).out,
    ]
    mei = next(p for p in workspace.people(DEMO_EVENT) if p.name == "Mei Lin")
    saved = session.reload().saved_round()
    assert saved is not None
    tablemate = next(i for g in saved.groups if mei.id in g for i in g if i != mei.id)
    table = workspace.self_service(DEMO_EVENT).my_table(tablemate)
    assert table is not None and "Mei Lin" in table.tablemates
    for shown in outputs:
        assert "Mei Lin" in shown and "\u200b" not in shown and "\u2060" not in shown
    assert build_profile({"name": "Mo\u00adna Ha\u200cddad"}, load_catalogue()).profile.name == (
        "Mona Ha\u200cddad"  # a joiner between two letters shapes them: it stays
    )
