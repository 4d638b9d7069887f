#!/usr/bin/env python3
"""Set-up and tasks with nothing but Python 3.11+: ``python3 tasks.py demo|test|app``.

Creates ``.venv`` on first use (and again when pyproject.toml changes),
installs the project with its test tools, then runs the task inside it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"

TASKS = {
    "demo": [str(PYTHON), "-m", "matchmaker", "demo"],
    "app": [str(PYTHON), "-m", "matchmaker"],
    "test": [str(PYTHON), "-m", "pytest", "-n", "2", "-q"],
    "lint": [str(PYTHON), "-m", "ruff", "check", "."],
    "bench": [str(PYTHON), "bench/run_all.py"],
}


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py may be run by an older python3
        sys.exit(f"Peer Matchmaker needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating .venv …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Peer Matchmaker and its test tools into .venv …", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "--editable", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}} [extra arguments]", file=sys.stderr)
        return 2
    ensure_venv()
    task, extra = argv[0], argv[1:]
    if task == "test":
        lint = subprocess.run(TASKS["lint"], cwd=ROOT)
        if lint.returncode:
            return lint.returncode
    return subprocess.run([*TASKS[task], *extra], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
