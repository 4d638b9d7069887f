"""The motivation catalogue (20 entries from the two source texts) and the
fuzzy mapping of a form's wording onto it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from matchmaker.core.paths import data_file
from matchmaker.core.text import splitter


class Leaning(StrEnum):
    """Where a text supports it: the side of process vs result a motive sits on."""

    PROCESS = "process"
    RESULT = "result"


@dataclass(frozen=True)
class Motivation:
    id: str
    label: str  # as the person ticks it ("Furthering my own interests")
    aim: str  # as said of someone ("furthering their own interests")
    description: str
    source: str
    source_item: int
    source_text: str
    leaning: Leaning | None  # only where a source text supports one
    leaning_reason: str  # the text that supports it
    family: str | None  # close motives share a family ("relationships")
    tags: frozenset[str]
    phrasings: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "aim": self.aim,
            "description": self.description,
            "source": self.source,
            "source_item": self.source_item,
            "source_text": self.source_text,
            "leaning": self.leaning.value if self.leaning else None,
            "leaning_reason": self.leaning_reason,
            "family": self.family,
            "tags": sorted(self.tags),
        }


class Catalogue:
    """The entries in source order, with indexes for lookup by id, tag and wording."""

    def __init__(self, motivations: tuple[Motivation, ...], sources: dict[str, str]):
        self.motivations = motivations
        self.sources = sources
        self._by_id = {m.id: m for m in motivations}
        self._tagged = {
            tag: frozenset(m.id for m in motivations if tag in m.tags)
            for tag in {t for m in motivations for t in m.tags}
        }
        self._exact = {key: m.id for m in motivations for key in (m.id, m.label.casefold())}
        # Catalogue wordings with a comma or semicolon inside, casefolded, longest first.
        self._whole_phrases = sorted(
            {
                p.casefold()
                for m in motivations
                for p in (m.label, m.source_text, m.description)
                if re.search("[,;]", p)
            },
            key=len,
            reverse=True,
        )
        self._phrases = [
            (m.id, tuple(words.split()))
            for m in motivations
            for phrase in (
                m.id.replace("-", " "),
                m.label,
                m.source_text,
                m.description,
                *m.phrasings,
            )
            if (words := content_words(phrase))
        ]

    def __iter__(self) -> Iterator[Motivation]:
        return iter(self.motivations)

    def __len__(self) -> int:
        return len(self.motivations)

    def get(self, motivation_id: str) -> Motivation:
        return self._by_id[motivation_id]

    def split_answers(self, cell: str, separators: str = ";,") -> list[str]:
        """Split a multi-select answer, keeping whole any catalogue wording that
        itself contains a separator (forms join choices with ", ")."""
        text, kept = cell, {}
        folded = cell.casefold()
        for n, phrase in enumerate(self._whole_phrases):
            if phrase not in folded:
                continue
            at = text.casefold().find(phrase)
            while at >= 0:
                token = f"\x00{n}\x00"
                kept[token] = text[at : at + len(phrase)]
                text = text[:at] + token + text[at + len(phrase) :]
                at = text.casefold().find(phrase)
        pieces = splitter(separators).split(text)
        answers = []
        for piece in pieces:
            for token, original in kept.items():
                piece = piece.replace(token, original)
            if piece.strip():
                answers.append(piece.strip())
        return answers

    def kin(self, a: str, b: str) -> bool:
        """Different motives of the same family ("close motives")."""
        family = self.get(a).family
        return a != b and family is not None and family == self.get(b).family

    def with_tag(self, tag: str) -> frozenset[str]:
        return self._tagged.get(tag, frozenset())

    def lookup(self, text: str) -> Motivation | None:
        """The entry a form's wording means, or None when nothing fits well.

        Ids and labels match exactly (ignoring case); other wording is compared
        on its content words, so "win recognition and prestige from my peers"
        finds the recognition entry while "free pizza" finds nothing.
        """
        key = text.strip().casefold()
        if key in self._exact:
            return self.get(self._exact[key])
        return self._lookup_words(tuple(content_words(text).split()))

    @lru_cache(maxsize=4096)  # noqa: B019 - one catalogue per process, few distinct answers
    def _lookup_words(self, words: tuple[str, ...]) -> Motivation | None:
        if not words:
            return None
        best_id, best_score = None, LOOKUP_CUTOFF
        for motivation_id, phrase in self._phrases:
            score = _word_overlap(words, phrase)
            if score > best_score:
                best_id, best_score = motivation_id, score
        return self.get(best_id) if best_id else None


LOOKUP_CUTOFF = 74.0
WORD_CUTOFF = 85.0

_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "through",
        "into",
        "about",
        "as",
        "is",
        "are",
        "am",
        "be",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "our",
        "you",
        "your",
        "yours",
        "they",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "because",
        "can",
        "could",
        "might",
        "may",
        "will",
        "would",
        "get",
        "gets",
        "getting",
        "want",
        "wants",
        "like",
        "some",
        "etc",
        "such",
        "so",
        "more",
        "most",
        "very",
        "really",
        "just",
        "also",
        "here",
        "there",
        "do",
        "does",
        "doing",
    }
)


def content_words(text: str) -> str:
    """Lower-case content words with simple plurals folded, for comparing wordings."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    kept = [_singular(w) for w in words if w not in _STOPWORDS]
    return " ".join(kept)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _word_overlap(query: tuple[str, ...], phrase: tuple[str, ...]) -> float:
    """Dice coefficient over words, a word matching when nearly equal (typos)."""
    from rapidfuzz import fuzz, process  # here: loading the catalogue needs none of it

    unmatched = list(phrase)
    matched = 0
    for word in query:
        hit = process.extractOne(word, unmatched, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
        if hit is not None:
            matched += 1
            unmatched.pop(hit[2])
    return 200.0 * matched / (len(query) + len(phrase))


@cache
def load_catalogue() -> Catalogue:
    raw = json.loads(data_file("motivations.json").read_text(encoding="utf-8"))
    motivations = tuple(
        Motivation(
            id=entry["id"],
            label=entry["label"],
            aim=entry["aim"],
            description=entry["description"],
            source=entry["source"],
            source_item=entry["source_item"],
            source_text=entry["source_text"],
            leaning=Leaning(entry["leaning"]) if entry["leaning"] else None,
            leaning_reason=entry["leaning_reason"],
            family=entry["family"],
            tags=frozenset(entry["tags"]),
            phrasings=tuple(entry.get("phrasings", ())),
        )
        for entry in raw["motivations"]
    )
    return Catalogue(motivations, dict(raw["sources"]))
