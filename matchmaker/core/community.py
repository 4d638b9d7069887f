"""A community, not one evening: the same person across events (a member),
the meetings they had at other events, and the event's policy about them.

A person row belongs to one event (that evening's answers and attendance);
its member is who they are across events. Two rows are the same member when
their identities are the same (``Profile.identity``: the email, compared
NFKC and case-folded, or the name where there is no email), or when the
organiser merged them."""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from matchmaker.core.clashes import Severity, Warning
from matchmaker.core.questions import CONTRIBUTE_MORE, WHAT_NEXT
from matchmaker.core.text import name_key

NEVER_AGAIN = 2  # a pair rated this or lower is never seated together again

if TYPE_CHECKING:  # the model holds the event's policy, so it imports this module
    from matchmaker.core.model import Person
    from matchmaker.core.profiles import Profile

FRESH_EVENTS = 12  # the default: nobody meets a partner from the last 12 events (a year of months)


class HistoryPolicy(StrEnum):
    """Whom an event seats together of those who met at earlier events."""

    FRESH = "fresh"  # nobody who met at one of the last N events
    CONTINUE = "continue"  # pairs who rated their time 4 or 5 kept together where the room allows

    def describe(self, events: int) -> str:
        """The policy in words, with its window of events."""
        fresh = f"nobody meets someone they sat with at one of the last {events} events"
        if self is HistoryPolicy.FRESH:
            return f"fresh partners: {fresh}"
        return f"continue: pairs who rated their time 4 or 5 sit together again; otherwise {fresh}"


@dataclass(frozen=True)
class Meeting:
    """Two people shared a table at another event."""

    event: str
    saved: float  # when the round was saved (epoch seconds)
    round: int
    rating: int | None  # how they rated it, if they did
    age: int  # 1: at the most recent other event, 2: the one before, …

    @property
    def text(self) -> str:
        """``met at jan in January 2026 (rated 5)``: the one wording of a past meeting."""
        month = time.strftime("%B %Y", time.localtime(self.saved))
        rated = f" (rated {self.rating})" if self.rating is not None else ""
        if self.rating is not None and self.rating <= NEVER_AGAIN:  # not a star's sense
            rated = f" (rated {self.rating}: never seated together again)"
        return f"met at {self.event} in {month}{rated}"

    def as_dict(self) -> dict[str, object]:
        return {
            "event": self.event,
            "round": self.round,
            "saved": self.saved,
            "rating": self.rating,
        }


@dataclass(frozen=True)
class CommunityMember:
    """One member: their latest person row (profile and status), and the
    events they are in, oldest first."""

    member: int
    person: Person
    events: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.person.name


SAME_NAME = 90  # rapidfuzz token-sort ratio of two names: likely one person, whatever the emails
SAME_DOMAIN_NAME = (
    75  # … or this with the same email domain ("Bea Lee" bea@x.org, "B. Lee" b@x.org)
)


@dataclass(frozen=True)
class LikelyDuplicate:
    """Two members who may be one person: offered to the organiser, never merged by us."""

    first: CommunityMember
    second: CommunityMember
    similarity: int  # of the names, 0-100
    same_domain: bool

    @property
    def why(self) -> str:
        domain = " and the same email domain" if self.same_domain else ""
        return f"names {self.similarity}% alike{domain}"


def likely_duplicates(
    members: Sequence[CommunityMember], apart: Collection[frozenset[int]] = ()
) -> list[LikelyDuplicate]:
    """Pairs of members whose names are alike (rapidfuzz), more readily with
    the same email domain; but those the organiser keeps apart. Most alike first."""
    from rapidfuzz import fuzz, process

    names = [name_key(m.name) for m in members]
    scores = process.cdist(
        names, names, scorer=fuzz.token_sort_ratio, score_cutoff=SAME_DOMAIN_NAME, dtype="uint8"
    )
    found = []
    for i, j in zip(*scores.nonzero(), strict=True):
        first, second = sorted((members[int(i)], members[int(j)]), key=lambda m: m.member)
        if i >= j or frozenset((first.member, second.member)) in apart:
            continue
        similarity = int(scores[i, j])
        domain = _domain(first) == _domain(second) != ""
        if similarity >= SAME_NAME or domain:
            found.append(LikelyDuplicate(first, second, similarity, domain))
    return sorted(found, key=lambda d: (-d.similarity, d.first.name.casefold()))


def _domain(member: CommunityMember) -> str:
    return member.person.profile.email.rpartition("@")[2].casefold()


@dataclass(frozen=True)
class PastPartner:
    """Someone a person sat with at another event, as that person may see them."""

    name: str  # "" where they did not consent to share their contact
    contact: str  # their email, only where they consented
    round: int
    rating: int | None  # how the pair rated their time, if they did

    @property
    def text(self) -> str:
        who = self.name or "someone who keeps their name to themselves"
        contact = f" ({self.contact})" if self.contact else ""
        rated = f", rated {self.rating}" if self.rating is not None else ""
        return f"round {self.round}: {who}{contact}{rated}"


@dataclass(frozen=True)
class PastEvent:
    """One of a person's other events: when, whom they sat with there, and
    what they answered after it (``CONTRIBUTE_MORE``, ``WHAT_NEXT``)."""

    event: str
    when: float  # the event's last saved round (or its making, without rounds)
    partners: tuple[PastPartner, ...]
    more: str = ""  # how they could contribute more effectively
    next: str = ""  # whether they met again / what next

    @property
    def heading(self) -> str:
        return f"{self.event} ({time.strftime('%B %Y', time.localtime(self.when))})"

    @property
    def partner_lines(self) -> list[str]:
        return [p.text for p in self.partners] or ["No table saved for you there."]

    @property
    def follow_ups(self) -> list[tuple[str, str]]:
        """Each question they answered after the event, with their answer."""
        answers = ((CONTRIBUTE_MORE, self.more), (WHAT_NEXT, self.next))
        return [(question, answer) for question, answer in answers if answer]


class WentWrong(StrEnum):
    """What went wrong, asked after a rating of NEVER_AGAIN or less: the
    texts' "motivations often come out of the closet through conflict"."""

    PACE = "pace"
    CREDIT = "credit"
    COMMERCIAL = "commercial"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _WENT_WRONG[self][0]

    @property
    def kind(self) -> str | None:
        """The warning kind (``ClashKind``) it makes this person's warnings graver in."""
        return _WENT_WRONG[self][1]


_WENT_WRONG: dict[WentWrong, tuple[str, str | None]] = {
    WentWrong.PACE: (
        "the pace: one wanted the journey, the other the destination",
        "process-vs-result",
    ),
    WentWrong.CREDIT: ("credit: recognition vs give-and-take", "image-vs-reciprocity"),
    WentWrong.COMMERCIAL: ("commercial aims in a volunteer setting", "commercial-vs-volunteer"),
    WentWrong.OTHER: ("something else", None),
}


def graver(warning: Warning, who: str) -> Warning:
    """``warning`` one step more severe (high stays high), saying why: ``who``
    said this went wrong at an earlier event. For the organiser's eyes only."""
    severity = {Severity.LOW: Severity.MEDIUM}.get(warning.severity, Severity.HIGH)
    note = f" (Raised: {who} said this went wrong at an earlier event.)"
    return replace(warning, severity=severity, message=warning.message + note)


def graver_if_wary(
    warning: Warning,
    profiles: Sequence[Profile],
    pair: tuple[int, int],
    wary: Mapping[int, frozenset[str]],
) -> Warning:
    """``warning`` between the people at ``pair`` (positions), graver when
    one of them said its kind went wrong at an earlier event."""
    who = [profiles[p].name for p in pair if warning.kind.value in wary.get(p, ())]
    return graver(warning, " and ".join(who)) if who else warning
