"""The door at a cohort's size: each keystroke searches 10,000 people
(names first, then topics) while the organiser types; the target keeps
typing fluid. The reference in the same run is preparing the index (once
per list of people, not per keystroke). Run with ``python -m bench.door``."""

from __future__ import annotations

from bench.synth import people
from bench.timing import Figure, median_seconds, record
from matchmaker.core.search import DoorIndex

QUERIES = ("m", "mo", "sal", "ingird", "mach", "zzz")  # a letter, a name, a slip, a topic, none


def main() -> None:
    room = people(10_000, seed=5)
    prepare = median_seconds(lambda: DoorIndex(room), repeat=3)
    index = DoorIndex(room)
    slowest = max(median_seconds(lambda q=q: index.find(q), repeat=7) for q in QUERIES)
    record(
        Figure(
            "door search, 10,000 people (slowest query)",
            slowest * 1000,
            "ms",
            50,
            f"preparing the index: {prepare * 1000:,.0f} ms, once per list",
        )
    )


if __name__ == "__main__":
    main()
