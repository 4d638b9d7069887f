"""Compatibility scores: an integer 0–100 for every pair, from four named
components whose weights live here, computed with sparse matrix products so a
whole room (or one person against ten thousand) takes milliseconds.

Each topic counts once per pair, under its strongest relation: one can teach
what the other wants to learn (*teaching*), else both want to learn it
(*study partners*), else both are into it or can teach it (*shared
interest*). Different topics of one family ("bouldering", "climbing") give
partial credit when the two share no topic of that family. ``reasons.py``
says the same in words, relation by relation, so every reason is true of the
two profiles and every point has a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import log
from typing import TypeAlias

import numpy as np
from scipy import sparse

from matchmaker.catalogue import Catalogue, load_catalogue
from matchmaker.orientation import code as orientation_code
from matchmaker.orientation import fit, table
from matchmaker.profiles import Profile
from matchmaker.topics import Vocabulary, event_vocabulary

# The one place the weights live; they add up to 1.
WEIGHTS = {
    "topics": 0.35,  # shared topics and study partners, rarer topics counting more
    "teaching": 0.30,  # one can teach what the other wants to learn
    "motivations": 0.20,  # the same, close or complementary reasons for coming
    "orientation": 0.15,  # closeness on process vs result
}
COMPONENTS = tuple(WEIGHTS)
COMPONENT_LABELS = {
    "topics": "shared topics",
    "teaching": "teaching and learning",
    "motivations": "motivations",
    "orientation": "process–result fit",
}
TOPICS_FULL = 1.5  # rarity-weighted shared topics at which the topic component is full
STUDY_PARTNERS = 0.8  # a topic both want to learn, against one both are into
RELATED = 0.5  # related topics of one family, against one shared topic
TEACH_ONE_TOPIC = 0.75  # a direction with one topic …
TEACH_EXTRA_TOPIC = 0.10  # … and each further topic
TUTOR_BOOST = 1.25  # the teacher is motivated by learning through tutoring
TEACH_BEST, TEACH_OTHER = 0.6, 0.4  # mutual teaching counts more than one-way
MOTIVE_SHARED = 0.6  # the share of the smaller set of motives in common …
MOTIVE_CLOSE = 0.5  # … where a close motive (same family) counts half …
MOTIVE_MAIN = 0.2  # … plus this when one person's main reason is the other's too …
MOTIVE_COMPLEMENT = 0.4  # … or when their motives complete each other on a topic
# Motivation tags that complete each other: someone who learns by teaching and
# someone seeking training (when the first can teach the second something they
# want); someone who thinks through debate and someone who wants feedback on
# their understanding (when they share a topic to talk about).
TUTORING, SEEKS_TRAINING, DEBATE, SEEKS_FEEDBACK = (
    "tutoring",
    "seeks-training",
    "debate",
    "seeks-feedback",
)

Part: TypeAlias = np.ndarray | sparse.csr_matrix
EPSILON = 1e-9  # below this a sum of weights is zero that rounding left over
FIT_TABLE = np.array(table(fit))  # closeness on process vs result, by orientation code


@dataclass(frozen=True)
class Components:
    """Each component in 0..1, for one pair."""

    topics: float
    teaching: float
    motivations: float
    orientation: float

    def points(self) -> dict[str, float]:
        return {name: 100 * WEIGHTS[name] * getattr(self, name) for name in COMPONENTS}

    @property
    def substantive(self) -> bool:
        """Something in common beyond pace: a topic, teaching, or a motive."""
        return self.topics > 0 or self.teaching > 0 or self.motivations > 0


def to_score(total: np.ndarray) -> np.ndarray:
    """0..1 totals to integer 0..100, halves rounded up (not to even)."""
    return np.clip(np.floor(total * 100 + 0.5 + 1e-9), 0, 100).astype(np.int16)


def _bool(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    out = sparse.csr_matrix(matrix, dtype=np.float64)
    out.data = (out.data > 0).astype(np.float64)
    out.eliminate_zeros()
    return out


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
        self.vocabulary = vocabulary or event_vocabulary(self.profiles)
        n, v = len(self.profiles), len(self.vocabulary)
        vocab = self.vocabulary
        # Who can teach and who wants to learn each topic: from the lists, and
        # from the free-text answers (an offer of help, a problem to solve).
        self.offers = self._incidence([vocab.mentions(p.contribute) for p in self.profiles], v)
        self.problems = self._incidence([vocab.mentions(p.problem) for p in self.profiles], v)
        self.teach_listed = self._incidence([vocab.ids_of(p.can_teach) for p in self.profiles], v)
        self.learn_listed = self._incidence(
            [vocab.ids_of(p.want_to_learn) for p in self.profiles], v
        )
        interests = self._incidence([vocab.ids_of(p.interests) for p in self.profiles], v)
        self.teach = _bool(self.teach_listed + self.offers)
        self.learn = _bool(self.learn_listed + self.problems)
        self.into = _bool(interests + self.teach)  # interests, or can teach
        listed = _bool(interests + self.teach_listed + self.learn_listed)
        self.listed = listed  # any topic a person wrote in a list, in any role
        self.topic_counts = np.asarray(listed.sum(axis=0)).ravel()
        # Everything a person says about a topic, lists and free text: a family
        # with any of it in common between two people gives no related credit.
        self.known = _bool(listed + self.teach + self.learn)
        self.rarity = rarity(self.topic_counts, n)

        # The disjoint roles a person has on a topic, for "strongest relation only".
        self.pure_learn = _bool(self.learn - self.learn.multiply(self.teach))  # learns, can't teach
        only_teach = _bool(self.teach - self.teach.multiply(self.learn))  # teaches, not learning
        only_into = _bool(self.into - self.into.multiply(self.learn) - only_teach)
        r = sparse.diags(self.rarity)
        # Shared interest = N·Kᵀ + K·Nᵀ − N·Nᵀ + Tc·Tcᵀ (N: only into; K: into;
        # Tc: only teaches), study partners = P·Pᵀ (P: learns, can't teach); one
        # product of stacked blocks gives the rarity-weighted sum of both.
        self._topic_left = sparse.hstack(
            [
                only_into @ r,
                self.into @ r,
                -(only_into @ r),
                only_teach @ r,
                STUDY_PARTNERS * (self.pure_learn @ r),
            ]
        ).tocsr()
        self._topic_right = sparse.hstack(
            [self.into, only_into, only_into, only_teach, self.pure_learn]
        ).tocsr()
        self.only_into, self.only_teach = only_into, only_teach
        self._families(self.known)

        column = {m.id: i for i, m in enumerate(self.catalogue)}
        self.motives = np.zeros((n, len(column)), dtype=np.float64)
        self.main = np.zeros((n, len(column)), dtype=np.float64)
        for row, p in enumerate(self.profiles):
            for m in p.motivations:
                if m in column:
                    self.motives[row, column[m]] = 1.0
            if p.main_motivation in column:
                self.main[row, column[p.main_motivation]] = 1.0
        self.motive_counts = self.motives.sum(axis=1)
        ids = list(column)
        self.kin = np.array(
            [[float(self.catalogue.kin(a, b)) for b in ids] for a in ids], dtype=np.float64
        )
        self.tags: dict[str, np.ndarray] = {
            tag: np.asarray(
                self.motives[:, [column[m] for m in self.catalogue.with_tag(tag)]].any(axis=1)
            )
            for tag in (TUTORING, SEEKS_TRAINING, DEBATE, SEEKS_FEEDBACK)
        }
        self.orientation_code = np.array(
            [orientation_code(p.orientation) for p in self.profiles], dtype=np.intp
        )

    def _incidence(self, lists: Sequence[Sequence[int]], width: int) -> sparse.csr_matrix:
        rows = [row for row, items in enumerate(lists) for _ in items]
        cols = [topic for items in lists for topic in items]
        data = np.ones(len(rows), dtype=np.float64)
        return _bool(sparse.csr_matrix((data, (rows, cols)), shape=(len(lists), width)))

    def _families(self, listed: sparse.csr_matrix) -> None:
        """Related topics: the families each person lists topics of, weighted by
        how rare the family is; a family with a topic in common gives no credit."""
        self.family_of = self.vocabulary.families()
        self.family_names = sorted(set(self.family_of.values()))
        topics = np.array(list(self.family_of), dtype=np.int64)
        families = np.array(
            [self.family_names.index(f) for f in self.family_of.values()], dtype=np.int64
        )
        member = sparse.csr_matrix(
            (np.ones(len(topics)), (topics, families)),
            shape=(len(self.vocabulary), len(self.family_names)),
        )
        count = sparse.csr_matrix(listed @ member)  # topics each person lists in each family
        self.in_family = _bool(count)
        weight = rarity(np.asarray(self.in_family.sum(axis=0)).ravel(), len(self.profiles))
        self._family_weight = sparse.diags(weight)
        # Where nobody lists two topics of a family, "a topic in common" is a
        # plain product; the few families where someone does are checked one by one.
        crowded = np.asarray((count > 1).sum(axis=0)).ravel() > 0
        plain = topics[~crowded[families]]
        topic_weight = np.zeros(len(self.vocabulary))
        topic_weight[plain] = weight[families[~crowded[families]]]
        self._plain_topics = (listed @ sparse.diags((topic_weight > 0).astype(float))).tocsr()
        self._plain_weighted = (listed @ sparse.diags(topic_weight)).tocsr()
        self._crowded = [
            (weight[f], (listed @ sparse.diags(member[:, f].toarray().ravel())).tocsr())
            for f in np.flatnonzero(crowded)
        ]

    def __len__(self) -> int:
        return len(self.profiles)

    # --- the components, for a block of rows × columns ---------------------

    def related(self, rows: np.ndarray, cols: np.ndarray) -> sparse.csr_matrix:
        """Families both list with no topic of the family in common, weighted."""
        both = (self.in_family[rows] @ self._family_weight) @ self.in_family[cols].T
        out = sparse.csr_matrix(both - self._plain_weighted[rows] @ self._plain_topics[cols].T)
        for weight, topics in self._crowded:
            out = out - weight * _bool(topics[rows] @ topics[cols].T)
        out = sparse.csr_matrix(out)
        out.data[out.data < EPSILON] = 0.0  # what cancelled out exactly, but for rounding
        out.eliminate_zeros()
        return out

    def components(self, rows: np.ndarray, cols: np.ndarray) -> dict[str, Part]:
        """Each component for every row × column pair; topic-based ones stay sparse."""
        shared = self._topic_left[rows] @ self._topic_right[cols].T
        shared = sparse.csr_matrix(shared)
        shared.data[shared.data < EPSILON] = 0.0
        shared.eliminate_zeros()
        topics = sparse.csr_matrix(shared + RELATED * self.related(rows, cols))
        topics.data = np.minimum(1.0, topics.data / TOPICS_FULL)

        forward_count = sparse.csr_matrix(self.teach[rows] @ self.learn[cols].T)
        backward_count = sparse.csr_matrix(self.learn[rows] @ self.teach[cols].T)
        tutor = self.tags[TUTORING]
        forward = _direction(forward_count, tutor[rows], by_row=True)
        backward = _direction(backward_count, tutor[cols], by_row=False)
        # 0.6 × the stronger direction + 0.4 × the weaker, written so it stays sparse.
        teaching = TEACH_OTHER * (forward + backward) + (
            TEACH_BEST - TEACH_OTHER
        ) * forward.maximum(backward)

        m_rows, m_cols = self.motives[rows], self.motives[cols]
        common = m_rows @ m_cols.T
        close = (m_rows @ self.kin @ m_cols.T) > 0
        smaller = np.minimum(self.motive_counts[rows][:, None], self.motive_counts[cols][None, :])
        # A close motive counts as half a shared one, but never more than one motive's worth.
        overlap = (common + MOTIVE_CLOSE * close) / np.maximum(smaller, 1.0)
        main = (self.main[rows] @ m_cols.T + m_rows @ self.main[cols].T) > 0
        any_topic = (
            (shared > 0).toarray() | (forward_count > 0).toarray() | (backward_count > 0).toarray()
        )
        complement = self._complements(rows, cols, forward_count, backward_count, any_topic)
        motivations = np.minimum(
            1.0,
            MOTIVE_SHARED * np.minimum(overlap, 1.0)
            + MOTIVE_MAIN * main
            + MOTIVE_COMPLEMENT * complement,
        )

        orientation = FIT_TABLE[
            self.orientation_code[rows][:, None], self.orientation_code[cols][None, :]
        ]
        return {
            "topics": topics,
            "teaching": teaching.tocsr(),
            "motivations": motivations,
            "orientation": orientation,
        }

    def _complements(
        self,
        rows: np.ndarray,
        cols: np.ndarray,
        forward: sparse.csr_matrix,
        backward: sparse.csr_matrix,
        any_topic: np.ndarray,
    ) -> np.ndarray:
        """Motives that complete each other, each only on a topic: the one who
        learns by teaching can teach the one seeking training something they
        want; debate and feedback share a topic to talk about."""
        t, s = self.tags[TUTORING], self.tags[SEEKS_TRAINING]
        d, f = self.tags[DEBATE], self.tags[SEEKS_FEEDBACK]
        tutoring = (t[rows][:, None] & s[cols][None, :] & (forward > 0).toarray()) | (
            s[rows][:, None] & t[cols][None, :] & (backward > 0).toarray()
        )
        debate = (d[rows][:, None] & f[cols][None, :]) | (f[rows][:, None] & d[cols][None, :])
        return np.asarray(tutoring | (debate & any_topic))

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self._scores(self.components(rows, cols), rows, cols)

    @staticmethod
    def _scores(parts: dict[str, Part], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The weighted sum of the components, as integer scores."""
        total = WEIGHTS["motivations"] * parts["motivations"]
        total += WEIGHTS["orientation"] * parts["orientation"]
        for name in ("topics", "teaching"):
            part = sparse.coo_matrix(parts[name])
            total[part.row, part.col] += WEIGHTS[name] * part.data
        scores = to_score(total)
        scores[rows[:, None] == cols[None, :]] = 0  # nobody is matched with themselves
        return scores

    def substance(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Which pairs have something in common beyond pace (see ``Components``)."""
        parts = self.components(rows, cols)
        found = np.asarray(parts["motivations"] > 0)
        for name in ("topics", "teaching"):
            part = sparse.coo_matrix(parts[name])
            found[part.row, part.col] |= part.data > 0
        found[rows[:, None] == cols[None, :]] = False
        return found

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
