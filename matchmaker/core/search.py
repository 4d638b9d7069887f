"""Finding people by what a user typed: one person by name or email (with
"did you mean …"), namesakes, the people list's fuzzy filter by name and
topics, and the door's search, where a name always comes before a topic."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

from matchmaker.core.errors import UserError
from matchmaker.core.model import Person
from matchmaker.core.profiles import Profile
from matchmaker.core.text import email_key, name_key

FILTER_CUTOFF = 80.0


def haystack(profile: Profile) -> str:
    """Everything a filter looks through for one person."""
    return " ".join([profile.name, *profile.interests, *profile.can_teach, *profile.want_to_learn])


class PeopleIndex:
    """Prepared once per list of people; each query is one vectorised pass."""

    def __init__(self, profiles: Sequence[Profile]):
        from rapidfuzz import utils  # here: finding one person by name needs none of it

        self.texts = [utils.default_process(haystack(p)) for p in profiles]

    def filter(self, query: str) -> list[int]:
        """Positions whose text fits every word of the query (typos allowed),
        in their original order; an empty query keeps everyone."""
        from rapidfuzz import fuzz, process, utils

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


class Named(Protocol):
    """What finding someone reads of a profile (a light stand-in will do)."""

    @property
    def name(self) -> str: ...

    @property
    def email(self) -> str: ...


def find_person(profiles: Sequence[Named], wanted: str) -> int:
    """Exact name, then the same name however typed (``name_key``: case,
    blanks, accents typed as two characters, as a Mac's terminal sends
    them), then email (``email_key``); otherwise a UserError with "did you
    mean …" suggestions."""
    text = wanted.strip()
    name, email = name_key(text), email_key(text)
    for same in (
        lambda p: p.name == text,
        lambda p: name_key(p.name) == name,
        lambda p: bool(p.email) and email_key(p.email) == email,
    ):
        hits = [i for i, p in enumerate(profiles) if same(p)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            emails = ", ".join(profiles[i].email or "no email" for i in hits)
            raise UserError(
                f"{len(hits)} people are called {wanted!r} ({emails}); name one of them by email."
            )
    from rapidfuzz import fuzz, process, utils

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
    """Everyone called ``name`` but the person ``besides``: the one rule for
    "the same name" (``name_key``: look-alikes are the same), used by the
    organiser's form (ask before adding a second) and by an attendee joining
    by name (refused)."""
    wanted = name_key(name)
    return [p for p in people if p.profile.name_key == wanted and p.id != besides]


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


def folded(text: str) -> str:
    """Lower case without accents, so that "chloe" finds Chloé."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", folded(text))


class DoorIndex:
    """The people at the door, prepared once per list: who has each part of a
    name and each word of a topic. A query finds which distinct parts and
    words each typed word fits, then the people who have them, so it costs
    what it finds, not the size of the room."""

    def __init__(self, profiles: Sequence[Profile]):
        words_of: dict[str, frozenset[str]] = {}  # topics repeat: each is split once
        self.topics = [
            [
                (t, words_of.get(t) or words_of.setdefault(t, frozenset(_words(t))))
                for t in dict.fromkeys((*p.interests, *p.can_teach, *p.want_to_learn))
            ]
            for p in profiles
        ]
        self.by_part: dict[str, set[int]] = {}
        self.by_topic_word: dict[str, set[int]] = {}
        for position, profile in enumerate(profiles):
            for part in _words(profile.name):
                self.by_part.setdefault(part, set()).add(position)
            for _, topic_words in self.topics[position]:
                for word in topic_words:
                    self.by_topic_word.setdefault(word, set()).add(position)
        self.parts = sorted(self.by_part)
        self.topic_words = sorted(self.by_topic_word)

    def find(self, query: str) -> list[DoorMatch]:
        """Everyone who fits every word typed, the best tier first (in list
        order within a tier); nobody for an empty query. A word fits a
        topic only as the beginning of one of its words."""
        words = _words(query)
        if not words:
            return []
        whole = _everyone_in([self.by_part.get(word, set()) for word in words])
        begins = [_beginning_with(word, self.parts) for word in words]
        prefix = _everyone_in([self._having(self.by_part, b) for b in begins])
        near = [b | _slips_of(word, self.parts) for word, b in zip(words, begins, strict=True)]
        typo = _everyone_in([self._having(self.by_part, n) for n in near])
        topical = [_beginning_with(word, self.topic_words) for word in words]
        by_topic = [self._having(self.by_topic_word, t) for t in topical]
        named = whole | prefix | typo
        either = _everyone_in(
            [self._having(self.by_part, b) | t for b, t in zip(begins, by_topic, strict=True)]
        )
        topic = (either & set().union(*by_topic)) - named
        found = [DoorMatch(p, Tier.WHOLE) for p in sorted(whole)]
        found += [DoorMatch(p, Tier.PREFIX) for p in sorted(prefix - whole)]
        found += [DoorMatch(p, Tier.TYPO) for p in sorted(typo - prefix - whole)]
        return found + [DoorMatch(p, Tier.TOPIC) for p in sorted(topic)]

    def topics_matching(self, position: int, query: str) -> tuple[str, ...]:
        """Why someone found by a topic is listed: their topics, as they wrote
        them, with a word that begins like a word typed (asked only for the
        few on show)."""
        words = _words(query)
        return tuple(
            topic
            for topic, topic_words in self.topics[position]
            if any(w.startswith(typed) for w in topic_words for typed in words)
        )

    @staticmethod
    def _having(index: dict[str, set[int]], keys: frozenset[str]) -> set[int]:
        return set().union(*(index[key] for key in keys))


def _everyone_in(groups: list[set[int]]) -> set[int]:
    """The people in every group."""
    return set.intersection(*groups) if groups else set()


def _beginning_with(word: str, parts: Sequence[str]) -> frozenset[str]:
    return frozenset(part for part in parts if part.startswith(word))


def _slips_of(word: str, parts: Sequence[str]) -> frozenset[str]:
    """Parts of names one slip away from a word of four letters or more, whole
    or at their beginning ("ingird": Ingrid, "salh": Saleh)."""
    if len(word) < FUZZY_FROM:
        return frozenset()
    from rapidfuzz import fuzz, process

    close: set[str] = set()
    for candidates in (parts, [part[: len(word)] for part in parts]):
        hits = process.extract(
            word, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        )
        close.update(parts[index] for _, _, index in hits)
    return frozenset(close)


def sure_match(matches: Sequence[DoorMatch]) -> DoorMatch | None:
    """The one person enter may check in without asking: alone in the best
    tier, and found by name (a topic never decides who walked in)."""
    if not matches or matches[0].tier is Tier.TOPIC:
        return None
    best = [m for m in matches if m.tier == matches[0].tier]
    return best[0] if len(best) == 1 else None
