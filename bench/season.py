"""A season of a monthly meetup: 12 events of 40 people, 70 % of each
returning from earlier months and the rest new. Each event is imported,
paired (one round) and saved, once under "fresh partners" (the standard)
and once as before members and history (``--fresh-events 0``). Measured:
pairs who sat together at an earlier event and sit together again (none
were rated, so only history can keep them apart), each event's total fit
against its own optimum without history, and the time to plan an event.
Run with ``python -m bench.season``."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.synth import people
from bench.timing import Figure, record
from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import Workspace

EVENTS, ROOM, RETURNING = 12, 40, 0.7


def months(seed: int = 11) -> list[list[Profile]]:
    """Who comes each month: the first 40, then 70 % of earlier attendees and new people."""
    rng = random.Random(seed)
    pool = [
        replace(p, email=f"p{n}@example.org")
        for n, p in enumerate(people(ROOM * EVENTS, seed=seed))
    ]
    came: list[Profile] = pool[:ROOM]
    fresh = iter(pool[ROOM:])
    rooms = [list(came)]
    for _ in range(EVENTS - 1):
        back = rng.sample(came, round(ROOM * RETURNING))
        new = [next(fresh) for _ in range(ROOM - len(back))]
        rooms.append(back + new)
        came += new
    return rooms


def season(folder: Path, fresh_events: int | None) -> tuple[int, list[float], list[float]]:
    """The season in a new store: repeats of earlier pairs, each event's fit
    against its optimum without history, and each event's planning time."""
    workspace = Workspace.at(folder / f"store-{fresh_events}.json")
    met: set[frozenset[str]] = set()
    repeats, fits, times = 0, [], []
    for number, room in enumerate(months(), 1):
        name = f"month {number:02d}"
        with workspace.store.transaction() as tx:
            tx.upsert_people(name, room)
        session = workspace.session(name)
        best = session.pair(fresh_events=0).rounds[0].total  # this month alone
        start = time.perf_counter()
        seating, _ = session.pair_and_save(fresh_events=fresh_events)
        times.append(time.perf_counter() - start)
        plan = seating.rounds[0]
        fits.append(plan.total / best if best else 1.0)
        pairs = [
            frozenset((seating.profiles[a].email, seating.profiles[b].email))
            for t in plan.tables
            for a in t.members
            for b in t.members
            if a < b
        ]
        repeats += sum(pair in met for pair in pairs)
        met.update(pairs)
    return repeats, fits, times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        repeats, fits, times = season(Path(folder), None)
        before, _, before_times = season(Path(folder), 0)
    record(
        Figure(
            f"season: {EVENTS} events of {ROOM}, 70 % returning: repeated pairs (fresh partners)",
            repeats,
            "pairs",
            0,
            f"as before members and history: {before} repeated pairs",
        )
    )
    record(
        Figure(
            "season: lowest event's fit against its own optimum without history",
            100 * min(fits),
            "%",
            90,
            f"median {100 * statistics.median(fits):.1f} %; as before: 100 % by definition",
            at_least=True,
        )
    )
    record(
        Figure(
            "season: planning and saving one event (median)",
            statistics.median(times),
            "s",
            2,
            f"slowest {max(times):.2f} s; as before: median {statistics.median(before_times):.2f} s",
        )
    )


if __name__ == "__main__":
    main()
