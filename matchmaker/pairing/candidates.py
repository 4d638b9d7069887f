"""Each person's best partners in a big room without scoring every pair
(issue 29): an inverted index on topics says which pairs are worth scoring,
and only those get exact scores (the scorer's own, through ``Weights``).

A pair that shares no topic and no family of topics scores on motives and
pace alone, which depend only on each person's motive class and pace (their
*label*): such partners are interchangeable within a label. So the people
are scored in chunks of about ``CHUNK``, all pairs within each chunk:

- each topic's (or family's) people in the order of their labels: a topic
  of at most ``CHUNK`` people whole, so every pair sharing it is scored
  (small topics are packed together, several to a chunk), a bigger topic
  cut into parts of neighbours alike in pace and motives;
- the whole room in the order of labels, so someone who shares no topic
  with anybody still has partners alike in pace and motives.

A person is in about as many chunks as they have topics, so the work grows
with the people times ``CHUNK``, not with the square, and each chunk is one
dense block of the scorer's own scores. Each person keeps their best
partners from all their chunks, as ``pairs.candidates`` keeps them from
every pair (which stays as the reference: ``bench/candidates.py`` measures
the plans against it)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
from scipy import sparse

from matchmaker.pairing import two_cores
from matchmaker.pairing.best_partners import (
    Best,
    Edges,
    combined,
    edges_of,
    merge_best,
    start_best,
)
from matchmaker.pairing.weights import SubsetSource, Weights

CHUNK = 512  # people scored against each other at once: a small topic whole, a big one in parts


@runtime_checkable
class Indexed(Protocol):
    """A score source that can say who shares what (``EventScorer`` can)."""

    shares: dict[str, float]  # each component's share of a score

    def topic_links(self) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Each person's topics and families (people × columns), and a label
        of each person's motive class and pace: two people who share no
        column score the same with anyone of one label."""
        ...


def chunks(
    links: sparse.csr_matrix, label: np.ndarray, size: int | None = None
) -> list[np.ndarray]:
    """Groups of people (positions, each group sorted and without repeats)
    whose pairs are worth scoring: each column's people in the order of
    their labels, a column of at most ``size`` (``CHUNK``) people whole
    (several small ones packed together), a bigger one cut in parts of
    about ``size`` neighbours; and everyone in the order of labels, for
    those who share no column with anybody."""
    chunk_size = size or CHUNK
    n = links.shape[0]
    links = sparse.csc_matrix(links)
    count = np.diff(links.indptr)
    column = np.repeat(np.arange(len(count)), count)
    person = links.indices.astype(np.int64)
    order = np.lexsort((label[person], column))
    person, column = person[order], column[order]
    at = np.arange(len(person)) - links.indptr[column]  # place within its column
    members = count[column]
    # A small column goes whole to the chunk where it starts, among the small ones.
    small = members <= chunk_size
    first = small & (at == 0)
    start = np.cumsum(np.where(first, members, 0)) - np.where(first, members, 0)
    start_of_column = np.zeros(len(count), dtype=np.int64)
    start_of_column[column[first]] = start[first]
    chunk = np.empty(len(person), dtype=np.int64)
    chunk[small] = start_of_column[column[small]] // chunk_size
    # A big column is cut in equal parts, numbered after the small ones.
    parts = -(-members // chunk_size)
    big_first = ~small & (at == 0)
    offset = int(chunk[small].max(initial=-1)) + 1
    part_start = np.zeros(len(count), dtype=np.int64)
    part_start[column[big_first]] = offset + np.cumsum(parts[big_first]) - parts[big_first]
    chunk[~small] = part_start[column[~small]] + at[~small] * parts[~small] // members[~small]
    everyone = np.argsort(label, kind="stable")
    groups = _split(person, chunk) if len(person) else []
    groups += np.array_split(everyone, max(1, -(-n // chunk_size)))
    return [np.unique(g) for g in groups if len(g) > 1]


def _split(items: np.ndarray, group: np.ndarray) -> list[np.ndarray]:
    """``items`` split by ``group`` (sorted groups, each once)."""
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    return np.split(items[order], bounds)


def indexed(weights: Weights) -> tuple[Indexed, np.ndarray] | None:
    """The indexed source behind ``weights`` and where its people are in
    it, or None where the index cannot stand in for every pair: a source
    without one, an evening that weighs problem answers (they match by
    their words, without a topic in common), or table rules (languages and
    hosts rule out pairs the index cannot see)."""
    source: object = weights.source
    at = np.arange(len(weights.source))
    if isinstance(source, SubsetSource):
        at = source.people
        source = source.source
    if not isinstance(source, Indexed) or source.shares.get("problems"):
        return None
    return None if weights.rules.tables.active else (source, at)


def indexed_candidates(
    weights: Weights, people: np.ndarray, keep: int, size: int | None = None
) -> Edges | None:
    """Each of ``people``'s best ``keep`` partners among the pairs worth
    scoring and any wished pairs, by effective weight (local positions,
    sorted, each pair once, as ``pairs.candidates`` gives them); None when
    the room has no index (``indexed``). ``size``: see ``chunks``."""
    found = indexed(weights)
    if found is None:
        return None
    source, at = found
    links, label = source.topic_links()
    groups = chunks(links[at[people]], label[at[people]], size)

    def best(part: list[np.ndarray]) -> Best:
        kept = start_best(len(people), keep)
        for group in part:
            merge_best(*kept, group, group, weights.block(people[group], people[group]), axis=1)
        return kept

    halves: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])
    work = [0, 0]
    for group in sorted(groups, key=len, reverse=True):  # each to the half with less work
        half = int(work[1] < work[0])
        halves[half].append(group)
        work[half] += len(group) ** 2
    best_w, best_j = combined(*two_cores.both(best, *halves))
    if weights.wishes:  # a wished pair weighs a bonus more: it must be a candidate
        local = np.full(len(weights.source), -1, dtype=np.int64)
        local[people] = np.arange(len(people))
        for pair in sorted(weights.wishes):
            both = local[list(pair)]
            if (both >= 0).all():
                merge_best(best_w, best_j, both, both, weights.block(people[both], people[both]), 1)
    return edges_of(best_w, best_j)
