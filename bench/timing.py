"""Median-of-N timing for the benchmark scripts, and the one table of
targets that ``run_all.py`` prints at the end (each script records its
figures with ``record``)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def median_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class Figure:
    """One measured figure against its target (lower is better unless
    ``at_least``), with what it was compared with in the same run."""

    measure: str
    value: float
    unit: str
    target: float
    reference: str
    at_least: bool = False

    @property
    def met(self) -> bool:
        return self.value >= self.target if self.at_least else self.value <= self.target

    def row(self) -> tuple[str, str, str, str, str]:
        sign = "≥" if self.at_least else "≤"
        return (
            self.measure,
            f"{self.value:,.3g} {self.unit}"
            if self.value < 100
            else f"{self.value:,.0f} {self.unit}",
            f"{sign} {self.target:,g} {self.unit}",
            "pass" if self.met else "FAIL",
            self.reference,
        )


FIGURES: list[Figure] = []


def record(figure: Figure) -> Figure:
    """Keep ``figure`` for the table, and show it at once."""
    FIGURES.append(figure)
    measure, measured, target, mark, reference = figure.row()
    print(f"  {measure}: {measured} (target {target}: {mark}; {reference})", flush=True)
    return figure


def summary() -> str:
    """The table of every recorded figure, with the machine's load."""
    rows = [("figure", "measured", "target", "", "reference in the same run")]
    rows += [f.row() for f in FIGURES]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
        for r in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    one, five, _ = os.getloadavg()
    passed = sum(f.met for f in FIGURES)
    lines.append(
        f"\n{passed} of {len(FIGURES)} targets met; load average {one:.1f} (1 min), "
        f"{five:.1f} (5 min) on {os.cpu_count()} cores"
    )
    return "\n".join(lines)
