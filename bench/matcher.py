"""The big room's matcher (``pairing/large.py``) on the candidates of
10,000 / 50,000 / 100,000 people (the topic index's, as ``pair`` finds
them), next to the matcher it replaced in the same run: the exact cycle
cover by scipy's sparse assignment (whose time grows with the square),
turned into pairs the same way. CPU seconds of each (the target: time
that grows with the room), their totals, and at 10,000 the exact blossom
on the same candidates.

Run with ``python -m bench.matcher`` (``--quick``: 10,000 people only)."""

from __future__ import annotations

import sys
import time

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from bench.synth import people
from bench.timing import Figure, record
from matchmaker.core.model import Rules
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing import large
from matchmaker.pairing.best_partners import edge_list
from matchmaker.pairing.candidates import indexed_candidates
from matchmaker.pairing.pairs import CANDIDATES_HUGE
from matchmaker.pairing.weights import Weights

EXACT_UP_TO = 10_000  # the exact blossom on the candidates: ~10 s here, n³ beyond
PER_SECOND = 10_000  # people matched per CPU second at least (a third of pair 100,000's 30 s)


def exact_cover(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The heaviest cycle cover (each node's successor), as the matcher found
    it before the auction; staying alone costs more than any pair."""
    heaviest = float(w.max()) + 1
    cost = sparse.csr_matrix(
        (
            np.concatenate([heaviest - w, heaviest - w, np.full(n, 3 * heaviest)]),
            (np.concatenate([a, b, np.arange(n)]), np.concatenate([b, a, np.arange(n)])),
        ),
        shape=(n, n),
    )
    rows, cols = min_weight_full_bipartite_matching(cost)
    successor = np.empty(n, dtype=np.int64)
    successor[rows] = cols
    return successor


def total(weights: large.EdgeWeights, pairs: list[tuple[int, int]]) -> int:
    x, y = np.array(pairs, dtype=np.int64).T
    return int(weights.of(x, y).sum())


def main() -> None:
    sizes = [10_000] if "--quick" in sys.argv else [10_000, 50_000, 100_000]
    print("The big room's matcher against the exact cycle cover (CPU seconds, same candidates)")
    for n in sizes:
        scorer = EventScorer(people(n))
        found = indexed_candidates(Weights(scorer, Rules(), set()), np.arange(n), CANDIDATES_HUGE)
        assert found is not None
        a, b, w = found
        weights = large.EdgeWeights(n, a, b, w)

        start = time.process_time()
        ours = total(weights, large.windowed(n, *found))
        ours_s = time.process_time() - start
        start = time.process_time()
        partner = large.pairs_of_cover(exact_cover(n, a, b, w), weights)
        theirs_s = time.process_time() - start
        first = np.flatnonzero(np.arange(n) < partner)
        theirs = int(weights.of(first, partner[first]).sum())
        reference = f"exact cover: {theirs_s:.1f} s, total {theirs:,}; the auction's {ours:,}"
        target = n / PER_SECOND
        record(Figure(f"match {n:,} people's candidates (CPU)", ours_s, "s", target, reference))
        record(
            Figure(
                f"pairs of {n:,}: share of the exact cover's pairs",
                100 * ours / theirs,
                "%",
                99.9,
                reference,
                at_least=True,
            )
        )
        if n <= EXACT_UP_TO:
            best = total(weights, large.exact(n, edge_list(found)))
            record(
                Figure(
                    f"pairs of {n:,}: share of the exact matching on the same candidates",
                    100 * ours / best,
                    "%",
                    99.8,
                    f"the exact blossom: {best:,}",
                    at_least=True,
                )
            )


if __name__ == "__main__":
    main()
