"""One person's ranked matches, with reasons, warnings and points."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchmaker.clashes import Warning, find_clashes
from matchmaker.profiles import Profile
from matchmaker.reasons import Reason, breakdown, explain
from matchmaker.scoring import EventScorer


@dataclass(frozen=True)
class Match:
    index: int
    profile: Profile
    score: int
    reasons: tuple[Reason, ...]
    warnings: tuple[Warning, ...]
    breakdown: str  # the points of each component, in words
    went_well: int | None = None  # they met before and rated it this (4 or 5)

    @property
    def history(self) -> str:
        return f"met before and it went well (rated {self.went_well}/5)" if self.went_well else ""

    def as_dict(self) -> dict[str, object]:
        document: dict[str, object] = {
            "name": self.profile.name,
            "score": self.score,
            "reasons": [r.as_dict() for r in self.reasons],
            "warnings": [w.as_dict() for w in self.warnings],
        }
        if self.went_well:
            document["met_before"] = {"rating": self.went_well}
        return document


def describe_pair(scorer: EventScorer, a: int, b: int, score: int) -> Match:
    return Match(
        b,
        scorer.profiles[b],
        score,
        tuple(explain(scorer, a, b)),
        tuple(find_clashes(scorer.profiles[a], scorer.profiles[b], scorer.catalogue)),
        breakdown(scorer.pair(a, b)[1]),
    )


def rank_matches(scorer: EventScorer, person: int, top: int | None = 5) -> list[Match]:
    """Best first; ties by name then position, so the order never wobbles.
    ``top`` None or 0 lists everyone."""
    scores = scorer.row(person)
    others = np.array([i for i in range(len(scorer)) if i != person], dtype=np.int64)
    if others.size == 0:
        return []
    order = sorted(others, key=lambda i: (-int(scores[i]), scorer.profiles[i].name.casefold(), i))
    if top:
        order = order[:top]
    return [describe_pair(scorer, person, int(i), int(scores[i])) for i in order]
