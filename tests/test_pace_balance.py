"""``--pace balance`` on random rooms: every table seats both process and
result people wherever the room has enough of each, with a balanced bridge
where one can be spared, and no rule is broken to get there."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from matchmaker.core.model import Event, Person, key
from matchmaker.core.orientation import Orientation, PacePolicy, Side
from matchmaker.core.profiles import Profile
from matchmaker.core.score_weights import STANDARD
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing.mixing import mix_value
from matchmaker.pairing.seating import seat_event

TOPICS = ["SQL", "Rust", "chess", "knitting", "statistics", "French", "climbing"]


def room(seed: int, n: int) -> list[Profile]:
    rng = random.Random(seed)
    return [
        Profile(
            f"P{i}",
            interests=tuple(rng.sample(TOPICS, rng.randint(1, 3))),
            orientation=rng.choice([*Orientation, None]),
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("seed", range(12))
def test_balance_mixes_every_table_the_room_allows(seed: int) -> None:
    rng = random.Random(seed)
    n, size = rng.randint(6, 30), rng.choice([2, 3, 4])
    profiles = room(seed, n)
    excluded = {key(*rng.sample(range(n), 2)) for _ in range(3)}
    event = Event("E", tuple(Person(i, p) for i, p in enumerate(profiles)))
    rules = replace(event.rules(size), excludes=frozenset(excluded), mix=True)
    scorer = EventScorer(profiles).weighted(STANDARD, PacePolicy.BALANCE)
    (seated,) = seat_event(scorer, rules).rounds
    side = [None if p.orientation is None else p.orientation.side for p in profiles]
    groups = [t.members for t in seated.tables]
    both = sum({Side.PROCESS, Side.RESULT} <= {side[m] for m in g} for g in groups)
    process, result = side.count(Side.PROCESS), side.count(Side.RESULT)
    assert both == min(process, result, len(groups))
    assert not any(key(a, b) in excluded for g in groups for a in g for b in g if a < b)
    note = next(x for x in seated.notes if x.startswith("Process and result mixed on purpose"))
    assert f"{both} of {len(groups)} tables seat both sides" in note


def test_a_table_value_counts_both_sides_and_a_bridge() -> None:
    assert [mix_value(s) for s in ([-1, -1], [-1, 1], [-1, 0, 1], [0, 0], [1, 9])] == [
        0,
        2,
        3,
        0,
        0,
    ]
