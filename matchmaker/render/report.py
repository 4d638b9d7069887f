"""The evening in numbers, for the organiser's notes afterwards: each saved
round's tables and scores, how people rated their time together, and the
clashes that were seated and how those tables went."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from matchmaker.core.model import Event, Status
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing.seating import saved_seating


@dataclass(frozen=True)
class SeatedClash:
    round: int
    table: int
    headline: str  # "high · pace: journey vs destination"
    between: tuple[str, str]
    rating: int | None  # how that pair rated their time together, if they did


@dataclass(frozen=True)
class RoundSummary:
    number: int
    tables: int
    people: int
    mean_score: float
    lowest: int | None
    ratings: list[int]  # every pair's rating of this round

    @property
    def mean_rating(self) -> float | None:
        return mean(self.ratings) if self.ratings else None


@dataclass(frozen=True)
class EventReport:
    name: str
    signed_up: int
    present: int
    gone: int
    rounds: list[RoundSummary]
    clashes: list[SeatedClash]


def event_report(event: Event, scorer: EventScorer) -> EventReport:
    here = [r for r in event.ratings if r.event == event.name]
    by_round: dict[int, list[int]] = {}
    for r in here:
        by_round.setdefault(r.round, []).append(r.rating)
    pair_rating = {(r.round, frozenset((r.first, r.second))): r.rating for r in here}
    rounds, clashes = [], []
    for saved in event.rounds:
        seating = saved_seating(event, scorer, saved)
        (seated,) = seating.rounds
        tables = [t for t in seated.tables if t.members]
        scores = [t.score for t in tables]
        rounds.append(
            RoundSummary(
                saved.number,
                len(tables),
                sum(len(t.members) for t in tables),
                mean(scores) if scores else 0.0,
                min(scores, default=None),
                by_round.get(saved.number, []),
            )
        )
        for table in tables:
            for warning in table.warnings:
                identities = frozenset(
                    seating.profiles[m].identity
                    for m in table.members
                    if seating.profiles[m].name in warning.between
                )
                clashes.append(
                    SeatedClash(
                        saved.number,
                        table.number,
                        warning.headline,
                        warning.between,
                        pair_rating.get((saved.number, identities)),
                    )
                )
    statuses = [p.status for p in event.people]
    return EventReport(
        event.name,
        len(statuses),
        statuses.count(Status.PRESENT),
        statuses.count(Status.GONE),
        rounds,
        clashes,
    )
