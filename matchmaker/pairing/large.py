"""Pairs for a big room, in time that grows gently with it. The exact blossom
algorithm's time grows about as n³ even on a few candidates each (6 s at
10,000 people, 54 s at 20,000), so above ``EXACT_LIMIT`` people:

1. a heavy *cycle cover* is found instead — every person sends and receives
   one edge (or stays on their own) — by an auction: people bid for their
   best partner at the prices so far, coarse bids first and finer after
   (``PHASES``), many bids at once in numpy while many are free and one at a
   time for the last few. Its cycles become pairs (a 2-cycle is a pair; a
   longer cycle gives every other edge, the better half). It comes within
   about 0.05 % of the best cover (scipy's exact assignment, whose time grew
   with the square: 30 s at 100,000 people, where the auction takes 5 s);
2. whoever the cover leaves out (an odd cycle's odd one) is seated by
   re-solving the few hundred people around them exactly (the exact matcher
   on a window gathered along the candidate edges).

``bench/pairing.py`` and ``bench/candidates.py`` measure the result against
the exact optimum and the all-pairs plan."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np
import rustworkx as rx

EXACT_LIMIT = 4000  # people up to which the exact blossom runs on the candidates (measured)
WINDOW = 300  # people re-solved around each one the cover leaves out
# The auction's bid increments, coarse to fine (measured at 10,000-100,000 people).
PHASES = (8.0, 2.0, 0.5)
TAIL = 256  # free people from which the auction bids one at a time
ALONE = -101.0  # what staying out of every pair is worth in the cover: less than any pair


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


def cycle_cover(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """A heavy cycle cover along the edges ``a``–``b`` (weights ``w``), as
    each node's successor (itself when it stays alone): an auction with
    ε-scaling (Bertsekas), where each node bids for the partner worth most
    at the current prices, raising that price by its margin over the next
    best plus ``PHASES``' increment. Each phase ends within n × increment
    of the best cover."""
    auction = _Auction(n, a, b, w)
    for step in PHASES:
        auction.owner[:] = -1
        free = np.arange(n)
        while len(free) > TAIL:
            free = auction.bid_together(free, step)
        auction.bid_alone(free.tolist(), step)
    successor = np.empty(n, dtype=np.int64)
    successor[auction.owner] = np.arange(n)
    return successor


class _Auction:
    """Each node's options (its candidate edges and itself, alone), what
    each is worth, each node's price and who has it as successor."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray):
        rows = np.concatenate([a, b, np.arange(n)])
        order = np.argsort(rows, kind="stable")
        self.cols = np.concatenate([b, a, np.arange(n)])[order]
        self.worth = np.concatenate([w, w, np.full(n, ALONE)]).astype(np.float64)[order]
        self.starts = np.searchsorted(rows[order], np.arange(n + 1))
        self.price = np.zeros(n)
        self.owner = np.full(n, -1, dtype=np.int64)

    def bid_together(self, free: np.ndarray, step: float) -> np.ndarray:
        """One round of bids by all of ``free`` at once: the highest bid for
        a node wins it; who is outbid, or lost it, is free for the next round."""
        begin, lengths = self.starts[free], self.starts[free + 1] - self.starts[free]
        bidder = np.repeat(np.arange(len(free)), lengths)
        first_at = np.cumsum(lengths) - lengths
        at = np.arange(int(lengths.sum())) - np.repeat(first_at - begin, lengths)
        target = self.cols[at]
        value = self.worth[at] - self.price[target]
        best = np.maximum.reduceat(value, first_at)
        hits = np.flatnonzero(value == best[bidder])
        chosen = hits[np.searchsorted(bidder[hits], np.arange(len(free)))]  # first best of each
        value[chosen] = -np.inf
        second = np.maximum.reduceat(value, first_at)
        wanted = target[chosen]
        bid = self.price[wanted] + best - np.maximum(second, best + ALONE) + step
        order = np.lexsort((-bid, wanted))
        won = order[np.r_[True, wanted[order][1:] != wanted[order][:-1]]]  # highest per node
        taken = wanted[won]
        outbid = self.owner[taken]
        self.owner[taken] = free[won]
        self.price[taken] = bid[won]
        lost = np.ones(len(free), dtype=bool)
        lost[won] = False
        return np.concatenate([free[lost], outbid[outbid >= 0]])

    def bid_alone(self, free: list[int], step: float) -> None:
        """The last few bids, one at a time (each outbids at most one other:
        a round of numpy calls for a single bid costs 10× more)."""
        while free:
            x = free.pop()
            target = self.cols[self.starts[x] : self.starts[x + 1]]
            value = self.worth[self.starts[x] : self.starts[x + 1]] - self.price[target]
            at = int(value.argmax())
            best = value[at]
            value[at] = -np.inf
            y = int(target[at])
            self.price[y] += best - max(float(value.max()), best + ALONE) + step
            outbid = int(self.owner[y])
            self.owner[y] = x
            if outbid >= 0:
                free.append(outbid)


class EdgeWeights:
    """The weight of any candidate pair, looked up in sorted keys."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray):
        keys = np.minimum(a, b) * n + np.maximum(a, b)
        order = np.argsort(keys, kind="stable")
        self.n, self.keys, self.w = n, keys[order], w[order]

    def of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.keys, np.minimum(x, y) * self.n + np.maximum(x, y))
        return self.w[at]


def pairs_of_cover(successor: np.ndarray, weights: EdgeWeights) -> np.ndarray:
    """Partner of each node from a cycle cover: a 2-cycle is a pair; a longer
    cycle gives the heavier of its ways to take every other edge (an odd one
    leaves someone out, for the windows to seat)."""
    n = len(successor)
    everyone = np.arange(n)
    two = (successor[successor] == everyone) & (successor != everyone)
    partner = np.where(two, successor, -1)
    seen = two | (successor == everyone)
    for start in np.flatnonzero(~seen).tolist():
        if seen[start]:
            continue
        cycle = [start]
        seen[start] = True
        x = int(successor[start])
        while x != start:
            seen[x] = True
            cycle.append(x)
            x = int(successor[x])
        nodes = np.array(cycle, dtype=np.int64)
        size, half = len(nodes), len(nodes) // 2
        edge = weights.of(nodes, np.roll(nodes, -1))  # edge k joins node k and k + 1
        twice = np.concatenate([edge, edge])
        # Taking every other edge from edge ``shift`` on: ``half`` edges.
        sums = [np.concatenate([[0], np.cumsum(twice[parity::2])]) for parity in (0, 1)]
        shifts = np.arange(size if size % 2 else 2)
        totals = np.array([sums[s % 2][s // 2 + half] - sums[s % 2][s // 2] for s in shifts])
        shift = int(shifts[np.argmax(totals)])
        first = nodes[(shift + 2 * np.arange(half)) % size]
        second = nodes[(shift + 2 * np.arange(half) + 1) % size]
        partner[first], partner[second] = second, first
    return partner


def windowed(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> list[tuple[int, int]]:
    """A near-optimal matching of a big sparse graph, edges ``a``–``b`` of
    weights ``w`` (see the module's text)."""
    if not len(a):
        return []
    weights = EdgeWeights(n, a, b, w)
    partner = pairs_of_cover(cycle_cover(n, a, b, w), weights)
    graph = _Neighbours(n, a, b, w)
    for seed in np.flatnonzero(partner < 0).tolist():
        if partner[seed] < 0:  # a window around someone before may have seated them
            _resolve(_window(seed, partner, graph), partner, graph, weights)
    first = np.flatnonzero(np.arange(n) < partner)
    return list(zip(first.tolist(), partner[first].tolist(), strict=True))


class _Neighbours:
    """Each node's neighbours along the candidate edges, heaviest first (for
    growing windows along strong edges)."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray):
        ends = np.concatenate([a, b])
        weights = np.concatenate([w, w])
        order = np.lexsort((-weights, ends))
        self.starts = np.searchsorted(ends[order], np.arange(n + 1))
        self.nodes = np.concatenate([b, a])[order]
        self.weights = weights[order]
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
                queue.extend(graph.nodes[graph.starts[y] : graph.starts[y + 1]].tolist())
    return np.fromiter(taken, dtype=np.int64)


def _resolve(
    window: np.ndarray, partner: np.ndarray, graph: _Neighbours, weights: EdgeWeights
) -> None:
    """Re-solve the window exactly; keep the result if it is better."""
    first, second, weight = graph.edges(window)
    edges = list(zip(first.tolist(), second.tolist(), weight.tolist(), strict=True))
    mine = window[window < partner[window]]
    before = int(weights.of(mine, partner[mine]).sum())
    solved = np.array(exact(len(window), edges), dtype=np.int64).reshape(-1, 2)
    x, y = window[solved[:, 0]], window[solved[:, 1]]
    after = int(weights.of(x, y).sum())
    if (len(solved), after) > (len(mine), before):
        partner[window] = -1
        partner[x], partner[y] = y, x
