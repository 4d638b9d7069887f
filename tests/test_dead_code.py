"""No dead code: vulture over the package and the widgets finds nothing
unused, but for the names in ``dead_code_allowlist.txt``, each with why."""

from __future__ import annotations

import ast
import fnmatch
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = Path(__file__).with_name("dead_code_allowlist.txt")
SOURCES = ("matchmaker", "widgets")


def allowed() -> dict[str, str]:
    """Pattern -> why, from the allow-list."""
    entries = {}
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, _, why = line.strip().partition(" ")
            entries[pattern] = why.strip()
    return entries


def names_in_code() -> set[str]:
    """Every name the code defines or sets, and every decorator it uses."""
    found = set()
    for path in (p for folder in SOURCES for p in (ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.add(node.name)
                found.update(f"@{ast.unparse(d).split('(')[0]}" for d in node.decorator_list)
            elif isinstance(node, ast.Name | ast.arg):
                found.add(node.id if isinstance(node, ast.Name) else node.arg)
            elif isinstance(node, ast.Attribute):
                found.add(node.attr)
    return found


def test_every_allowed_name_says_why_and_is_still_in_the_code() -> None:
    entries = allowed()
    assert "compose" in entries and "@on" in entries
    assert not [p for p, why in entries.items() if len(why) < 10], "each entry needs a why"
    names = names_in_code()
    stale = [p for p in entries if not fnmatch.filter(names, p)]
    assert not stale, f"allowed but no longer in the code: {stale}"


def test_vulture_finds_no_unused_code() -> None:
    entries = allowed()
    names = ",".join(p for p in entries if not p.startswith("@"))
    decorators = ",".join(p for p in entries if p.startswith("@"))
    ignored = ["--ignore-names", names, "--ignore-decorators", decorators]
    result = subprocess.run(
        [sys.executable, "-m", "vulture", *SOURCES, "--min-confidence", "0", *ignored],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
