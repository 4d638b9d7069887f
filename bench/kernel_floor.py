"""How fast could any scorer of our formula be? A compiled (numba) loop over
the same 10,000-person half matrix that does only the work no scorer can
skip: the motive-and-pace lookup of every pair, stored as an int16 score,
and one add for every topic two people share. It leaves out teaching,
related topics, complementary motives and rounding, so it is a floor, not a
scorer; it is timed against ``scoring.py``'s plain numpy pass.

numba is not one of our dependencies: ``.venv/bin/pip install numba``, then
``.venv/bin/python -m bench.kernel_floor``. Not part of ``run_all.py``."""

from __future__ import annotations

import sys

import numpy as np
from scipy import sparse

from bench.scoring import half_matrix, plain_pass
from bench.synth import people
from bench.timing import median_seconds
from matchmaker.core.score_weights import WEIGHTS
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing.weights import CHUNK

try:
    import numba
except ImportError:
    sys.exit("numba is not installed: .venv/bin/pip install numba")


@numba.njit(cache=True)  # type: ignore[misc]
def _floor_pass(
    chunk: int,
    topics_ptr: np.ndarray,
    topics: np.ndarray,
    holders_ptr: np.ndarray,
    holders: np.ndarray,
    rarity: np.ndarray,
    motive_class: np.ndarray,
    pace_code: np.ndarray,
    class_fit: np.ndarray,
    pace_points: np.ndarray,
) -> int:
    """Every pair once, block by block as the scorer goes; returns the
    number of topic links found (so nothing is optimised away)."""
    n = len(motive_class)
    shared = np.zeros(n)
    seen = np.full(n, -1)
    links = 0
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        out = np.empty((stop - start, n - start), np.int16)
        later_class, later_pace = motive_class[start:], pace_code[start:]
        for i in range(start, stop):
            fit, pace, row = class_fit[motive_class[i]], pace_points[pace_code[i]], out[i - start]
            for k in range(n - start):
                row[k] = np.int16(np.int32(fit[later_class[k]] + pace[later_pace[k]]))
            for at in range(topics_ptr[i], topics_ptr[i + 1]):
                topic = topics[at]
                lo, hi = holders_ptr[topic], holders_ptr[topic + 1]
                for q in range(lo + np.searchsorted(holders[lo:hi], start), hi):
                    j = holders[q]
                    if seen[j] != i:
                        seen[j], shared[j] = i, 0.0
                        links += 1
                    shared[j] += rarity[topic]
    return links


def main() -> None:
    scorer = EventScorer(people(10_000, seed=3))
    n = len(scorer)
    known = sparse.csr_matrix(scorer.known)
    holders = sparse.csr_matrix(known.T)
    holders.sort_indices()
    args = (
        CHUNK,
        known.indptr,
        known.indices,
        holders.indptr,
        holders.indices,
        scorer.rarity,
        scorer.motive_class,
        scorer.orientation_code,
        scorer.class_fit * np.float32(100 * WEIGHTS["motivations"]),
        np.ascontiguousarray(scorer._pace_points),
    )
    links = _floor_pass(*args)  # compile (or load the cached compilation) first
    floor_s = median_seconds(lambda: _floor_pass(*args), repeat=5)
    plain_s = median_seconds(lambda: half_matrix(plain_pass(n), n), repeat=5)
    scorer_s = median_seconds(lambda: half_matrix(scorer.block, n), repeat=3)
    print(f"10,000 people, every pair once (medians; numba {numba.__version__}):")
    entries = sum(min(CHUNK, n - start) * (n - start) for start in range(0, n, CHUNK))
    print(f"  {links:,} of the blocks' {entries:,} entries are pairs with a topic in common")
    for what, seconds in (
        ("plain numpy pass (one multiply-add a pair)", plain_s),
        ("compiled floor (lookup + topic adds only)", floor_s),
        ("our scorer (everything)", scorer_s),
    ):
        print(f"  {what:<44} {seconds:.3f} s = {seconds / plain_s:4.1f} × the plain pass")


if __name__ == "__main__":
    main()
