"""One person's ranked matches, with reasons, warnings and points."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from matchmaker.core.clashes import Warning, find_clashes
from matchmaker.core.community import Meeting
from matchmaker.core.match_view import MatchView, WarningView
from matchmaker.core.profiles import Profile
from matchmaker.core.reasons import Reason, breakdown, explain, pace_note
from matchmaker.core.scoring import EventScorer


@dataclass(frozen=True)
class Match:
    index: int
    profile: Profile
    score: int
    reasons: tuple[Reason, ...]
    warnings: tuple[Warning, ...]
    breakdown: str  # the points of each component, in words
    went_well: int | None = None  # they met before and rated it this (4 or 5)
    notes: tuple[str, ...] = ()  # statements that are no reason (a pace that is a guess)
    met: Meeting | None = None  # their latest meeting at another event

    @property
    def history(self) -> str:
        if self.met is not None:
            return self.met.text
        return f"met before and it went well (rated {self.went_well}/5)" if self.went_well else ""

    def view(self, person: int = 0) -> MatchView:
        """What a match card shows (the other's contact only with their
        consent); ``person``: the other's id, for an attendee's wish."""
        return MatchView(
            self.profile.name,
            self.score,
            tuple(r.text for r in self.reasons),
            tuple(
                WarningView(
                    f"{w.severity.symbol} {w.headline}", w.severity.value, w.message, w.advice
                )
                for w in self.warnings
            ),
            self.breakdown,
            self.profile.shared_contact,
            self.profile.brings_me,
            self.profile.contribute,
            self.history,
            self.notes,
            person,
        )

    def as_dict(self) -> dict[str, object]:
        document: dict[str, object] = {
            "name": self.profile.name,
            "score": self.score,
            "reasons": [r.as_dict() for r in self.reasons],
            "warnings": [w.as_dict() for w in self.warnings],
            "notes": list(self.notes),
        }
        history = self.met.as_dict() | {"text": self.met.text} if self.met else {}
        if self.went_well:
            history["rating"] = self.went_well
        if history:  # a good rating, and the latest meeting at another event
            document["met_before"] = history
        return document


def describe_many(
    scorer: EventScorer, person: int, ranked: Sequence[tuple[int, int]]
) -> list[Match]:
    """``ranked`` (position, score) explained for ``person``; the points of
    all of them from one scoring pass."""
    parts = scorer.parts(person, [other for other, _ in ranked])
    return [
        Match(
            other,
            scorer.profiles[other],
            score,
            tuple(explain(scorer, person, other)),
            tuple(
                find_clashes(
                    scorer.profiles[person], scorer.profiles[other], scorer.catalogue, scorer.pace
                )
            ),
            breakdown(points, scorer.shares),
            notes=_notes(scorer.profiles[person], scorer.profiles[other]),
        )
        for (other, score), points in zip(ranked, parts, strict=True)
    ]


def _notes(first: Profile, second: Profile) -> tuple[str, ...]:
    note = pace_note(first, second)
    return (note,) if note else ()


def ranking(
    scorer: EventScorer, person: int, top: int | None = None, without: Collection[int] = ()
) -> list[tuple[int, int]]:
    """(position, score) of everyone else but ``without`` (people gone home),
    best first; ties by name then position, so the order never wobbles.
    Cheap: nothing is explained yet. With ``top``, only the best ``top`` are
    sorted (the rest never are)."""
    scores = scorer.row(person).astype(np.int64)
    scores[person] = -1
    scores[list(without)] = -1
    candidates = np.flatnonzero(scores >= 0)
    if top and top < len(candidates):
        # Everyone who could be in the top, ties at the cut included.
        cut = np.partition(scores[candidates], -top)[-top]
        candidates = candidates[scores[candidates] >= cut]
    names = scorer.profiles
    order = sorted(
        candidates.tolist(), key=lambda i: (-int(scores[i]), names[i].name.casefold(), i)
    )
    return [(i, int(scores[i])) for i in (order[:top] if top else order)]
