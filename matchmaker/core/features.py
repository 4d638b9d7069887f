"""An event's profiles as vectors: who is into, can teach and wants to learn
each topic (from the lists and from the free-text answers), the families of
related topics, and each person's motives — built once per set of profiles,
so that scoring is sparse products and table lookups."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cached_property
from math import log
from typing import Self

import numpy as np
from scipy import sparse

from matchmaker.core.catalogue import Catalogue, load_catalogue
from matchmaker.core.orientation import code as orientation_code
from matchmaker.core.profiles import Profile
from matchmaker.core.said import Pairs, SaidBy
from matchmaker.core.score_weights import (
    DEBATE,
    MOTIVE_CLOSE,
    MOTIVE_MAIN,
    MOTIVE_SHARED,
    SEEKS_FEEDBACK,
    SEEKS_TRAINING,
    STUDY_PARTNERS,
    TUTORING,
)
from matchmaker.core.topics import Vocabulary, event_vocabulary


def _bool(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    out = sparse.csr_matrix(matrix, dtype=np.float64)
    out.data = (out.data > 0).astype(np.float64)
    out.eliminate_zeros()
    return out


def _incidence(pairs: Pairs, height: int, width: int) -> sparse.csr_matrix:
    """People × topics, 1 where a (person, topic) pair says so."""
    rows, topics = pairs
    data = np.ones(len(rows), dtype=np.float64)
    return _bool(sparse.csr_matrix((data, (rows, topics)), shape=(height, width)))


class Features:
    """An event's profiles as vectors, ready to be scored."""

    def __init__(
        self,
        profiles: Sequence[Profile],
        catalogue: Catalogue | None = None,
        vocabulary: Vocabulary | None = None,
    ):
        self.profiles = list(profiles)
        self.catalogue = catalogue or load_catalogue()
        self._read_topics(vocabulary or event_vocabulary(self.profiles))
        self._read_motives()

    def around(self, vocabulary: Vocabulary) -> Self:
        """The same people under another vocabulary of their topics (the part
        one person's matches need: ``topics_near``): the topics read again,
        the motives and paces shared."""
        other = copy.copy(self)
        other._read_topics(vocabulary)
        return other

    def _read_topics(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocab = vocabulary
        n, v = len(self.profiles), len(vocabulary)
        # Who can teach and who wants to learn each topic: from the lists, and
        # from the free-text answers (an offer of help, a problem to solve).
        said = vocab.said_by or SaidBy.of(
            {row: vocab.said(p) for row, p in enumerate(self.profiles)}
        )
        self.offers = _incidence(said.roles["offers"], n, v)
        self.problems = _incidence(said.roles["problems"], n, v)
        self.teach_listed = _incidence(said.roles["teach_listed"], n, v)
        self.learn_listed = _incidence(said.roles["learn_listed"], n, v)
        interests = _incidence(said.roles["interests"], n, v)
        self.teach = _bool(self.teach_listed + self.offers)
        self.learn = _incidence(said.roles["learns"], n, v)  # never what they teach
        # Into = listed as an interest or under can teach: what both are "into"
        # is what both wrote in a list (free text only ever adds teaching).
        self.into = _bool(interests + self.teach_listed)
        listed = _bool(interests + self.teach_listed + self.learn_listed)
        self.listed = listed  # any topic a person wrote in a list, in any role
        self.topic_counts = np.asarray(listed.sum(axis=0)).ravel()
        # Everything a person says about a topic, lists and free text: a family
        # with any of it in common between two people gives no related credit.
        self.known = _bool(listed + self.teach + self.learn)
        self.known_counts = np.asarray(self.known.sum(axis=0)).ravel()
        self.rarity = rarity(self.topic_counts, n)

        # The disjoint roles a person has on a topic, for "strongest relation only".
        self.pure_learn = _bool(self.learn - self.learn.multiply(self.teach))  # learns, can't teach
        # Teaches (as listed), not learning; into, neither learning nor teaching.
        only_teach = _bool(self.teach_listed - self.teach_listed.multiply(self.learn))
        only_into = _bool(self.into - self.into.multiply(_bool(self.learn + self.teach)))
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

    def _read_motives(self) -> None:
        n = len(self.profiles)
        column = {m.id: i for i, m in enumerate(self.catalogue)}
        self.motives = np.zeros((n, len(column)), dtype=np.float32)
        self.main = np.zeros((n, len(column)), dtype=np.float32)
        chosen = [
            (row, column[m])
            for row, p in enumerate(self.profiles)
            for m in p.motivations
            if m in column
        ]
        main = [
            (row, column[p.main_motivation])
            for row, p in enumerate(self.profiles)
            if p.main_motivation in column
        ]
        for matrix, cells in ((self.motives, chosen), (self.main, main)):
            if cells:  # one assignment of every cell (element by element: 0.2 s on 50,000)
                matrix[tuple(np.array(cells).T)] = 1.0
        ids = list(column)
        self.kin = np.array(
            [[float(self.catalogue.kin(a, b)) for b in ids] for a in ids], dtype=np.float32
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
        self._motive_classes()

    def topic_set(self, name: str, person: int) -> frozenset[int]:
        """A person's topics in one of the incidence matrices ("teach",
        "pure_learn", …), read from its row (explaining a top five reads a
        few rows, not 50,000)."""
        matrix: sparse.csr_matrix = getattr(self, name)
        start, end = matrix.indptr[person], matrix.indptr[person + 1]
        return frozenset(matrix.indices[start:end].tolist())

    def topic_links(self) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Each person's topics and families of topics (people × columns:
        anything said about a topic, in a list or in free text), and a label
        of each person's motive class and pace. Every part of a score but
        pace and the motive fit needs a column in common (a shared topic, a
        topic one teaches and the other learns, a family), and a problem
        answer (``problems``) may match without one; so two people who
        share no column score what their labels give, when problems do not
        count (``pairing/candidates.py`` relies on this)."""
        links = sparse.hstack([self.known, self.in_family]).tocsr()
        classes = int(self.motive_class.max(initial=0)) + 1
        return links, self.orientation_code * classes + self.motive_class

    def _motive_classes(self) -> None:
        """People with the same motives and main reason form a class (a few
        thousand at most, however big the room): fit is computed between
        classes and looked up for people."""
        keys = np.concatenate([self.motives, self.main], axis=1)
        if keys.shape[1] <= 64:  # each row as one number: unique rows of 50,000 in a blink
            bits = np.arange(keys.shape[1], dtype=np.uint64)
            codes = (keys.astype(np.uint64) << bits).sum(axis=1, dtype=np.uint64)
            _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
            classes = keys[first]
        else:
            classes, inverse = np.unique(keys, axis=0, return_inverse=True)
        self.motive_class = inverse.ravel().astype(np.intp)
        width = self.motives.shape[1]
        self.class_motives, self.class_main = classes[:, :width], classes[:, width:]

    def motive_fit(
        self, motives_a: np.ndarray, main_a: np.ndarray, motives_b: np.ndarray, main_b: np.ndarray
    ) -> np.ndarray:
        """Motivation fit, 0..1, of every a × b (without complements): the
        share of the smaller set in common, a close motive counting half,
        plus a bonus when one's main reason is the other's too."""
        common = motives_a @ motives_b.T
        close = ((motives_a @ self.kin) @ motives_b.T) > 0
        smaller = np.minimum(motives_a.sum(axis=1)[:, None], motives_b.sum(axis=1)[None, :])
        overlap = np.minimum((common + MOTIVE_CLOSE * close) / np.maximum(smaller, 1.0), 1.0)
        shares_main = (main_a @ motives_b.T + motives_a @ main_b.T) > 0
        fit: np.ndarray = MOTIVE_SHARED * overlap + np.float32(MOTIVE_MAIN) * shares_main
        return fit.astype(np.float32, copy=False)

    @cached_property
    def class_fit(self) -> np.ndarray:
        """``motive_fit`` between every two classes, worked out once (a
        thousand classes a time, so the temporaries stay small)."""
        count = len(self.class_motives)
        fit = np.empty((count, count), dtype=np.float32)
        for start in range(0, count, CLASS_CHUNK):
            part = slice(start, start + CLASS_CHUNK)
            fit[part] = self.motive_fit(
                self.class_motives[part], self.class_main[part], self.class_motives, self.class_main
            )
        return fit

    def motive_rows(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Motive fit of each row against each column's class (or, for a few
        columns, against each column), and the columns' index into it. A
        few rows (one person's matches) are fitted to the classes they meet,
        not every class to every class."""
        classes = len(self.class_motives)
        if len(cols) <= classes:
            fit = self.motive_fit(
                self.motives[rows], self.main[rows], self.motives[cols], self.main[cols]
            )
            return fit, np.arange(len(cols))
        if len(rows) <= FEW_ROWS and "class_fit" not in self.__dict__:
            fit = self.motive_fit(
                self.motives[rows], self.main[rows], self.class_motives, self.class_main
            )
            return fit, self.motive_class[cols]
        return self.class_fit[self.motive_class[rows]], self.motive_class[cols]

    def motive_block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """``motive_fit`` for rows × columns."""
        fit, col_index = self.motive_rows(rows, cols)
        return np.take(fit, col_index, axis=1)

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
        self.in_family_dense = self.in_family.toarray()
        weight = rarity(np.asarray(self.in_family.sum(axis=0)).ravel(), len(self.profiles))
        self.family_weight = weight
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


FEW_ROWS = 16  # rows fitted to the classes directly until every class is fitted to every class
CLASS_CHUNK = 1024  # classes whose fit with every class is worked out at once
GRID = 2.0**-16  # weights are multiples of this: their sums are exact, so cancel exactly


def rarity(counts: np.ndarray, people: int) -> np.ndarray:
    """1 for a topic only two people share, falling to 0 for one everybody lists
    (on a fine binary grid, so sums of these weights are exact)."""
    if people <= 2:
        return np.ones_like(counts, dtype=np.float64)
    scale = log(people / 2)
    with np.errstate(divide="ignore"):
        value = np.log(people / np.maximum(counts, 1)) / scale
    return np.round(np.clip(value, 0.0, 1.0) / GRID) * GRID
