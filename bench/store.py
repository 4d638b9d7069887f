"""Where people wait on the store (issue 29), next to an earlier version
of the code measured in the same run: one check-in at the door (the app,
kiosk or attendee page: a process that has the event open), the same from
the command line (a fresh process), and one person's top five matches with
the event open and as ``matches NAME --top 5``, on events of 10,000 and
50,000 people. Medians; each version gets its own store, made by its own
``import``.

Run with ``python -m bench.store`` (``--quick``: 10,000 only;
``--baseline REV``: the code to compare with, a git revision)."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synth import people
from bench.timing import Figure, record
from matchmaker.render.spreadsheet import profiles_csv

HERE = Path(__file__).resolve().parent
REPEAT = 5  # fresh commands of each version, alternated
BASELINE = (
    "f6318e0"  # main before the roster and one person's vocabulary (84c9efb: before the journal)
)
# The door, in a process of the version measured: the event open (as in the
# app), then people checked in one at a time; prints the median of one.
DOOR = """
import statistics, sys, time
from matchmaker.service.workspace import Workspace
session = Workspace.at(sys.argv[1]).session(sys.argv[2])
session.event
seconds = []
for person in range(100, 107):
    start = time.perf_counter()
    session.check_in([session.event.people[person].id])  # a position before the journal
    seconds.append(time.perf_counter() - start)
print(statistics.median(seconds))
"""
# One person's top five with the event open (the app's matches screen), for
# three people in turn; prints the median.
MATCHES = """
import statistics, sys, time
from matchmaker.service.workspace import Workspace
session = Workspace.at(sys.argv[1]).session(sys.argv[2])
session.event
seconds = []
for name in ("Person 00042", "Person 00043", "Person 00044"):
    start = time.perf_counter()
    session.matches(session.find(name), 5)
    seconds.append(time.perf_counter() - start)
print(statistics.median(seconds))
"""


class Version:
    """One version of the code: ours (this checkout) or the baseline's."""

    def __init__(self, label: str, source: Path | None, folder: Path):
        self.label, self.folder = label, folder
        self.db: tuple[str, ...] = ()
        # bytecode cached as on an installed machine (else each run compiles every module)
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        if source is not None:
            self.env["PYTHONPATH"] = str(source)  # found before the installed checkout

    def run(self, *args: str) -> tuple[float, str]:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, *args],
            cwd=self.folder,  # not the checkout, so that PYTHONPATH decides
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return time.perf_counter() - start, done.stdout


def baseline_source(revision: str, folder: Path) -> Path:
    source = folder / "baseline"
    source.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", revision, "matchmaker"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    return source


def measure(n: int, versions: list[Version], folder: Path, baseline: str) -> None:
    csv = folder / f"people-{n}.csv"
    csv.write_text(profiles_csv(people(n)), encoding="utf-8")
    figures: dict[str, dict[str, list[float]]] = {v.label: {} for v in versions}
    for version in versions:
        db = str(folder / f"{version.label}-{n}.json")
        version.run("-m", "matchmaker", "import", str(csv), "--event", "Big", "--db", db)
        version.db = ("-m", "matchmaker", "--db", db)
        # the first command after the store was written whole (by the import)
        figures[version.label]["first"] = [
            version.run(*version.db, "checkin", "Person 00001", "--event", "Big")[0]
        ]
        figures[version.label]["door"] = [float(version.run("-c", DOOR, db, "Big")[1])]
        figures[version.label]["open"] = [float(version.run("-c", MATCHES, db, "Big")[1])]
    for turn in range(REPEAT):  # the versions in turn, so that a change of load falls on both
        for version in versions:
            name = f"Person {10 + turn:05d}"
            checkin = version.run(*version.db, "checkin", name, "--event", "Big")[0]
            top = version.run(*version.db, "matches", name, "--event", "Big", "--top", "5")[0]
            figures[version.label].setdefault("checkin", []).append(checkin)
            figures[version.label].setdefault("matches", []).append(top)
    ours, before = figures["now"], figures.get("before")
    rows = [
        ("door", "one check-in at the door (event open)", 0.2),
        ("first", "`checkin NAME`, first after a whole write (makes the index)", None),
        ("checkin", "`checkin NAME` (fresh process)", 0.2),
        ("open", "one person's top five (event open)", 0.5),
        ("matches", "`matches NAME --top 5` (fresh process)", 0.5),
    ]
    for key, what, target in rows:
        median = statistics.median
        reference = f"{baseline}: {median(before[key]):.3g} s" if before else "no baseline"
        if target is None:  # no target: said, not judged
            print(f"  {what}, {n:,} people: {median(ours[key]):.3g} s ({reference})", flush=True)
        else:
            record(Figure(f"{what}, {n:,} people", median(ours[key]), "s", target, reference))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--baseline", default=BASELINE)
    args = parser.parse_args()
    one, five, _ = os.getloadavg()
    print(f"Store benchmark (load {one:.1f}, {five:.1f}); baseline {args.baseline}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        versions = [Version("now", None, folder)]
        if args.baseline != "none":
            versions.append(Version("before", baseline_source(args.baseline, folder), folder))
        for n in (10_000,) if args.quick else (10_000, 50_000):
            measure(n, versions, folder, args.baseline)


if __name__ == "__main__":
    main()
