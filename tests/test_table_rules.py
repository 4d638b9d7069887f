"""Table rules on random rooms: tablemates share a language to learn in,
people who need step-free access sit at the tables marked step-free, hosts
at most or at least one a table; or the room is refused with the reason,
before planning or after, never seated against a rule."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from matchmaker.core.errors import UserError
from matchmaker.core.model import Rules
from matchmaker.core.paths import data_file
from matchmaker.core.table_rules import HostPolicy, TableRules
from matchmaker.pairing import MatrixSource, arrange, table_sizes

LANGUAGES = ["English", "Spanish", "French"]
DEMO = Path(str(data_file("demo.csv")))


def random_room(seed: int) -> tuple[MatrixSource, Rules]:
    rng = random.Random(seed)
    n, size = rng.randint(6, 30), rng.choice([2, 2, 3, 4])
    scores = np.triu(np.random.default_rng(seed).integers(0, 101, (n, n)), 1)
    tables = len(table_sizes(n, size))
    languages = tuple(frozenset(rng.sample(LANGUAGES, rng.choice([0, 1, 1, 2]))) for _ in range(n))
    rules = TableRules(
        languages=languages,
        access=frozenset(rng.sample(range(n), rng.randint(0, 4))),
        step_free=tuple(sorted(rng.sample(range(1, tables + 1), min(tables, rng.randint(0, 3))))),
        hosts=frozenset(rng.sample(range(n), rng.randint(0, tables + 2))),
        host_policy=rng.choice(list(HostPolicy)),
    )
    return MatrixSource(scores + scores.T), Rules(
        size=size, rounds=rng.choice([1, 2]), tables=rules
    )


def test_random_rooms_keep_every_table_rule_or_are_refused_with_the_reason() -> None:
    kept = refused = 0
    for seed in range(60):
        source, rules = random_room(seed)
        names = [f"P{i}" for i in range(len(source))]
        try:
            plans = arrange(source, rules, names)
        except UserError as error:
            refused += 1
            assert error.field in {"languages", "hosts", "step_free", "tables", "rounds"}
            continue
        kept += 1
        t = rules.tables
        for plan in plans:
            assert t.broken(plan.groups, names.__getitem__) == []
            for number, group in enumerate(plan.groups, 1):
                said = [t.languages[p] for p in group if t.languages[p]]
                assert not said or frozenset.intersection(*said)  # one language for all
                hosts = sum(p in t.hosts for p in group)
                assert hosts >= 1 if t.host_policy.at_least else True
                assert hosts <= 1 if t.host_policy.at_most else True
                if any(p in t.access for p in group):
                    assert number in t.step_free
    assert kept >= 15 and refused >= 10, (kept, refused)


@pytest.mark.parametrize(
    ("rules", "says"),
    [
        (
            TableRules(languages=(frozenset({"Greek"}),) + (frozenset({"English"}),) * 5),
            "P0 can learn only in Greek, which nobody else here can",
        ),
        (
            TableRules(hosts=frozenset({0, 1}), host_policy=HostPolicy.AT_LEAST_ONE),
            "3 tables need a host each, but 2 of the 6 people host",
        ),
        (
            TableRules(hosts=frozenset({0, 1, 2, 3}), host_policy=HostPolicy.ONE),
            "4 hosts for 3 tables: at most one a table leaves 1 without one",
        ),
        (TableRules(access=frozenset({4})), "1 person needs step-free access, but no table"),
        (
            TableRules(access=frozenset({0, 1, 2}), step_free=(2,)),
            "3 people need step-free access, but the 1 step-free tables seat 2",
        ),
        (TableRules(access=frozenset({0}), step_free=(7,)), "Table 7 is marked step-free"),
    ],
)
def test_a_room_that_cannot_keep_the_rules_is_refused_before_planning(
    rules: TableRules, says: str
) -> None:
    source = MatrixSource(np.ones((6, 6), dtype=int) - np.eye(6, dtype=int))
    with pytest.raises(UserError, match=says):
        arrange(source, Rules(tables=rules), [f"P{i}" for i in range(6)])


def test_step_free_tables_take_the_people_who_need_them_and_hosts_spread() -> None:
    n = 12
    scores = np.triu(np.random.default_rng(1).integers(0, 101, (n, n)), 1)
    rules = TableRules(
        access=frozenset({0, 5, 9}),
        step_free=(2, 4),
        hosts=frozenset({1, 2, 3, 4}),
        host_policy=HostPolicy.ONE,
    )
    (plan,) = arrange(MatrixSource(scores + scores.T), Rules(size=3, tables=rules))
    assert [any(p in rules.access for p in g) for g in plan.groups] == [
        False,
        True,
        False,
        True,
    ]
    assert all(sum(p in rules.hosts for p in g) == 1 for g in plan.groups)


def test_the_organiser_sets_table_rules_and_every_plan_keeps_them(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", DEMO, "--event", "N", "--db", db)
    result = cli("tables", "--event", "N", "--db", db, "--hosts", "one", "--host", "Noor Haddad")
    assert result.status == 0 and "Hosts: one; 1 hosting (Noor Haddad)" in result.out
    result = cli("pair", "--event", "N", "--db", db)
    assert result.status == 2 and "tables --hosts: 20 tables need a host each" in result.err
    hosts = ["--host", "Kai Andersen", "--host", "Mei Lin"]
    cli("tables", "--event", "N", "--db", db, "--hosts", "at-most-one", *hosts)
    result = cli("pair", "--event", "N", "--db", db, "--format", "json")
    assert "Hosts: never two at a table (3 of 20 tables have one)." in result.err
    named = {"Noor Haddad", "Kai Andersen", "Mei Lin"}
    for table in json.loads(result.out)["rounds"][0]["groups"]:
        assert len(named & set(table["members"])) <= 1
    result = cli("tables", "--event", "N", "--db", db, "--step-free", "two")
    assert result.status == 2 and "tables --step-free: 'two' is not a list" in result.err


def test_languages_access_and_host_offers_come_from_the_sign_up_file(
    cli, tmp_path: Path, write_csv
) -> None:
    rows = [
        {"name": "Ria", "interests": "chess", "languages": "English", "access": "yes"},
        {"name": "Ana", "interests": "chess", "languages": "Spanish; english", "host": "yes"},
        {"name": "Luis", "interests": "chess", "languages": "spanish"},
        {"name": "Eva", "interests": "chess", "languages": "Spanish", "host": "yes"},
        {"name": "Tom", "interests": "chess", "languages": "English"},
        {"name": "Kim", "interests": "chess"},
    ]
    header = ["name", "interests", "languages", "access", "host"]
    path = write_csv(rows, header=header)
    db = tmp_path / "s.json"
    assert cli("import", path, "--event", "E", "--db", db).status == 0
    result = cli("pair", "--event", "E", "--db", db)
    assert (
        result.status == 2 and "tables --step-free: 1 person needs step-free access" in result.err
    )
    cli("tables", "--event", "E", "--db", db, "--step-free", "2", "--hosts", "one")
    result = cli("pair", "--event", "E", "--db", db, "--size", "3", "--format", "json")
    assert result.status == 0, result.err
    tables = json.loads(result.out)["rounds"][0]["groups"]
    spanish = {"Ana", "Luis", "Eva"}
    for table in tables:
        members = set(table["members"])
        assert not ({"Ria", "Tom"} & members and members & (spanish - {"Ana"}))
        assert len(members & {"Ana", "Eva"}) == 1  # a host at each, never two
    assert "Ria" in tables[1]["members"]  # at step-free table 2
    assert "Every table shares a language to learn in: " in result.err
    assert "needing step-free access sit at step-free table 2." in result.err
    people = cli("people", "--event", "E", "--db", db, "--format", "csv").out
    assert people.splitlines()[0].endswith(",languages,access,host")
    # Someone who said no language sits anywhere; someone nobody shares one with cannot.
    lone = [*rows[:5], {"name": "Kim", "languages": "English"}, {"name": "Oto", "languages": "Ka"}]
    cli("import", write_csv(lone, header=header, name="more.csv"), "--event", "E", "--db", db)
    result = cli("pair", "--event", "E", "--db", db, "--size", "3")
    assert (
        result.status == 2 and "Oto can learn only in Ka, which nobody else here can" in result.err
    )
