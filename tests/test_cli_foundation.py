"""The command line for import, people and motivations: exit 0 on success,
exit 2 with FILE:LINE: field: problem on bad input, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from matchmaker.core.profiles import PUBLIC_FIELDS
from matchmaker.service.workspace import Workspace
from matchmaker.store.database import Store
from tests.helpers import stored

ADA = {
    "name": "Ada",
    "email": "ada@example.org",
    "share_contact": "yes",
    "interests": "rust; SQL",
    "motivations": "giving back; recognition",
    "orientation": "process",
    "brings_me": "curiosity",
}
BO = {"name": "Bo", "interests": "go", "orientation": "5"}


def test_import_then_people_json(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    path = write_csv([ADA, BO])
    result = cli("import", path, "--event", "Meetup", "--db", db)
    assert result.status == 0, result.err
    assert "2 added" in result.out
    result = cli("people", "--event", "Meetup", "--db", db, "--format", "json")
    people = json.loads(result.out)["people"]
    assert [p["name"] for p in people] == ["Ada", "Bo"]
    assert people[0]["motivations"] == ["recognition", "giving-back"]
    assert people[0]["orientation"] == "process" and people[1]["orientation"] == "result"
    assert set(people[0]) == {*PUBLIC_FIELDS, "present"} and people[0]["present"] is False


def test_reimport_updates_instead_of_duplicating(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", write_csv([ADA, BO]), "--event", "E", "--db", db)
    changed = dict(ADA, name="Ada Lovelace", interests="rust")
    result = cli("import", write_csv([changed], name="again.csv"), "--event", "E", "--db", db)
    assert "0 added, 1 updated" in result.out
    assert [p.name for p in stored(Store(db)).people("E")] == ["Ada Lovelace", "Bo"]


def test_event_defaults_to_the_file_name(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", write_csv([ADA], name="spring-meetup.csv"), "--db", db)
    assert Workspace(Store(db)).event_names() == ["spring-meetup"]


def test_dry_run_writes_nothing(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    result = cli("import", write_csv([ADA, BO]), "--dry-run", "--db", db)
    assert result.status == 0 and "nothing was written" in result.out and "Ada" in result.out
    assert not db.exists()


def test_every_bad_row_is_listed_and_nothing_is_written(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", write_csv([BO], name="first.csv"), "--event", "E", "--db", db)
    before = db.read_bytes()
    path = write_csv(
        [
            ADA,
            {"name": "", "interests": "rust"},
            dict(BO, orientation="sideways"),
            dict(ADA, email="nope"),
        ]
    )
    result = cli("import", path, "--event", "E", "--db", db)
    assert result.status == 2
    assert f"{path}:3: name: is required" in result.err
    assert f"{path}:4: orientation:" in result.err
    assert f"{path}:5: email:" in result.err
    assert "nothing was imported" in result.err and "Traceback" not in result.err
    assert db.read_bytes() == before


def test_line_numbers_count_quoted_newlines(cli, write_csv, tmp_path: Path) -> None:
    path = write_csv([dict(ADA, brings_me="line one\nline two\nline three"), dict(BO, email="bad")])
    result = cli("import", path, "--db", tmp_path / "s.json")
    assert f"{path}:5: email:" in result.err


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: d / "missing.csv", "no such file"),
        (lambda d: d, "is a folder"),
        (
            lambda d: _write(d / "broken.csv", b"name\nJos\x81\n"),
            ":2: byte 0x81 is neither UTF-8 nor Windows-1252",
        ),
        (lambda d: _write(d / "empty.csv", b""), "empty"),
        (lambda d: _write(d / "noname.csv", b"email,interests\na@x.io,rust\n"), "no name column"),
    ],
    ids=["missing-file", "folder", "undecodable-bytes", "empty-file", "no-name-column"],
)
def test_unusable_files_exit_2_with_a_message(
    cli, tmp_path: Path, make: Callable[[Path], Path], words: str
) -> None:
    path = make(tmp_path)
    result = cli("import", path, "--db", tmp_path / "s.json")
    assert result.status == 2
    assert words in result.err and str(path) in result.err and "Traceback" not in result.err


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_damaged_store_exits_2_and_is_left_alone(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    db.write_text("{not json")
    for args in (("import", write_csv([ADA]), "--db", db), ("people", "--db", db), ("--db", db)):
        result = cli(*args)
        assert result.status == 2 and "damaged" in result.err and str(db) in result.err
    assert db.read_text() == "{not json"


def test_people_needs_a_known_event(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", write_csv([ADA]), "--event", "A", "--db", db)
    cli("import", write_csv([BO]), "--event", "B", "--db", db)
    assert "several events" in cli("people", "--db", db).err
    result = cli("people", "--event", "C", "--db", db)
    assert result.status == 2 and "no event called 'C'" in result.err


def test_db_from_environment(
    cli, write_csv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.json"
    monkeypatch.setenv("MATCHMAKER_DB", str(db))
    cli("import", write_csv([ADA]), "--event", "E")
    assert Workspace(Store(db)).event_names() == ["E"]


def test_motivations_json_lists_the_catalogue(cli) -> None:
    result = cli("motivations", "--format", "json")
    entries = json.loads(result.out)["motivations"]
    assert len(entries) == 20 and {
        "id",
        "label",
        "description",
        "source",
        "leaning",
        "tags",
    } <= set(entries[0])


def test_motivations_table(cli) -> None:
    out = cli("motivations").out
    assert "Training or support in a topic" in out and "peeragogy #1" in out


def test_demo_event_covers_the_catalogue(catalogue) -> None:
    from matchmaker.core.paths import data_file
    from matchmaker.imports.importer import read_csv

    plan = read_csv(Path(str(data_file("demo.csv"))))
    assert len(plan.profiles) == 40 and plan.warnings == []
    assert {m for p in plan.profiles for m in p.motivations} == {m.id for m in catalogue}
    assert {p.orientation_word for p in plan.profiles} == {"process", "balanced", "result"}


def test_a_blank_event_name_is_refused(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    result = cli("import", write_csv([ADA]), "--event", "   ", "--db", db)
    assert result.status == 2 and "An event needs a name" in result.err
    assert not db.exists()
