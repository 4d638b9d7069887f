"""How many tables of which sizes a round has, and how many rounds those
tables allow without anyone meeting twice. Groups are of the size asked
(some one bigger where the count does not divide); when more rounds are
asked than those tables allow, one table more, each a seat smaller where
needed (8 people in threes: 3, 3 and 2, not 4 and 4), is preferred to a
repeated meeting."""

from __future__ import annotations

from collections.abc import Sequence

from matchmaker.pairing.groups import group_sizes


def table_sizes(people: int, size: int) -> list[int]:
    """The tables a round has: pairs with one trio in an odd room, or groups."""
    if size == 2:
        return [2] * (people // 2 - 1) + ([3] if people % 2 else [2]) if people >= 2 else []
    return group_sizes(people, size)


def new_rounds(sizes: Sequence[int], groups: bool = True) -> int:
    """An upper bound on rounds at these tables in which nobody meets anyone
    twice: a person meets at least ``min(sizes) - 1`` new people a round,
    out of ``people - 1``; the room has ``people × (people - 1) / 2`` pairs
    to use up; and a second round of ``groups`` needs as many tables as a
    table has seats (each of its people from a different table of the
    first; a room of pairs may leave its odd one out instead)."""
    people = sum(sizes)
    if not sizes or (groups and max(sizes) > len(sizes)):
        return 1
    per_round = sum(s * (s - 1) // 2 for s in sizes)
    by_pairs = people * (people - 1) // 2 // max(per_round, 1)
    return max(1, min((people - 1) // max(min(sizes) - 1, 1), by_pairs))


def layouts(people: int, size: int) -> list[list[int]]:
    """The table sizes a round of groups may have: the usual ones, then one
    table more with sizes as even as possible, if none is smaller than
    ``size - 1`` (nor than two)."""
    usual = table_sizes(people, size)
    count = len(usual) + 1
    base, extra = divmod(people, count)
    if size == 2 or base < max(2, size - 1):
        return [usual]
    return [usual, [base + 1] * extra + [base] * (count - extra)]


def most_new_rounds(people: int, size: int) -> int:
    """The most rounds without a repeat that any of the layouts allows."""
    return max(new_rounds(sizes, size > 2) for sizes in layouts(people, size))


def layout(people: int, size: int, rounds: int, biggest_lock: int = 0) -> list[int]:
    """The tables for ``rounds`` rounds: the usual ones unless more rounds
    are asked than they allow without a repeat and one table more (with
    room for the biggest locked group) allows more."""
    usual, *more = layouts(people, size)
    groups = size > 2
    if rounds <= new_rounds(usual, groups) or not more or max(more[0]) < biggest_lock:
        return usual
    return more[0] if new_rounds(more[0], groups) > new_rounds(usual, groups) else usual
