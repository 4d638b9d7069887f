"""The evening's weights: presets, weights 0-3 and the pace policy, from the
command line to the plan, its reasons and its notes, stored with the event."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from matchmaker.core.errors import UserError
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.paths import data_file
from matchmaker.core.score_weights import PRESETS, Weighting, preset
from matchmaker.store.database import Store
from tests.helpers import stored

DEMO = Path(str(data_file("demo.csv")))

# Each preset's criterion: the kind of reason that leads its tables.
LEADS = {
    "skill exchange": "teaches",
    "study partners": "both-learning",
    "meet people": "shared-motivation",
    "project tables": "shared-problem",
}


def plan(cli, *args: str | Path) -> tuple[dict, str]:
    result = cli("pair", *args, "--format", "json")
    assert result.status == 0, result.err
    return json.loads(result.out), result.err


def tables(doc: dict) -> list[dict]:
    return doc["rounds"][0]["groups"]


def lead_kinds(doc: dict) -> Counter[str]:
    return Counter(t["reasons"][0]["kind"] for t in tables(doc) if t["reasons"])


def test_each_preset_gives_its_own_plan_whose_reasons_name_its_criterion(cli) -> None:
    standard, _ = plan(cli, DEMO)
    seatings = {"standard": {frozenset(t["members"]) for t in tables(standard)}}
    for name, kind in LEADS.items():
        doc, notes = plan(cli, DEMO, "--preset", name)
        seatings[name] = {frozenset(t["members"]) for t in tables(doc)}
        assert f"Weighted for {name}: " in notes and "What counted: " in notes
        kinds = [r["kind"] for t in tables(doc) for r in t["reasons"]]
        assert kind in kinds
        # The preset's criterion leads more tables than on a standard evening.
        assert lead_kinds(doc)[kind] > lead_kinds(standard)[kind]
    assert len({frozenset(s) for s in seatings.values()}) == len(seatings)


def test_skill_exchange_leads_with_teaching_and_study_partners_leave_it_out(cli) -> None:
    doc, notes = plan(cli, DEMO, "--preset", "skill-exchange")
    assert lead_kinds(doc)["teaches"] >= len(tables(doc)) * 3 // 4
    assert "What counted: teaching and learning" in notes  # the biggest share first
    doc, _ = plan(cli, DEMO, "--preset", "Study Partners")
    # Teaching counts 0 tonight: no reason speaks of it.
    assert all(r["kind"] != "teaches" for t in tables(doc) for r in t["reasons"])


def test_weights_change_the_preset_and_the_plan_says_so(cli) -> None:
    result = cli("pair", DEMO, "--preset", "meet people", "--weights", "pace=3, topics=0")
    assert result.status == 0, result.err
    assert "Pairs for demo — meet people, adjusted (motives 3 · pace 3; pace separate)" in (
        result.out
    )
    assert "shared topics" not in result.err.split("What counted: ")[1]
    # The contract's weights alone start from the standard ones.
    result = cli("pair", DEMO, "--weights", "topics=3,motives=1,pace=1")
    assert "standard, adjusted (topics 3 · teaching 1 · motives 1 · pace 1" in result.out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--weights", "topics=4"], "--weights: The weight of topics must be a whole number"),
        (["--weights", "topics=-1"], "--weights: The weight of topics must be a whole number"),
        (["--weights", "colour=2"], "--weights: 'colour=2' is not a weight; write NAME=N"),
        (["--weights", "topics"], "--weights: 'topics' is not a weight"),
        (["--weights", "topics=0,teaching=0,motives=0,pace=0"], "--weights: At least one"),
        (["--weights", "topics=0,teaching=0,motives=0", "--pace", "ignore"], "--weights: With"),
        (["--preset", "party"], "--preset: 'party' is not a preset; the presets are standard"),
        (["--pace", "balance", "--avoid-clashes"], "--pace: Avoiding clashes keeps process"),
        (["--pace", "fast"], "argument --pace: invalid choice"),
    ],
)
def test_bad_weights_presets_and_policies_are_refused_naming_the_option(
    cli, args: list[str], says: str
) -> None:
    result = cli("pair", DEMO, *args)
    assert result.status == 2 and says in result.err and "Traceback" not in result.err
    assert result.out == ""


def test_the_evening_is_stored_with_the_event_and_followed_later(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", DEMO, "--event", "Night", "--db", db)
    plan(
        cli,
        "--event",
        "Night",
        "--db",
        db,
        "--save",
        "--preset",
        "skill exchange",
        "--pace",
        "ignore",
    )
    options = stored(Store(db)).event("Night").options
    assert options.weighting == PRESETS["skill exchange"] and options.pace is PacePolicy.IGNORE
    # The next plan and the match lists follow the evening without being told.
    _, notes = plan(cli, "--event", "Night", "--db", db)
    assert "Weighted for skill exchange: " in notes and "pace ignore." in notes
    matches = cli("matches", "Noor Haddad", "--event", "Night", "--db", db)
    assert "teaching and learning " in matches.out and "process–result fit" not in matches.out
    overview = cli("overview", "--event", "Night", "--db", db).out
    assert "## Tonight\n\nWeighted for skill exchange: topics 1 · teaching 3 · motives 1" in (
        overview
    )


def test_a_weighting_round_trips_and_an_unreadable_one_is_the_standard() -> None:
    for weighting in PRESETS.values():
        assert Weighting.from_dict(weighting.as_dict()) == weighting
    assert Weighting.from_dict({"topics": 9}) == Weighting()
    assert Weighting.from_dict({"preset": "gone", "teaching": 2}).preset == "standard"
    assert Weighting.from_dict("nonsense") == Weighting()
    with pytest.raises(UserError, match="not a preset") as error:
        preset("skills")
    assert error.value.field == "preset"


def test_pace_policies_say_what_they_did_and_the_advice_fits(cli) -> None:
    doc, notes = plan(cli, DEMO, "--size", "3", "--pace", "balance")
    assert "Process and result mixed on purpose: " in notes and "pace balance." in notes
    advice = [
        w["advice"] for t in tables(doc) for w in t["warnings"] if w["kind"] == "process-vs-result"
    ]
    assert advice and all("on purpose" in a for a in advice)
    doc, notes = plan(cli, DEMO, "--pace", "ignore")
    assert "pace ignore." in notes and "process–result fit" not in notes
    assert all(r["kind"] != "orientation" for t in tables(doc) for r in t["reasons"])
    warned = [w for t in tables(doc) for w in t["warnings"] if w["kind"] == "process-vs-result"]
    assert warned and all("left out of tonight's plan" in w["advice"] for w in warned)


def test_project_tables_are_named_by_their_shared_problem(cli, tmp_path: Path) -> None:
    doc, _ = plan(cli, DEMO, "--preset", "project tables", "--size", "3")
    named = {t["problem"]: set(t["members"]) for t in tables(doc) if "problem" in t}
    # The demo's two overlapping problems: SQL (Kai, Aisha), machine learning (Rahul, Anika).
    assert {"Kai Andersen", "Aisha Mohammed"} <= named["SQL"]
    assert {"Rahul Mehta", "Anika Bose"} <= named["machine learning"]
    standard, _ = plan(cli, DEMO, "--size", "3")
    assert all("problem" not in t for t in tables(standard))  # the contract's shape otherwise
    db = tmp_path / "s.json"
    cli("import", DEMO, "--event", "Night", "--db", db)
    cli(
        "pair",
        "--event",
        "Night",
        "--db",
        db,
        "--preset",
        "project tables",
        "--size",
        "3",
        "--save",
    )
    slips = cli("slips", "--event", "Night", "--db", db).out
    kai = slips.split("Kai Andersen — round 1")[1].split("✂")[0]
    assert (
        "Your table's shared problem: SQL. Ask: “What are the problems you're grappling with?”"
        in kai
    )


def test_the_boards_choices_keep_the_evenings_weights_and_table_rules(tmp_path: Path) -> None:
    from dataclasses import replace

    from matchmaker.core.model import PairOptions
    from matchmaker.core.table_rules import HostPolicy
    from matchmaker.service.workspace import DEMO_EVENT, Workspace

    workspace = Workspace.at(tmp_path / "s.json")
    workspace.load_demo()
    session = workspace.session(DEMO_EVENT)
    session.pair_and_save(weighting=PRESETS["meet people"], pace=PacePolicy.BALANCE)
    session.set_table_rules(step_free=[1], host_policy=HostPolicy.AT_MOST_ONE)
    session.remember_options(PairOptions(3, 2, False))  # what the board passes
    options = workspace.session(DEMO_EVENT).event.options
    assert (options.size, options.rounds, options.avoid_clashes) == (3, 2, False)
    assert options == replace(
        options,
        weighting=PRESETS["meet people"],
        pace=PacePolicy.BALANCE,
        step_free=(1,),
        host_policy=HostPolicy.AT_MOST_ONE,
    )


@pytest.mark.parametrize(
    ("name", "example", "says"),
    [
        ("skill exchange", {"Noor Haddad", "Kai Andersen", "Aisha Mohammed"}, "can teach Rust"),
        ("study partners", {"Lars Eriksson", "Nadia Petrova", "Ravi Shankar"}, "Kubernetes"),
        ("meet people", {"Amara Okafor", "Ingrid Nilsen", "Olga Ivanova"}, "through debate"),
        ("project tables", {"Chloé Dubois", "Rahul Mehta", "Anika Bose"}, "like problem"),
    ],
)
def test_the_readmes_example_table_of_each_preset(cli, name: str, example: set, says: str) -> None:
    doc, _ = plan(cli, DEMO, "--size", "3", "--preset", name)
    (table,) = [t for t in tables(doc) if set(t["members"]) == example]
    assert any(says in r["text"] for r in table["reasons"])
