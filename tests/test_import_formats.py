"""Real sign-up exports import with the right names, fields and orientation;
a bad row changes nothing; exports are injection-safe, respect consent and
read back exactly."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from matchmaker.core.errors import InputFileError, UserError
from matchmaker.imports.columns import map_columns
from matchmaker.imports.importer import read_csv
from matchmaker.store.database import Store
from tests.helpers import stored

FIXTURES = Path(__file__).parent / "fixtures"


def people_of(cli, db: Path, event: str) -> dict[str, dict]:
    result = cli("people", "--event", event, "--db", db, "--format", "json")
    return {p["name"]: p for p in json.loads(result.out)["people"]}


def test_google_forms(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    result = cli("import", FIXTURES / "google_forms.csv", "--event", "GF", "--db", db)
    assert result.status == 0, result.err
    assert "'Timestamp'" in result.err and "Ignored columns" in result.err
    assert "'Which topics are you interested in?' -> interests" in result.err
    people = people_of(cli, db, "GF")
    noor = people["Noor Haddad"]
    assert noor["email"] == "noor@example.org" and noor["share_contact"] is True
    assert noor["interests"] == ["Databases", "Data visualisation"]
    assert noor["motivations"] == [
        "learn-by-tutoring",
        "giving-back",
    ]  # a label with commas kept whole
    assert noor["orientation"] == "balanced"
    assert (
        people["Kai Andersen"]["orientation"] == "result"
        and people["Kai Andersen"]["share_contact"] is True
    )
    lars = people["Lars Eriksson"]
    assert lars["motivations"] == [
        "own-interests",
        "professional-opportunities",
        "Free pizza",
    ]  # unknown kept
    assert "'Free pizza' matches no catalogue entry; kept as text" in result.err
    assert (
        people["Amara Okafor"]["orientation"] == "process"
        and people["Amara Okafor"]["share_contact"] is False
    )


def test_eventbrite_first_and_last_name(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    result = cli("import", FIXTURES / "eventbrite.csv", "--event", "EB", "--db", db)
    assert result.status == 0, result.err
    people = people_of(cli, db, "EB")
    assert list(people) == ["Priya Raman", "Jonas Weber", "María José Pérez"]
    assert people["Priya Raman"]["can_teach"] == ["JavaScript"]
    assert people["Priya Raman"]["contribute"] == "Accessibility audits"
    assert people["María José Pérez"]["interests"] == ["GIS", "hiking"]
    for ignored in ("Order #", "Ticket Type", "Barcode #", "Attendee Status"):
        assert repr(ignored) in result.err


def test_meetup(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    assert cli("import", FIXTURES / "meetup.csv", "--event", "MU", "--db", db).status == 0
    people = people_of(cli, db, "MU")
    assert people["Wei Chen"]["motivations"] == ["recognition"]
    assert people["Zanele Dlamini"]["motivations"] == ["giving-back", "personal-connections"]
    assert people["Tomasz Kowalski"]["want_to_learn"] == ["Rust"]
    assert people["Tomasz Kowalski"]["motivations"] == ["own-interests"]


def test_excel_cp1252_semicolons_commas_and_newlines() -> None:
    plan = read_csv(FIXTURES / "excel_cp1252_semicolon.csv")
    assert (plan.encoding, plan.delimiter) == ("Windows-1252", "semicolon")
    jose, zoe = plan.profiles
    assert jose.name == "José Núñez" and jose.interests == ("Python", "SQL")
    assert zoe.name == "Zoë Ångström" and zoe.brings_me == "First line\nsecond line"
    assert plan.lines == [2, 3]


def test_excel_utf8_with_byte_order_mark() -> None:
    plan = read_csv(FIXTURES / "excel_utf8_bom.csv")
    assert (
        plan.encoding == "UTF-8" and plan.columns["name"] == "Name"
    )  # the BOM is not in the header
    assert [p.name for p in plan.profiles] == ["Łukasz Wiśniewski", "Ngozi Eze"]
    assert [p.orientation_word for p in plan.profiles] == ["result", "process"]


def test_small_semicolon_file_with_commas_in_answers(tmp_path: Path) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text("name;interests\nAda;rust, go\n", encoding="utf-8")
    plan = read_csv(path)
    assert plan.delimiter == "semicolon" and plan.profiles[0].interests == ("rust", "go")


def test_long_cells_up_to_the_limits(write_csv) -> None:
    long_answer = "I like to learn.\n" * 117  # 1,989 characters, line breaks kept
    plan = read_csv(
        write_csv(
            [
                {
                    "name": "Ada",
                    "brings_me": long_answer,
                    "interests": ";".join(f"t{n}" for n in range(50)),
                }
            ]
        )
    )
    assert plan.profiles[0].brings_me == long_answer.strip()
    assert len(plan.profiles[0].interests) == 50


def test_one_cell_with_50000_interests_is_refused_naming_the_line(write_csv) -> None:
    path = write_csv(
        [{"name": "Ada"}, {"name": "Bo", "interests": ";".join(f"t{n}" for n in range(50_000))}]
    )
    with pytest.raises(InputFileError) as caught:
        read_csv(path)
    assert f"{path}:3: interests: has 50,000 items; at most 50" in str(caught.value)


def test_bad_rows_are_all_listed_and_nothing_is_written(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    path = FIXTURES / "google_forms_bad_rows.csv"
    result = cli("import", path, "--event", "GF", "--db", db)
    assert result.status == 2
    assert f"{path}:2: email: 'noor@example' is not an email address" in result.err
    assert f"{path}:3: name: is required" in result.err
    assert f"{path}:4: orientation: 'Sideways' is not an orientation" in result.err
    assert not db.exists()


def test_dry_run_shows_and_writes_nothing(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    result = cli("import", FIXTURES / "eventbrite.csv", "--dry-run", "--db", db)
    assert (
        result.status == 0 and "Priya Raman" in result.out and "nothing was written" in result.out
    )
    assert not db.exists()


def test_map_overrides_the_guess(cli, tmp_path: Path, write_csv) -> None:
    path = write_csv(
        [{"Nickname": "Ada", "Handle": "ada99", "Stuff": "rust"}],
        header=["Nickname", "Handle", "Stuff"],
    )
    assert cli("import", path, "--db", tmp_path / "s.json").status == 2  # no name column
    result = cli(
        "import",
        path,
        "--db",
        tmp_path / "s.json",
        "--map",
        "name=Nickname",
        "--map",
        "interests=stuff",
    )
    assert result.status == 0, result.err
    assert "'Nickname' -> name" in result.err and "'Handle'" in result.err


@pytest.mark.parametrize(
    ("pair", "words"),
    [
        ("name", "FIELD=COLUMN"),
        ("colour=Nickname", "not a field"),
        ("name=Missing", "no column 'Missing'"),
    ],
)
def test_bad_map_exits_2(cli, tmp_path: Path, write_csv, pair: str, words: str) -> None:
    path = write_csv([{"Nickname": "Ada"}], header=["Nickname"])
    result = cli("import", path, "--db", tmp_path / "s.json", "--map", pair)
    assert result.status == 2 and words in result.err


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Your email address", "email"),
        ("E-mail", "email"),
        ("What would you like to learn?", "want_to_learn"),
        ("What brings you here?", "brings_me"),
        ("What brings you here? (select all that apply)", "motivations"),
        ("How can you contribute?", "contribute"),
        ("Interests", "interests"),
        ("Which topics are you intrested in?", "interests"),  # a typo in the form's question
    ],
)
def test_header_synonyms(header: str, field: str) -> None:
    assert map_columns(["Name", header]).fields[field] == 1


def test_formula_names_import_as_typed_and_export_neutralised(
    cli, tmp_path: Path, write_csv
) -> None:
    db = tmp_path / "s.json"
    names = ['=HYPERLINK("http://x","click")', "+1 Ada", "-Bo", "@Cy"]
    cli(
        "import",
        write_csv(
            [
                {"name": n, "email": f"p{i}@x.io", "share_contact": "yes"}
                for i, n in enumerate(names)
            ]
        ),
        "--event",
        "E",
        "--db",
        db,
    )
    assert [p.name for p in stored(Store(db)).people("E")] == names
    exported = cli("people", "--event", "E", "--db", db, "--format", "csv").out
    for name in names:
        assert f"'{name[0]}" in exported  # every formula-looking cell starts with a quote
    rows = list(
        csv.DictReader(io.StringIO(cli("pair", "--event", "E", "--db", db, "--format", "csv").out))
    )
    assert sorted(r["name"] for r in rows) == sorted("'" + n for n in names)
    assert all(r["contact"] for r in rows)  # everyone here consented


def test_export_then_reimport_round_trip(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", FIXTURES / "google_forms.csv", "--event", "A", "--db", db)
    cli("import", FIXTURES / "excel_cp1252_semicolon.csv", "--event", "A", "--db", db)
    export = tmp_path / "export.csv"
    export.write_text(
        cli("people", "--event", "A", "--db", db, "--format", "csv").out, encoding="utf-8"
    )
    assert cli("import", export, "--event", "B", "--db", db).status == 0
    first, second = people_of(cli, db, "A"), people_of(cli, db, "B")
    assert first == second


def test_slips_for_the_saved_round(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli(
        "import", Path(__file__).parent.parent / "data" / "demo.csv", "--event", "Night", "--db", db
    )
    assert cli("slips", "--event", "Night", "--db", db).status == 2  # nothing saved yet
    cli("pair", "--event", "Night", "--db", db, "--save")
    out = tmp_path / "slips.txt"
    result = cli("slips", "--event", "Night", "--db", db, "--output", out)
    assert result.status == 0 and "Wrote 40 slips" in result.err
    text = out.read_text(encoding="utf-8")
    noor = text.split("Noor Haddad — round 1, table ")[1].split("✂")[0]
    assert "With: Kai Andersen (kai@example.net)" in noor  # Kai consented to share
    assert "You and Kai Andersen: you can teach SQL, which Kai Andersen wants" in noor
    assert "Ask each other" in noor
    amara_partner = [s for s in text.split("✂") if "With: Amara Okafor" in s]
    assert (
        amara_partner
        and "amara" not in amara_partner[0].casefold().split("with: amara okafor")[1].split("\n")[0]
    )


def test_read_csv_reports_progress(write_csv) -> None:
    seen = []
    read_csv(
        write_csv([{"name": f"P{n}"} for n in range(4500)]),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 3


def test_unknown_map_field_error_type() -> None:
    with pytest.raises(UserError):
        map_columns(["a"], {"bogus": "a"})
    with pytest.raises(InputFileError):
        read_csv(FIXTURES / "missing.csv")


def test_slips_for_an_earlier_round(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli(
        "import", Path(__file__).parent.parent / "data" / "demo.csv", "--event", "Night", "--db", db
    )
    cli("pair", "--event", "Night", "--db", db, "--save", "--rounds", "2")
    first = cli("slips", "--event", "Night", "--db", db, "--round", "1").out
    second = cli("slips", "--event", "Night", "--db", db).out
    assert "round 1, table" in first and "round 2, table" in second and first != second
    result = cli("slips", "--event", "Night", "--db", db, "--round", "7")
    assert result.status == 2 and "no saved round 7 (saved rounds: 1, 2)" in result.err
