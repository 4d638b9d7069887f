"""The evening, to send afterwards: who came, each saved round's tables by
name with the questions the pairs were given to ask, how people rated their
time together, the skills market of the people who came, the contacts of
those who agreed to share them, and (for the organisers) their private notes. Gathered here once; ``report_document``
lays it out for the organisers or for the attendees."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from matchmaker.core.model import Event, Status
from matchmaker.core.overview import TopicCount, room_overview
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing.seating import saved_seating

MARKET_TOPICS = 12  # the most wanted topics listed, like the overview screen


@dataclass(frozen=True)
class SeatedClash:
    round: int
    table: int
    headline: str  # "high · pace: journey vs destination"
    between: tuple[str, str]
    rating: int | None  # how that pair rated their time together, if they did


@dataclass(frozen=True)
class ReportTable:
    number: int
    names: tuple[str, ...]
    score: int
    questions: tuple[tuple[str, str], ...]  # (who: "Ana & Bo", the question the two may ask)
    ratings: tuple[int, ...]  # every pair's rating of their time at this table


@dataclass(frozen=True)
class RoundSummary:
    number: int
    tables: tuple[ReportTable, ...]

    @property
    def people(self) -> int:
        return sum(len(t.names) for t in self.tables)

    @property
    def mean_score(self) -> float:
        return mean(t.score for t in self.tables) if self.tables else 0.0

    @property
    def lowest(self) -> int | None:
        return min((t.score for t in self.tables), default=None)

    @property
    def ratings(self) -> list[int]:
        return [r for t in self.tables for r in t.ratings]

    @property
    def mean_rating(self) -> float | None:
        return mean(self.ratings) if self.ratings else None


@dataclass(frozen=True)
class EventReport:
    name: str
    signed_up: int
    present: int
    gone: int
    came: tuple[str, ...]  # checked in at some point, or seated in a saved round
    rounds: list[RoundSummary]
    clashes: list[SeatedClash]
    market: tuple[TopicCount, ...]  # the most wanted topics among those who came
    unmet: str  # the sentence on wanted topics nobody there can teach
    contacts: tuple[tuple[str, str], ...]  # (name, email) of those who came and consented
    notes: tuple[tuple[str, str], ...]  # (name, note) of those who came: the organisers' only


def event_report(event: Event, scorer: EventScorer) -> EventReport:
    here = [r for r in event.ratings if r.event == event.name]
    pair_rating = {(r.round, frozenset((r.first, r.second))): r.rating for r in here}
    rounds, clashes = [], []
    for saved in event.rounds:
        seating = saved_seating(event, scorer, saved)
        (seated,) = seating.rounds
        tables = []
        for table in (t for t in seated.tables if t.members):
            identity = {
                seating.profiles[m].name: seating.profiles[m].identity for m in table.members
            }
            rated = {
                pair: rating
                for (number, pair), rating in pair_rating.items()
                if number == saved.number and pair <= set(identity.values())
            }
            tables.append(
                ReportTable(
                    table.number,
                    tuple(seating.name(m) for m in table.members),
                    table.score,
                    tuple((" & ".join(w.between), w.advice) for w in table.warnings),
                    tuple(rated.values()),
                )
            )
            clashes += [
                SeatedClash(
                    saved.number,
                    table.number,
                    w.headline,
                    w.between,
                    rated.get(frozenset(identity[name] for name in w.between)),
                )
                for w in table.warnings
            ]
        rounds.append(RoundSummary(saved.number, tuple(tables)))
    seated_ids = {i for saved in event.rounds for group in saved.groups for i in group}
    came = [p for p in event.people if p.status is not Status.SIGNED_UP or p.id in seated_ids]
    overview = room_overview([p.profile for p in came], vocabulary=scorer.vocabulary)
    statuses = [p.status for p in event.people]
    return EventReport(
        event.name,
        len(statuses),
        statuses.count(Status.PRESENT),
        statuses.count(Status.GONE),
        tuple(sorted((p.name for p in came), key=str.casefold)),
        rounds,
        clashes,
        overview.wanted[:MARKET_TOPICS],
        overview.unmet_sentence(),
        tuple(
            (p.name, p.profile.shared_contact)
            for p in sorted(came, key=lambda p: p.name.casefold())
            if p.profile.shared_contact
        ),
        tuple((p.name, p.profile.notes) for p in came if p.profile.notes),
    )
