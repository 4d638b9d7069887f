"""The scale targets end to end, each in a fresh process as an organiser
would run it: start-up, pairing 10,000 / 50,000 / 100,000 people (time and
peak memory), groups of three at 10,000, and opening the app on a stored
event of 10,000. Each figure is a median of repeated runs (one run for the
two biggest rooms), recorded for ``run_all.py``'s table.

Run with ``python -m bench.scale`` (``--quick`` stops at 10,000 people)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.exact import best_partner_bound
from bench.synth import people
from bench.timing import Figure, record
from matchmaker.render.spreadsheet import profiles_csv
from matchmaker.service.session import EventSession

HERE = Path(__file__).resolve().parent


def tree_pss(root: int) -> int:
    """Proportional set size (KiB) of ``root`` and its descendants: pages a
    forked copy shares with its parent counted once between them."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:  # it ended meanwhile
            continue
        total += next(
            int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
        )
        todo += [int(child) for child in children]
    return total


def run(
    args: list[str], repeat: int = 1, memory: bool = False, output: Path | None = None
) -> tuple[float, float]:
    """Median wall seconds of ``args`` in fresh processes and, with
    ``memory``, the largest peak MiB of the whole process tree (the copy that
    scores half of a huge room included), sampled every 0.1 s; what the last
    run printed goes to ``output``."""
    seconds, peaks = [], [0.0]
    for _ in range(repeat):
        start = time.perf_counter()
        sink = output.open("wb") if output is not None else subprocess.DEVNULL
        process = subprocess.Popen(args, stdout=sink, stderr=subprocess.DEVNULL)
        peak = 0
        while True:
            try:
                process.wait(timeout=0.1 if memory else None)
                break
            except subprocess.TimeoutExpired:
                peak = max(peak, tree_pss(process.pid))
        seconds.append(time.perf_counter() - start)
        if not isinstance(sink, int):
            sink.close()
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, args)
        peaks.append(peak / 1024)
    return statistics.median(seconds), max(peaks)


def matchmaker(*args: str) -> list[str]:
    return [sys.executable, "-m", "matchmaker", *args]


def start_up() -> None:
    bare, _ = run([sys.executable, "-c", "pass"], repeat=7)
    for command in (["--help"], ["motivations"]):
        seconds, _ = run(matchmaker(*command), repeat=7)
        record(
            Figure(
                f"`matchmaker {command[0]}`",
                seconds,
                "s",
                0.15,
                f"Python starting and doing nothing: {bare:.3f} s",
            )
        )


def pairing(folder: Path, quick: bool) -> None:
    rooms = {}
    for n in (1000, 10_000) + (() if quick else (50_000, 100_000)):
        rooms[n] = folder / f"people-{n}.csv"
        rooms[n].write_text(profiles_csv(people(n)), encoding="utf-8")
    small, _ = run(matchmaker("pair", str(rooms[1000]), "--format", "json"), repeat=3)
    reference = f"1,000 people: {small:.2f} s"
    targets = {10_000: (8.0, 3), 50_000: (45.0, 1), 100_000: (120.0, 1)}
    shares: dict[int, float] = {}
    for n, path in rooms.items():
        if n not in targets:
            continue
        target, repeat = targets[n]
        plan = folder / f"plan-{n}.json"
        seconds, peak = run(
            matchmaker("pair", str(path), "--format", "json"), repeat, n == 100_000, plan
        )
        grown = f"{seconds / small:.0f}× the time for {n // 1000}× the people"
        record(Figure(f"pair {n:,} people", seconds, "s", target, f"{reference} ({grown})"))
        if n in (10_000, 100_000):
            shares[n] = share_of_bound(path, plan)
        if n == 100_000:
            record(Figure("pair 100,000 people: peak memory", peak, "MiB", 3072, reference))
            record(
                Figure(
                    "pairs of 100,000: share of the best-partner bound",
                    shares[n],
                    "%",
                    round(shares[10_000] - 0.5, 1),
                    f"10,000 people: {shares[10_000]:.2f} % of the same bound "
                    "(target: the gap grows by under half a point)",
                    at_least=True,
                )
            )
        if n == 10_000:
            pairs_10k = seconds
            seconds, _ = run(
                matchmaker("pair", str(path), "--size", "3", "--format", "json"), repeat=3
            )
            record(
                Figure(
                    "groups of 3, 10,000 people",
                    seconds,
                    "s",
                    12.0,
                    f"pairs of the same room: {pairs_10k:.2f} s",
                )
            )


def share_of_bound(room: Path, plan: Path) -> float:
    """The printed plan's total as a share of an upper bound on any pairing
    of the room (``exact.best_partner_bound``), in per cent."""
    rounds = json.loads(plan.read_text(encoding="utf-8"))["rounds"]
    total = sum(group["score"] for group in rounds[0]["groups"])
    return 100 * total / best_partner_bound(EventSession.from_csv(room).scorer)


def app_open(folder: Path) -> None:
    store = folder / "store.json"
    subprocess.run(
        matchmaker(
            "import", str(folder / "people-10000.csv"), "--event", "Big", "--db", str(store)
        ),
        check=True,
        capture_output=True,
    )
    opened = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, str(HERE / "app_open.py"), str(store), "Big", repr(time.time())],
            check=True,
            capture_output=True,
            text=True,
        )
        opened.append(float(out.stdout.split()[-1]))
    help_s, _ = run(matchmaker("--help"), repeat=3)
    record(
        Figure(
            "open the app on 10,000 people (list filled)",
            statistics.median(opened),
            "s",
            0.7,
            f"`matchmaker --help`: {help_s:.2f} s",
        )
    )


def main() -> None:
    quick = "--quick" in sys.argv
    print("Scale benchmark: fresh processes, medians (the table at the end of run_all.py)")
    start_up()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pairing(folder, quick)
        app_open(folder)


if __name__ == "__main__":
    main()
