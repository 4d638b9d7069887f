"""An event as the core works with it: profiles by position, plus the stored
locks, exclusions and past meetings translated from person ids to positions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
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

    @cached_property
    def position(self) -> dict[int, int]:
        """Person id -> position in ``people`` (and in the scorer's rows)."""
        return {person.id: index for index, person in enumerate(self.people)}

    def positions(self, ids: Iterable[int]) -> list[int]:
        """Positions of the ids still in the event (people may have left since)."""
        return [self.position[i] for i in ids if i in self.position]

    @property
    def profiles(self) -> list[Profile]:
        return [p.profile for p in self.people]

    def rules(self, size: int = 2, rounds: int = 1, avoid_clashes: bool = False) -> Rules:
        return Rules(size, rounds, avoid_clashes, self.locks, self.excludes, self.met)


def load_event(store: Store, name: str) -> Event:
    plain = Event(name, tuple(store.people(name)))
    locks, excludes, met = set(), set(), set()
    for c in store.constraints(name):
        pair = plain.positions((c.a, c.b))
        if len(pair) == 2:
            (locks if c.rule is PairRule.LOCK else excludes).add(key(*pair))
    for saved in store.rounds(name):
        for group in saved.groups:
            met.update(key(a, b) for a, b in combinations(plain.positions(group), 2))
    return Event(name, plain.people, frozenset(locks), frozenset(excludes), frozenset(met))


def from_profiles(name: str, profiles: list[Profile]) -> Event:
    """An event read from a CSV file: no stored rules, positions as ids."""
    return Event(name, tuple(Person(i, p) for i, p in enumerate(profiles)))
