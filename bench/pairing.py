"""Pairing quality and speed: our matcher against networkx's matcher and a
greedy baseline in the same run, with the gap to the exact optimum.

Run with ``python bench/pairing.py`` (``--quick`` skips 10,000 people).
Prints medians of repeated runs; nothing here is a unit test.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np
import rustworkx as rx
from synth import people
from timing import median_seconds, verdict

from matchmaker.pairing import Rules, arrange
from matchmaker.pairing import pairs as pairing
from matchmaker.render.spreadsheet import profiles_csv
from matchmaker.scoring import EventScorer

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


def cli_run(n: int) -> tuple[float, float]:
    """Seconds and peak MiB for `matchmaker pair FILE.csv --format json` in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"people-{n}.csv"
        path.write_text(profiles_csv(people(n)), encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "matchmaker", "pair", str(path), "--format", "json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


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
            print(f"{'':>7}  target: 1,000 scored and paired ≤ 1 s: {verdict(seconds, 1.0)}")
    print("\nGroups of 3 (no target; median of 3): people, seconds, sum of within-group scores")
    for n in [200, 2000] + ([] if quick else [5000]):
        scorer = EventScorer(people(n, seed=n))
        seconds = median_seconds(lambda s=scorer: arrange(s, Rules(size=3)), 3)
        groups = arrange(scorer, Rules(size=3))[0].groups
        within = sum(int(scorer.pair(a, b)[0]) for g in groups for a, b in combinations(g, 2))
        print(f"{n:>7}  {seconds:>9.3f}  {within:>9,}")
    print()
    for n, limit in [(2000, 5.0)] + ([] if quick else [(10_000, 30.0)]):
        seconds, mib = cli_run(n)
        memory_ok = "" if n < 10_000 else f", peak {mib:,.0f} MiB (≤ 2,048: {verdict(mib, 2048)})"
        print(
            f"command line end to end, {n:,} people: {seconds:.2f} s (≤ {limit:.0f} s: {verdict(seconds, limit)}){memory_ok}"
        )


if __name__ == "__main__":
    main()
