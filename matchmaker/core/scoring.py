"""Compatibility scores: an integer 0–100 for every pair, from four named
components (their weights live in ``score_weights.py``), computed with sparse
matrix products and table lookups so a
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

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeAlias

import numpy as np
from scipy import sparse

try:  # scipy's own CSR-to-dense loop, which adds into its output (see ``_add``); private,
    from scipy.sparse._sparsetools import csr_todense  # so a scipy without it falls back
except ImportError:  # pragma: no cover (every scipy from 1.11 to 1.17 has it)
    csr_todense = None

from matchmaker.core.catalogue import Catalogue
from matchmaker.core.features import Features
from matchmaker.core.orientation import PacePolicy, fit, mix, table
from matchmaker.core.problems import similar, telling_words
from matchmaker.core.profiles import Profile
from matchmaker.core.score_weights import (
    ALL_COMPONENTS,
    DEBATE,
    MOTIVE_COMPLEMENT,
    RELATED,
    SEEKS_FEEDBACK,
    SEEKS_TRAINING,
    TEACH_BEST,
    TEACH_EXTRA_TOPIC,
    TEACH_ONE_TOPIC,
    TEACH_OTHER,
    TOPICS_FULL,
    TUTOR_BOOST,
    TUTORING,
    Weighting,
)
from matchmaker.core.topics import Vocabulary

Part: TypeAlias = np.ndarray | sparse.csr_matrix
TIE = 1e-4  # halves round up, also where float32 left a total a hair below one
FIT_TABLE = np.array(table(fit))  # closeness on process vs result, by orientation code
MIX_TABLE = np.array(table(mix))  # what a pair adds to a table mixing the two sides
TAG_BITS = (TUTORING, SEEKS_TRAINING, DEBATE, SEEKS_FEEDBACK)


def _completes(row_teaches: bool, col_teaches: bool) -> np.ndarray:
    """Whether the motives of a row's and a column's person (as tag bits)
    complete each other, given how they are linked on a topic: debate and
    feedback on any link; tutoring and seeking training where the tutor
    can teach the other."""
    t, s, d, f = ((np.arange(16) >> bit & 1) == 1 for bit in range(len(TAG_BITS)))
    out = np.outer(d, f) | np.outer(f, d)
    if row_teaches:
        out |= np.outer(t, s)
    if col_teaches:
        out |= np.outer(s, t)
    return out


# For the links (shared topic, the row teaches the column, the column teaches the row).
COMPLETES = (_completes(False, False), _completes(True, False), _completes(False, True))


@dataclass(frozen=True)
class Components:
    """Each component in 0..1, for one pair."""

    topics: float
    teaching: float
    motivations: float
    orientation: float
    learning: float = 0.0
    problems: float = 0.0

    def points(self, shares: dict[str, float]) -> dict[str, float]:
        """Each weighed component's points (``EventScorer.shares``)."""
        return {name: 100 * share * getattr(self, name) for name, share in shares.items() if share}


class EventScorer(Features):
    """Scores any block of pairs of an event, from its ``Features``: the
    topic parts by sparse products, the motivation and pace parts by lookup
    in small tables. ``block`` fuses them into one float32 pass in points;
    ``components`` gives the same parts one by one (for explanations)."""

    def __init__(
        self,
        profiles: Sequence[Profile],
        catalogue: Catalogue | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        super().__init__(profiles, catalogue, vocabulary)
        self._weigh(Weighting(), PacePolicy.SEPARATE)
        self._tag_code = np.zeros(len(self), dtype=np.uint8)  # complement tags as bits
        for bit, tag in enumerate(TAG_BITS):
            self._tag_code |= self.tags[tag].astype(np.uint8) << bit

    def _read_topics(self, vocabulary: Vocabulary) -> None:
        super()._read_topics(vocabulary)
        self._in_family32 = self.in_family_dense.astype(np.float32)
        self._everyone: dict[int, tuple[sparse.csr_matrix, sparse.csr_matrix]] = {}

    def _weigh(self, weighting: Weighting, pace: PacePolicy) -> None:
        self.weighting, self.pace = weighting, pace
        self.shares = weighting.shares(pace is not PacePolicy.IGNORE)
        self.pace_table = MIX_TABLE if pace is PacePolicy.BALANCE else FIT_TABLE
        # Pace in points, with the half that rounds the total up already in.
        pace_points = 100.0 * self.shares["orientation"] * self.pace_table
        self._pace_points = (pace_points + 0.5 + TIE).astype(np.float32)

    def weighted(self, weighting: Weighting, pace: PacePolicy) -> EventScorer:
        """This room scored for another evening's weights and pace policy
        (sharing every vector, so it costs nothing to make)."""
        if (weighting, pace) == (self.weighting, self.pace):
            return self
        other = copy.copy(self)
        other._weigh(weighting, pace)
        return other

    def __len__(self) -> int:
        return len(self.profiles)

    @cached_property
    def _problem_words(self) -> list[str]:
        return [telling_words(p.problem) for p in self.profiles]

    def _learning(self, rows: np.ndarray, cols: np.ndarray) -> sparse.csr_matrix:
        """Topics both want to learn (and neither can teach), rarity-weighted, 0..1."""
        weighted = self.pure_learn[rows] @ sparse.diags(self.rarity)
        out = sparse.csr_matrix(weighted @ self._columns(self.pure_learn, cols))
        out.data = np.minimum(1.0, out.data / TOPICS_FULL)
        return out

    def _problems(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """1 where two problem answers overlap: a topic both name, or nearly
        the same telling words (``problems.py``)."""
        out = np.asarray(
            (
                sparse.csr_matrix(self.problems[rows] @ self._columns(self.problems, cols)) > 0
            ).toarray()
        )
        words = self._problem_words
        out |= similar([words[r] for r in rows], [words[c] for c in cols])
        return out.astype(np.float32)

    def _columns(self, matrix: sparse.csr_matrix, cols: np.ndarray) -> sparse.csr_matrix:
        """``matrix[cols]`` transposed, ready to multiply; for everyone in
        order (one person's row, the whole matrix) built once and kept, as
        selecting and transposing all rows costs more than the product."""
        if len(cols) != len(self) or not np.array_equal(cols, np.arange(len(self))):
            return sparse.csr_matrix(matrix[cols].T)
        kept = self._everyone.get(id(matrix))
        if kept is None or kept[0] is not matrix:
            kept = self._everyone[id(matrix)] = (matrix, sparse.csr_matrix(matrix.T))
        return kept[1]

    # --- the parts, for a block of rows × columns ---------------------------

    def _shared(self, rows: np.ndarray, cols: np.ndarray) -> sparse.csr_matrix:
        """Shared interests and study partners, rarity-weighted (exact sums)."""
        shared = sparse.csr_matrix(self._topic_left[rows] @ self._columns(self._topic_right, cols))
        shared.eliminate_zeros()
        return shared

    def _counts(self, rows: np.ndarray, cols: np.ndarray) -> tuple[sparse.csr_matrix, ...]:
        """Topics the row's person can teach the column's, and the other way."""
        forward = sparse.csr_matrix(self.teach[rows] @ self._columns(self.learn, cols))
        if np.array_equal(rows, cols):  # a block of people against themselves: transposed
            return forward, sparse.csr_matrix(forward.T)
        backward = sparse.csr_matrix(self.learn[rows] @ self._columns(self.teach, cols))
        return forward, backward

    def related(
        self, rows: np.ndarray, cols: np.ndarray, scale: float = 1.0, dtype: type = np.float64
    ) -> np.ndarray:
        """Families both list with no topic of the family in common, each
        weighted by how rare it is, times ``scale`` (dense: families are few).
        In float64 with a binary ``scale`` the sums are exact (weights lie on
        a binary grid), so a family with a topic in common cancels to 0."""
        weights: np.ndarray = (self.family_weight * scale).astype(dtype)
        members = self.in_family_dense if dtype is np.float64 else self._in_family32
        out = (members[rows] * weights) @ members[cols].T
        if not out.any():
            return out
        common = sparse.csr_matrix(
            self._plain_weighted[rows] @ self._columns(self._plain_topics, cols)
        )
        common.data = (common.data * -scale).astype(dtype)
        _add(common, out)
        for weight, topics in self._crowded:
            shared = sparse.csr_matrix(topics[rows] @ self._columns(topics, cols))
            shared.data = np.full(len(shared.data), -weight * scale, dtype=dtype)
            _add(shared, out)
        return out

    def _teaching(
        self,
        forward: sparse.csr_matrix,
        backward: sparse.csr_matrix,
        rows: np.ndarray,
        cols: np.ndarray,
    ) -> sparse.csr_matrix:
        tutor = self.tags[TUTORING]
        ahead = _direction(forward, tutor[rows], by_row=True)
        back = _direction(backward, tutor[cols], by_row=False)
        # 0.6 × the stronger direction + 0.4 × the weaker, written so it stays sparse.
        return sparse.csr_matrix(
            TEACH_OTHER * (ahead + back) + (TEACH_BEST - TEACH_OTHER) * ahead.maximum(back)
        )

    def _complement(
        self,
        rows: np.ndarray,
        cols: np.ndarray,
        links: tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where motives complete each other on a topic, as (row, column)
        indexes of the block: the one who learns by teaching can teach the
        one seeking training something they want; debate and feedback share
        a topic to talk about. Only pairs with a topical link are looked at."""
        code_r, code_c = self._tag_code[rows], self._tag_code[cols]
        found = []
        for matrix, completes in zip(links, COMPLETES, strict=True):
            m = sparse.csr_matrix(matrix)
            row = np.repeat(np.arange(len(rows)), np.diff(m.indptr))
            hit = completes[code_r[row], code_c[m.indices]]
            found.append(row[hit].astype(np.int64) * len(cols) + m.indices[hit])
        at = np.sort(np.concatenate(found))  # np.unique (hashing) is ~50× slower here
        first = np.ones(len(at), dtype=bool)
        first[1:] = at[1:] != at[:-1]
        at = at[first]
        return at // len(cols), at % len(cols)

    def components(self, rows: np.ndarray, cols: np.ndarray) -> dict[str, Part]:
        """Each component, 0..1, for every row × column pair (explanations,
        and ``substance``); ``block`` computes the same in one pass."""
        shared = self._shared(rows, cols)
        forward, backward = self._counts(rows, cols)
        topics: Part
        if self.family_names:
            dense = self.related(rows, cols, RELATED)
            at = sparse.coo_matrix(shared)
            dense[at.row, at.col] += at.data
            topics = np.minimum(1.0, dense / TOPICS_FULL)
        else:
            topics = sparse.csr_matrix(shared)
            topics.data = np.minimum(1.0, topics.data / TOPICS_FULL)
        motives = self.motive_block(rows, cols)
        r, c = self._complement(rows, cols, (shared, forward, backward))
        motives[r, c] = np.minimum(motives[r, c] + MOTIVE_COMPLEMENT, 1.0)
        return {
            "topics": topics,
            "teaching": self._teaching(forward, backward, rows, cols),
            "motivations": motives,
            "orientation": self.pace_table[self.orientation_code[rows]][
                :, self.orientation_code[cols]
            ],
            # The evening's extra criteria, where they count (else none, at no cost).
            "learning": self._learning(rows, cols)
            if self.shares["learning"]
            else sparse.csr_matrix((len(rows), len(cols))),
            "problems": self._problems(rows, cols)
            if self.shares["problems"]
            else sparse.csr_matrix((len(rows), len(cols))),
        }

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Integer scores for rows × columns in one float32 pass, in points:
        motive fit looked up by class and pace by code (one gather each),
        topics and teaching added where they are (the family part dense, as
        families are few), halves rounded up by truncating total + 0.5."""
        points = {name: np.float32(100.0 * share) for name, share in self.shares.items()}
        shared = self._shared(rows, cols)
        forward, backward = self._counts(rows, cols)
        fit, col_class = self.motive_rows(rows, cols)
        total = np.take(fit * points["motivations"], col_class, axis=1)
        total += np.take(
            self._pace_points[self.orientation_code[rows]], self.orientation_code[cols], axis=1
        )
        r, c = self._complement(rows, cols, (shared, forward, backward))
        if len(r):
            base = fit[r, col_class[c]]
            gain = np.minimum(base + MOTIVE_COMPLEMENT, 1.0) - base
            total[r, c] += points["motivations"] * gain
        if self.family_names:
            topics = self.related(
                rows, cols, float(RELATED / TOPICS_FULL * points["topics"]), np.float32
            )
            shared.data = (shared.data * (points["topics"] / TOPICS_FULL)).astype(np.float32)
            _add(shared, topics)
            np.minimum(topics, points["topics"], out=topics)
            total += topics
        else:
            shared.data = (points["topics"] * np.minimum(1.0, shared.data / TOPICS_FULL)).astype(
                np.float32
            )
            _add(shared, total)
        teaching = self._teaching(forward, backward, rows, cols)
        teaching.data = (points["teaching"] * teaching.data).astype(np.float32)
        _add(teaching, total)
        if points["learning"]:
            learning = self._learning(rows, cols)
            learning.data = (points["learning"] * learning.data).astype(np.float32)
            _add(learning, total)
        if points["problems"]:
            total += points["problems"] * self._problems(rows, cols)
        scores = total.astype(np.int16)  # every total is from 0.5 to 100.5: truncation floors it
        scores[self_pairs(rows, cols)] = 0  # nobody is matched with themselves
        return scores

    def substance(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Which pairs have something in common beyond pace (see ``Components``)."""
        parts = self.components(rows, cols)
        found = np.asarray(parts["motivations"] > 0)
        if self.shares["problems"]:
            found |= np.asarray(parts["problems"] > 0)
        found |= np.asarray(sparse.csr_matrix(parts["topics"]).toarray() > 0)
        teaching = sparse.coo_matrix(parts["teaching"])
        found[teaching.row, teaching.col] |= teaching.data > 0
        found[rows[:, None] == cols[None, :]] = False
        return found

    def matrix(self, chunk: int = 512) -> np.ndarray:
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
        score = int(self.block(np.array([a]), np.array([b]))[0, 0])
        return score, self.parts(a, [b])[0]

    def parts(self, person: int, others: Sequence[int]) -> list[Components]:
        """``person``'s components with each of ``others``, from one pass
        (explaining a top five costs one call of a few ms, not five)."""
        parts = self.components(np.array([person]), np.asarray(others, dtype=np.int64))
        return [
            Components(**{name: float(parts[name][0, j]) for name in ALL_COMPONENTS})
            for j in range(len(others))
        ]


def self_pairs(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where a block of ``rows`` × ``cols`` pairs someone with themselves
    (row and column positions), without a rows × cols comparison."""
    if not len(cols):
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    order = np.argsort(cols, kind="stable")
    at = np.minimum(np.searchsorted(cols[order], rows), len(cols) - 1)
    hit = cols[order][at] == rows
    return np.flatnonzero(hit), order[at[hit]]


def _add(part: sparse.csr_matrix, out: np.ndarray) -> None:
    """``out += part`` in place, for a sparse part of a dense block: scipy's
    own CSR-to-dense loop accumulates into ``out`` (``toarray(out=…)`` zeroes
    it first; ``out[row, col] += data`` is ~7× slower, ``out += part`` copies)."""
    assert part.dtype == out.dtype and out.flags.c_contiguous and part.shape == out.shape
    if csr_todense is None:
        add_by_index(part, out)
        return
    rows, cols = part.shape
    csr_todense(rows, cols, part.indptr, part.indices, part.data, out)


def add_by_index(part: sparse.csr_matrix, out: np.ndarray) -> None:
    """``_add`` with numpy alone (~4× slower), for a scipy without that loop."""
    rows = np.repeat(np.arange(part.shape[0], dtype=np.int64), np.diff(part.indptr))
    out.reshape(-1)[rows * part.shape[1] + part.indices] += part.data


def _direction(counts: sparse.spmatrix, tutor: np.ndarray, by_row: bool) -> sparse.csr_matrix:
    """How strongly one side can teach the other, from the number of topics,
    boosted when the teacher (the row's person, or the column's) learns by teaching."""
    k = sparse.csr_matrix(counts)
    teacher = np.repeat(np.arange(k.shape[0]), np.diff(k.indptr)) if by_row else k.indices
    boost = np.where(tutor[teacher], TUTOR_BOOST, 1.0)
    k.data = np.minimum(1.0, (TEACH_ONE_TOPIC + TEACH_EXTRA_TOPIC * (k.data - 1)) * boost)
    return k
