"""One person's ranked matches, and finding a person by what a user typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

from matchmaker.clashes import Warning, find_clashes
from matchmaker.errors import UserError
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

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.profile.name,
            "score": self.score,
            "reasons": [r.as_dict() for r in self.reasons],
            "warnings": [w.as_dict() for w in self.warnings],
        }


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


def find_person(profiles: Sequence[Profile], wanted: str) -> int:
    """Exact name, then case-insensitive name, then email; otherwise a
    UserError with "did you mean …" suggestions."""
    text = wanted.strip()
    for same in (
        lambda p: p.name == text,
        lambda p: p.name.casefold() == text.casefold(),
        lambda p: bool(p.email) and p.email.casefold() == text.casefold(),
    ):
        hits = [i for i, p in enumerate(profiles) if same(p)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            emails = ", ".join(profiles[i].email or "no email" for i in hits)
            raise UserError(
                f"{len(hits)} people are called {wanted!r} ({emails}); name one of them by email."
            )
    suggestions = process.extract(
        text,
        [p.name for p in profiles],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=3,
        score_cutoff=60,
    )
    if suggestions:
        best = suggestions[0][1]
        suggestions = [s for s in suggestions if s[1] >= best - 10]
    hint = (
        " Did you mean " + join_or([repr(s[0]) for s in suggestions]) + "?" if suggestions else ""
    )
    raise UserError(f"Nobody called {wanted!r} is in this event.{hint}")


def join_or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
