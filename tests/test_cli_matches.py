"""`matchmaker matches` and `matchmaker matrix`, exactly as the contract says."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from matchmaker.core.paths import data_file

DEMO = Path(str(data_file("demo.csv")))


def test_matches_json_shape_best_first(cli) -> None:
    result = cli("matches", "Noor Haddad", DEMO, "--format", "json")
    assert result.status == 0, result.err
    doc = json.loads(result.out)
    assert doc["person"] == "Noor Haddad" and set(doc) == {"person", "matches"}
    matches = doc["matches"]
    assert len(matches) == 5
    assert matches[0]["name"] == "Kai Andersen"
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True) and all(
        isinstance(s, int) and 0 <= s <= 100 for s in scores
    )
    for m in matches:
        assert set(m) == {"name", "score", "reasons", "warnings", "notes"} and m["reasons"]
        for w in m["warnings"]:
            assert w["kind"] in {
                "process-vs-result",
                "image-vs-reciprocity",
                "commercial-vs-volunteer",
            }
            assert w["severity"] in {"low", "medium", "high"} and w["message"] and w["advice"]


@pytest.mark.parametrize(("top", "count"), [("1", 1), ("0", 39), ("100", 39)])
def test_top(cli, top: str, count: int) -> None:
    doc = json.loads(cli("matches", "Kai Andersen", DEMO, "--top", top, "--format", "json").out)
    assert len(doc["matches"]) == count


def test_person_is_found_case_insensitively(cli) -> None:
    assert (
        json.loads(cli("matches", "noor HADDAD", DEMO, "--format", "json").out)["person"]
        == "Noor Haddad"
    )


def test_unknown_person_gets_suggestions(cli) -> None:
    result = cli("matches", "Kai Anderson", DEMO)
    assert result.status == 2 and "Did you mean 'Kai Andersen'?" in result.err


def test_ambiguous_person_exits_2(cli, write_csv) -> None:
    path = write_csv(
        [{"name": "Ada", "email": "a1@x.io"}, {"name": "Ada", "email": "a2@x.io"}, {"name": "Bo"}]
    )
    result = cli("matches", "Ada", path)
    assert result.status == 2 and "2 people are called 'Ada'" in result.err
    assert cli("matches", "a2@x.io", path).status == 0


def test_matches_table_lists_reasons_and_advice(cli) -> None:
    out = cli("matches", "Mateo García", DEMO, "--top", "3").out
    assert (
        "Matches for Mateo García" in out
        and "+ both are into" in out
        and "→ It never hurts to ask" in out
    )


def test_matches_from_a_stored_event(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", DEMO, "--event", "Night", "--db", db)
    result = cli("matches", "Noor Haddad", "--event", "Night", "--db", db, "--format", "json")
    assert json.loads(result.out)["matches"][0]["name"] == "Kai Andersen"
    assert cli("matches", "Noor Haddad", DEMO, "--event", "Night", "--db", db).status == 2


def test_matrix_json_is_symmetric_with_zero_diagonal(cli) -> None:
    doc = json.loads(cli("matrix", DEMO, "--format", "json").out)
    people, scores = doc["people"], doc["scores"]
    assert len(people) == 40 and len(scores) == 40
    for i in range(40):
        assert scores[i][i] == 0
        for j in range(40):
            assert scores[i][j] == scores[j][i]


def test_matrix_csv_has_names_on_both_axes(cli) -> None:
    rows = list(csv.reader(io.StringIO(cli("matrix", DEMO).out)))
    assert rows[0][0] == "name" and rows[0][1:] == [r[0] for r in rows[1:]]
    assert len(rows) == 41


def test_matrix_csv_neutralises_formula_names(cli, write_csv) -> None:
    path = write_csv([{"name": '=HYPERLINK("http://x")'}, {"name": "Bo"}])
    rows = list(csv.reader(io.StringIO(cli("matrix", path).out)))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
