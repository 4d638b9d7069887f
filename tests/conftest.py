"""Shared fixtures: real store files and real CSV files in a temporary folder."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from matchmaker.cli import main
from matchmaker.core.catalogue import Catalogue, load_catalogue
from matchmaker.core.profiles import FIELDS
from matchmaker.store.database import Store

REPO = Path(__file__).resolve().parent.parent
CANONICAL = list(FIELDS)


@pytest.fixture(autouse=True)
def _isolated_store(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test ever touches the real user data or cache folder."""
    monkeypatch.setenv("MATCHMAKER_DB", str(tmp_path / "default-store.json"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.json")


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(
        rows: Sequence[Sequence[str] | dict[str, str]],
        header: Sequence[str] = CANONICAL,
        name: str = "people.csv",
    ) -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
        return path

    return write


SNAPSHOT_SIZE = (120, 40)


@pytest.fixture
def snap(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """``snap_compare`` on a steady screen: after ``run_before``, every text
    cursor stops blinking (and shows), so a snapshot never catches it half-way."""

    def compare(
        app: object, run_before: Callable[..., object] | None = None, terminal_size=SNAPSHOT_SIZE
    ) -> bool:
        async def steady(pilot) -> None:
            if run_before is not None:
                await run_before(pilot)
            for widget in pilot.app.screen.query("Input, TextArea"):
                widget.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, run_before=steady, terminal_size=terminal_size)

    return compare


class CliResult:
    def __init__(self, status: int, out: str, err: str):
        self.status, self.out, self.err = status, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run the real command line in-process and capture what it prints."""

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        try:
            status = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            status = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)

    return run
