"""Clash warnings between two people, each with a plain message and a
question they can ask each other ("it never hurts to ask").

Warnings stand beside a score; they never change it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from matchmaker.catalogue import Catalogue, load_catalogue
from matchmaker.profiles import Profile


class ClashKind(StrEnum):
    PROCESS_VS_RESULT = "process-vs-result"
    IMAGE_VS_RECIPROCITY = "image-vs-reciprocity"
    COMMERCIAL_VS_VOLUNTEER = "commercial-vs-volunteer"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]


_BY_RANK = {s.rank: s for s in Severity}


@dataclass(frozen=True)
class Warning:
    kind: ClashKind
    severity: Severity
    between: tuple[str, str]
    message: str
    advice: str

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "between": list(self.between),
            "message": self.message,
            "advice": self.advice,
        }


def orientation_clash_rank(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The process-vs-result rule on orientation scores (1–5, NaN unknown),
    vectorised: 0 none, 1 low, 2 medium, 3 high (see ``Severity.rank``).

    Opposite sides (process vs result) are high, or medium when both only
    lean; one side against balanced is low at most."""
    distance = np.abs(a - b)
    opposite = ((a <= 2) & (b >= 4)) | ((a >= 4) & (b <= 2))
    rank = np.where(opposite, np.where(distance >= 3, 3, 2), np.where(distance >= 2, 1, 0))
    return np.where(np.isnan(distance), 0, rank)


def orientation_severity(a: Profile, b: Profile) -> Severity | None:
    if a.orientation is None or b.orientation is None:
        return None
    rank = int(
        orientation_clash_rank(np.array(float(a.orientation)), np.array(float(b.orientation)))
    )
    return _BY_RANK.get(rank)


def _labels(profile: Profile, ids: frozenset[str], catalogue: Catalogue) -> str:
    names = [catalogue.get(m).label.lower() for m in profile.motivations if m in ids]
    return " and ".join(names)


Maker = Callable[[Profile, Profile, str, str], Warning]


def find_clashes(a: Profile, b: Profile, catalogue: Catalogue | None = None) -> list[Warning]:
    """Every clash between ``a`` and ``b``, most severe first."""
    catalogue = catalogue or load_catalogue()
    found = [
        w
        for w in (
            _process_vs_result(a, b),
            *_opposed(a, b, catalogue, "social-image", "reciprocity", _image_vs_reciprocity),
            *_opposed(a, b, catalogue, "commercial", "volunteer", _commercial_vs_volunteer),
        )
        if w is not None
    ]
    return sorted(found, key=lambda w: -w.severity.rank)


def _process_vs_result(a: Profile, b: Profile) -> Warning | None:
    severity = orientation_severity(a, b)
    if severity is None:
        return None
    first, second = sorted((a, b), key=lambda p: p.orientation or 0)
    if severity is Severity.LOW:
        balanced, other = (
            (first, second) if first.orientation_word == "balanced" else (second, first)
        )
        message = (
            f"{balanced.name} is balanced, while {other.name} leans towards the "
            f"{other.orientation_word}; small differences in pace can still rub."
        )
    else:
        message = (
            f"{first.name} is here mostly for the process (the journey, the talk, the people), "
            f"{second.name} mostly for a concrete result, soon. One is happy with a long, "
            "open-ended path; the other tolerates delay only while the result stays in sight. "
            "Without understanding and balance between the two, there will be conflict."
        )
    advice = (
        "Ask each other early: “What would a good result of our sessions be for you?” and "
        "“How long are you happy to take getting there?”"
    )
    return Warning(
        ClashKind.PROCESS_VS_RESULT, severity, (first.name, second.name), message, advice
    )


def _opposed(
    a: Profile, b: Profile, catalogue: Catalogue, tag_one: str, tag_other: str, make: Maker
) -> Iterator[Warning]:
    """The clash fires when one person has the first kind of motive and not the
    second, and the other person the reverse."""
    one, other = catalogue.with_tag(tag_one), catalogue.with_tag(tag_other)
    for x, y in ((a, b), (b, a)):
        xs, ys = set(x.motivations), set(y.motivations)
        if xs & one and not xs & other and ys & other and not ys & one:
            yield make(x, y, _labels(x, one, catalogue), _labels(y, other, catalogue))
            return


def _image_vs_reciprocity(image: Profile, giver: Profile, why: str, why_other: str) -> Warning:
    return Warning(
        ClashKind.IMAGE_VS_RECIPROCITY,
        Severity.MEDIUM,
        (image.name, giver.name),
        f"{image.name} is motivated by social image ({why}); {giver.name} by reciprocity "
        f"({why_other}). People moved by social image tend to care less about give and take, "
        "and the other way round, so one may feel used or the other unseen.",
        "Ask each other: “What brings you here?” and agree early how you will credit "
        "each other's work and share the effort.",
    )


def _commercial_vs_volunteer(
    business: Profile, volunteer: Profile, why: str, why_other: str
) -> Warning:
    return Warning(
        ClashKind.COMMERCIAL_VS_VOLUNTEER,
        Severity.LOW,
        (business.name, volunteer.name),
        f"{business.name} may be hoping for something for their own work here ({why}), "
        f"while {volunteer.name} comes in a volunteer spirit ({why_other}). Both are fair; "
        "such hopes are often left unsaid for fear of seeming commercial, and what feels "
        "appropriate differs between cultures.",
        "Ask, without judgement: “What would make these sessions worth your time?” "
        "It never hurts to ask.",
    )
