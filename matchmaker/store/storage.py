"""The store file written whole, crash-safe, and read back checked.

TinyDB's own JSONStorage rewrites the file in place (a kill mid-write leaves
invalid JSON), so every whole write here goes to a temporary file in the same
folder, is fsynced, and replaces the old file atomically. The last good
versions are kept as ``NAME.bak1`` … ``NAME.bakN`` beside it. Each whole
write gets a new generation, which the journal (``journal.py``) names.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matchmaker.core.errors import StoreError
from matchmaker.store.shape import schema_problem, shape_problem

SCHEMA_VERSION = 2  # 2: changes since the last whole write are in FILE.journal
META_TABLE = "meta"
BACKUPS = 3
# Every file the store writes beside it (itself, backups, locks, the match
# book, the tries file, exports) holds emails, code hashes or client
# addresses: new ones are for the user alone, whatever the umask.
PRIVATE = 0o600

# MIGRATIONS[n] turns a version-n document into n+1. Version 1 had no journal,
# so its tables are read as they are (and older versions refuse version 2,
# whose journal they would not read).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: lambda document: document}


def backup_path(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}.bak{number}")


def restore_hint(path: Path) -> str:
    backup = backup_path(path, 1)
    if backup.exists():
        return f"The last good version is in {backup}; copy it over {path.name} to restore it."
    return "Move it aside to start a new store, or choose another store file."


def schema_version(document: dict[str, Any]) -> int:
    """The version of a document that ``schema_problem`` found nothing wrong with."""
    return int(next(iter(document[META_TABLE].values()))["schema_version"])


def generation(document: dict[str, Any]) -> str:
    """Which whole write of the store this is ("" before journals)."""
    value = next(iter(document[META_TABLE].values())).get("generation")
    return value if isinstance(value, str) else ""


def next_generation(document: dict[str, Any]) -> dict[str, Any]:
    """The document as the next whole write stores it (the old one unchanged)."""
    meta = {"1": {"schema_version": SCHEMA_VERSION, "generation": secrets.token_hex(8)}}
    return {**document, META_TABLE: meta}


def load_document(path: Path) -> tuple[dict[str, Any], os.stat_result] | None:
    """The parsed store, migrated to the current schema, and the file's
    status as read; None if there is no file.

    A damaged, empty or foreign file, or one from a newer version, raises
    StoreError and is left exactly as it is.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read()
            status = os.fstat(handle.fileno())  # of exactly what was read
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read the store {path}: {exc.strerror}.") from None
    if not raw.strip():
        raise StoreError(
            f"The store {path} is empty, but a Peer Matchmaker store is never empty. "
            + restore_hint(path)
        )
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise StoreError(
            f"The store {path} is damaged: byte {exc.start} is not UTF-8. " + restore_hint(path)
        ) from None
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"The store {path} is damaged: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
            + restore_hint(path)
        ) from None
    except RecursionError:
        raise StoreError(
            f"The store {path} is damaged: it nests lists or objects thousands deep, which "
            "a store never does. " + restore_hint(path)
        ) from None
    problem = schema_problem(document)
    if problem is not None:
        raise StoreError(
            f"{path} is not a Peer Matchmaker store that this version can read: {problem}. "
            + restore_hint(path),
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
        document[META_TABLE] = {"1": {"schema_version": version}}  # its generation: ""
    problem = shape_problem(document)
    if problem is not None:
        raise StoreError(
            f"The store {path} is damaged: {problem}. " + restore_hint(path), field="store"
        )
    return document, status


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


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def atomic_write(
    path: Path,
    document: dict[str, Any],
    backups: int = BACKUPS,
    previous: dict[str, Any] | None = None,
) -> None:
    """Write ``document`` so that a reader or a crash sees the old or the new
    file, never half. The newest backup is the file being replaced, or
    ``previous`` when that is the state before (the file plus its journal)."""
    atomic_write_text(path, dumps(document), backups, previous)


def atomic_write_text(
    path: Path,
    text: str,
    backups: int = 0,
    previous: dict[str, Any] | None = None,
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """Temporary file in the same folder, fsynced, then renamed over ``path``.
    The file keeps its permissions; a new one gets ``mode``, else is private
    (``PRIVATE``). Not ``durable``: no fsync, for what a power cut may lose
    (a kill still leaves the old or the new file)."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode_for(path, mode))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        _rotate_backups(path, backups, previous)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if durable:
        fsync_folder(path.parent)


def mode_for(path: Path, new: int | None = None) -> int:
    """The permissions of ``path``, or ``new`` (else ``PRIVATE``) if there is none."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return PRIVATE if new is None else new


def _rotate_backups(path: Path, backups: int, previous: dict[str, Any] | None) -> None:
    if backups < 1 or not path.exists():
        return
    for number in range(backups - 1, 0, -1):
        older = backup_path(path, number)
        if older.exists():
            os.replace(older, backup_path(path, number + 1))
    newest = backup_path(path, 1)
    if previous is not None:
        atomic_write_text(newest, dumps(next_generation(previous)), mode=mode_for(path))
        return
    try:
        # A hard link costs nothing: once the new file replaces `path`, the link
        # is the only name left for the previous version.
        os.link(path, newest)
    except OSError:
        shutil.copy2(path, newest)


def fsync_folder(folder: Path) -> None:
    """Make a new or renamed name in ``folder`` survive a power cut."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
