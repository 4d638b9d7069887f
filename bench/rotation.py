"""Several rounds: the whole-room rotation planner against the old
round-by-round greedy planner (the same code with the whole-room planner
switched off), in the same run.

Classic instances put everyone at the same score, so only the rotation
matters: repeated meetings and median seconds of three runs. A realistic
room (40 synthetic people, groups of 4, 3 rounds) reports total fit against
ceilings: each round's own best plan without the no-repeat rule (three
times the one-round planner's total), a proven bound for that (each
person's K−1 best partners, half of each pair's score to each, per round),
and a proven bound with the rule (each person's R·(K−1) best partners).

Run with ``python -m bench.rotation``. Nothing here is a unit test.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import combinations

import numpy as np

import matchmaker.pairing as pairing
from bench.synth import people
from bench.timing import Figure, median_seconds, record
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing import MatrixSource, RoundPlan, Rules, ScoreSource, arrange

CLASSIC = [  # (name, people, group size, rounds)
    ("pairs round robin", 16, 2, 15),
    ("Kirkman's schoolgirls", 15, 3, 7),
    ("affine plane AG(2,3)", 9, 3, 4),
    ("affine plane AG(2,4)", 16, 4, 5),
    ("affine plane AG(2,5)", 25, 5, 6),
    ("affine space AG(3,3)", 27, 3, 13),
    ("social golfer 5-4-5", 20, 4, 5),
    ("social golfer 8-4-9", 32, 4, 9),
    ("social golfer 10-4-3", 40, 4, 3),
    ("social golfer 6-4-5", 24, 4, 5),  # no construction here: the tabu search
    ("Kirkman system of 21", 21, 3, 10),
    ("Kirkman system of 33", 33, 3, 16),
    ("8 in threes (3, 3, 2)", 8, 3, 4),  # one table more rather than a repeat
    ("12 in fours (3, 3, 3, 3)", 12, 4, 2),
]
TARGET = 20.0  # seconds for Kirkman 15-3-7 and the golfer 32-4-9 (issue 16)


@contextmanager
def greedy() -> Iterator[None]:
    """The planner as it was: each round on its own, the best under the rounds before."""
    saved = pairing.rotates
    pairing.rotates = lambda people, size: False  # type: ignore[assignment]
    try:
        yield
    finally:
        pairing.rotates = saved


def pairs(plans: list[RoundPlan]) -> Counter[tuple[int, int]]:
    return Counter(
        (min(a, b), max(a, b)) for p in plans for g in p.groups for a, b in combinations(g, 2)
    )


def fit(matrix: np.ndarray, plans: list[RoundPlan]) -> int:
    return sum(int(matrix[a, b]) * c for (a, b), c in pairs(plans).items())


def measure(plan: Callable[[], list[RoundPlan]]) -> tuple[list[RoundPlan], float]:
    return plan(), median_seconds(plan, 3)


def classic() -> None:
    print("Classic instances, everyone alike (repeats = meetings of a pair after its first)\n")
    header = f"{'instance':<24}{'n-k-rounds':>12}{'new rep.':>10}{'new s':>8}{'old rep.':>10}{'old s':>8}"
    print(header)
    print("-" * len(header))
    repeats = [row(*instance) for instance in CLASSIC]
    record(
        Figure(
            f"classic rotation instances ({len(CLASSIC)}): repeated pairs",
            sum(new for new, _ in repeats),
            "",
            0,
            f"the round-by-round planner: {sum(old for _, old in repeats)}",
        )
    )


def row(name: str, n: int, size: int, rounds: int) -> tuple[int, int]:
    """One instance's line; the repeats of the new planner and the old."""
    same = np.full((n, n), 50)
    np.fill_diagonal(same, 0)
    source, rules = MatrixSource(same), Rules(size=size, rounds=rounds)
    new, new_s = measure(lambda: arrange(source, rules))
    with greedy():
        old, old_s = measure(lambda: arrange(source, rules))
    new_rep = sum(c - 1 for c in pairs(new).values())
    old_rep = sum(c - 1 for c in pairs(old).values())
    print(
        f"{name:<24}{f'{n}-{size}-{rounds}':>12}{new_rep:>10}{new_s:>8.2f}{old_rep:>10}{old_s:>8.2f}"
    )
    if (n, size, rounds) in ((15, 3, 7), (32, 4, 9)):
        record(
            Figure(
                f"{name} {n}-{size}-{rounds}, no repeats: seconds",
                new_s if new_rep == 0 else float("inf"),
                "s",
                TARGET,
                f"round by round: {old_s:.2f} s with {old_rep} repeats",
            )
        )
    return new_rep, old_rep


def realistic(n: int = 40, size: int = 4, rounds: int = 3) -> None:
    scorer: ScoreSource = EventScorer(people(n, seed=n))
    everyone = np.arange(n)
    matrix = scorer.block(everyone, everyone).astype(np.int64)
    rules = Rules(size=size, rounds=rounds)
    new, new_s = measure(lambda: arrange(scorer, rules))
    with greedy():
        old, old_s = measure(lambda: arrange(scorer, rules))
    own = rounds * fit(matrix, arrange(scorer, Rules(size=size)))
    ranked = np.sort(matrix, axis=1)
    bound = rounds * int(ranked[:, -(size - 1) :].sum()) // 2
    fresh = int(ranked[:, -rounds * (size - 1) :].sum()) // 2
    print(f"\nRealistic room: {n} synthetic people, groups of {size}, {rounds} rounds")
    print(
        f"each round's own best, {rounds}×: {own:,}; proven bounds: {bound:,} "
        f"(each round on its own), {fresh:,} (nobody meeting twice)\n"
    )
    header = (
        f"{'planner':<12}{'repeats':>9}{'seconds':>9}{'total fit':>11}"
        f"{'of own best':>13}{'of bound':>10}{'of no-repeat bound':>20}"
    )
    print(header)
    print("-" * len(header))
    for name, plans, seconds in (("new", new, new_s), ("old greedy", old, old_s)):
        total = fit(matrix, plans)
        repeats = sum(c - 1 for c in pairs(plans).values())
        print(
            f"{name:<12}{repeats:>9}{seconds:>9.2f}{total:>11,}"
            f"{100 * total / own:>12.1f}%{100 * total / bound:>9.1f}%{100 * total / fresh:>19.1f}%"
        )


if __name__ == "__main__":
    classic()
    realistic()
