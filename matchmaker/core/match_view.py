"""A match as an attendee's screen shows it: plain values, ready to be
written to and read from a file, so the light attendee process can show its
matches without the scoring machinery (numpy, scipy)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WarningView:
    badge: str  # "▲ high · pace: journey vs destination"
    severity: str  # low, medium, high
    message: str
    advice: str  # the question the two can ask each other


@dataclass(frozen=True)
class MatchView:
    """One match explained: who, how well, why, and what to watch out for;
    ``contact`` only where the other consented to share it."""

    name: str
    score: int
    reasons: tuple[str, ...]
    warnings: tuple[WarningView, ...]
    breakdown: str = ""
    contact: str = ""
    brings_me: str = ""
    contribute: str = ""
    history: str = ""
    notes: tuple[str, ...] = ()  # what is no reason but worth knowing (a pace that is a guess)
    person: int = 0  # the other's id: what an attendee's wish about them names

    def as_dict(self) -> dict[str, Any]:
        document = dict(self.__dict__)
        document["reasons"] = list(self.reasons)
        document["notes"] = list(self.notes)
        document["warnings"] = [dict(w.__dict__) for w in self.warnings]
        return document

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> MatchView:
        values = dict(document)
        values["reasons"] = tuple(str(r) for r in document.get("reasons", ()))
        values["notes"] = tuple(str(n) for n in document.get("notes", ()))
        values["warnings"] = tuple(WarningView(**w) for w in document.get("warnings", ()))
        return cls(**values)
