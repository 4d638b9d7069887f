"""Scoring speed against the targets, with a per-pair Python reference run in
the same process. Prints medians; run with ``python bench/scoring.py``."""

from __future__ import annotations

import random

import numpy as np
from synth import people, topic_strings
from timing import median_seconds, verdict

from matchmaker.matches import rank_matches
from matchmaker.scoring import EventScorer
from matchmaker.topics import Vocabulary


def main() -> None:
    print("Scoring benchmark (median of 5 runs, this machine)\n")
    rows = []

    room = people(2000)
    scorer = EventScorer(room)
    matrix_s = median_seconds(scorer.matrix)
    # Reference: the same scores one pair at a time from Python, on a sample.
    rng = random.Random(1)
    sample = [(rng.randrange(2000), rng.randrange(2000)) for _ in range(300)]
    per_pair = median_seconds(lambda: [scorer.pair(a, b) for a, b in sample], repeat=3) / len(
        sample
    )
    pairs = 2000 * 1999 / 2
    rows.append(
        (
            "full matrix, 2,000 people",
            matrix_s,
            1.0,
            f"per-pair reference ≈ {per_pair * pairs:,.0f} s ({per_pair * pairs / matrix_s:,.0f}× slower)",
        )
    )

    cohort = people(10_000, seed=3)
    big = EventScorer(cohort)
    persons = iter(range(0, 10_000, 97))
    ranked_s = median_seconds(lambda: rank_matches(big, next(persons), top=5), repeat=9)
    loop_s = median_seconds(lambda: [big.pair(17, j) for j in range(0, 10_000, 50)], repeat=3) * 50
    rows.append(
        ("one person's top 5 among 10,000", ranked_s, 0.05, f"per-pair reference ≈ {loop_s:.1f} s")
    )

    texts = topic_strings(50_000)
    vocab_s = median_seconds(lambda: Vocabulary.build(texts), repeat=5)
    vocab = Vocabulary.build(texts)
    rows.append(
        (
            "normalise 50,000 topic strings",
            vocab_s,
            2.0,
            f"{len(set(texts)):,} spellings → {len(vocab):,} topics",
        )
    )

    load_s = median_seconds(lambda: EventScorer(room), repeat=3)
    rows.append(
        (
            "build vectors for 2,000 people (load)",
            load_s,
            float("inf"),
            "not a target; shown for context",
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'median':>9}  {'target':>8}  verdict      notes")
    for name, seconds, target, note in rows:
        target_text = "—" if target == float("inf") else f"{target:.2f} s"
        mark = "" if target == float("inf") else verdict(seconds, target)
        print(f"{name.ljust(width)}  {seconds:>7.3f} s  {target_text:>8}  {mark:<11}  {note}")
    assert np.array_equal(scorer.matrix(), scorer.matrix().T)


if __name__ == "__main__":
    main()
