"""The shape of the house, as rules on imports (read from the source, every
import, also those inside functions):

- the core never imports Textual, Rich or a front end, and stays usable from
  scripts and fast to load (also checked in a fresh interpreter);
- the front ends (organiser app, command line, attendee app, widgets) reach
  the store, its file format and the importer only through the application
  layer, and never touch the store object the service holds (the one door);
- widgets never reach into the app, its screens or the application layer:
  they show values and post messages up;
- the front ends (organiser app, attendee app, command line) never import
  one another: what two of them share is a widget; only the command line
  reaches into the apps, to launch them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "matchmaker"
# Every front end, by name: the organiser's app, the command line, the attendee
# app (kiosk, own terminal, served to browsers), and the widgets they share.
FRONT_ENDS = ("matchmaker.ui", "matchmaker.cli", "matchmaker.widgets", "matchmaker.attendee")
# What only the service may touch: the store object it holds and its transactions.
STORE_HANDLES = {"store", "_store", "Store", "StoreTx", "transaction", "reading"}
APPLICATION = ("matchmaker.service",)
STORAGE = ("matchmaker.store", "matchmaker.imports")
UI_LIBRARIES = ("textual", "rich")

# The layers, lowest first: each folder may import itself and the folders it
# names here, nothing above it (the front ends are checked separately below).
LAYERS: dict[str, tuple[str, ...]] = {
    "matchmaker.core": (),
    "matchmaker.pairing": ("matchmaker.core",),
    "matchmaker.render": ("matchmaker.core", "matchmaker.pairing"),
    "matchmaker.imports": ("matchmaker.core", "matchmaker.render"),
    "matchmaker.store": ("matchmaker.core",),
    "matchmaker.service": (
        "matchmaker.core",
        "matchmaker.pairing",
        "matchmaker.render",
        "matchmaker.imports",
        "matchmaker.store",
    ),
}


def module_name(path: Path) -> str:
    if path.is_relative_to(ROOT / "widgets"):
        parts = ["matchmaker", "widgets", *path.relative_to(ROOT / "widgets").with_suffix("").parts]
    else:
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(p for p in parts if p != "__init__")


def modules() -> dict[str, Path]:
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "widgets").rglob("*.py")]
    return {module_name(f): f for f in files}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


ALL = modules()
CORE = sorted(m for m in ALL if not within(m, FRONT_ENDS) and m != "matchmaker.__main__")


def test_the_contract_sees_the_whole_package() -> None:
    assert {
        "matchmaker.service.session",
        "matchmaker.ui.board",
        "matchmaker.widgets.badges",
    } <= set(ALL)
    assert "matchmaker.core.scoring" in CORE and "matchmaker.cli" not in CORE


@pytest.mark.parametrize("module", CORE)
def test_core_imports_no_ui_and_no_front_end(module: str) -> None:
    bad = {i for i in imports_of(ALL[module]) if within(i, (*UI_LIBRARIES, *FRONT_ENDS))}
    assert not bad, f"{module} imports {sorted(bad)}"


@pytest.mark.parametrize("module", sorted(m for m in CORE if not within(m, APPLICATION)))
def test_core_does_not_call_up_into_the_application_layer(module: str) -> None:
    bad = {i for i in imports_of(ALL[module]) if within(i, APPLICATION)}
    assert not bad, f"{module} imports {sorted(bad)}"


@pytest.mark.parametrize("module", sorted(m for m in ALL if within(m, FRONT_ENDS)))
def test_front_ends_reach_the_store_only_through_the_application_layer(module: str) -> None:
    bad = {i for i in imports_of(ALL[module]) if within(i, STORAGE)}
    assert not bad, f"{module} imports {sorted(bad)}"


@pytest.mark.parametrize("module", sorted(m for m in ALL if within(m, tuple(LAYERS))))
def test_layers_import_only_downwards(module: str) -> None:
    """Each layer imports itself and the layers ``LAYERS`` names below it."""
    layer = next(p for p in LAYERS if within(module, (p,)))
    allowed = (layer, *LAYERS[layer])
    ours = {i for i in imports_of(ALL[module]) if within(i, ("matchmaker",))}
    bad = {i for i in ours if not within(i, allowed) and i != "matchmaker"}
    assert not bad, f"{module} ({layer}) imports {sorted(bad)}"


def test_the_layer_check_sees_an_import_running_back_up(tmp_path: Path) -> None:
    sample = tmp_path / "rules.py"
    sample.write_text("def f():\n    from matchmaker.pairing.seating import Seating\n")
    assert "matchmaker.pairing.seating" in imports_of(sample)
    assert not within("matchmaker.pairing.seating", ("matchmaker.core", *LAYERS["matchmaker.core"]))


def test_every_folder_of_the_package_is_a_layer_or_a_named_front_end() -> None:
    folders = {f"matchmaker.{d.name}" for d in PACKAGE.iterdir() if list(d.glob("*.py"))}
    assert folders | {"matchmaker.widgets"} == set(LAYERS) | set(FRONT_ENDS)


def store_handles_in(path: Path) -> list[str]:
    """Every use of the store object or its transactions in a module: an
    attribute or a name from ``STORE_HANDLES`` (``session.store``, ``tx``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        if name in STORE_HANDLES:
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_store_check_sees_a_reach_for_the_store(tmp_path: Path) -> None:
    sample = tmp_path / "screen.py"
    sample.write_text("stamp = self.mm.session.store.stamp()\nwith store.reading() as tx: pass\n")
    assert len(store_handles_in(sample)) == 3


@pytest.mark.parametrize("module", sorted(m for m in ALL if within(m, FRONT_ENDS)))
def test_front_ends_never_touch_the_store_object(module: str) -> None:
    """The one door: a front end asks the service (``Workspace``,
    ``EventSession``, ``SelfService``); it never holds the store they hold."""
    assert not store_handles_in(ALL[module])


@pytest.mark.parametrize("module", sorted(m for m in ALL if within(m, ("matchmaker.widgets",))))
def test_widgets_do_not_reach_into_the_app(module: str) -> None:
    bad = {i for i in imports_of(ALL[module]) if within(i, ("matchmaker.ui", *APPLICATION))}
    assert not bad, f"{module} imports {sorted(bad)}"


APPS = ("matchmaker.ui", "matchmaker.attendee", "matchmaker.cli")
LAUNCHERS = ("matchmaker.ui.app", "matchmaker.attendee.app", "matchmaker.attendee.serve")


def crossings(module: str, imported: set[str]) -> set[str]:
    """What ``module`` imports from another front end than its own."""
    home = next(app for app in APPS if within(module, (app,)))
    others = tuple(app for app in APPS if app != home)
    allowed = LAUNCHERS if home == "matchmaker.cli" else ()
    return {i for i in imported if within(i, others) and not within(i, allowed)}


@pytest.mark.parametrize("module", sorted(m for m in ALL if within(m, APPS)))
def test_front_ends_do_not_import_one_another(module: str) -> None:
    bad = crossings(module, imports_of(ALL[module]))
    assert not bad, f"{module} imports {sorted(bad)}"


def test_the_rule_on_front_ends_catches_what_it_should() -> None:
    """The kiosk borrowing the app's form (as it did) is caught; the command
    line launching an app is not."""
    assert crossings("matchmaker.attendee.screens", {"matchmaker.ui.intake"})
    assert crossings("matchmaker.ui.board", {"matchmaker.cli.parser"})
    assert crossings("matchmaker.cli.pairing", {"matchmaker.ui.board"})
    assert not crossings("matchmaker.cli.app", {"matchmaker.ui.app", "matchmaker.attendee.serve"})
    assert not crossings("matchmaker.attendee.screens", {"matchmaker.widgets.intake_form"})


def test_core_modules_do_not_load_textual_at_run_time() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "import matchmaker.cli, matchmaker.cli.parser, matchmaker.cli.people\n"
        + "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""


def test_tests_and_benchmarks_import_the_benchmarks_as_a_package() -> None:
    """``bench`` is a package importable from the repository's root: nothing
    edits ``sys.path`` to reach its helpers (synthetic rooms, the exact
    optimum, timing)."""
    files = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py"), ROOT / "tasks.py"]
    edits = [f.name for f in files if "sys.path" in f.read_text(encoding="utf-8")]
    assert edits == [f"{Path(__file__).name}"]  # this test names it, nothing else
