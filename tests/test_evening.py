"""The live evening on real store files: check-in and pairing the people
present, latecomers and leavers moving nobody else, ratings that count
across events (the report: test_report.py)."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.core.model import Status
from matchmaker.core.profiles import Profile
from matchmaker.core.scoring import EventScorer
from matchmaker.core.table_rules import HostPolicy, TableRules
from matchmaker.pairing.live import leave, seat
from matchmaker.service.workspace import DEMO_EVENT, Workspace


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.json"
    Workspace.at(path).load_demo()
    return path


def names(db: Path) -> list[str]:
    return [p.name for p in Workspace.at(db).people(DEMO_EVENT)]


def test_once_anyone_is_checked_in_only_people_present_are_paired(cli, db: Path) -> None:
    here = names(db)[:30]
    result = cli("checkin", *here, "--event", DEMO_EVENT, "--db", db)
    assert result.status == 0 and "30 of 40 here." in result.err
    listed = json.loads(
        cli("checkin", "--list", "--format", "json", "--event", DEMO_EVENT, "--db", db).out
    )
    assert listed["present"] == here and sorted(listed["absent"]) == sorted(names(db)[30:])
    paired = cli("pair", "--event", DEMO_EVENT, "--format", "json", "--db", db)
    assert "pairing 30 present of 40" in paired.err
    seated = {n for g in json.loads(paired.out)["rounds"][0]["groups"] for n in g["members"]}
    assert seated == set(here)
    everyone = json.loads(
        cli("pair", "--event", DEMO_EVENT, "--format", "json", "--everyone", "--db", db).out
    )
    assert len({n for g in everyone["rounds"][0]["groups"] for n in g["members"]}) == 40
    people = json.loads(cli("people", "--event", DEMO_EVENT, "--format", "json", "--db", db).out)[
        "people"
    ]
    assert sum(p["present"] for p in people) == 30
    cli("checkin", here[0], "--out", "--event", DEMO_EVENT, "--db", db)
    everyone = json.loads(
        cli("pair", "--event", DEMO_EVENT, "--format", "json", "--everyone", "--db", db).out
    )
    assert here[0] not in {n for g in everyone["rounds"][0]["groups"] for n in g["members"]}


def tables(db: Path) -> list[list[str]]:
    session = Workspace.at(db).session(DEMO_EVENT)
    return [list(names) for names in session.event.rounds[-1].names]


def test_latecomers_are_seated_without_moving_anyone(cli, db: Path) -> None:
    cli("checkin", *names(db)[:30], "--event", DEMO_EVENT, "--db", db)
    cli("pair", "--event", DEMO_EVENT, "--save", "--db", db)
    before = tables(db)
    late = names(db)[30:32]
    result = cli("seat", *late, "--event", DEMO_EVENT, "--db", db)
    assert result.status == 0 and result.out.count("Round 1, table") >= 1
    after = tables(db)
    for old, new in zip(before, after, strict=False):
        assert new[: len(old)] == old  # everyone where they were
    assert {n for t in after for n in t} == {n for t in before for n in t} | set(late)
    again = cli("seat", late[0], "--event", DEMO_EVENT, "--db", db)
    assert again.status == 2 and "already sit at a table" in again.err


def test_a_leaver_s_partner_is_reseated_and_nobody_else_moves(cli, db: Path) -> None:
    cli("pair", "--event", DEMO_EVENT, "--save", "--db", db)
    before = tables(db)
    pair = next(t for t in before if len(t) == 2)
    result = cli("leave", pair[0], "--event", DEMO_EVENT, "--db", db)
    assert result.status == 0 and "nobody else moved" in result.err
    after = tables(db)
    partner_table = next(i for i, t in enumerate(after) if pair[1] in t)
    for i, (old, new) in enumerate(zip(before, after, strict=True)):
        if pair[0] in old:
            assert new == []  # their table is empty now
        elif i == partner_table:
            assert new == [*old, pair[1]]
        else:
            assert new == old
    person = next(p for p in Workspace.at(db).people(DEMO_EVENT) if p.name == pair[0])
    assert person.status is Status.GONE
    slips = cli("slips", "--event", DEMO_EVENT, "--db", db).out
    assert f"{pair[1]} — round 1, table {partner_table + 1}" in slips


PROFILES = [
    Profile(
        f"P{n}",
        interests=(("chess", "go", "sql", "rust")[n % 4],),
        can_teach=(("sql",) if n % 3 == 0 else ()),
    )
    for n in range(14)
]
SCORER = EventScorer(PROFILES)


@settings(max_examples=60, deadline=None)
@given(
    st.permutations(range(14)),
    st.integers(4, 12),
    st.lists(st.integers(0, 13), max_size=3, unique=True),
)
def test_seat_and_leave_move_nobody_else(
    order: list[int], seated_count: int, leavers: list[int]
) -> None:
    seated, late = order[:seated_count], order[seated_count:]
    tables = [seated[i : i + 2] for i in range(0, len(seated) - 1, 2)]
    if len(seated) % 2:
        tables[-1].append(seated[-1])
    result = seat(SCORER, tables, late, frozenset())
    for old, new in zip(tables, result.tables, strict=False):
        assert new[: len(old)] == old
    assert sorted([m for t in result.tables for m in t] + result.waiting) == sorted(order)
    current = result.tables
    for person in leavers:
        gone = leave(SCORER, current, person, frozenset())
        for i, (old, new) in enumerate(zip(current, gone.tables, strict=False)):
            if person in old:
                assert person not in new
            elif i not in gone.changed:
                assert new == old
            else:
                assert new[: len(old)] == old  # only someone joined
        current = gone.tables
    assert not {m for t in current for m in t} & set(leavers)


def test_pairs_rated_badly_never_meet_again_in_any_event(cli, db: Path, tmp_path: Path) -> None:
    cli("pair", "--event", DEMO_EVENT, "--save", "--db", db)
    session = Workspace.at(db).session(DEMO_EVENT)
    tables = session.saved_rounds()[0].rounds[0].tables
    first, good = [t for t in tables if len(t.members) == 2][:2]
    a, b = (session.event.people[m].name for m in first.members)
    c, d = (session.event.people[m].name for m in good.members)
    assert (
        cli(
            "feedback", a, b, "--round", "1", "--rating", "1", "--event", DEMO_EVENT, "--db", db
        ).status
        == 0
    )
    assert (
        cli(
            "feedback", c, d, "--round", "1", "--rating", "5", "--event", DEMO_EVENT, "--db", db
        ).status
        == 0
    )
    bad = cli("feedback", a, b, "--round", "1", "--rating", "9", "--event", DEMO_EVENT, "--db", db)
    assert bad.status == 2 and "--rating" in bad.err
    # A second event with the same people (same emails): a and b are never paired.
    from matchmaker.service.workspace import demo_csv

    cli("import", demo_csv(), "--event", "Second night", "--db", db)
    for _ in range(3):
        doc = json.loads(cli("pair", "--event", "Second night", "--format", "json", "--db", db).out)
        together = [g["members"] for g in doc["rounds"][0]["groups"] if {a, b} <= set(g["members"])]
        assert not together
    matches = json.loads(
        cli(
            "matches", c, "--event", "Second night", "--top", "0", "--format", "json", "--db", db
        ).out
    )
    met = next(m for m in matches["matches"] if m["name"] == d)
    assert met["met_before"]["rating"] == 5 and met["met_before"]["event"] == DEMO_EVENT
    table = cli("matches", c, "--event", "Second night", "--top", "0", "--db", db).out
    month = time.strftime("%B %Y")  # the round was saved just now
    assert f"met at {DEMO_EVENT} in {month} (rated 5)" in table


def test_slips_are_written_to_their_reader(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event("Night")
    session = workspace.session("Night")
    for profile in (
        Profile("Mo", can_teach=("C++",), interests=("chess",)),
        Profile("Mo Saleh", want_to_learn=("C++",), interests=("chess",)),
    ):
        session.save_profile(profile)
    session.pair_and_save()
    slips = {s.split("\n")[1].split(" — ")[0]: s for s in session.slips().split("✂")[1:]}
    assert "You and Mo Saleh: you can teach C++, which Mo Saleh wants to learn" in slips["Mo"]
    assert "You and Mo: Mo can teach C++, which you want to learn" in slips["Mo Saleh"]


def test_a_reason_reads_in_the_second_person() -> None:
    from matchmaker.render.slips import to_reader

    said = to_reader(
        "Ana sharpens ideas through debate and Bo wants feedback on their", "Bo", "Ana"
    )
    assert said == "Ana sharpens ideas through debate and you want feedback on your"
    assert to_reader("both are here for giving back (Ana's main reason)", "Ana", "Bo") == (
        "both are here for giving back (your main reason)"
    )
    assert to_reader("Ana is here for x, Bo for y", "Bo", "Ana") == "Ana is here for x, you for y"
    assert to_reader("Ana teaches Go, which Anabel wants", "Ana", "Anabel") == (
        "you teach Go, which Anabel wants"
    )


def test_people_gone_home_leave_the_overview_and_every_match_list(cli, db: Path) -> None:
    everyone = names(db)
    cli("checkin", *everyone[:10], "--event", DEMO_EVENT, "--db", db)
    cli("leave", everyone[1], "--event", DEMO_EVENT, "--db", db)
    overview = json.loads(
        cli("overview", "--event", DEMO_EVENT, "--format", "json", "--db", db).out
    )
    assert (overview["people"], overview["present"]) == (39, 9)
    listed = json.loads(
        cli("matches", everyone[0], "--event", DEMO_EVENT, "--top", "0", "--format", "json",
            "--db", db).out
    )["matches"]  # fmt: skip
    assert len(listed) == 38 and everyone[1] not in {m["name"] for m in listed}


@settings(max_examples=60, deadline=None)
@given(
    st.permutations(range(14)),
    st.integers(4, 12),
    st.lists(st.sampled_from(["English", "Spanish", ""]), min_size=14, max_size=14),
    st.sets(st.integers(0, 13), max_size=3),
    st.sets(st.integers(0, 13), max_size=4),
)
def test_latecomers_and_a_leaver_s_partner_keep_the_table_rules(
    order: list[int],
    seated_count: int,
    languages: list[str],
    access: set[int],
    hosts: set[int],
) -> None:
    """A seat added during the evening keeps what plans keep (issue 27):
    one language for the table, step-free tables for those who need them,
    never two hosts where a table has at most one; else the person waits."""
    rules = TableRules(
        languages=tuple(frozenset({lang} if lang else ()) for lang in languages),
        access=frozenset(access),
        step_free=(1, 3),
        hosts=frozenset(hosts),
        host_policy=HostPolicy.AT_MOST_ONE,
    )
    seated, late = order[:seated_count], order[seated_count:]
    tables = [seated[i : i + 2] for i in range(0, len(seated) - 1, 2)]
    if len(seated) % 2:
        tables[-1].append(seated[-1])
    result = seat(SCORER, tables, late, frozenset(), rules)
    assert sorted([m for t in result.tables for m in t] + result.waiting) == sorted(order)
    for number in result.changed:
        table, before = result.tables[number], tables[number] if number < len(tables) else []
        for k, person in enumerate(table[len(before) :], len(before)):
            assert rules.admits(number + 1, table[:k], person), (number, table)
    if result.tables and result.tables[0]:
        gone = leave(SCORER, result.tables, result.tables[0][0], frozenset(), rules)
        for number in gone.changed:
            table = gone.tables[number]
            assert not table or rules.language(table) != ""


def test_seat_keeps_a_latecomer_who_learns_only_in_spanish_apart_from_english_tables(
    cli, db: Path
) -> None:
    """Through the service: the event's own rules reach the latecomer's seat."""
    session = Workspace.at(db).session(DEMO_EVENT)
    people = session.event.people
    for person in people:
        session.save_profile(replace(person.profile, languages=("English",)), person.id)
    late = people[-1]
    session.save_profile(replace(late.profile, languages=("Spanish",)), late.id)
    cli("checkin", *[p.name for p in people[:-1]], "--event", DEMO_EVENT, "--db", db)
    cli("pair", "--event", DEMO_EVENT, "--save", "--db", db)
    result = cli("seat", late.name, "--event", DEMO_EVENT, "--db", db)
    assert result.status == 0
    assert all(late.name not in t for t in tables(db))
