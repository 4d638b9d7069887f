"""The proven optimum for groups in a small room, the yardstick the group
planner is measured against (in ``bench/pairing.py`` and in the tests), and
an upper bound on the pairs of a room of any size (``bench/scale.py``).

Set partitioning as an integer programme solved by HiGHS through
``scipy.optimize.milp``: one binary variable per possible table (every set
of people of each size the round has), each person seated exactly once, as
many tables of each size as the round has, the sum of pair scores at the
tables maximised. Exact but exponential in the table size: fine for rooms up
to about 30 in groups of 3 or 4 (C(30, 4) = 27,405 tables)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import combinations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from matchmaker.core.scoring import EventScorer
from matchmaker.pairing import group_sizes
from matchmaker.pairing.weights import block_rows


def optimum_groups(
    scores: np.ndarray, size: int, allowed: Callable[[tuple[int, ...]], bool] | None = None
) -> tuple[list[tuple[int, ...]], int]:
    """The best groups for the symmetric score matrix ``scores`` and their
    total (the sum of every within-group pair's score), among the tables
    ``allowed`` (the same rules as the planner's: no excluded pair …)."""
    n = len(scores)
    wanted = Counter(group_sizes(n, size))
    tables: list[tuple[int, ...]] = []
    for table_size in sorted(wanted):
        tables.extend(
            t for t in combinations(range(n), table_size) if allowed is None or allowed(t)
        )
    value = np.array([sum(int(scores[a, b]) for a, b in combinations(t, 2)) for t in tables])
    columns = np.repeat(np.arange(len(tables)), [len(t) for t in tables])
    seats = sparse.csr_matrix(
        (np.ones(len(columns)), (np.concatenate(tables), columns)), shape=(n, len(tables))
    )
    kinds = sorted(wanted)
    counts = sparse.csr_matrix(
        (
            np.ones(len(tables)),
            ([kinds.index(len(t)) for t in tables], np.arange(len(tables))),
        ),
        shape=(len(kinds), len(tables)),
    )
    needed = np.array([wanted[k] for k in kinds], dtype=float)
    result = milp(
        -value.astype(float),
        constraints=[LinearConstraint(seats, 1, 1), LinearConstraint(counts, needed, needed)],
        integrality=np.ones(len(tables)),
        bounds=Bounds(0, 1),
    )
    if not result.success:
        raise RuntimeError(f"HiGHS found no optimum: {result.message}")
    chosen = [tables[i] for i in np.flatnonzero(result.x > 0.5)]
    return chosen, int(sum(value[i] for i in np.flatnonzero(result.x > 0.5)))


def best_partner_bound(scorer: EventScorer) -> int:
    """An upper bound on any pairing's total: everyone with their best
    partner, halved (a pair's score counts once, from both sides). Every
    pair is scored once: a block of rows against the later people gives
    both sides their best."""
    n = len(scorer)
    everyone = np.arange(n)
    best = np.zeros(n, dtype=np.int64)
    rows = block_rows(n)
    for start in range(0, n, rows):
        mine, later = everyone[start : start + rows], everyone[start:]
        block = scorer.block(mine, later)
        best[mine] = np.maximum(best[mine], block.max(axis=1))
        best[later] = np.maximum(best[later], block.max(axis=0))
    return int(best.sum()) // 2
