"""Each person's best few partners, kept as blocks of scores go by (the
planners' candidates: every pair's blocks in ``pairs``, the topic index's
blocks in ``candidates``), and the pairs they make."""

from __future__ import annotations

import numpy as np


def start_best(n: int, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """Empty running bests of ``n`` people: weights and partners, -1 for none."""
    return np.full((n, keep), -1, dtype=np.int64), np.full((n, keep), -1, dtype=np.int64)


def merge_best(
    best_w: np.ndarray,
    best_j: np.ndarray,
    who: np.ndarray,
    others: np.ndarray,
    block: np.ndarray,
    axis: int,
) -> None:
    """Fold each of ``who``'s best ``keep`` in ``block`` (``who`` along
    ``axis``'s other side: rows for axis 1, columns for axis 0) into their
    running best, kept heaviest first. Once the running best is full, only
    entries above its weakest can enter: those few are sorted in, and the
    block is partitioned only while most entries still could."""
    keep = best_w.shape[1]
    floor = best_w[who, keep - 1].astype(block.dtype)
    entering = block > (floor[:, None] if axis == 1 else floor[None, :])
    if np.count_nonzero(entering) * 8 > block.size:
        k = min(keep, block.shape[axis])
        if k < block.shape[axis]:
            top = np.argpartition(block, -k, axis=axis)
            top = top[:, -k:] if axis == 1 else top[-k:].T
        else:
            top = np.tile(np.arange(block.shape[axis]), (len(who), 1))
        mine, theirs = np.repeat(np.arange(len(who)), k), top.ravel()
    elif axis == 1:
        mine, theirs = np.nonzero(entering)
    else:
        theirs, mine = np.nonzero(entering)
    values = block[mine, theirs] if axis == 1 else block[theirs, mine]
    # Only those with a newcomer are merged: their running best and the
    # newcomers, heaviest first; the first ``keep`` stay.
    has = np.bincount(mine, minlength=len(who)) > 0
    who, mine = who[has], (np.cumsum(has) - 1)[mine]
    mine = np.concatenate([np.repeat(np.arange(len(who)), keep), mine])
    w = np.concatenate([best_w[who].ravel(), values])
    j = np.concatenate([best_j[who].ravel(), others[theirs]])
    order = np.lexsort((-w, mine))
    rank = np.arange(len(order)) - np.searchsorted(mine[order], mine[order])
    kept = order[rank < keep]
    best_w[who] = w[kept].reshape(len(who), keep)
    best_j[who] = j[kept].reshape(len(who), keep)


Best = tuple[np.ndarray, np.ndarray]  # running best weights and partners, people × keep


def combined(first: Best, second: Best) -> Best:
    """Two running bests of the same people (two halves of the blocks) as one."""
    keep = first[0].shape[1]
    w, j = np.hstack([first[0], second[0]]), np.hstack([first[1], second[1]])
    order = np.lexsort((j, -w))[:, :keep]  # heaviest first, then by position
    return np.take_along_axis(w, order, 1), np.take_along_axis(j, order, 1)


Edges = tuple[np.ndarray, np.ndarray, np.ndarray]  # (a, b, weight) columns, a < b, sorted


def edge_list(edges: Edges) -> list[tuple[int, int, int]]:
    """The edges as (a, b, weight) tuples (the exact matcher takes them so)."""
    a, b, w = edges
    return list(zip(a.tolist(), b.tolist(), w.tolist(), strict=True))


def edges_of(best_w: np.ndarray, best_j: np.ndarray) -> Edges:
    """The pairs of each person with their kept partners, each once, sorted,
    with their weights (``a < b``)."""
    n, keep = best_w.shape
    a = np.repeat(np.arange(n), keep)
    b, w = best_j.ravel(), best_w.ravel()
    ok = (w >= 0) & (b >= 0)
    keys = np.minimum(a[ok], b[ok]) * n + np.maximum(a[ok], b[ok])
    pair_keys, first = np.unique(keys, return_index=True)
    w = w[ok][first]
    return pair_keys // n, pair_keys % n, w
