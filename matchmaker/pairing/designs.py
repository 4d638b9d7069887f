"""Schedules that design theory proves have no repeated pair, built directly:
a round robin for pairs, the parallel classes of lines of an affine space
(q^m people in groups of a prime power q), cosets of a partial spread of
binary subspaces (32 people in groups of 4 for 9 rounds: the social golfer
8-4-9), a packing of PG(3,2) (Kirkman's 15 schoolgirls, 7 days), Kirkman
systems of 21 and 33 people in threes from starter blocks over Z_q × 3
rows, and a resolvable transversal design (K rows of a prime power q ≥ K
people: q rounds, then the rows among themselves).

A schedule is a list of rounds, each a list of groups of positions; people
are placed on it later (any relabelling keeps it free of repeats)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, product

Schedule = list[list[tuple[int, ...]]]
SEARCH_NODES = 200_000  # a backtracking search gives up after this many steps


def design(people: int, size: int, rounds: int) -> Schedule | None:
    """``rounds`` rounds of ``people`` in groups of ``size`` with nobody meeting
    twice, when one of the constructions here gives that many; else None."""
    if people % size or rounds < 1:
        return None
    for build in (
        _round_robin,
        _affine_lines,
        _binary_spread,
        _kirkman_15,
        _kirkman_3q,
        _transversal,
    ):
        schedule = build(people, size, rounds)
        if schedule is not None and len(schedule) >= rounds:
            return schedule[:rounds]
    return None


def _round_robin(people: int, size: int, rounds: int) -> Schedule | None:
    """The circle method: one person stays put, the others rotate."""
    if size != 2 or people < 2:
        return None
    turning = people - 1
    schedule: Schedule = []
    for r in range(turning):
        groups: list[tuple[int, ...]] = [(r, turning)]
        for i in range(1, people // 2):
            a, b = (r + i) % turning, (r - i) % turning
            groups.append((min(a, b), max(a, b)))
        schedule.append(sorted(groups))
    return schedule


def _prime_power(q: int) -> tuple[int, int] | None:
    for p in range(2, q + 1):
        if q % p == 0:
            k, rest = 0, q
            while rest % p == 0:
                rest //= p
                k += 1
            return (p, k) if rest == 1 else None
    return None


def _field(q: int) -> tuple[list[list[int]], list[list[int]]] | None:
    """Addition and multiplication tables of GF(q), elements as base-p digits
    of polynomial coefficients, modulo a monic irreducible of degree k ≤ 3
    (irreducible there exactly when it has no root)."""
    found = _prime_power(q)
    if found is None or found[1] > 3:
        return None
    p, k = found

    def digits(x: int) -> list[int]:
        return [(x // p**i) % p for i in range(k)]

    def number(ds: list[int]) -> int:
        return sum(d * p**i for i, d in enumerate(ds))

    if k == 1:
        return (
            [[(a + b) % p for b in range(q)] for a in range(q)],
            [[a * b % p for b in range(q)] for a in range(q)],
        )
    modulus = next(
        c
        for c in product(range(p), repeat=k)
        if all((sum(ci * x**i for i, ci in enumerate(c)) + x**k) % p for x in range(p))
    )

    def times(a: int, b: int) -> int:
        prod = [0] * (2 * k)
        for i, x in enumerate(digits(a)):
            for j, y in enumerate(digits(b)):
                prod[i + j] = (prod[i + j] + x * y) % p
        for top in range(2 * k - 1, k - 1, -1):  # x^k = -(c0 + c1 x + …)
            lead, prod[top] = prod[top], 0
            for i, ci in enumerate(modulus):
                prod[top - k + i] = (prod[top - k + i] - lead * ci) % p
        return number(prod[:k])

    add = [
        [number([(x + y) % p for x, y in zip(digits(a), digits(b), strict=True)]) for b in range(q)]
        for a in range(q)
    ]
    mul = [[times(a, b) for b in range(q)] for a in range(q)]
    return add, mul


def _affine_lines(people: int, size: int, rounds: int) -> Schedule | None:
    """AG(m, q): a round per direction, its tables the parallel lines."""
    q, m = size, 1
    while q**m < people:
        m += 1
    if q**m != people or m < 2:
        return None
    field = _field(q)
    if field is None:
        return None
    add, mul = field
    points = list(product(range(q), repeat=m))
    at = {v: i for i, v in enumerate(points)}
    schedule = []
    for u in points:
        if not any(u) or u[next(i for i, x in enumerate(u) if x)] != 1:
            continue  # a direction once: its first non-zero coordinate is 1
        seen: set[int] = set()
        groups = []
        for v in points:
            if at[v] in seen:
                continue
            line = tuple(
                sorted(
                    at[tuple(add[x][mul[lam][y]] for x, y in zip(v, u, strict=True))]
                    for lam in range(q)
                )
            )
            seen.update(line)
            groups.append(line)
        schedule.append(sorted(groups))
        if len(schedule) == rounds:
            break
    return schedule


def _subspaces(m: int, d: int) -> list[int]:
    """Every d-dimensional subspace of GF(2)^m, as a bit mask of its non-zero vectors."""
    found = set()
    for basis in combinations(range(1, 2**m), d):
        span = {0}
        for b in basis:
            span |= {x ^ b for x in span}
        if len(span) == 2**d:
            found.add(sum(1 << x for x in span if x))
    return sorted(found)


def _disjoint(masks: list[int], wanted: int) -> list[int] | None:
    """``wanted`` masks with no bit in common, by backtracking (bounded)."""
    steps = 0

    def extend(chosen: list[int], used: int, start: int) -> list[int] | None:
        nonlocal steps
        if len(chosen) == wanted:
            return chosen
        for i in range(start, len(masks)):
            steps += 1
            if steps > SEARCH_NODES:
                return None
            if not masks[i] & used:
                found = extend([*chosen, masks[i]], used | masks[i], i + 1)
                if found is not None:
                    return found
        return None

    return extend([], 0, 0)


def _binary_spread(people: int, size: int, rounds: int) -> Schedule | None:
    """2^m people in groups of 2^d: the cosets of d-dimensional subspaces of
    GF(2)^m that meet only in zero (a partial spread) never repeat a pair."""
    m, d = people.bit_length() - 1, size.bit_length() - 1
    if people != 2**m or size != 2**d or d < 2 or m > 6 or 2 * d > m:
        return None
    spread = _disjoint(_subspaces(m, d), min(rounds, (people - 1) // (size - 1)))
    if spread is None:
        return None
    schedule = []
    for mask in spread:
        space = [0, *(x for x in range(people) if mask >> x & 1)]
        cosets = {tuple(sorted(v ^ s for s in space)) for v in range(people)}
        schedule.append(sorted(cosets))
    return schedule


def _kirkman_15(people: int, size: int, rounds: int) -> Schedule | None:
    """Kirkman's schoolgirls: the 35 lines of PG(3,2) (triples a, b, a xor b
    of non-zero 4-bit vectors) split into 7 spreads of 5 disjoint lines."""
    if (people, size) != (15, 3):
        return None
    lines = sorted({tuple(sorted((a, b, a ^ b))) for a, b in combinations(range(1, 16), 2)})
    mask = {line: sum(1 << (x - 1) for x in line) for line in lines}
    spreads = list(_spreads(lines, mask))
    by_lines = [sum(1 << lines.index(line) for line in s) for s in spreads]
    packing = _disjoint(by_lines, 7)
    if packing is None:
        return None
    return [
        sorted(tuple(x - 1 for x in line) for line in spreads[by_lines.index(chosen)])
        for chosen in packing
    ]


def _spreads(
    lines: list[tuple[int, ...]], mask: dict[tuple[int, ...], int]
) -> Iterator[list[tuple[int, ...]]]:
    """Every way to cover the 15 points with 5 disjoint lines."""

    def cover(chosen: list[tuple[int, ...]], used: int) -> Iterator[list[tuple[int, ...]]]:
        if used == (1 << 15) - 1:
            yield chosen
            return
        first = next(x for x in range(15) if not used >> x & 1) + 1
        for line in lines:
            if line[0] == first and not mask[line] & used:
                yield from cover([*chosen, line], used | mask[line])

    yield from cover([], 0)


# Kirkman triple systems on 3q people (q·3 rows): (q − 1)/2 rounds whose
# tables take one person of each row, (0, x), (1, x + a), (2, x + b), and q
# rounds that shift a starter round by 0 … q − 1. Found by a search over
# starters whose pairs cover each difference class once (checked in
# tests/test_rotation.py: no pair meets twice and every pair meets).
KIRKMAN_STARTERS: dict[int, tuple[tuple[tuple[int, int], ...], tuple[tuple[int, ...], ...]]] = {
    7: (
        ((0, 0), (1, 2), (2, 5)),
        ((0, 1, 3), (2, 7, 20), (4, 8, 17), (5, 11, 15), (6, 9, 14), (10, 12, 13), (16, 18, 19)),
    ),
    11: (
        ((0, 0), (1, 2), (2, 1), (3, 5), (4, 7)),
        (
            (0, 1, 3), (2, 6, 11), (4, 10, 30), (5, 22, 24), (7, 15, 17), (8, 14, 29),
            (9, 16, 23), (12, 28, 31), (13, 19, 20), (18, 21, 27), (25, 26, 32),
        ),
    ),
}  # fmt: skip


def _kirkman_3q(people: int, size: int, rounds: int) -> Schedule | None:
    """A Kirkman system of ``people`` = 3q in threes: every pair meets once
    over (3q − 1)/2 rounds."""
    q = people // 3
    if size != 3 or people % 3 or q not in KIRKMAN_STARTERS:
        return None
    across, starter = KIRKMAN_STARTERS[q]

    def shift(person: int, by: int) -> int:
        row, x = divmod(person, q)
        return row * q + (x + by) % q

    schedule: Schedule = [
        sorted((x, q + (x + a) % q, 2 * q + (x + b) % q) for x in range(q)) for a, b in across
    ]
    for by in range(q):
        schedule.append(sorted(tuple(sorted(shift(p, by) for p in table)) for table in starter))
    return schedule


def _transversal(people: int, size: int, rounds: int) -> Schedule | None:
    """People (i, y) in ``size`` rows of q (a prime power, at least ``size``):
    in round a, table b seats (i, a·i + b) from every row. Two people of
    different rows meet in one round only (a·(i − j) = y − z has one
    solution) and people of one row never, so the rows can then be
    scheduled among themselves for more rounds."""
    q = people // size
    field = _field(q) if q >= size else None
    if field is None:
        return None
    add, mul = field
    schedule: Schedule = [
        sorted(tuple(i * q + add[mul[a][i]][b] for i in range(size)) for b in range(q))
        for a in range(q)
    ]
    if rounds > q:
        rows = [[tuple(range(q))]] if q == size else design(q, size, rounds - q)
        for groups in rows or []:
            schedule.append(
                sorted(tuple(i * q + x for x in g) for i in range(size) for g in groups)
            )
    return schedule
