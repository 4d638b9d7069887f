"""Compatibility scores: an integer 0–100 for every pair, from named
components whose weights live here, computed with sparse matrix products so a
whole room (or one person against ten thousand) takes milliseconds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import log

import numpy as np
from scipy import sparse

from matchmaker.catalogue import Catalogue, load_catalogue
from matchmaker.profiles import Profile
from matchmaker.topics import Vocabulary

# The one place the weights live; they add up to 1.
WEIGHTS = {
    "interests": 0.35,  # shared topics, rarer ones counting more
    "teaching": 0.30,  # one can teach what the other wants to learn
    "motivations": 0.20,  # shared or complementary reasons for coming
    "orientation": 0.15,  # closeness on process vs result
}
COMPONENTS = tuple(WEIGHTS)
INTEREST_FULL = 1.5  # shared rarity at which the interest component is full
TEACH_ONE_TOPIC = 0.75  # a direction with one topic …
TEACH_EXTRA_TOPIC = 0.10  # … and each further topic
TUTOR_BOOST = 1.25  # the teacher is motivated by learning through tutoring
TEACH_BEST, TEACH_OTHER = 0.6, 0.4  # mutual teaching counts more than one-way
MOTIVE_SHARED, MOTIVE_COMPLEMENT = 0.6, 0.4
UNKNOWN_ORIENTATION = 0.5
# Motivation tags that complete each other: someone who learns by teaching
# and someone seeking training; someone who thinks through debate and someone
# who wants feedback on their understanding.
COMPLEMENTS = (("tutoring", "seeks-training"), ("debate", "seeks-feedback"))


@dataclass(frozen=True)
class Components:
    """Each component in 0..1, for one pair."""

    interests: float
    teaching: float
    motivations: float
    orientation: float

    def points(self) -> dict[str, float]:
        return {name: 100 * WEIGHTS[name] * getattr(self, name) for name in COMPONENTS}


def to_score(total: np.ndarray) -> np.ndarray:
    """0..1 totals to integer 0..100, halves rounded up (not to even)."""
    return np.clip(np.floor(total * 100 + 0.5 + 1e-9), 0, 100).astype(np.int16)


class EventScorer:
    """An event's profiles as vectors, ready to score any block of pairs."""

    def __init__(
        self,
        profiles: Sequence[Profile],
        catalogue: Catalogue | None = None,
        vocabulary: Vocabulary | None = None,
    ):
        self.profiles = list(profiles)
        self.catalogue = catalogue or load_catalogue()
        self.vocabulary = vocabulary or Vocabulary.build(
            t for p in self.profiles for t in (*p.interests, *p.can_teach, *p.want_to_learn)
        )
        n, v = len(self.profiles), len(self.vocabulary)
        self.teach = self._incidence([p.can_teach for p in self.profiles], v)
        self.learn = self._incidence([p.want_to_learn for p in self.profiles], v)
        interests = self._incidence([p.interests for p in self.profiles], v)
        self.topics = ((interests + self.teach + self.learn) > 0).astype(np.float64).tocsr()
        self.topic_counts = np.asarray(self.topics.sum(axis=0)).ravel()
        self.rarity = rarity(self.topic_counts, n)
        self.weighted_topics = self.topics.multiply(self.rarity).tocsr()

        motivation_ids = [m.id for m in self.catalogue]
        column = {m: i for i, m in enumerate(motivation_ids)}
        self.motives = np.zeros((n, len(motivation_ids)), dtype=np.float64)
        for row, p in enumerate(self.profiles):
            for m in p.motivations:
                if m in column:
                    self.motives[row, column[m]] = 1.0
        self.motive_counts = self.motives.sum(axis=1)
        self.tags = {
            tag: self.motives[:, [column[m] for m in self.catalogue.with_tag(tag)]].any(axis=1)
            for pair in COMPLEMENTS
            for tag in pair
        }
        self.orientation = np.array(
            [np.nan if p.orientation is None else float(p.orientation) for p in self.profiles]
        )

    def _incidence(self, lists: Sequence[Sequence[str]], width: int) -> sparse.csr_matrix:
        rows, cols = [], []
        for row, items in enumerate(lists):
            for topic in self.vocabulary.ids_of(items):
                rows.append(row)
                cols.append(topic)
        data = np.ones(len(rows), dtype=np.float64)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(lists), width))

    def __len__(self) -> int:
        return len(self.profiles)

    # --- the components, for a block of rows × columns ---------------------

    def components(self, rows: np.ndarray, cols: np.ndarray) -> dict[str, np.ndarray]:
        shared = (self.weighted_topics[rows] @ self.topics[cols].T).toarray()
        interests = np.minimum(1.0, shared / INTEREST_FULL)

        forward = self._direction(
            self.teach[rows] @ self.learn[cols].T, self.tags["tutoring"][rows][:, None]
        )
        backward = self._direction(
            self.learn[rows] @ self.teach[cols].T, self.tags["tutoring"][cols][None, :]
        )
        teaching = TEACH_BEST * np.maximum(forward, backward) + TEACH_OTHER * np.minimum(
            forward, backward
        )

        common = self.motives[rows] @ self.motives[cols].T
        smaller = np.minimum(self.motive_counts[rows][:, None], self.motive_counts[cols][None, :])
        overlap = np.divide(common, smaller, out=np.zeros_like(common), where=smaller > 0)
        complement = np.zeros_like(common, dtype=bool)
        for first, second in COMPLEMENTS:
            a, b = self.tags[first], self.tags[second]
            complement |= (a[rows][:, None] & b[cols][None, :]) | (
                b[rows][:, None] & a[cols][None, :]
            )
        motivations = np.minimum(1.0, MOTIVE_SHARED * overlap + MOTIVE_COMPLEMENT * complement)

        distance = np.abs(self.orientation[rows][:, None] - self.orientation[cols][None, :])
        orientation = np.where(np.isnan(distance), UNKNOWN_ORIENTATION, 1.0 - distance / 4.0)
        return {
            "interests": interests,
            "teaching": teaching,
            "motivations": motivations,
            "orientation": orientation,
        }

    @staticmethod
    def _direction(counts: sparse.spmatrix, tutor: np.ndarray) -> np.ndarray:
        k = counts.toarray()
        strength = (TEACH_ONE_TOPIC + TEACH_EXTRA_TOPIC * (k - 1)) * np.where(
            tutor, TUTOR_BOOST, 1.0
        )
        return np.where(k > 0, np.minimum(1.0, strength), 0.0)

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        parts = self.components(rows, cols)
        total = sum(WEIGHTS[name] * parts[name] for name in COMPONENTS)
        scores = to_score(total)
        scores[rows[:, None] == cols[None, :]] = 0  # nobody is matched with themselves
        return scores

    def matrix(self, chunk: int = 2048) -> np.ndarray:
        """The whole symmetric score matrix, diagonal 0."""
        n = len(self)
        everyone = np.arange(n)
        out = np.zeros((n, n), dtype=np.int16)
        for start in range(0, n, chunk):
            rows = everyone[start : start + chunk]
            out[rows] = self.block(rows, everyone)
        return out

    def row(self, person: int) -> np.ndarray:
        return self.block(np.array([person]), np.arange(len(self)))[0]

    def pair(self, a: int, b: int) -> tuple[int, Components]:
        parts = self.components(np.array([a]), np.array([b]))
        score = int(self.block(np.array([a]), np.array([b]))[0, 0])
        return score, Components(**{name: float(parts[name][0, 0]) for name in COMPONENTS})


def rarity(counts: np.ndarray, people: int) -> np.ndarray:
    """1 for a topic only two people share, falling to 0 for one everybody lists."""
    if people <= 2:
        return np.ones_like(counts, dtype=np.float64)
    scale = log(people / 2)
    with np.errstate(divide="ignore"):
        value = np.log(people / np.maximum(counts, 1)) / scale
    return np.clip(value, 0.0, 1.0)
