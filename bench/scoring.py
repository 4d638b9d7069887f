"""Scoring speed against the targets, with a per-pair Python reference run in
the same process. Prints medians; run with ``python -m bench.scoring``."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from bench.synth import people, topic_strings
from bench.timing import Figure, median_seconds, record
from matchmaker.core.matches import describe_many, ranking
from matchmaker.core.scoring import EventScorer
from matchmaker.core.topics import Vocabulary
from matchmaker.pairing.weights import CHUNK


def half_matrix(score: Callable[[np.ndarray, np.ndarray], object], n: int) -> None:
    """Every pair of ``n`` people once: each chunk of rows against itself and later rows."""
    everyone = np.arange(n)
    for start in range(0, n, CHUNK):
        score(everyone[start : start + CHUNK], everyone[start:])


def plain_pass(n: int) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """The reference: one float32 multiply-add per pair of ``n`` people."""
    weights = np.random.default_rng(0).random(n, dtype=np.float32)

    def plain(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return weights[rows, None] * weights[None, cols] + np.float32(0.5)

    return plain


def main() -> None:
    print("Scoring benchmark (medians, this machine)\n")

    room = people(2000)
    scorer = EventScorer(room)
    matrix_s = median_seconds(scorer.matrix)
    # Reference: the same scores one pair at a time from Python, on a sample.
    rng = random.Random(1)
    sample = [(rng.randrange(2000), rng.randrange(2000)) for _ in range(300)]
    per_pair = median_seconds(lambda: [scorer.pair(a, b) for a, b in sample], repeat=3)
    per_pair *= 2000 * 1999 / 2 / len(sample)
    print(f"full matrix, 2,000 people: {matrix_s:.3f} s (one pair at a time ≈ {per_pair:,.0f} s)")

    cohort = people(10_000, seed=3)
    big = EventScorer(cohort)
    scored_s = median_seconds(lambda: half_matrix(big.block, len(big)), repeat=3)
    plain_s = median_seconds(lambda: half_matrix(plain_pass(len(big)), len(big)), repeat=3)
    reference = f"a plain numpy pass over the same pairs: {plain_s:.2f} s"
    record(Figure("score 10,000 people (every pair once)", scored_s, "s", 2.0, reference))
    record(Figure("scorer ÷ plain numpy pass", scored_s / plain_s, "×", 3.0, reference))

    persons = iter(range(0, 10_000, 97))

    def top_five(person: int) -> object:  # what the app's matches screen asks for
        return describe_many(big, person, ranking(big, person, 5))

    ranked_s = median_seconds(lambda: top_five(next(persons)), repeat=25)
    row_s = median_seconds(lambda: big.row(next(persons)), repeat=25)
    record(
        Figure(
            "one person's top 5 among 10,000, explained",
            ranked_s * 1000,
            "ms",
            10.0,
            f"their row of 10,000 scores alone: {row_s * 1000:.1f} ms",
        )
    )

    texts = topic_strings(50_000)
    vocab_s = median_seconds(lambda: Vocabulary.build(texts), repeat=5)
    vocab = Vocabulary.build(texts)
    print(
        f"normalise 50,000 topic strings: {vocab_s:.2f} s "
        f"({len(set(texts)):,} spellings → {len(vocab):,} topics)"
    )
    load_s = median_seconds(lambda: EventScorer(room), repeat=3)
    print(f"build vectors for 2,000 people (load): {load_s:.2f} s")
    assert np.array_equal(scorer.matrix(), scorer.matrix().T)


if __name__ == "__main__":
    main()
