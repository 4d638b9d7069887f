"""Tries at a personal code, counted per address across every attendee
process (``serve``, the kiosk, ``me``), so that codes cannot be guessed: a
small JSON file beside the store, changed under its own lock. Within one
process the threads of a crowd queue on a lock of the process rather than
poll the file's lock, and the file is parsed again only when another
process wrote it since."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from matchmaker.core.errors import UserError
from matchmaker.store.storage import PRIVATE, atomic_write_text

TRIES = 5  # per address …
WINDOW = 60.0  # … in this many seconds
BUSY = "Many people are sending this at once. Nothing was saved yet: please send it again."


Signature = tuple[int, int, int]  # inode, size, modification time (ns)


class Attempts:
    def __init__(self, path: Path, tries: int = TRIES, window: float = WINDOW):
        self.path = path
        self.tries = tries
        self.window = window
        self.lock_timeout = 10.0  # seconds to wait for the other counters of a crowd
        self._threads = threading.Lock()
        self._known: tuple[Signature, dict[str, Any]] | None = None  # as this process wrote it

    def take(self, address: str, now: float | None = None) -> None:
        """Count one try from ``address``; refused (UserError) past the limit."""
        now = time.time() if now is None else now
        try:
            if not self._threads.acquire(timeout=self.lock_timeout):
                raise Timeout(str(self.path))
            try:
                with FileLock(f"{self.path}.lock", timeout=self.lock_timeout, mode=PRIVATE):
                    self._count(address, now)
            finally:
                self._threads.release()
        except Timeout:  # a crowd at once: said like any refusal, so the form keeps what was typed
            raise UserError(BUSY, field="code") from None

    def _signature(self) -> Signature | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return (status.st_ino, status.st_size, status.st_mtime_ns)

    def _seen(self) -> dict[str, Any]:
        """The counts on file: the ones this process last wrote unless
        another process wrote since."""
        if self._known is not None and self._known[0] == self._signature():
            return self._known[1]
        try:
            seen = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            seen = {}
        return seen if isinstance(seen, dict) else {}

    def _count(self, address: str, now: float) -> None:
        seen = self._seen()
        recent = {
            where: kept
            for where, times in seen.items()
            if isinstance(times, list)
            and (kept := [t for t in times if isinstance(t, float) and now - t < self.window])
        }
        mine = recent.setdefault(address, [])
        if len(mine) >= self.tries:
            wait = int(self.window - (now - min(mine))) + 1
            raise UserError(
                f"Too many tries from this device. Wait {wait} s and try again.", field="code"
            )
        mine.append(now)
        # A minute's tries: a power cut may lose them (the window forgets them
        # anyway), so no fsync holds up the crowd waiting for this lock.
        atomic_write_text(self.path, json.dumps(recent), durable=False)
        signature = self._signature()
        self._known = (signature, recent) if signature is not None else None
