"""Small helpers for tests that set up or inspect a store directly."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.worker import WorkerState

from matchmaker.store.database import Store

if TYPE_CHECKING:
    from matchmaker.ui.board import BoardScreen


class _OneShot:
    def __init__(self, store: Store):
        self.store = store

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            with self.store.transaction() as tx:
                return getattr(tx, name)(*args, **kwargs)

        return call


def stored(store: Store) -> Any:
    """``stored(store).people("E")``: any ``StoreTx`` method, each call its own transaction."""
    return _OneShot(store)


async def settle(pilot: Any, timeout: float = 60.0) -> None:
    """Until the app is quiet: every running worker has ended and its result
    been handled, and nothing new started over two pauses in a row. A
    worker's failure is the app's to show (its handler reports it), so it is
    not raised here; the test looks at what the app made of it."""
    app = pilot.app
    quiet = 0
    async with asyncio.timeout(timeout):
        while quiet < 2:
            await pilot.pause()
            busy = [w for w in app.workers if not w.is_finished]
            quiet = 0 if busy else quiet + 1
            running = [w for w in busy if w.state is WorkerState.RUNNING]
            await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)


async def open_board(pilot: Any) -> BoardScreen:
    """``p`` from the people list, then the board once its plan is shown."""
    from matchmaker.ui.board import BoardScreen  # only the app's tests load the app

    await pilot.press("p")
    await settle(pilot)
    board = pilot.app.screen
    assert isinstance(board, BoardScreen)
    return board


async def until(pilot: Any, condition: Callable[[], object], timeout: float = 20.0) -> None:
    """Pause until ``condition()`` holds (for what the app does on a timer)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await pilot.pause(0.05)


async def type_filter(pilot: Any, text: str) -> None:
    """``/`` on the people list, then ``text`` once the box has the focus
    (focus moves after the key; letters before it would act as keys)."""
    await pilot.press("slash")
    await until(pilot, lambda: pilot.app.screen.query_one("#filter").has_focus)
    await pilot.press(*text)


_KILLER = """
import os, signal, sys
die_at = int(sys.argv[1])
calls = [0]

def counted(real):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == die_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call

for name in {names!r}:
    setattr(os, name, counted(getattr(os, name)))
from matchmaker.cli import main
{also}
status = main(sys.argv[2:])
sys.stderr.write(f"calls={{calls[0]}}")
raise SystemExit(status)
"""


WRITES = ("replace", "fsync", "link", "rename", "write", "ftruncate", "unlink")


def run_killed(
    setup: str, die_at: int, *args: str | Path, also: str = "", names: tuple[str, ...] = WRITES
) -> subprocess.CompletedProcess[str]:
    """``matchmaker ARGS`` in a process of its own (after ``setup``) that
    kills itself (SIGKILL) at the ``die_at``-th call of these writing ``os``
    functions (or of what ``also`` wraps in ``counted``); it says
    ``calls=N`` on stderr when it ends by itself."""
    script = setup + _KILLER.format(names=names, also=textwrap.dedent(also))
    return subprocess.run(
        [sys.executable, "-c", script, str(die_at), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )
