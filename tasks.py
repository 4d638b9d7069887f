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
import tempfile
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
    "typecheck": [str(PYTHON), "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
    "bench": [str(PYTHON), "-m", "bench.run_all"],
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


def typecheck(extra: list[str]) -> int:
    """mypy over the package as it is installed: widgets/ and data/ become
    matchmaker.widgets and matchmaker.data (a folder of links shows mypy that
    layout; paths in its messages are the repository's own)."""
    with tempfile.TemporaryDirectory(prefix="matchmaker-types-") as folder:
        package = Path(folder) / "matchmaker"
        package.mkdir()
        for entry in (ROOT / "matchmaker").iterdir():
            if entry.name != "__pycache__":
                (package / entry.name).symlink_to(entry)
        (package / "widgets").symlink_to(ROOT / "widgets")
        (package / "data").symlink_to(ROOT / "data")
        result = subprocess.run(
            [*TASKS["typecheck"], "-p", "matchmaker", *extra],
            cwd=folder,
            capture_output=True,
            text=True,
        )
    output = result.stdout.replace("matchmaker/widgets/", "widgets/")
    print(output.replace("matchmaker/data/", "data/"), end="", file=sys.stderr)
    return result.returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}} [extra arguments]", file=sys.stderr)
        return 2
    ensure_venv()
    task, extra = argv[0], argv[1:]
    if task == "typecheck":
        return typecheck(extra)
    if task == "test":
        lint = subprocess.run(TASKS["lint"], cwd=ROOT)
        if lint.returncode or typecheck([]):
            return 1
    return subprocess.run([*TASKS[task], *extra], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
