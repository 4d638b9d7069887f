"""The lock between processes on a file (``FILE.lock``): ``flock`` on
POSIX, the very lock filelock takes there, so a process holding either
excludes the other (``tests/test_store.py`` holds filelock's). Taken here
without filelock because importing it costs 40-130 ms, as long as a whole
check-in at the door (``checkin NAME`` on 50,000 people); elsewhere
(Windows) filelock itself."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

POLL = 0.01  # seconds between tries while another process holds the lock


class LockTimeout(Exception):
    """The lock was held by another process for the whole timeout."""


@contextmanager
def held(path: str, timeout: float, mode: int) -> Iterator[None]:
    """Hold the lock on ``path`` (made with ``mode`` if new, whatever the
    umask) for the block; LockTimeout after ``timeout`` seconds of waiting."""
    if fcntl is None:
        from filelock import FileLock, Timeout

        lock = FileLock(path, timeout=timeout, mode=mode)
        try:
            lock.acquire()
        except Timeout:
            raise LockTimeout(path) from None
        try:
            yield
        finally:
            lock.release()
        return
    fd = _opened(path, mode)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(path) from None
                time.sleep(POLL)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _opened(path: str, mode: int) -> int:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return os.open(path, os.O_RDWR)
    os.fchmod(fd, mode)  # not narrowed or widened by the umask
    return fd
