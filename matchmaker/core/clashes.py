"""Clash warnings between two people, each with a plain message and a
question they can ask each other ("it never hurts to ask").

Warnings stand beside a score; they never change it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from matchmaker.core.catalogue import Catalogue, load_catalogue
from matchmaker.core.orientation import PacePolicy, clash_rank
from matchmaker.core.profiles import Profile

# The intake's questions from the Peeragogy text: the one wording, on slips,
# in the attendees' app, and inside the advice that builds on it.
OPENING_QUESTION = "Ask each other: “What brings you here?” and “How can you contribute?”"


class ClashKind(StrEnum):
    PROCESS_VS_RESULT = "process-vs-result"
    IMAGE_VS_RECIPROCITY = "image-vs-reciprocity"
    COMMERCIAL_VS_VOLUNTEER = "commercial-vs-volunteer"

    @property
    def label(self) -> str:
        """The plain words a badge shows (the kind's id is for JSON)."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ClashKind.PROCESS_VS_RESULT: "pace: journey vs destination",
    ClashKind.IMAGE_VS_RECIPROCITY: "recognition vs give-and-take",
    ClashKind.COMMERCIAL_VS_VOLUNTEER: "own aims vs volunteering",
}


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]

    @property
    def symbol(self) -> str:
        """A shape per severity, so it reads without colour too."""
        return {"low": "●", "medium": "◆", "high": "▲"}[self.value]


_BY_RANK = {s.rank: s for s in Severity}


@dataclass(frozen=True)
class Warning:
    kind: ClashKind
    severity: Severity
    between: tuple[str, str]
    message: str
    advice: str

    @property
    def headline(self) -> str:
        """ "high · pace: journey vs destination"."""
        return f"{self.severity.value} · {self.kind.label}"

    @property
    def summary(self) -> str:
        """The headline and who it is about, on one line."""
        return f"{self.headline} ({self.between[0]} & {self.between[1]})"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "between": list(self.between),
            "message": self.message,
            "advice": self.advice,
        }


def orientation_severity(a: Profile, b: Profile) -> Severity | None:
    return _BY_RANK.get(clash_rank(a.orientation, b.orientation))


def _labels(profile: Profile, ids: frozenset[str], catalogue: Catalogue) -> str:
    names = [catalogue.get(m).aim for m in profile.motivations if m in ids]
    return " and ".join(names)


Maker = Callable[[Profile, Profile, str, str], Warning]


def opening_question(
    me: Profile,
    others: Sequence[Profile],
    catalogue: Catalogue | None = None,
    pace: PacePolicy = PacePolicy.SEPARATE,
) -> str:
    """What someone at a table starts with: the advice of the first clash
    with a tablemate, else the intake's own questions."""
    for other in others:
        for warning in find_clashes(me, other, catalogue, pace):
            return warning.advice
    return OPENING_QUESTION


def find_clashes(
    a: Profile,
    b: Profile,
    catalogue: Catalogue | None = None,
    pace: PacePolicy = PacePolicy.SEPARATE,
) -> list[Warning]:
    """Every clash between ``a`` and ``b``, most severe first; the advice on
    pace fits the evening's policy (``pair --pace``)."""
    catalogue = catalogue or load_catalogue()
    found = [
        w
        for w in (
            _process_vs_result(a, b, pace),
            *_opposed(a, b, catalogue, "social-image", "reciprocity", _image_vs_reciprocity),
            *_opposed(a, b, catalogue, "commercial", "volunteer", _commercial_vs_volunteer),
        )
        if w is not None
    ]
    return sorted(found, key=lambda w: -w.severity.rank)


PACE_ADVICE = {
    PacePolicy.SEPARATE: "It never hurts to ask, early: “What are the problems you're grappling "
    "with?” and “How long are you happy to take getting there?”",
    PacePolicy.BALANCE: "You sit together on purpose tonight, journey and destination side by "
    "side. Agree at the start what you want to have at the end and how much time goes to "
    "exploring; a balanced tablemate can keep both in view. It never hurts to ask: “How long "
    "are you happy to take getting there?”",
    PacePolicy.IGNORE: "Pace was left out of tonight's plan, so check it yourselves, early: "
    "“What are the problems you're grappling with?” and “How long are you happy to take "
    "getting there?”",
}


def _process_vs_result(a: Profile, b: Profile, pace: PacePolicy) -> Warning | None:
    """Only between the two sides: a balanced person is the bridge the text
    asks for ("a good balance between these different core motivators")."""
    severity = orientation_severity(a, b)
    if severity is None:
        return None
    first, second = sorted((a, b), key=lambda p: p.orientation or 0)
    how = "mostly" if severity is Severity.HIGH else "rather"
    message = (
        f"{first.name} is here {how} for the process (the journey, the talk, the people), "
        f"{second.name} {how} for the end result. Some people are happy with a long, "
        "drawn-out process; others tolerate a delay only while the end result stays in "
        "sight. Without understanding and a good balance between the two, there will be "
        "conflict."
    )
    return Warning(
        ClashKind.PROCESS_VS_RESULT, severity, (first.name, second.name), message, PACE_ADVICE[pace]
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
        Severity.LOW,
        (image.name, giver.name),
        f"{image.name} comes partly for social image ({why}), {giver.name} for reciprocity "
        f"({why_other}). People motivated by social image may not be so interested in "
        "reciprocity, and vice versa: worth knowing before sharing the work.",
        f"{OPENING_QUESTION}, then agree how you will share the effort and the credit.",
    )


def _commercial_vs_volunteer(
    business: Profile, volunteer: Profile, why: str, why_other: str
) -> Warning:
    return Warning(
        ClashKind.COMMERCIAL_VS_VOLUNTEER,
        Severity.LOW,
        (business.name, volunteer.name),
        f"{business.name} may be hoping for something for their work here ({why}), "
        f"while {volunteer.name} comes in a volunteer spirit ({why_other}). Both are fair. "
        "Business hopes are often left unsaid in a volunteer setting for fear of seeming "
        "commercial, and what is appropriate in one culture may not be in another.",
        "Ask, without judgement: “What would make these sessions worth your time?” "
        "It never hurts to ask.",
    )
