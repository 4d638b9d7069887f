"""Crash-safe JSON file storage for TinyDB.

TinyDB's own JSONStorage rewrites the file in place (a kill mid-write leaves
invalid JSON), so every write here goes to a temporary file in the same
folder, is fsynced, and replaces the old file atomically. The last good
versions are kept as ``NAME.bak1`` … ``NAME.bakN`` beside it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from matchmaker.core.errors import StoreError
from matchmaker.store.shape import schema_problem, shape_problem

SCHEMA_VERSION = 1
META_TABLE = "meta"
BACKUPS = 3
# Every file the store writes beside it (itself, backups, locks, the match
# book, the tries file, exports) holds emails, code hashes or client
# addresses: new ones are for the user alone, whatever the umask.
PRIVATE = 0o600

# Hook for future formats: MIGRATIONS[n] turns a version-n document into n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def backup_path(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}.bak{number}")


def _restore_hint(path: Path) -> str:
    backup = backup_path(path, 1)
    if backup.exists():
        return f"The last good version is in {backup}; copy it over {path.name} to restore it."
    return "Move it aside to start a new store, or choose another store file."


def schema_version(document: dict[str, Any]) -> int:
    """The version of a document that ``schema_problem`` found nothing wrong with."""
    return int(next(iter(document[META_TABLE].values()))["schema_version"])


Signature = tuple[int, int, int, int]  # device, inode, size, modification time (ns)

# The last version of each store this process read or wrote, for readers: the
# app reads the store on every screen, and parsing and checking 10,000 people
# takes ~0.1 s. A store is only ever replaced whole (a new inode), so the same
# signature means the same content. Readers share it and never change it.
_LAST_SEEN: dict[Path, tuple[Signature, dict[str, Any]]] = {}


def _signature(stat: os.stat_result) -> Signature:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def shared_document(path: Path) -> dict[str, Any] | None:
    """``load_document`` for a reader, which must not change what it gets:
    the file is parsed again only when it has been replaced."""
    try:
        signature = _signature(path.stat())
    except OSError:
        signature = None
    last = _LAST_SEEN.get(path)
    if last is not None and last[0] == signature:
        return last[1]
    return load_document(path, remember=True)


def remember(path: Path, document: dict[str, Any]) -> None:
    """What was just written to ``path`` (under its lock) is what readers will read."""
    _LAST_SEEN[path] = (_signature(path.stat()), document)


def load_document(path: Path, remember: bool = False) -> dict[str, Any] | None:
    """The parsed store, migrated to the current schema; None if there is no file.

    A damaged, empty or foreign file, or one from a newer version, raises
    StoreError and is left exactly as it is.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read()
            signature = _signature(os.fstat(handle.fileno()))  # of exactly what was read
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read the store {path}: {exc.strerror}.") from None
    if not raw.strip():
        raise StoreError(
            f"The store {path} is empty, but a Peer Matchmaker store is never empty. "
            + _restore_hint(path)
        )
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise StoreError(
            f"The store {path} is damaged: byte {exc.start} is not UTF-8. " + _restore_hint(path)
        ) from None
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"The store {path} is damaged: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
            + _restore_hint(path)
        ) from None
    except RecursionError:
        raise StoreError(
            f"The store {path} is damaged: it nests lists or objects thousands deep, which "
            "a store never does. " + _restore_hint(path)
        ) from None
    problem = schema_problem(document)
    if problem is not None:
        raise StoreError(
            f"{path} is not a Peer Matchmaker store that this version can read: {problem}. "
            + _restore_hint(path),
            field="store",
        )
    version = schema_version(document)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"The store {path} was written by a newer Peer Matchmaker (schema {version}; "
            f"this one reads up to {SCHEMA_VERSION}). Upgrade peer-matchmaker to open it; "
            "the file has not been changed."
        )
    while version < SCHEMA_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
        document[META_TABLE] = {"1": {"schema_version": version}}
    problem = shape_problem(document)
    if problem is not None:
        raise StoreError(
            f"The store {path} is damaged: {problem}. " + _restore_hint(path), field="store"
        )
    if remember:
        _LAST_SEEN[path] = (signature, document)
    return document


def new_document() -> dict[str, Any]:
    return {META_TABLE: {"1": {"schema_version": SCHEMA_VERSION}}}


def remove_stale_temporaries(path: Path) -> None:
    """Temporaries left by a writer that was killed; only call under the lock.
    Only this file's own (mkstemp's eight random characters): the files
    beside it (``.tries``, ``.joins``, the match book) are written under
    their own locks, and their temporaries are theirs."""
    for stale in path.parent.glob(f".{path.name}.????????.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def atomic_write(path: Path, document: dict[str, Any], backups: int = BACKUPS) -> None:
    """Write ``document`` so that a reader or a crash sees the old or the new file, never half."""
    atomic_write_text(
        path, json.dumps(document, ensure_ascii=False, separators=(",", ":")), backups
    )


def atomic_write_text(path: Path, text: str, backups: int = 0) -> None:
    """Temporary file in the same folder, fsynced, then renamed over ``path``.
    The file keeps its permissions; a new one is private (``PRIVATE``)."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        _rotate_backups(path, backups)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(path.parent)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return PRIVATE


def _rotate_backups(path: Path, backups: int) -> None:
    if backups < 1 or not path.exists():
        return
    for number in range(backups - 1, 0, -1):
        older = backup_path(path, number)
        if older.exists():
            os.replace(older, backup_path(path, number + 1))
    newest = backup_path(path, 1)
    try:
        # A hard link costs nothing: once the new file replaces `path`, the link
        # is the only name left for the previous version.
        os.link(path, newest)
    except OSError:
        shutil.copy2(path, newest)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class AtomicJSONStorage(Storage):
    """TinyDB storage for one transaction: parses the file once, keeps every
    change in memory, and writes the whole new state once, atomically, when
    the transaction commits (so a command is all or nothing)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._document: dict[str, Any] | None = None
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        if self._document is None:
            self._document = load_document(self.path) or new_document()
        return self._document

    def write(self, data: dict[str, Any]) -> None:
        self._document = data
        self.dirty = True

    def commit(self) -> None:
        if self.dirty and self._document is not None:
            atomic_write(self.path, self._document)
            remember(self.path, self._document)  # this transaction is over: nobody changes it now
            self.dirty = False

    def close(self) -> None:
        self._document = None
        self.dirty = False
