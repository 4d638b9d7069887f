"""Import speed: 50,000 sign-up rows, read and validated, then written to a
fresh store through the command line. Prints medians."""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synth import people
from bench.timing import Figure, median_seconds, record
from matchmaker.imports.importer import read_csv
from matchmaker.render.spreadsheet import profiles_csv

ROWS = 50_000
TARGET = 3.0  # seconds, end to end in a fresh process (issue 14)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "signups.csv"
        path.write_text(profiles_csv(people(ROWS, seed=5)), encoding="utf-8")
        size = path.stat().st_size / 1e6
        read_s = median_seconds(lambda: read_csv(path), repeat=3)
        plain_s = median_seconds(
            lambda: list(csv.reader(path.read_text(encoding="utf-8").splitlines())), repeat=3
        )

        def cli_import() -> None:
            db = Path(folder) / f"store-{time.perf_counter_ns()}.json"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "matchmaker",
                    "import",
                    str(path),
                    "--event",
                    "Bench",
                    "--db",
                    str(db),
                ],
                check=True,
                capture_output=True,
            )

        cli_s = median_seconds(cli_import, repeat=3)
    print(f"Import benchmark: {ROWS:,} rows ({size:.1f} MB CSV), median of 3\n")
    print(f"read and validate (in process)         {read_s:6.2f} s")
    record(
        Figure(
            f"import {ROWS:,} rows into a new store",
            cli_s,
            "s",
            TARGET,
            f"Python's csv module reading the file: {plain_s:.2f} s",
        )
    )


if __name__ == "__main__":
    main()
