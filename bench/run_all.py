"""Run every benchmark script in turn, then print one table of every
target: ``python3 tasks.py bench`` (``--quick`` skips the biggest rooms)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "scoring.py",
    "pairing.py",
    "presets.py",
    "rotation.py",
    "importing.py",
    "door.py",
    "attendee_serve.py",
    "scale.py",
]

if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from timing import summary

    for script in SCRIPTS:
        print(f"=== {script}", flush=True)
        runpy.run_path(str(HERE / script), run_name="__main__")
        print()
    print(summary())
