"""The part of an event's vocabulary that one person's matches need.

Merging typos compares every key with every other of its first letter
(``topics._merge_typos``): on 50,000 people that is most of a scorer's
making. One person's scores with everyone depend only on the topics that
person names (listed, or in their free text) and the families of those
topics, so ``TopicsNear`` works out the same merges only around
those keys: which key each of them merges into, and every key that merges
into the same one. The topics, their ids' order, labels and counts are
those of the whole vocabulary; every other spelling is unknown to it, which
changes no score of this person (``tests/test_topics_near.py``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import chain, count
from operator import attrgetter

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from matchmaker.core.profiles import Profile
from matchmaker.core.said import SaidBy
from matchmaker.core.topics import (
    MENTION_WORDS,
    TYPO_MIN_LENGTH,
    Keyed,
    Vocabulary,
    _could_be_typo,
    _digits,
    _singular,
    _typo_budget,
    canonical_key,
    free_words,
    listed_topics,
    load_aliases_keys,
    load_relations,
    mention_keys,
)

MOST_EDITS = 2  # the largest typo budget (``_typo_budget``)


class _Merges:
    """``_merge_typos``'s answer for one key at a time: keys are ranked the
    same way (alias topics first, then the more common, then alphabetical),
    and a key merges into the first earlier key of its letter (and with the
    same numbers in it) that it could be a typo of, and so on to where that
    one merges."""

    def __init__(self, counts: Mapping[str, int], protected: set[str]):
        self.protected = protected
        rank = {key: (key not in protected, -counts[key], key) for key in counts}
        self.groups: dict[tuple[str, str], list[str]] = {}
        self.group_of: dict[str, tuple[str, str]] = {}
        for key in counts:
            if len(key) >= TYPO_MIN_LENGTH:
                where = self.group_of[key] = (key[0], _digits(key))
                self.groups.setdefault(where, []).append(key)
        for group in self.groups.values():
            group.sort(key=rank.__getitem__)
        self.position = {key: i for group in self.groups.values() for i, key in enumerate(group)}
        self._into: dict[str, str | None] = {}

    def _close(self, key: str, others: Sequence[str]) -> list[tuple[int, int]]:
        """Which of ``others`` are within ``MOST_EDITS`` of ``key``, in
        order, and how far."""
        if not others:
            return []
        found = process.cdist(
            [key], others, scorer=OSA.distance, score_cutoff=MOST_EDITS, dtype=np.int32
        )[0]
        return [(int(i), int(found[i])) for i in np.flatnonzero(found <= MOST_EDITS)]

    def into(self, key: str) -> str | None:
        """The earlier key ``key`` is a typo of, if any."""
        if key in self._into:
            return self._into[key]
        found = None
        if key not in self.protected and key in self.position:
            earlier = self.groups[self.group_of[key]][: self.position[key]]
            budget = _typo_budget(key)
            for i, distance in self._close(key, earlier):
                other = earlier[i]
                allowed = min(budget, _typo_budget(other))
                if distance <= allowed and _could_be_typo(other, key, allowed):
                    found = other
                    break
        self._into[key] = found
        return found

    def final(self, key: str) -> str:
        while (into := self.into(key)) is not None:
            key = into
        return key

    def merged_into(self, final: str) -> set[str]:
        """Every key that merges into ``final``, itself included."""
        members, frontier = {final}, [final]
        while frontier:
            key = frontier.pop()
            if key not in self.position:
                continue
            later = self.groups[self.group_of[key]][self.position[key] + 1 :]
            for i, _ in self._close(key, later):
                other = later[i]
                if other not in members and self.into(other) == key:
                    members.add(other)
                    frontier.append(other)
        return members


LISTS = ("interests", "teach_listed", "learn_listed")  # the roles of a profile's lists


class _Speakers:
    """Who writes each spelling in each list, and each word in free text:
    what everyone says of a vocabulary's topics is read from its spellings
    and keys, and the free text of only those who may name one of them."""

    def __init__(self, profiles: Sequence[Profile]):
        self.profiles = profiles
        # Each list's spellings one after another, as numbers (a spelling's
        # number is the place it was first seen), with whose they are.
        self.spelling: dict[str, int] = {}
        self.listing: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        places = count()
        for role, attribute in zip(LISTS, ("interests", "can_teach", "want_to_learn"), strict=True):
            lists = list(map(attrgetter(attribute), profiles))
            numbers = map(
                self.spelling.setdefault, map(str.strip, chain.from_iterable(lists)), places
            )
            rows = np.repeat(np.arange(len(lists)), list(map(len, lists)))
            self.listing[role] = (rows, np.fromiter(numbers, dtype=np.int64, count=len(rows)))
        self.places = next(places)
        self.wording: dict[str, set[int]] = {}
        for row, p in enumerate(profiles):
            if p.contribute or p.problem:
                for word in free_words(p.contribute) | free_words(p.problem):
                    self.wording.setdefault(word, set()).add(row)
        self.written: dict[str, list[str]] = {}  # a word -> how free text writes it
        for word in self.wording:
            self.written.setdefault(_singular(word), []).append(word)
        self.aliases: dict[str, list[str]] = {}  # a key -> the keys of its short forms
        for alias, into in load_aliases_keys().items():
            self.aliases.setdefault(into, []).append(alias)

    def said_by(self, vocabulary: Vocabulary) -> SaidBy:
        """What everyone says of ``vocabulary``'s topics: in their lists, from
        its spellings; in free text, read from the profiles of those whose
        text has every word of one of its keys or their short forms (all who
        could name one: ``Vocabulary.mentions``)."""
        topic_of = np.full(self.places, -1, dtype=np.int64)  # by spelling number
        for text, topic in vocabulary.ids.items():
            if text in self.spelling:
                topic_of[self.spelling[text]] = topic
        listed = []
        for role in LISTS:
            rows, numbers = self.listing[role]
            topics = topic_of[numbers]
            known = topics >= 0
            listed.append((rows[known], topics[known]))
        writing: set[int] = set()
        for key in vocabulary.keys:
            for run in (key, *self.aliases.get(key, ())):
                writing |= self._writing(run.split(" "))
        read = {row: vocabulary.said(self.profiles[row]) for row in sorted(writing)}
        return SaidBy.listed(*listed) | SaidBy.of(read)

    def _writing(self, words: list[str]) -> set[int]:
        """Those whose free text has every one of ``words`` (as plurals too)."""
        if len(words) > MENTION_WORDS:
            return set()
        found: set[int] | None = None
        for word in words:
            writers = {row for w in self.written.get(word, ()) for row in self.wording[w]}
            found = writers if found is None else found & writers
            if not found:
                return set()
        return found or set()


class TopicsNear:
    """An event's spellings keyed and ranked once (the part of building a
    vocabulary that does not depend on the person), then the vocabulary
    around any one person (see the module's text), with what everyone says
    of it (``Vocabulary.said_by``): scoring one person reads the free text of
    a few, not everyone's profile."""

    def __init__(self, profiles: Sequence[Profile]):
        self.profiles = profiles
        self.keyed = Keyed.of(listed_topics(profiles))
        self.merges = _Merges(self.keyed.counts, set(self.keyed.canonical_names))
        self.speakers = _Speakers(profiles)

    def vocabulary(self, person: int) -> Vocabulary:
        """What the matches of the person at ``person`` need of the vocabulary."""
        keyed, merges, me = self.keyed, self.merges, self.profiles[person]
        named = {
            keyed.key_of.get(t.strip()) for t in (*me.interests, *me.can_teach, *me.want_to_learn)
        }
        named |= mention_keys(me.contribute) | mention_keys(me.problem)
        mine = {merges.final(key) for key in named if key is not None and key in keyed.counts}
        finals = set(mine)
        for spellings in load_relations().values():  # the families of their topics
            keys = {canonical_key(spelling) for spelling in spellings}
            if keys & mine:
                finals |= {merges.final(key) for key in keys if key in keyed.counts}
        final = {key: into for into in finals for key in merges.merged_into(into)}
        vocabulary = Vocabulary.assemble(keyed, final)
        return replace(vocabulary, said_by=self.speakers.said_by(vocabulary))
