"""Compatibility scores: an integer 0–100 for every pair, from named
components whose weights live here, computed with sparse matrix products so a
whole room (or one person against ten thousand) takes milliseconds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import log
from typing import TypeAlias

import numpy as np
from scipy import sparse

from matchmaker.catalogue import Catalogue, load_catalogue
from matchmaker.orientation import FIT_TABLE
from matchmaker.orientation import code as orientation_code
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
COMPONENT_LABELS = {
    "interests": "shared interests",
    "teaching": "teaching and learning",
    "motivations": "motivations",
    "orientation": "process–result fit",
}
INTEREST_FULL = 1.5  # shared rarity at which the interest component is full
TEACH_ONE_TOPIC = 0.75  # a direction with one topic …
TEACH_EXTRA_TOPIC = 0.10  # … and each further topic
TUTOR_BOOST = 1.25  # the teacher is motivated by learning through tutoring
TEACH_BEST, TEACH_OTHER = 0.6, 0.4  # mutual teaching counts more than one-way
MOTIVE_SHARED, MOTIVE_COMPLEMENT = 0.6, 0.4
# Motivation tags that complete each other: someone who learns by teaching
# and someone seeking training; someone who thinks through debate and someone
# who wants feedback on their understanding.
COMPLEMENTS = (("tutoring", "seeks-training"), ("debate", "seeks-feedback"))


Part: TypeAlias = np.ndarray | sparse.csr_matrix


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
        self.tags: dict[str, np.ndarray] = {
            tag: np.asarray(
                self.motives[:, [column[m] for m in self.catalogue.with_tag(tag)]].any(axis=1)
            )
            for pair in COMPLEMENTS
            for tag in pair
        }
        self.orientation_code = np.array(
            [orientation_code(p.orientation) for p in self.profiles], dtype=np.intp
        )
        # Row i of ``complement_own`` · row j of ``complement_wanted`` > 0 when
        # i and j complete each other in either direction (see COMPLEMENTS).
        own = [self.tags[t] for pair in COMPLEMENTS for t in pair]
        wanted = [self.tags[t] for pair in COMPLEMENTS for t in reversed(pair)]
        self.complement_own = np.column_stack(own).astype(np.float64)
        self.complement_wanted = np.column_stack(wanted).astype(np.float64)

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

    def components(self, rows: np.ndarray, cols: np.ndarray) -> dict[str, Part]:
        """Each component for every row × column pair; topic-based ones stay sparse."""
        interests = (self.weighted_topics[rows] @ self.topics[cols].T).tocsr()
        interests.data = np.minimum(1.0, interests.data / INTEREST_FULL)

        tutor = self.tags["tutoring"]
        forward = _direction(self.teach[rows] @ self.learn[cols].T, tutor[rows], by_row=True)
        backward = _direction(self.learn[rows] @ self.teach[cols].T, tutor[cols], by_row=False)
        # 0.6 × the stronger direction + 0.4 × the weaker, written so it stays sparse.
        teaching = TEACH_OTHER * (forward + backward) + (
            TEACH_BEST - TEACH_OTHER
        ) * forward.maximum(backward)

        common = self.motives[rows] @ self.motives[cols].T
        smaller = np.minimum(self.motive_counts[rows][:, None], self.motive_counts[cols][None, :])
        overlap = common / np.maximum(smaller, 1.0)  # common is 0 wherever smaller is
        complement = (self.complement_own[rows] @ self.complement_wanted[cols].T) > 0
        motivations = np.minimum(1.0, MOTIVE_SHARED * overlap + MOTIVE_COMPLEMENT * complement)

        orientation = FIT_TABLE[
            self.orientation_code[rows][:, None], self.orientation_code[cols][None, :]
        ]
        return {
            "interests": interests,
            "teaching": teaching.tocsr(),
            "motivations": motivations,
            "orientation": orientation,
        }

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self._scores(self.components(rows, cols), rows, cols)

    @staticmethod
    def _scores(parts: dict[str, Part], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The weighted sum of the components, as integer scores."""
        total = WEIGHTS["motivations"] * parts["motivations"]
        total += WEIGHTS["orientation"] * parts["orientation"]
        for name in ("interests", "teaching"):
            part = sparse.coo_matrix(parts[name])
            total[part.row, part.col] += WEIGHTS[name] * part.data
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
        rows, cols = np.array([a]), np.array([b])
        parts = self.components(rows, cols)
        score = int(self._scores(parts, rows, cols)[0, 0])
        return score, Components(**{name: float(parts[name][0, 0]) for name in COMPONENTS})


def _direction(counts: sparse.spmatrix, tutor: np.ndarray, by_row: bool) -> sparse.csr_matrix:
    """How strongly one side can teach the other, from the number of topics,
    boosted when the teacher (the row's person, or the column's) learns by teaching."""
    k = sparse.csr_matrix(counts)
    teacher = np.repeat(np.arange(k.shape[0]), np.diff(k.indptr)) if by_row else k.indices
    boost = np.where(tutor[teacher], TUTOR_BOOST, 1.0)
    k.data = np.minimum(1.0, (TEACH_ONE_TOPIC + TEACH_EXTRA_TOPIC * (k.data - 1)) * boost)
    return k


def rarity(counts: np.ndarray, people: int) -> np.ndarray:
    """1 for a topic only two people share, falling to 0 for one everybody lists."""
    if people <= 2:
        return np.ones_like(counts, dtype=np.float64)
    scale = log(people / 2)
    with np.errstate(divide="ignore"):
        value = np.log(people / np.maximum(counts, 1)) / scale
    return np.clip(value, 0.0, 1.0)
