"""Every preset, with declined pairs, languages and at most one host a table
(rules the plan must keep), against the proven optimum under the same
weights and rules: rooms up to 30, pairs and groups, within 1 % of
``scipy.optimize.milp`` (``bench/exact.py``)."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations

import pytest

from bench.exact import optimum_groups
from bench.synth import people
from matchmaker.core.model import Rules, key
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.score_weights import PRESETS
from matchmaker.core.scoring import EventScorer
from matchmaker.core.table_rules import HostPolicy, TableRules
from matchmaker.pairing.groups import group_round
from matchmaker.pairing.pairs import pair_round
from matchmaker.pairing.weights import Weights

PROBLEMS = ["", "", "Our report needs SQL joins.", "A new job that needs SQL.", "Chess openings"]
ROOMS = [(30, 2), (24, 3), (16, 4)]
# Most can learn in any language (none said), some only in one, a few in both.
EN, ES = frozenset({"english"}), frozenset({"spanish"})
LANGUAGES = [frozenset(), frozenset(), frozenset(), EN, ES, EN | ES]


@pytest.mark.parametrize("name", sorted(PRESETS))
@pytest.mark.parametrize(("n", "size"), ROOMS)
def test_each_preset_plans_within_one_percent_of_the_optimum(name: str, n: int, size: int) -> None:
    rng = random.Random(f"{name}{n}")
    room = [replace(p, problem=rng.choice(PROBLEMS)) for p in people(n, seed=n + size)]
    scorer = EventScorer(room).weighted(PRESETS[name], PacePolicy.SEPARATE)
    declined = frozenset(key(*rng.sample(range(n), 2)) for _ in range(n // 2))
    languages = tuple(rng.choice(LANGUAGES) for _ in range(n))
    hosts = frozenset(rng.sample(range(n), n // (size + 2)))
    tables = TableRules(languages, hosts=hosts, host_policy=HostPolicy.AT_MOST_ONE)
    rules = Rules(size=size, excludes=declined, tables=tables)
    scores = scorer.matrix()

    def allowed(table: tuple[int, ...]) -> bool:
        """No declined pair, a language in common, at most one host."""
        return (
            not any(key(a, b) in declined for a, b in combinations(table, 2))
            and tables.language(table) != ""
            and sum(p in hosts for p in table) <= 1
        )

    _, best = optimum_groups(scores, size, allowed)
    plan = (pair_round if size == 2 else group_round)(Weights(scorer, rules, set()), n, [])
    assert all(allowed(tuple(g)) for g in plan.groups)
    got = sum(int(scores[a, b]) for g in plan.groups for a, b in combinations(g, 2))
    assert got >= 0.99 * best, (got, best)
