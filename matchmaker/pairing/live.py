"""The evening as it happens: latecomers seated into the round in progress
and the partner of someone who leaves re-seated, without moving anyone else.

A person joins the table where they add the most (making it one bigger, up
to one more than the round's smallest table) or sits with another latecomer;
tables keep their numbers, new tables come after the last."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matchmaker.core.model import Pair, key
from matchmaker.core.scoring import EventScorer
from matchmaker.core.table_rules import NO_TABLE_RULES, TableRules
from matchmaker.pairing.weights import CLASH_TABLE, HIGH_CLASH

CLASH_COST = 100  # a seat with a high process-vs-result clash comes after any other


@dataclass(frozen=True)
class Reseated:
    """The round after seating people: its tables (positions; a negative
    number for someone removed from the event since), which tables changed,
    and who could not be seated."""

    tables: list[list[int]]
    changed: list[int]  # table indexes
    waiting: list[int]  # people with no table that may take them


def seat(
    scorer: EventScorer,
    tables: Sequence[Sequence[int]],
    newcomers: Iterable[int],
    forbidden: frozenset[Pair],
    rules: TableRules = NO_TABLE_RULES,
) -> Reseated:
    """Seat ``newcomers`` one at a time, the best seat in the room first,
    moving nobody already seated. ``forbidden`` pairs never share a table,
    and no seat breaks the table ``rules`` (language, access, hosts)."""
    seats = [list(t) for t in tables]
    sized = [len(t) for t in seats if t]
    limit = (min(sized) + 1) if sized else 2
    waiting = sorted(set(newcomers))
    changed: set[int] = set()
    while waiting:
        options = []
        for p in waiting:
            row = scorer.row(p).astype(float)
            clash = CLASH_TABLE[scorer.orientation_code[p], scorer.orientation_code] == HIGH_CLASH
            row -= CLASH_COST * clash
            for t, table in enumerate(seats):
                here = [m for m in table if m >= 0]
                if (
                    table
                    and len(table) < limit
                    and all(key(p, m) not in forbidden for m in here)
                    and rules.admits(t + 1, here, p)
                ):
                    value = float(np.mean(row[here])) if here else 0.0
                    options.append((value, -t, p, ("join", t)))
            new = len(seats) + 1  # the number a table of the two would take
            for q in waiting:
                if (
                    q > p
                    and key(p, q) not in forbidden
                    and rules.admits(new, [q], p)
                    and rules.admits(new, [p], q)
                ):
                    options.append((float(row[q]), -len(seats), p, ("with", q)))
        if not options:
            break
        _, _, p, (how, where) = max(options)
        if how == "join":
            seats[where].append(p)
            changed.add(where)
            waiting.remove(p)
        else:
            seats.append([p, where])
            changed.add(len(seats) - 1)
            waiting = [x for x in waiting if x not in (p, where)]
    return Reseated(seats, sorted(changed), waiting)


def leave(
    scorer: EventScorer,
    tables: Sequence[Sequence[int]],
    leaver: int,
    forbidden: frozenset[Pair],
    rules: TableRules = NO_TABLE_RULES,
) -> Reseated:
    """Take ``leaver`` out of their table; a partner left alone is seated
    again as a latecomer would be (their old table stays, empty)."""
    seats = [[m for m in t if m != leaver] for t in tables]
    home = next((i for i, t in enumerate(tables) if leaver in t), None)
    if home is None:
        return Reseated(seats, [], [])
    alone = [m for m in seats[home] if m >= 0]
    if len(seats[home]) != 1 or not alone:
        return Reseated(seats, [home], [])
    seats[home] = []
    moved = seat(scorer, seats, alone, forbidden, rules)
    return Reseated(moved.tables, sorted({home, *moved.changed}), moved.waiting)
