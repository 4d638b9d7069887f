"""Topic normalisation: one id per topic however people spell it.

"Machine-Learning", "learning, machine", "machine learnings" and "machne
learning" merge; "Java"/"JavaScript", "R"/"Rust", "C"/"C++"/"C#" and
"hiking"/"biking" do not. An event's vocabulary is built once so that
scoring compares integer ids, never strings.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from matchmaker.core.paths import data_file
from matchmaker.core.said import Said, SaidBy

if TYPE_CHECKING:
    from matchmaker.core.profiles import Profile

# Typos are merged only between keys this long, by at most this many edits
# (an edit includes swapping two neighbours: "pyhton"). Shorter keys must
# match exactly: "scala"/"scale", "rust"/"rest" and "go"/"goa" are different
# things.
TYPO_MIN_LENGTH = 6
# Keys from which a group's distances are worked out on every core (starting
# threads costs more than a small group: 4,102 groups of up to 102 keys, from
# 50,000 people, took 2.6 s on threads and 0.5 s on one).
THREADED_GROUP = 1000
TYPO_LONG_LENGTH = 10
MENTION_WORDS = 4  # the longest topic name looked for in free text
SHORT_TOPIC = 3  # … and the longest key found there only as written ("Go", not "go")
_NEGATIONS = frozenset({"not", "no", "never", "without"})
_WORD = re.compile(r"[a-z0-9]+(?:[+#]+|(?:\.(?=[a-z0-9]))[a-z0-9]+)*|[+#]+")
_NOT_PLURAL = ("ss", "us", "is")
_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def topic_key(text: str) -> str:
    """Case, punctuation, word order and simple plurals folded away.

    ``+`` and ``#`` are kept, so C, C++ and C# stay apart.
    """
    words = _WORD.findall(text.casefold().replace("&", " and "))
    return " ".join(sorted(_singular(w) for w in words))


def _whole(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a word of its own, not part of "R&D" or "café"?"""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum() or "&" in (before, after))


def _as_written(written: str, label: str) -> bool:
    """A short topic in free text: written as its name or in capitals ("UX")."""
    letters = [ch for ch in written if ch.isalpha()]
    return written == label or (len(letters) > 1 and all(ch.isupper() for ch in letters))


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_NOT_PLURAL):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1]


@cache
def load_relations() -> dict[str, tuple[str, ...]]:
    """family name -> its topics' spellings, from ``data/topic_relations.json``."""
    raw = json.loads(data_file("topic_relations.json").read_text(encoding="utf-8"))
    return {name: tuple(members) for name, members in raw["families"].items()}


@cache
def load_aliases() -> dict[str, str]:
    """alias key -> canonical display name, from ``data/topic_aliases.json``."""
    raw = json.loads(data_file("topic_aliases.json").read_text(encoding="utf-8"))
    return aliases_from(raw)


def aliases_from(raw: Mapping[str, object]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, others in raw.items():
        if canonical.startswith("_") or not isinstance(others, list):
            continue
        for spelling in (canonical, *others):
            table[topic_key(spelling)] = canonical
    return table


@cache
def load_aliases_keys() -> dict[str, str]:
    """alias key -> the key of its canonical topic."""
    return {alias: topic_key(name) for alias, name in load_aliases().items()}


def canonical_key(text: str) -> str:
    """``topic_key`` with short forms resolved ("ML" -> "learning machine")."""
    key = topic_key(text)
    return load_aliases_keys().get(key, key)


def _typo_budget(key: str) -> int:
    if len(key) < TYPO_MIN_LENGTH:
        return 0
    return 1 if len(key) < TYPO_LONG_LENGTH else 2


def _digits(key: str) -> str:
    return "".join(ch for ch in key if ch.isdigit())


def _keyboard_neighbours() -> dict[str, set[str]]:
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_KEYBOARD_ROWS):
        for i, key in enumerate(row):
            for other_row in _KEYBOARD_ROWS[max(r - 1, 0) : r + 2]:
                near.setdefault(key, set()).update(other_row[max(i - 1, 0) : i + 2])
    return near


_NEAR = _keyboard_neighbours()


def _is_one_swap(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def _could_be_typo(a: str, b: str, budget: int) -> bool:
    """Edits a slip of the fingers makes: a missing, extra or swapped letter, or
    a neighbouring key. "hiking"/"biking" and "baking"/"biking" differ by letters
    far apart on the keyboard and stay apart; "python 2"/"python 3" never merge."""
    if a[0] != b[0] or _digits(a) != _digits(b):
        return False
    if _is_one_swap(a, b):
        return True
    ops = Levenshtein.editops(a, b)
    return len(ops) <= budget and all(
        op.tag != "replace" or b[op.dest_pos] in _NEAR.get(a[op.src_pos], ()) for op in ops
    )


def _runs(text: str) -> Iterator[tuple[str, str, int, int, bool]]:
    """Runs of up to ``MENTION_WORDS`` words of free text: the run's key,
    the topic key it stands for (aliases resolved), where it starts and
    ends, and whether "not", "no" or "never" comes right before it."""
    tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text.casefold())]
    for n in range(1, MENTION_WORDS + 1):
        for i in range(len(tokens) - n + 1):
            run = tokens[i : i + n]
            key = " ".join(sorted(_singular(word) for word, _, _ in run))
            negated = bool(i) and tokens[i - 1][0] in _NEGATIONS
            yield key, load_aliases_keys().get(key, key), run[0][1], run[-1][2], negated


def free_words(text: str) -> set[str]:
    """The words ``mentions`` reads in free text, plurals not folded yet
    (``_singular``): every run it looks up is made of some of these."""
    return set(_WORD.findall(text.casefold()))


def mention_keys(text: str) -> set[str]:
    """Every topic key free text could name (``Vocabulary.mentions``)."""
    return {wanted for _, wanted, _, _, _ in _runs(text)}


@dataclass(frozen=True)
class Vocabulary:
    """An event's topics: every raw spelling maps to a small integer id."""

    ids: Mapping[str, int]  # raw text (stripped) -> id
    labels: Sequence[str]  # id -> the display name
    keys: Sequence[str]  # id -> normalised key
    # Who of its event's people says what of these topics, where worked out
    # beforehand (``topics_near``); None: read from each profile (``said``).
    said_by: SaidBy | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.labels)

    def id_of(self, text: str) -> int | None:
        return self.ids.get(text.strip())

    def ids_of(self, texts: Iterable[str]) -> list[int]:
        """Distinct ids in first-seen order; unknown spellings are skipped."""
        seen: dict[int, None] = {}
        for text in texts:
            topic = self.ids.get(text.strip())
            if topic is not None:
                seen.setdefault(topic)
        return list(seen)

    def label(self, topic: int) -> str:
        return self.labels[topic]

    def lookup(self, text: str) -> int | None:
        """The topic a newly typed spelling belongs to: exact, by alias, or a
        small typo of a known topic (the same rules as ``build``); None if new."""
        known = self.ids.get(text.strip())
        if known is not None:
            return known
        key = canonical_key(text)
        if not key:
            return None
        by_key = self.by_key
        if key in by_key:
            return by_key[key]
        budget = _typo_budget(key)
        if budget == 0:
            return None
        candidates = [k for k in self.keys if k[:1] == key[:1] and _typo_budget(k)]
        hit = process.extractOne(key, candidates, scorer=OSA.distance, score_cutoff=budget)
        if hit is None or not _could_be_typo(hit[0], key, min(budget, _typo_budget(hit[0]))):
            return None
        return by_key[hit[0]]

    def mentions(self, text: str) -> list[int]:
        """Topics of this vocabulary named in free text ("I need SQL for a
        promotion" names SQL): runs of up to four whole words matched like
        topics. Never a one-letter topic ("R", "C"), never part of a word
        joined by "&" ("R&D"), never right after "not", "no" or "never" ("Not
        C++"); a topic of three letters or fewer counts only as its name or
        an alias is written, or in capitals ("Go", "UX", never "go")."""
        found: dict[int, None] = {}
        if not text:
            return []
        for key, wanted, start, end, negated in _runs(text):
            topic = self.by_key.get(wanted)
            if topic is None or len(self.keys[topic]) < 2:
                continue
            if not _whole(text, start, end) or negated:
                continue
            written = text[start:end]
            if len(key) <= SHORT_TOPIC and not _as_written(written, self.labels[topic]):
                continue
            found.setdefault(topic)
        return list(found)

    def said(self, profile: Profile) -> Said:
        """What ``profile`` says about this vocabulary's topics, role by role."""
        teach, learn = self.ids_of(profile.can_teach), self.ids_of(profile.want_to_learn)
        offers = [t for t in self.mentions(profile.contribute) if t not in learn]
        return Said(
            tuple(self.ids_of(profile.interests)),
            tuple(teach),
            tuple(learn),
            tuple(offers),
            tuple(self.mentions(profile.problem)),
        )

    @cached_property
    def by_key(self) -> dict[str, int]:
        return {key: index for index, key in enumerate(self.keys)}

    def families(self) -> dict[int, str]:
        """topic id -> the family it belongs to (``data/topic_relations.json``)."""
        family_of: dict[int, str] = {}
        for family, members in load_relations().items():
            for spelling in members:
                topic = self.by_key.get(canonical_key(spelling))
                if topic is not None:
                    family_of.setdefault(topic, family)
        return family_of

    def same(self, a: str, b: str) -> bool:
        first, second = self.id_of(a), self.id_of(b)
        return first is not None and first == second

    @classmethod
    def build(cls, texts: Iterable[str], aliases: Mapping[str, str] | None = None) -> Vocabulary:
        """Merge spellings: exact key, then alias, then small typos towards the
        more common spelling. Deterministic for the same multiset of texts."""
        keyed = Keyed.of(texts, aliases)
        merged = _merge_typos(keyed.counts, protected=set(keyed.canonical_names))
        return cls.assemble(keyed, {key: merged.get(key, key) for key in keyed.counts})

    @classmethod
    def assemble(cls, keyed: Keyed, final: Mapping[str, str]) -> Vocabulary:
        """The vocabulary of the keys in ``final`` (key -> the key it merges
        into); spellings of other keys are unknown to it."""
        final_keys = sorted(set(final.values()))
        id_of_key = {key: index for index, key in enumerate(final_keys)}
        label_votes: dict[str, Counter[str]] = {key: Counter() for key in final_keys}
        for key, into in final.items():
            label_votes[into].update(keyed.spellings[key])
        labels = [_label(key, label_votes[key], keyed.canonical_names) for key in final_keys]
        ids = {raw: id_of_key[final[key]] for raw, key in keyed.key_of.items() if key in final}
        return cls(ids, labels, final_keys)


@dataclass(frozen=True)
class Keyed:
    """Spellings folded to keys (``topic_key``, then aliases), with how often
    each key was written: the first step of building a vocabulary."""

    key_of: dict[str, str]  # raw text (stripped) -> its key
    counts: Counter[str]  # key -> how many times it was written
    spellings: dict[str, Counter[str]]  # key -> its raw spellings and their counts
    canonical_names: dict[str, str]  # key of an alias file's topic -> its name

    @classmethod
    def of(cls, texts: Iterable[str], aliases: Mapping[str, str] | None = None) -> Keyed:
        aliases = load_aliases() if aliases is None else aliases
        alias_target = {alias: topic_key(name) for alias, name in aliases.items()}
        raw_counts = Counter(map(str.strip, texts))  # counted in C: 350,000 topics in 0.1 s
        raw_counts.pop("", None)  # nothing but blanks is no topic
        key_of: dict[str, str] = {}
        key_counts: Counter[str] = Counter()
        spellings: dict[str, Counter[str]] = {}
        for raw, count in raw_counts.items():
            key = topic_key(raw)
            key = alias_target.get(key, key)
            if not key:
                continue
            key_of[raw] = key
            key_counts[key] += count
            spellings.setdefault(key, Counter())[raw] += count
        return cls(key_of, key_counts, spellings, {topic_key(v): v for v in aliases.values()})


def listed_topics(profiles: Iterable[Profile]) -> Iterator[str]:
    """Every topic anyone listed (interests, can teach, want to learn)."""
    return chain.from_iterable(chain.from_iterable(map(_LISTS, profiles)))


_LISTS = attrgetter("interests", "can_teach", "want_to_learn")  # a profile's lists of topics


def event_vocabulary(profiles: Iterable[Profile]) -> Vocabulary:
    """An event's topics: every topic anyone listed (interests, can teach,
    want to learn), merged. Matching and the overview count the same topics."""
    return Vocabulary.build(listed_topics(profiles))


def _label(key: str, votes: Counter[str], canonical_names: Mapping[str, str]) -> str:
    """The most common spelling people used, unless they only used short forms
    ("ML"), in which case the alias file's name ("machine learning")."""
    written_out = {raw: n for raw, n in votes.items() if topic_key(raw) == key}
    if not written_out and key in canonical_names:
        return canonical_names[key]
    return min((written_out or votes).items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _merge_typos(counts: Mapping[str, int], protected: set[str]) -> dict[str, str]:
    """Map each key that is a likely typo of a more common key onto that key.

    Compared within groups that share a first letter and the numbers in
    them, with rapidfuzz's vectorised edit distance; a protected
    (alias-canonical) key never moves.
    """
    by_initial: dict[tuple[str, str], list[str]] = {}
    for key in counts:  # a typo never changes a number: "python 2" is not "python 3"
        if len(key) >= TYPO_MIN_LENGTH:
            by_initial.setdefault((key[0], _digits(key)), []).append(key)
    # More common first; ties alphabetical, so the result never depends on input order.
    rank = {key: (key not in protected, -counts[key], key) for key in counts}
    merged: dict[str, str] = {}
    for group in by_initial.values():
        if len(group) < 2:
            continue
        group.sort(key=rank.__getitem__)
        workers = -1 if len(group) >= THREADED_GROUP else 1  # threads cost more than a small group
        distances = process.cdist(
            group, group, scorer=OSA.distance, score_cutoff=2, dtype=np.int32, workers=workers
        )
        budgets = np.array([_typo_budget(key) for key in group])
        for j in range(1, len(group)):
            if group[j] in protected:
                continue
            # Only the few keys close enough are looked at in Python, in order.
            allowed = np.minimum(budgets[j], budgets[:j])
            close = distances[:j, j] <= allowed
            for i in np.flatnonzero(close).tolist():
                if _could_be_typo(group[i], group[j], int(allowed[i])):
                    merged[group[j]] = merged.get(group[i], group[i])
                    break
    return merged
