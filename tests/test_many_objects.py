"""The cycle collector is paused inside store blocks, imports and commands
that end (not the app or the attendee app), and always comes back, also when
the block fails."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

import pytest

from matchmaker.core.errors import UserError
from matchmaker.core.many_objects import cycles_uncollected
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store


def test_paused_inside_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with cycles_uncollected():
        assert not gc.isenabled()
        with cycles_uncollected():  # nested: the inner block leaves it paused
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), cycles_uncollected():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with cycles_uncollected():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_store_blocks_pause_it_and_give_it_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    Workspace(store).load_demo()
    with store.reading() as tx:
        assert not gc.isenabled()
        assert tx.people(DEMO_EVENT)
    assert gc.isenabled()
    with pytest.raises(UserError), store.transaction() as tx:
        assert not gc.isenabled()
        tx.event("no such event")
    assert gc.isenabled()


def test_commands_that_end_pause_it_and_those_that_stay_open_keep_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import matchmaker.cli.catalogue as catalogue_cli
    from matchmaker.cli import STAYS_OPEN, main
    from matchmaker.cli.parser import build_parser

    seen: list[bool] = []
    real = catalogue_cli.run_motivations

    def watched(args: argparse.Namespace) -> int:
        seen.append(gc.isenabled())
        return real(args)

    monkeypatch.setattr(catalogue_cli, "run_motivations", watched)
    assert main(["motivations"]) == 0
    assert seen == [False] and gc.isenabled()

    parser = build_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        stays_open = sub.get_default("run").split(":")[0] in STAYS_OPEN
        assert stays_open == (name in {"demo", "serve", "kiosk", "me"}), name
    assert parser.get_default("run").split(":")[0] in STAYS_OPEN  # the app itself


def test_a_command_of_its_own_leaves_what_it_built_to_the_exit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run as a program (its own command line), a command that ends freezes
    everything it built (the exit then frees it without the collector
    walking it: 1-2 s on 50,000 people); called with arguments (a test, a
    script), it leaves the collector as it was."""
    from matchmaker.cli import main

    assert main(["motivations"]) == 0
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr("sys.argv", ["matchmaker", "motivations"])
    try:
        assert main() == 0
        assert gc.get_freeze_count() > 0 and gc.isenabled()
    finally:
        gc.unfreeze()
    assert "autonomy" in capsys.readouterr().out
