"""Two halves of a big job, one of them in a forked copy of this process, so
a laptop's second core scores half of a huge room (50,000 people: the
candidates' scoring is ~60 % of the time and splits evenly).

Forking is only safe and cheap in some processes, so it happens only on
Linux, with a second core free, and from a program with a single Python
thread (the command line; the Textual app has threads and does both halves
itself). Either way the halves are the same, so the result is too."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
Part = TypeVar("Part")
Result = TypeVar("Result")


def can_fork() -> bool:
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) > 1
    )


def both(work: Callable[[Part], Result], first: Part, second: Part) -> tuple[Result, Result]:
    """``(work(first), work(second))``, the second in a forked copy when
    ``can_fork()``; if that copy dies (killed for memory, say), it is done here."""
    if not can_fork():
        return work(first), work(second)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # or the copy would write out what is still buffered
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(work, second, send, os.getpid()), daemon=True)
    child.start()
    send.close()
    try:
        mine = work(first)
        try:
            theirs: Result | BaseException = receive.recv()
        except EOFError:
            theirs = work(second)
    except BaseException:
        child.kill()  # not terminate(): a stopped or stuck copy ignores SIGTERM, and join would wait
        raise
    finally:
        receive.close()
        child.join()
    if isinstance(theirs, BaseException):
        raise theirs
    return mine, theirs


def _run(work: Callable[[Part], Result], part: Part, send: Connection, parent: int) -> None:
    """In the copy: the parent answers for ctrl+c (it ends the copy), and a
    parent killed outright takes the copy with it (Linux's parent-death signal)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # even if stopped
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)
    try:
        result: Result | BaseException = work(part)
    except Exception as error:  # sent back and raised there, where it can be reported
        result = error
    send.send(result)
    send.close()
