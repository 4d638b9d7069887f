"""Pairs for a big room, in time that grows gently with it. The exact blossom
algorithm's time grows about as n³ even on a few candidates each (6 s at
10,000 people, 54 s at 20,000), so above ``EXACT_LIMIT`` people:

1. the best *cycle cover* is found instead — every person sends and receives
   one edge, a sparse assignment problem that scipy solves in a blink — and
   its cycles become pairs (a 2-cycle is a pair; a longer cycle gives every
   other edge, the better half). Half the cover's weight bounds the best
   matching from above, so the gap is known;
2. then the matching is improved window by window: a few hundred people who
   are matched among themselves, gathered along the candidate edges, are
   re-solved by the exact matcher, and kept if better.

``bench/pairing.py`` measures the result against the exact optimum and the
bound."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np
import rustworkx as rx
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

EXACT_LIMIT = 4000  # people up to which the exact blossom runs on the candidates (measured)
WINDOW = 600  # people re-solved exactly at a time (10,000: 99.79 % of the exact optimum at 400, 99.81 % here, +0.6 s)
SWEEPS = 1  # passes of windows over the room


def exact(n: int, edges: Sequence[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The maximum-weight matching (maximum cardinality first) of a graph."""
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(list(edges))
    result = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    return [(a, b) if a < b else (b, a) for a, b in result]


def greedy(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Partner of each node (-1 for none), taking the heaviest edges first."""
    partner = np.full(n, -1, dtype=np.int64)
    for i in np.argsort(-w, kind="stable").tolist():
        x, y = int(a[i]), int(b[i])
        if partner[x] < 0 and partner[y] < 0:
            partner[x], partner[y] = y, x
    return partner


def cycle_cover(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray | None:
    """The heaviest cycle cover (as each node's successor), or None when the
    candidate edges allow none."""
    heaviest = int(w.max()) + 1
    cost = sparse.csr_matrix(
        (
            np.concatenate([heaviest - w, heaviest - w]).astype(np.float64),
            (np.concatenate([a, b]), np.concatenate([b, a])),
        ),
        shape=(n, n),
    )
    try:
        rows, cols = min_weight_full_bipartite_matching(cost)
    except ValueError:  # no cover: some people have too few candidates
        return None
    successor = np.empty(n, dtype=np.int64)
    successor[rows] = cols
    return successor


def pairs_of_cover(successor: np.ndarray, weight: dict[tuple[int, int], int]) -> np.ndarray:
    """Partner of each node from a cycle cover: a 2-cycle is a pair; a longer
    cycle gives the heavier of its ways to take every other edge (an odd one
    leaves someone out, for the windows to seat)."""
    n = len(successor)
    partner = np.full(n, -1, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    for start in range(n):
        if seen[start]:
            continue
        cycle = []
        x = start
        while not seen[x]:
            seen[x] = True
            cycle.append(x)
            x = int(successor[x])
        size = len(cycle)
        ways = [
            [
                (cycle[(shift + 2 * k) % size], cycle[(shift + 2 * k + 1) % size])
                for k in range(size // 2)
            ]
            for shift in range(size if size % 2 else min(size, 2))
        ]
        best = max(ways, key=lambda pairs: sum(weight[(min(p), max(p))] for p in pairs))
        for x, y in best:
            partner[x], partner[y] = y, x
    return partner


def windowed(n: int, edges: Sequence[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """A near-optimal matching of a big sparse graph (see the module's text)."""
    if not edges:
        return []
    a, b, w = (np.array(column, dtype=np.int64) for column in zip(*edges, strict=True))
    edge_weight: dict[tuple[int, int], int] = {
        (min(x, y), max(x, y)): z
        for x, y, z in zip(a.tolist(), b.tolist(), w.tolist(), strict=True)
    }
    successor = cycle_cover(n, a, b, w)
    partner = greedy(n, a, b, w) if successor is None else pairs_of_cover(successor, edge_weight)
    graph = _Neighbours(n, a, b, w)
    for _ in range(SWEEPS):
        seen = np.zeros(n, dtype=bool)
        for seed in range(n):
            if seen[seed]:
                continue
            window = _window(seed, partner, graph)
            seen[window] = True
            _resolve(window, partner, graph, edge_weight)
    return sorted((x, int(partner[x])) for x in range(n) if x < partner[x])


class _Neighbours:
    """Each node's neighbours along the candidate edges, heaviest first (for
    growing windows along strong edges), as arrays and as Python lists (a
    window's breadth-first walk reads them one node at a time)."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray):
        ends = np.concatenate([a, b])
        weights = np.concatenate([w, w])
        order = np.lexsort((-weights, ends))
        self.starts = np.searchsorted(ends[order], np.arange(n + 1))
        self.nodes = np.concatenate([b, a])[order]
        self.weights = weights[order]
        self.lists = [part.tolist() for part in np.split(self.nodes, self.starts[1:-1])]
        self.position = np.full(n, -1, dtype=np.int64)  # within the window being solved

    def edges(self, window: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The edges within ``window`` as (local, local, weight), each once
        from its lower end, in the order of the window and then heaviest first."""
        begin, end = self.starts[window], self.starts[window + 1]
        lengths = end - begin
        owner = np.repeat(np.arange(len(window)), lengths)
        at = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        at += np.repeat(begin, lengths)
        self.position[window] = np.arange(len(window))
        other = self.position[self.nodes[at]]
        self.position[window] = -1
        inside = (other >= 0) & (window[owner] < self.nodes[at])
        return owner[inside], other[inside], self.weights[at][inside]


def _window(seed: int, partner: np.ndarray, graph: _Neighbours) -> np.ndarray:
    """About ``WINDOW`` people near ``seed`` along the candidate edges, each
    with their current partner (so the window is matched within itself)."""
    taken: dict[int, None] = {}
    queue = deque([seed])
    while queue and len(taken) < WINDOW:
        x = queue.popleft()
        for y in (x, int(partner[x])):
            if y >= 0 and y not in taken:
                taken[y] = None
                queue.extend(graph.lists[y])
    return np.fromiter(taken, dtype=np.int64)


def _resolve(
    window: np.ndarray,
    partner: np.ndarray,
    graph: _Neighbours,
    edge_weight: dict[tuple[int, int], int],
) -> None:
    """Re-solve the window exactly; keep the result if it is better."""
    first, second, weight = graph.edges(window)
    edges = list(zip(first.tolist(), second.tolist(), weight.tolist(), strict=True))
    matched = [(x, int(partner[x])) for x in window.tolist() if x < partner[x]]
    before = sum(edge_weight[p] for p in matched)
    solved = [(int(window[i]), int(window[j])) for i, j in exact(len(window), edges)]
    after = sum(edge_weight[(min(x, y), max(x, y))] for x, y in solved)
    if (len(solved), after) > (len(matched), before):
        for x in window.tolist():
            partner[x] = -1
        for x, y in solved:
            partner[x], partner[y] = y, x
