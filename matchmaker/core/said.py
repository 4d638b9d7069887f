"""What people say about an event's topics, role by role: one person's
(``Said``, read from their profile by ``Vocabulary.said``), and a whole
event's in columns (``SaidBy``), from which its matrices are built."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

# The roles, as ``Said`` names them: its three lists, what free text adds, and
# what the person learns once both are read.
ROLES = ("interests", "teach_listed", "learn_listed", "offers", "problems", "learns")
Pairs = tuple[np.ndarray, np.ndarray]  # people's positions, and a topic for each


@dataclass(frozen=True)
class Said:
    """One person's topics by role (ids): their three lists, and what their
    free text adds — an offer of help in "How can you contribute?", the topics
    their problem names. Nobody is a learner of what they teach or offer (the
    Kafka teacher whose problem is about Kafka), nor a teacher of what they
    listed to learn."""

    interests: tuple[int, ...]
    teach_listed: tuple[int, ...]
    learn_listed: tuple[int, ...]
    offers: tuple[int, ...]
    problems: tuple[int, ...]

    @property
    def teaches(self) -> set[int]:
        return {*self.teach_listed, *self.offers}

    @property
    def learns(self) -> set[int]:
        taught = self.teaches
        return {*self.learn_listed, *(t for t in self.problems if t not in taught)}


@dataclass(frozen=True)
class SaidBy:
    """Who says what, role by role (``ROLES``), as (person, topic) pairs; a
    pair may come twice."""

    roles: Mapping[str, Pairs]

    @classmethod
    def of(cls, said: Mapping[int, Said]) -> SaidBy:
        """What each person (by position) says, read from their ``Said``."""
        return cls(
            {role: _pairs({row: getattr(s, role) for row, s in said.items()}) for role in ROLES}
        )

    @classmethod
    def listed(cls, interests: Pairs, teach: Pairs, learn: Pairs) -> SaidBy:
        """What people say in their three lists alone: no free text, so
        nothing offered or named in a problem, and they learn what they list."""
        nothing = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        return cls(
            {
                "interests": interests,
                "teach_listed": teach,
                "learn_listed": learn,
                "offers": nothing,
                "problems": nothing,
                "learns": learn,
            }
        )

    def __or__(self, other: SaidBy) -> SaidBy:
        """What both say (someone read in both: their lists alone add nothing
        to their whole ``Said``)."""
        joined = {}
        for role in ROLES:
            (rows, topics), (more_rows, more_topics) = self.roles[role], other.roles[role]
            joined[role] = (
                np.concatenate([rows, more_rows]),
                np.concatenate([topics, more_topics]),
            )
        return SaidBy(joined)


def _pairs(lists: Mapping[int, Sequence[int] | set[int]]) -> Pairs:
    rows = [row for row, items in lists.items() for _ in items]
    topics = [topic for items in lists.values() for topic in items]
    return np.array(rows, dtype=np.int64), np.array(topics, dtype=np.int64)
