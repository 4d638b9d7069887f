"""Finding people by what a user typed: one person by name or email (with
"did you mean …"), namesakes, the people list's fuzzy filter by name and
topics, and the door's search, where a name always comes before a topic."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz, process, utils

from matchmaker.core.errors import UserError
from matchmaker.core.model import Person
from matchmaker.core.profiles import Profile

FILTER_CUTOFF = 80.0


def haystack(profile: Profile) -> str:
    """Everything a filter looks through for one person."""
    return " ".join([profile.name, *profile.interests, *profile.can_teach, *profile.want_to_learn])


class PeopleIndex:
    """Prepared once per list of people; each query is one vectorised pass."""

    def __init__(self, profiles: Sequence[Profile]):
        self.texts = [utils.default_process(haystack(p)) for p in profiles]

    def filter(self, query: str) -> list[int]:
        """Positions whose text fits every word of the query (typos allowed),
        in their original order; an empty query keeps everyone."""
        words = utils.default_process(query).split()
        if not words:
            return list(range(len(self.texts)))
        keep = set(range(len(self.texts)))
        for word in words:
            hits = process.extract(
                word, self.texts, scorer=fuzz.partial_ratio, score_cutoff=_cutoff(word), limit=None
            )
            keep &= {index for _, _, index in hits}
            if not keep:
                break
        return sorted(keep)


def _cutoff(word: str) -> float:
    # One- and two-letter words must appear as typed ("r" should not match everything
    # with an r in it ... which partial_ratio at 80 would).
    return 100.0 if len(word) <= 3 else FILTER_CUTOFF


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


def namesakes(people: Sequence[Person], name: str, besides: int | None = None) -> list[Person]:
    """Everyone called ``name`` (blanks collapsed, any case) but the person
    ``besides``: the one rule for "the same name", used by the organiser's
    form (ask before adding a second) and by an attendee joining by name."""
    wanted = " ".join(name.split()).casefold()
    return [p for p in people if " ".join(p.name.split()).casefold() == wanted and p.id != besides]


def join_or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


# --- the door: names first, never a topic above a name -----------------------------

FUZZY_FROM = 4  # letters a typed word needs before a typo in it is forgiven
FUZZY_CUTOFF = 80.0


class Tier(IntEnum):
    """How a person matched what was typed; lower is better."""

    WHOLE = 0  # every word typed is a whole part of their name ("mo": Mo Saleh)
    PREFIX = 1  # every word begins a part of their name ("sal": Mo Saleh)
    TYPO = 2  # their name, with a slip in a word of four letters or more ("salh")
    TOPIC = 3  # not their name: a topic of theirs, shown with the topic


@dataclass(frozen=True)
class DoorMatch:
    position: int
    tier: Tier
    topics: tuple[str, ...] = ()  # the topics that matched, as the person wrote them


def folded(text: str) -> str:
    """Lower case without accents, so that "chloe" finds Chloé."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", folded(text))


class DoorIndex:
    """The people at the door, prepared once per list: each name split into
    its parts, each topic into its words."""

    def __init__(self, profiles: Sequence[Profile]):
        self.names = [_words(p.name) for p in profiles]
        self.topics = [
            [(t, _words(t)) for t in dict.fromkeys((*p.interests, *p.can_teach, *p.want_to_learn))]
            for p in profiles
        ]

    def find(self, query: str) -> list[DoorMatch]:
        """Everyone who fits every word typed, the best tier first (in list
        order within a tier); nobody for an empty query. A word fits a
        topic only as the beginning of one of its words."""
        words = _words(query)
        if not words:
            return []
        found = []
        for position, parts in enumerate(self.names):
            tier = _name_tier(words, parts)
            if tier is not None:
                found.append(DoorMatch(position, tier))
                continue
            topics = self.topics[position]
            hits = tuple(
                t for t, topic_words in topics if any(_begins(w, topic_words) for w in words)
            )
            every = parts + [w for _, topic_words in topics for w in topic_words]
            if hits and all(_begins(w, every) for w in words):
                found.append(DoorMatch(position, Tier.TOPIC, hits))
        return sorted(found, key=lambda m: m.tier)


def _begins(word: str, parts: Sequence[str]) -> bool:
    return any(part.startswith(word) for part in parts)


def _name_tier(words: list[str], parts: list[str]) -> Tier | None:
    if all(word in parts for word in words):
        return Tier.WHOLE
    if all(_begins(word, parts) for word in words):
        return Tier.PREFIX
    if all(_begins(word, parts) or _slip_of(word, parts) for word in words):
        return Tier.TYPO
    return None


def _slip_of(word: str, parts: Sequence[str]) -> bool:
    """A word of four letters or more one slip away from a part of the name
    or from its beginning ("ingird": Ingrid, "salh": Saleh)."""
    if len(word) < FUZZY_FROM:
        return False
    return any(
        fuzz.ratio(word, part) >= FUZZY_CUTOFF
        or fuzz.ratio(word, part[: len(word)]) >= FUZZY_CUTOFF
        for part in parts
    )


def sure_match(matches: Sequence[DoorMatch]) -> DoorMatch | None:
    """The one person enter may check in without asking: alone in the best
    tier, and found by name (a topic never decides who walked in)."""
    if not matches or matches[0].tier is Tier.TOPIC:
        return None
    best = [m for m in matches if m.tier == matches[0].tier]
    return best[0] if len(best) == 1 else None
