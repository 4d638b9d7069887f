"""An event as the core works with it: profiles by position, plus the stored
locks, exclusions and past meetings translated from person ids to positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from matchmaker.pairing import Pair, Rules, key
from matchmaker.profiles import Profile
from matchmaker.store import PairRule, Person, Store


@dataclass(frozen=True)
class Event:
    name: str
    people: tuple[Person, ...]
    locks: frozenset[Pair] = frozenset()
    excludes: frozenset[Pair] = frozenset()
    met: frozenset[Pair] = frozenset()  # pairs that shared a table in a saved round
    saved_rounds: int = 0
    position: dict[int, int] = field(default_factory=dict, compare=False)

    @property
    def profiles(self) -> list[Profile]:
        return [p.profile for p in self.people]

    def rules(self, size: int = 2, rounds: int = 1, avoid_clashes: bool = False) -> Rules:
        return Rules(size, rounds, avoid_clashes, self.locks, self.excludes, self.met)


def load_event(store: Store, name: str) -> Event:
    people = tuple(store.people(name))
    position = {person.id: index for index, person in enumerate(people)}
    locks, excludes, met = set(), set(), set()
    for c in store.constraints(name):
        if c.a in position and c.b in position:
            (locks if c.rule is PairRule.LOCK else excludes).add(key(position[c.a], position[c.b]))
    rounds = store.rounds(name)
    for saved in rounds:
        for group in saved.groups:
            present = [position[i] for i in group if i in position]
            met.update(key(a, b) for a, b in combinations(present, 2))
    return Event(
        name, people, frozenset(locks), frozenset(excludes), frozenset(met), len(rounds), position
    )


def from_profiles(name: str, profiles: list[Profile]) -> Event:
    """An event read from a CSV file: no stored rules, positions as ids."""
    return Event(name, tuple(Person(i, p) for i, p in enumerate(profiles)))
