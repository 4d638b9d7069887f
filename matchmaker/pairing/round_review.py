"""How a round's tables came out, for the overview: the spread of table
scores, the weakest tables by name, the warnings seated by kind, and, where
people rated their tables, the average feedback. Pure values and their
words; the screens lay them out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from matchmaker.core.clashes import ClashKind, Severity
from matchmaker.pairing.seating import SeatedRound, Seating

SCORE_BANDS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))
LOWEST_NAMED = 3  # the weakest tables named in a review


def tables(count: int) -> str:
    return f"{count:,} {'table' if count == 1 else 'tables'}"


@dataclass(frozen=True)
class NamedTable:
    number: int
    score: int
    members: tuple[str, ...]

    def sentence(self) -> str:
        return f"Table {self.number}, {self.score}/100: {' + '.join(self.members)}."


@dataclass(frozen=True)
class WarningCount:
    """The warnings of one kind seated in a round, by severity."""

    kind: ClashKind
    high: int = 0
    medium: int = 0
    low: int = 0

    @property
    def count(self) -> int:
        return self.high + self.medium + self.low

    def severities(self) -> str:
        """ "1 high, 3 medium" (empty when there are none)."""
        parts = [
            (self.high, Severity.HIGH),
            (self.medium, Severity.MEDIUM),
            (self.low, Severity.LOW),
        ]
        return ", ".join(f"{n:,} {s.value}" for n, s in parts if n)

    def sentence(self) -> str:
        if not self.count:
            return f"{self.kind.label}: none."
        return f"{self.kind.label}: {self.count:,} ({self.severities()})."


@dataclass(frozen=True)
class RoundReview:
    number: int
    saved: bool  # False: planned on the board, not saved yet
    scores: tuple[int, ...]  # table by table
    lowest: tuple[NamedTable, ...]  # the weakest tables, weakest first
    warnings: tuple[WarningCount, ...]  # every kind, in ``ClashKind``'s order
    ratings: tuple[int, ...] = ()  # feedback (1-5) on the round's tables, where given

    @property
    def tables(self) -> int:
        return len(self.scores)

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def rating(self) -> float | None:
        """The average feedback rating; None where nobody rated (or feedback
        is not recorded)."""
        return sum(self.ratings) / len(self.ratings) if self.ratings else None

    @property
    def warning_total(self) -> int:
        return sum(w.count for w in self.warnings)

    def bands(self) -> list[tuple[str, int]]:
        """``("60–79", tables)`` for every band of scores, lowest first."""
        return [
            (f"{low}–{high}", sum(1 for s in self.scores if low <= s <= high))
            for low, high in SCORE_BANDS
        ]

    def band_sentence(self, band: str, count: int) -> str:
        return f"Scores {band}: {tables(count)}."

    def title(self) -> str:
        return f"Round {self.number} ({'saved' if self.saved else 'planned, not saved yet'})"

    def summary(self) -> str:
        """ "20 tables, average score 61, lowest 32; 7 warnings seated"."""
        if self.average is None:
            return "No tables."
        lowest = min(self.scores)
        seated = self.warning_total
        line = (
            f"{tables(self.tables)}, average score {self.average:.0f}, lowest {lowest}; "
            f"{seated:,} {'warning' if seated == 1 else 'warnings'} seated"
        )
        if self.rating is not None:
            many = len(self.ratings)
            line += f"; feedback {self.rating:.1f} of 5 from {many:,} rating{'s' * (many != 1)}"
        return line + "."


def review_round(
    seating: Seating, seated: SeatedRound, saved: bool, ratings: Sequence[int] = ()
) -> RoundReview:
    """One round of ``seating`` reviewed; ``ratings`` are the feedback given
    on its tables (none until feedback is recorded)."""
    weakest = sorted(seated.tables, key=lambda t: (t.score, t.number))[:LOWEST_NAMED]
    found: Counter[tuple[ClashKind, Severity]] = Counter(
        (w.kind, w.severity) for t in seated.tables for w in t.warnings
    )
    return RoundReview(
        number=seated.number,
        saved=saved,
        scores=tuple(t.score for t in seated.tables),
        lowest=tuple(
            NamedTable(t.number, t.score, tuple(seating.name(m) for m in t.members))
            for t in weakest
        ),
        warnings=tuple(
            WarningCount(
                kind,
                found[kind, Severity.HIGH],
                found[kind, Severity.MEDIUM],
                found[kind, Severity.LOW],
            )
            for kind in ClashKind
        ),
        ratings=tuple(ratings),
    )
