"""Run every benchmark script in turn, then print one table of every
target: ``python3 tasks.py bench`` (``--quick`` skips the biggest rooms)."""

from __future__ import annotations

import runpy

from bench.timing import summary

SCRIPTS = [
    "scoring",
    "pairing",
    "presets",
    "rotation",
    "importing",
    "door",
    "attendee_serve",
    "store",
    "scale",
    "candidates",
    "matcher",
    "season",
]

if __name__ == "__main__":
    for script in SCRIPTS:
        print(f"=== bench/{script}.py", flush=True)
        runpy.run_module(f"bench.{script}", run_name="__main__")
        print()
    print(summary())
