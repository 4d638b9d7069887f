"""Pairing quality and speed: our matcher against networkx's matcher and a
greedy baseline in the same run, with the gap to the exact optimum.

Run with ``python -m bench.pairing`` (``--quick`` skips 10,000 people).
Prints medians of repeated runs; nothing here is a unit test.
"""

from __future__ import annotations

import sys
import time
from itertools import combinations

import networkx as nx
import numpy as np
import rustworkx as rx

from bench.exact import best_partner_bound, optimum_groups
from bench.synth import people
from bench.timing import Figure, median_seconds, record
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing import Rules, arrange
from matchmaker.pairing import pairs as pairing
from matchmaker.pairing.best_partners import edge_list
from matchmaker.pairing.large import exact
from matchmaker.pairing.weights import Weights

NETWORKX_LIMIT = 200  # networkx's matcher takes ~13 s at 400 people
OPTIMUM_LIMIT = 2000  # exact dense rustworkx matching: ~2 s at 1,000, ~20 s at 2,000
GREEDY_LIMIT = 2000
ODD_OPTIMUM_LIMIT = 301  # exhaustive over the group of three


def total(matrix: np.ndarray, groups) -> int:
    return sum(int(matrix[a, b]) for g in groups for a, b in combinations(g, 2))


def optimum(matrix: np.ndarray) -> int:
    n = len(matrix)
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    a, b = np.triu_indices(n, 1)
    graph.add_edges_from(list(zip(a.tolist(), b.tolist(), matrix[a, b].tolist(), strict=True)))
    return total(matrix, rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int))


def odd_optimum(scorer: EventScorer, matrix: np.ndarray) -> int:
    """Odd rooms: every person tried as the third of a trio, each with an exact matching."""
    saved = pairing.EXACT_ODD_LIMIT
    pairing.EXACT_ODD_LIMIT = len(matrix)
    try:
        return total(matrix, arrange(scorer, Rules())[0].groups)
    finally:
        pairing.EXACT_ODD_LIMIT = saved


def networkx_pairs(matrix: np.ndarray) -> list[tuple[int, int]]:
    n = len(matrix)
    graph = nx.Graph()
    a, b = np.triu_indices(n, 1)
    graph.add_weighted_edges_from(zip(a.tolist(), b.tolist(), matrix[a, b].tolist(), strict=True))
    return list(nx.max_weight_matching(graph, maxcardinality=True))


def greedy_pairs(matrix: np.ndarray) -> list[tuple[int, int]]:
    n = len(matrix)
    a, b = np.triu_indices(n, 1)
    order = np.argsort(-matrix[a, b], kind="stable")
    free = np.ones(n, dtype=bool)
    pairs = []
    for i in order:
        x, y = a[i], b[i]
        if free[x] and free[y]:
            free[x] = free[y] = False
            pairs.append((int(x), int(y)))
    return pairs


def groups_against_optimum() -> None:
    """Our groups in small rooms against the proven optimum (HiGHS)."""
    print("\nGroups against the exact optimum (scipy.optimize.milp):")
    worst, slowest = 100.0, 0.0
    for n, size in [
        (12, 3),
        (15, 3),
        (18, 3),
        (24, 3),
        (30, 3),
        (36, 3),
        (12, 4),
        (16, 4),
        (20, 4),
        (24, 4),
        (28, 4),
    ]:
        scorer = EventScorer(people(n, seed=n * 10 + size))
        matrix = scorer.matrix()
        start = time.perf_counter()
        _, best = optimum_groups(matrix, size)
        slowest = max(slowest, time.perf_counter() - start)
        ours = total(matrix, arrange(scorer, Rules(size=size))[0].groups)
        share = 100 * ours / best
        worst = min(worst, share)
        print(f"{n:>7} in groups of {size}: ours {ours:,}, optimum {best:,} ({share:.2f} %)")
    record(
        Figure(
            "groups of 3 and 4, rooms of 12-36: worst share of the optimum",
            worst,
            "%",
            99.0,
            f"the exact optimum, found in ≤ {slowest:.1f} s each",
            at_least=True,
        )
    )


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = [20, 100, 201, 301, 500, 1000, 2000] + ([] if quick else [5000])
    print("Pairing benchmark: pairs, one round (median seconds; totals are sums of pair scores)\n")
    header = f"{'people':>7}  {'solver':<22} {'seconds':>9}  {'total':>9}  {'gap to optimum':>15}"
    print(header)
    print("-" * len(header))
    for n in sizes:
        profiles = people(n, seed=n)
        scorer = EventScorer(profiles)
        matrix = scorer.matrix() if n <= GREEDY_LIMIT else None
        if n % 2:
            best = odd_optimum(scorer, matrix) if n <= ODD_OPTIMUM_LIMIT else None
        else:
            best = optimum(matrix) if matrix is not None and n <= OPTIMUM_LIMIT else None
        repeat = 5 if n <= 1000 else 3

        def ours(profiles: list = profiles) -> list:
            return arrange(EventScorer(profiles), Rules())[0].groups

        seconds = median_seconds(ours, repeat)
        groups = ours()
        ours_total = total(matrix, groups) if matrix is not None else None
        rows = [("matchmaker (score+pair)", seconds, ours_total)]
        if matrix is not None and n <= NETWORKX_LIMIT:
            rows.append(
                (
                    "networkx matcher",
                    median_seconds(lambda m=matrix: networkx_pairs(m), 1),
                    total(matrix, networkx_pairs(matrix)),
                )
            )
        if matrix is not None:
            rows.append(
                (
                    "greedy baseline",
                    median_seconds(lambda m=matrix: greedy_pairs(m), 3),
                    total(matrix, greedy_pairs(matrix)),
                )
            )
        for name, secs, value in rows:
            gap = "—" if best is None or value is None else f"{100 * (best - value) / best:.3f} %"
            shown = "—" if value is None else f"{value:,}"
            print(f"{n:>7}  {name:<22} {secs:>9.3f}  {shown:>9}  {gap:>15}")
        if n == 1000:
            record(
                Figure(
                    "1,000 people scored and paired",
                    seconds,
                    "s",
                    1.0,
                    f"greedy pairing of the ready matrix: {rows[-1][1]:.2f} s",
                )
            )
        if n == 2000 and best and ours_total is not None:
            greedy_share = 100 * rows[-1][2] / best
            record(
                Figure(
                    "pairs of 2,000: share of the exact optimum",
                    100 * ours_total / best,
                    "%",
                    99.8,
                    f"greedy: {greedy_share:.2f} %",
                    at_least=True,
                )
            )
    if not quick:
        big = EventScorer(people(10_000, seed=10_000))
        plan = arrange(big, Rules())[0]
        start = time.perf_counter()
        weights = Weights(big, Rules(), set())
        edges = edge_list(pairing.candidates(weights, np.arange(len(big)), pairing.CANDIDATES))
        weight = {(a, b): w for a, b, w in edges}
        best = sum(weight[pair] for pair in exact(len(big), edges))
        exact_s = time.perf_counter() - start
        print(
            f"10,000 people: ours {plan.best_total:,}; exact blossom on each person's "
            f"{pairing.CANDIDATES} best: {best:,} ({exact_s:.0f} s); everyone with their "
            f"best partner (a loose bound): {best_partner_bound(big):,}"
        )
        record(
            Figure(
                "pairs of 10,000: share of the exact optimum on 30 candidates each",
                100 * plan.best_total / best,
                "%",
                99.8,
                f"the exact blossom on the same candidates: {exact_s:.0f} s",
                at_least=True,
            )
        )
    groups_against_optimum()


if __name__ == "__main__":
    main()
