"""Run every benchmark script in turn: ``python3 tasks.py bench``."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["scoring.py", "pairing.py", "importing.py", "attendee_serve.py"]

if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    for script in SCRIPTS:
        if (HERE / script).exists():
            print(f"=== {script}")
            runpy.run_path(str(HERE / script), run_name="__main__")
            print()
