"""Wishes: someone asks to meet another (a bonus worth a tenth of the plan)
or declines them (never seated together), from the attendee's service, the
organiser's session or the command line; private to the one who asks."""

from __future__ import annotations

import json
import random
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from matchmaker.core.errors import UserError
from matchmaker.core.model import WISH_SHARE, PairRule, key
from matchmaker.core.paths import data_file
from matchmaker.pairing import MatrixSource, Rules, arrange
from matchmaker.service.self_service import SelfService
from matchmaker.service.workspace import DEMO_EVENT, Workspace

DEMO = Path(str(data_file("demo.csv")))


def source(n: int, seed: int) -> MatrixSource:
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.integers(1, 101, size=(n, n)), 1)
    return MatrixSource(upper + upper.T)


def total(scores: MatrixSource, groups) -> int:
    return sum(int(scores.scores[a, b]) for g in groups for a, b in combinations(g, 2))


def test_a_wished_pair_sits_together_when_it_costs_at_most_a_tenth_of_the_total() -> None:
    cheap = dear = 0
    for seed in range(40):
        rng = random.Random(seed)
        n = rng.choice([6, 8, 10, 12])
        room = source(n, seed)
        wish = key(*rng.sample(range(n), 2))
        (free,) = arrange(room, Rules())
        (forced,) = arrange(room, Rules(locks=frozenset({wish})))
        best, cost = total(room, free.groups), total(room, free.groups) - total(room, forced.groups)
        (plan,) = arrange(room, Rules(wishes=frozenset({wish})))
        together = any(set(wish) <= set(g) for g in plan.groups)
        if cost <= WISH_SHARE * best:
            cheap += 1
            assert together, (seed, cost, best)
        elif cost > WISH_SHARE * best + 1:
            dear += 1
            assert not together, (seed, cost, best)  # a wish is a bonus, not a rule
    assert cheap and dear  # both kinds of room were tried


def test_a_declined_pair_is_never_seated_together_in_any_round(cli, tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    cli("import", DEMO, "--event", "Night", "--db", db)
    # Noor and Kai are the demo's planted best partners.
    result = cli("wish", "Noor Haddad", "Kai Andersen", "--decline", "--event", "Night", "--db", db)
    assert result.status == 0 and "declines" in result.err
    for size in ("2", "3"):
        result = cli(
            "pair",
            "--event",
            "Night",
            "--db",
            db,
            "--size",
            size,
            "--rounds",
            "3",
            "--format",
            "json",
        )
        assert result.status == 0, result.err
        for r in json.loads(result.out)["rounds"]:
            for t in r["groups"]:
                assert not {"Noor Haddad", "Kai Andersen"} <= set(t["members"])
    # Taken back, they meet again.
    cli("wish", "Noor Haddad", "Kai Andersen", "--clear", "--event", "Night", "--db", db)
    doc = json.loads(cli("pair", "--event", "Night", "--db", db, "--format", "json").out)
    assert ["Noor Haddad", "Kai Andersen"] in [t["members"] for t in doc["rounds"][0]["groups"]]


def test_a_wish_is_private_to_who_made_it(cli, tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "s.json")
    workspace.load_demo()
    attendees = SelfService(workspace.store, DEMO_EVENT)
    session = workspace.session(DEMO_EVENT)
    people = {p.name: p.id for p in session.event.people}
    me, them = people["Mei Lin"], people["Wei Chen"]
    attendees.wish(me, them, PairRule.WISH)
    attendees.wish(me, people["Ravi Shankar"], PairRule.DECLINE)
    assert attendees.wishes(me) == {them: PairRule.WISH, people["Ravi Shankar"]: PairRule.DECLINE}
    assert attendees.wishes(them) == {}  # the other person's own view knows nothing
    result = cli("pair", "--event", DEMO_EVENT, "--db", tmp_path / "s.json", "--format", "json")
    # The plan says how many wishes were met, to the organiser only, never whose.
    assert "Wishes to meet: 1 of 1 seated together." in result.err
    assert "Mei Lin" not in result.err and "wish" not in result.out.casefold()
    attendees.wish(me, them, None)
    assert attendees.wishes(me) == {people["Ravi Shankar"]: PairRule.DECLINE}
    with pytest.raises(UserError, match="someone else"):
        attendees.wish(me, me, PairRule.WISH)
    with pytest.raises(UserError, match="Both people must be in this event"):
        attendees.wish(me, 99_999, PairRule.WISH)
    with pytest.raises(UserError, match="not a wish"):
        session.set_wish(me, them, PairRule.LOCK)
    # The organiser's own exclusions are not touched by wishes, nor the other way round.
    session.set_rule(PairRule.EXCLUDE, me, them)
    attendees.wish(me, them, PairRule.WISH)
    session.set_rule(None, me, them)
    assert attendees.wishes(me)[them] is PairRule.WISH
