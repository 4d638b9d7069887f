"""The core never imports Textual: it must stay usable (and fast to load)
from scripts and the command line. Checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "matchmaker.catalogue",
    "matchmaker.profiles",
    "matchmaker.topics",
    "matchmaker.scoring",
    "matchmaker.clashes",
    "matchmaker.reasons",
    "matchmaker.matches",
    "matchmaker.pairing",
    "matchmaker.seating",
    "matchmaker.store",
    "matchmaker.storage",
    "matchmaker.importer",
    "matchmaker.columns",
    "matchmaker.csvread",
    "matchmaker.exports",
    "matchmaker.slips",
    "matchmaker.search",
    "matchmaker.event",
    "matchmaker.demo",
    "matchmaker.cli",
]


def test_core_modules_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + (
            "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
            "print(','.join(bad))\n"
        )
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
