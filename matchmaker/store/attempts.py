"""Tries at a personal code (and joins), counted per address across every
attendee process (``serve``, the kiosk, ``me``), so that codes cannot be
guessed: a small file beside the store, changed under its own lock.

The file is a log, one line per try (``["address", time]``), so that
counting one costs one short line however many addresses tried this
minute (rewriting every address for each try took 8 ms at 2,000): each
process keeps the counts it has read and reads only the lines appended
since; a log grown past ``COMPACT_BYTES`` (and twice what it kept last
time) is rewritten with the tries of the last minute alone (aside, then
renamed, so a kill leaves the old or the new one). A line cut short by a kill is ignored and cut off by the
next try. Within one process, the threads of a crowd queue on a lock of
the process rather than poll the file's lock."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from matchmaker.core.errors import UserError
from matchmaker.store.lock import LockTimeout, held
from matchmaker.store.storage import PRIVATE, atomic_write_text, mode_for

TRIES = 5  # per address …
WINDOW = 60.0  # … in this many seconds
BUSY = "Many people are sending this at once. Nothing was saved yet: please send it again."
COMPACT_BYTES = 1 << 16  # a log this long is rewritten with the last minute's tries only


class Attempts:
    def __init__(self, path: Path, tries: int = TRIES, window: float = WINDOW):
        self.path = path
        self.tries = tries
        self.window = window
        self.lock_timeout = 10.0  # seconds to wait for the other counters of a crowd
        self._threads = threading.Lock()
        self._seen: dict[str, list[float]] = {}  # the tries read from the log so far
        self._read: tuple[int, int] | None = None  # the log's inode, and the end of what was read
        self._compact_at = 0  # twice what the last rewrite kept (past COMPACT_BYTES)

    def take(self, address: str, now: float | None = None) -> None:
        """Count one try from ``address``; refused (UserError) past the limit."""
        now = time.time() if now is None else now
        try:
            if not self._threads.acquire(timeout=self.lock_timeout):
                raise LockTimeout(str(self.path))
            try:
                with held(f"{self.path}.lock", self.lock_timeout, PRIVATE):
                    self._count(address, now)
            finally:
                self._threads.release()
        except (
            LockTimeout
        ):  # a crowd at once: said like any refusal, so the form keeps what was typed
            raise UserError(BUSY, field="code") from None

    def _count(self, address: str, now: float) -> None:
        end = self._catch_up()
        mine = [t for t in self._seen.get(address, ()) if now - t < self.window]
        if len(mine) >= self.tries:
            wait = int(self.window - (now - min(mine))) + 1
            raise UserError(
                f"Too many tries from this device. Wait {wait} s and try again.", field="code"
            )
        self._seen[address] = [*mine, now]
        if end >= max(COMPACT_BYTES, self._compact_at):
            self._compact(now)
        else:
            self._append(json.dumps([address, now]).encode() + b"\n", end)

    def _catch_up(self) -> int:
        """Read the lines appended since the last read (the whole log if it
        was replaced); the end of its last whole line."""
        try:
            with self.path.open("rb") as handle:
                status = os.fstat(handle.fileno())
                same = self._read is not None and self._read[0] == status.st_ino
                start = self._read[1] if self._read is not None and same else 0
                start = start if start <= status.st_size else 0  # cut short by another: again
                if start == 0:
                    self._seen = {}
                handle.seek(start)
                raw = handle.read()
        except FileNotFoundError:
            self._seen, self._read = {}, None
            return 0
        whole = raw[: raw.rfind(b"\n") + 1]  # a line cut short by a kill is no try
        for line in whole.splitlines():
            try:
                address, when = json.loads(line)
                self._seen.setdefault(str(address), []).append(float(when))
            except (ValueError, TypeError):
                continue  # a damaged line (or the JSON of an earlier version) counts nothing
        self._read = (status.st_ino, start + len(whole))
        return start + len(whole)

    def _append(self, line: bytes, end: int) -> None:
        # A minute's tries: a power cut may lose them (the window forgets them
        # anyway), so no fsync holds up the crowd waiting for this lock.
        mode = mode_for(self.path)  # a new log is private, whatever the umask
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, mode)
        try:
            os.fchmod(fd, mode)
            status = os.fstat(fd)
            if status.st_size != end:
                os.ftruncate(fd, end)  # the tail a killed writer left
            os.lseek(fd, end, os.SEEK_SET)
            os.write(fd, line)
        finally:
            os.close(fd)
        self._read = (status.st_ino, end + len(line))

    def _compact(self, now: float) -> None:
        recent = {
            where: kept
            for where, times in self._seen.items()
            if (kept := [t for t in times if now - t < self.window])
        }
        self._seen = recent
        text = "".join(json.dumps([a, t]) + "\n" for a, times in recent.items() for t in times)
        atomic_write_text(self.path, text, durable=False)
        self._read = (self.path.stat().st_ino, len(text.encode()))
        self._compact_at = 2 * self._read[1]
