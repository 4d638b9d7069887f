"""Pairing big rooms from the topic index (``pairing/candidates.py``) against
scoring every pair (the code before it, kept as the reference), each in a
fresh process as an organiser runs ``matchmaker pair FILE.csv --format
json``: wall and CPU seconds (the forked copy that scores half the pairs
counted), peak memory of the process tree, and the plan's total fit as a
share of the all-pairs plan's, in the same run.

Run with ``python -m bench.candidates`` (``--quick``: 10,000 people only;
``--million``: also 1,000,000 people, about ten minutes, where scoring
every pair would take hours, so its reference is 100,000 in this run)."""

from __future__ import annotations

import json
import resource
import sys
import tempfile
from pathlib import Path

from bench.scale import run
from bench.synth import people
from bench.timing import Figure, record
from matchmaker.pairing.pairs import INDEX_FROM
from matchmaker.render.spreadsheet import profiles_csv

# The CLI with the index used from ``INDEX_FROM`` people (None: as shipped).
CLI = (
    "import os, sys; os.environ.setdefault('OPENBLAS_NUM_THREADS', '1'); "
    "from matchmaker.pairing import pairs; pairs.INDEX_FROM = {}; "
    "from matchmaker.cli import main; sys.exit(main(sys.argv[1:]))"
)
EVERY_PAIR, ALWAYS = (
    10**12,
    0,
)  # scoring every pair whatever the size (the reference); the index always
TARGETS = {10_000: 8.0, 50_000: 45.0, 100_000: 30.0, 1_000_000: 600.0}  # seconds
REPEAT = {10_000: 3}  # runs per room (medians); bigger rooms once
PEAK = 8 * 1024  # MiB at 1,000,000 people
QUALITY = 99.5  # per cent of the all-pairs plan's total, at 10,000 and 50,000


def pair(
    room: Path, plan: Path, repeat: int, index_from: int | None = None
) -> tuple[float, float, float]:
    """(median wall s, CPU s per run, peak MiB) of pairing ``room``; the
    last run's plan goes to ``plan``."""
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    how = ["-m", "matchmaker"] if index_from is None else ["-c", CLI.format(index_from)]
    command = [sys.executable, *how]
    wall, peak = run([*command, "pair", str(room), "--format", "json"], repeat, True, plan)
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (end.ru_utime - start.ru_utime + end.ru_stime - start.ru_stime) / repeat
    return wall, cpu, peak


def total_fit(plan: Path) -> int:
    rounds = json.loads(plan.read_text(encoding="utf-8"))["rounds"]
    return sum(group["score"] for group in rounds[0]["groups"])


def main() -> None:
    quick, million = "--quick" in sys.argv, "--million" in sys.argv
    sizes = [10_000] if quick else [10_000, 50_000, 100_000]
    print("Pairs from the topic index against every pair scored (fresh processes)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        hundred_k = None
        for n in [*sizes, *([1_000_000] if million else [])]:
            room = folder / f"people-{n}.csv"
            room.write_text(profiles_csv(people(n)), encoding="utf-8")
            repeat = REPEAT.get(n, 1)
            ours, theirs = folder / f"ours-{n}.json", folder / f"theirs-{n}.json"
            wall, cpu, peak = pair(room, ours, repeat)
            if n == 1_000_000:
                reference = f"100,000 people: {hundred_k:.1f} s" if hundred_k else "no reference"
            else:
                ref_wall, ref_cpu, ref_peak = pair(room, theirs, repeat, EVERY_PAIR)
                reference = (
                    f"every pair scored: {ref_wall:.1f} s, CPU {ref_cpu:.1f} s, "
                    f"peak {ref_peak:,.0f} MiB"
                )
            hundred_k = wall if n == 100_000 else hundred_k
            measure = f"pair {n:,} people (CPU {cpu:.1f} s, peak {peak:,.0f} MiB)"
            record(Figure(measure, wall, "s", TARGETS[n], reference))
            if n == 1_000_000:
                record(Figure("pair 1,000,000 people: peak memory", peak, "MiB", PEAK, reference))
            if n in (10_000, 50_000):
                if n < INDEX_FROM:  # below it the shipped code scores every pair: force the index
                    pair(room, ours, 1, ALWAYS)
                record(
                    Figure(
                        f"pairs of {n:,} from the topic index: share of the all-pairs plan",
                        100 * total_fit(ours) / total_fit(theirs),
                        "%",
                        QUALITY,
                        f"totals: every pair {total_fit(theirs):,}, the index {total_fit(ours):,}",
                        at_least=True,
                    )
                )


if __name__ == "__main__":
    main()
