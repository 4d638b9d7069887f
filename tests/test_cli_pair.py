"""`matchmaker pair`: the JSON contract, every format, tiny events, saved
rounds and stored rules, and byte-identical output for the same input."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaker.core.model import PairRule
from matchmaker.core.paths import data_file
from matchmaker.store.database import Store
from tests.helpers import stored

DEMO = Path(str(data_file("demo.csv")))


def pair_json(cli, *args) -> dict:
    result = cli("pair", *args, "--format", "json")
    assert result.status == 0, result.err
    return json.loads(result.out)


def test_json_follows_the_contract(cli) -> None:
    doc = pair_json(cli, DEMO)
    assert set(doc) == {"participants", "rounds"} and doc["participants"] == 40
    (round_,) = doc["rounds"]
    assert (
        set(round_) == {"round", "groups", "unpaired"}
        and round_["round"] == 1
        and round_["unpaired"] == []
    )
    tables = round_["groups"]
    assert [t["table"] for t in tables] == list(range(1, 21))
    assert sorted(n for t in tables for n in t["members"]) == sorted(
        row["name"] for row in csv.DictReader(DEMO.open(encoding="utf-8"))
    )
    matrix = json.loads(cli("matrix", DEMO, "--format", "json").out)
    index = {name: i for i, name in enumerate(matrix["people"])}
    for t in tables:
        assert set(t) == {"table", "members", "score", "reasons", "warnings", "notes"}
        assert t["reasons"]
        a, b = (index[m] for m in t["members"])
        assert t["score"] == matrix["scores"][a][b]  # a pair's score is exactly its matrix score
    assert ["Noor Haddad", "Kai Andersen"] in [t["members"] for t in tables]  # planted partners


def test_group_score_is_the_mean_of_its_pairs(cli) -> None:
    doc = pair_json(cli, DEMO, "--size", "3")
    matrix = json.loads(cli("matrix", DEMO, "--format", "json").out)
    index = {name: i for i, name in enumerate(matrix["people"])}
    for t in doc["rounds"][0]["groups"]:
        ids = [index[m] for m in t["members"]]
        pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
        mean = sum(matrix["scores"][a][b] for a, b in pairs) / len(pairs)
        assert t["score"] == int(mean + 0.5)
        assert len(t["members"]) in (3, 4)


def test_rounds_never_repeat_partners(cli) -> None:
    doc = pair_json(cli, DEMO, "--rounds", "3")
    seen = set()
    for r in doc["rounds"]:
        for t in r["groups"]:
            pair = frozenset(t["members"])
            assert pair not in seen
            seen.add(pair)


@pytest.mark.parametrize(
    ("names", "groups", "unpaired"),
    [
        (["Ada"], [], ["Ada"]),
        (["Ada", "Bo"], [["Ada", "Bo"]], []),
        (["Ada", "Bo", "Cy"], [["Ada", "Bo", "Cy"]], []),
    ],
    ids=["one", "two", "three"],
)
def test_tiny_events(cli, write_csv, names, groups, unpaired) -> None:
    path = write_csv([{"name": n} for n in names])
    result = cli("pair", path, "--format", "json")
    assert result.status == 0
    doc = json.loads(result.out)
    assert doc["participants"] == len(names)
    assert [t["members"] for t in doc["rounds"][0]["groups"]] == groups
    assert doc["rounds"][0]["unpaired"] == unpaired
    if len(names) < 2:
        assert "note" in result.err


def test_every_format_is_written(cli) -> None:
    table = cli("pair", DEMO).out
    assert "Table   1" in table and "Noor Haddad + Kai Andersen" in table
    markdown = cli("pair", DEMO, "--format", "markdown").out
    assert markdown.startswith("# Pairs for demo") and "| Table | Members | Contact |" in markdown
    rows = list(csv.DictReader(io.StringIO(cli("pair", DEMO, "--format", "csv").out)))
    assert len(rows) == 40 and {"round", "table", "name", "contact", "partners"} <= set(rows[0])


def test_contact_only_with_consent(cli) -> None:
    rows = {
        r["name"]: r for r in csv.DictReader(io.StringIO(cli("pair", DEMO, "--format", "csv").out))
    }
    assert rows["Noor Haddad"]["contact"] == "noor.haddad@example.org"  # consented
    assert rows["Amara Okafor"]["contact"] == ""  # did not


def test_hostile_names_are_neutralised_in_csv_and_escaped_in_markdown(cli, write_csv) -> None:
    path = write_csv([{"name": "=cmd|' /C calc'!A0"}, {"name": "[x](http://evil) *bold*"}])
    rows = list(csv.DictReader(io.StringIO(cli("pair", path, "--format", "csv").out)))
    assert rows[0]["name"].startswith("'=") or rows[1]["name"].startswith("'=")
    markdown = cli("pair", path, "--format", "markdown").out
    assert "\\[x\\]\\(http://evil\\) \\*bold\\*" in markdown


def test_saved_rounds_and_stored_rules_are_used(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", DEMO, "--event", "Night", "--db", db)
    store = Store(db)
    people = {p.name: p.id for p in stored(store).people("Night")}
    stored(store).set_rule("Night", PairRule.EXCLUDE, people["Noor Haddad"], people["Kai Andersen"])
    stored(store).set_rule("Night", PairRule.LOCK, people["Yuki Tanaka"], people["Lars Eriksson"])
    first = pair_json(cli, "--event", "Night", "--db", db, "--save")
    tables = {frozenset(t["members"]) for t in first["rounds"][0]["groups"]}
    assert frozenset({"Yuki Tanaka", "Lars Eriksson"}) in tables
    assert not any({"Noor Haddad", "Kai Andersen"} <= t for t in tables)
    assert [r.number for r in stored(store).rounds("Night")] == [1]
    second = pair_json(cli, "--event", "Night", "--db", db)
    again = {frozenset(t["members"]) for t in second["rounds"][0]["groups"]}
    assert (tables & again) == {
        frozenset({"Yuki Tanaka", "Lars Eriksson"})
    }  # only the lock repeats


def test_save_needs_an_event(cli) -> None:
    result = cli("pair", DEMO, "--save")
    assert result.status == 2 and "--event" in result.err


@pytest.mark.parametrize("args", [["--size", "1"], ["--size", "9"], ["--rounds", "0"]])
def test_bad_options_exit_2(cli, args) -> None:
    result = cli("pair", DEMO, *args)
    assert result.status == 2 and "Traceback" not in result.err
    # The core speaks of the setting; the command line names its flag.
    assert result.err.startswith(f"matchmaker: {args[0]}: The ")


def test_impossible_locks_exit_2(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", DEMO, "--event", "Night", "--db", db)
    store = Store(db)
    ids = [p.id for p in stored(store).people("Night")][:4]
    for a, b in itertools.pairwise(ids):
        stored(store).set_rule("Night", PairRule.LOCK, a, b)
    result = cli("pair", "--event", "Night", "--db", db)
    assert result.status == 2 and "Locks put 4 people together" in result.err


@pytest.mark.slow
def test_output_is_byte_identical_across_processes() -> None:
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "matchmaker",
                "pair",
                str(DEMO),
                "--rounds",
                "2",
                "--size",
                "3",
                "--format",
                "json",
            ],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_a_header_only_file_is_refused(cli, write_csv) -> None:
    result = cli("pair", write_csv([]), "--format", "json")
    assert result.status == 2 and "nobody in the file" in result.err


def test_a_groups_warnings_in_markdown_name_their_pair(cli) -> None:
    """At a table of three, two pairs may share a kind of warning: each says
    whose it is, so the Watch-out cell never repeats itself word for word."""
    plan = json.loads(cli("pair", DEMO, "--size", "3", "--format", "json").out)
    markdown = cli("pair", DEMO, "--size", "3", "--format", "markdown").out
    warned = [g for r in plan["rounds"] for g in r["groups"] if g["warnings"]]
    assert warned
    for group in warned:
        row = next(
            line for line in markdown.splitlines() if line.startswith(f"| {group['table']} |")
        )
        watch = row.rsplit("|", 2)[-2].replace("\\", "")  # markdown escapes undone
        for w in group["warnings"]:
            assert f"({w['between'][0]} & {w['between'][1]})" in watch
        parts = [p.strip() for p in watch.split(";")]
        assert len(parts) == len(set(parts))


def test_saving_is_still_said_when_the_reader_of_the_plan_goes_away(tmp_path: Path) -> None:
    """`pair --save … | head`: the plan's reader leaves early, the round is
    saved, and standard error still says so (exit 0, no traceback)."""
    db = tmp_path / "store.json"
    subprocess.run(
        [sys.executable, "-m", "matchmaker", "import", str(DEMO), "--event", "Night", "--db", db],
        check=True,
        capture_output=True,
    )
    read, write = os.pipe()
    os.close(read)  # a reader that is gone before the plan is printed
    run = subprocess.run(
        [sys.executable, "-m", "matchmaker", "pair", "--event", "Night", "--db", db, "--save"],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(write)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "Saved round 1 as round 1 of 'Night'." in run.stderr
    with Store(db).reading() as tx:
        assert len(tx.rounds("Night")) == 1
