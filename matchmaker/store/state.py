"""The store's state as this process knows it: the file written whole plus
its journal, read once and then only what was appended, and a transaction's
storage for TinyDB that writes only what the transaction changed.

States are shared and never changed: a transaction works on a copy of the
state's outer dictionary, TinyDB builds new tables, and every row it
changes is copied first (``ChangeTable``), so unchanged rows are the same
objects in the old and the new state. Committing appends the changed rows
to the journal — or, when the store is small or the journal has grown to
half the store, writes the store whole (backups rotate then) and drops the
journal.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from matchmaker.core.errors import StoreError
from matchmaker.store import journal, storage
from matchmaker.store.derived import derive, top_id
from matchmaker.store.index import (
    INDEX_FROM,
    Index,
    IndexedTable,
    Mark,
    document,
    forget,
    index_for,
    whole,
)
from matchmaker.store.shape import shape_problem
from matchmaker.store.storage import (
    generation,
    load_document,
    mode_for,
    new_document,
    next_generation,
    restore_hint,
)

WHOLE_BELOW = 1 << 16  # bytes: a store smaller than this is always written whole
Document = dict[str, Any]
Signature = tuple[int, int, int, int]  # device, inode, size, modification time (ns)


@dataclass(frozen=True)
class State:
    """One committed state: the store file it came from and how far into the journal it goes."""

    document: Document
    file: Signature | None  # None: there is no store file yet
    journal: tuple[int, int]  # the journal's inode and the end of its last whole line
    journal_changes: bool  # the journal adds something to the file
    index: Index | None = None  # the rows are the index's, read when asked for (``indexed``)
    journal_check: str = ""  # the checksum of the journal's line before its end (``journal.check``)

    @property
    def stamp(self) -> str:
        return f"{self.file}:{self.journal}"


# The last state of each store this process read or wrote: the app reads the
# store on every screen and a writer begins from it, so a store of 50,000
# people is parsed once, and afterwards only the journal's new lines are read.
_LAST: dict[Path, State] = {}


def _signature(status: os.stat_result) -> Signature:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read the store {path}: {exc.strerror}.") from None


# Held by the thread of this process that reads a replaced store file whole,
# and by a writer of this process from replacing the file until its new state
# is known: the pages a room asks for while a save lands wait for that state
# and share it, instead of each parsing the whole file (at 2,000 people, ~20
# MB and ~50 ms each: 30 at once took serve to 600 MB).
_WHOLE = threading.Lock()


def current(path: Path) -> State:
    """The store's committed state now (a missing store is an empty one).
    Without the lock a writer may replace the file meanwhile: then it is
    read again, so a reader never sees an older state than it saw before."""
    last, status = _LAST.get(path), _stat(path)
    if last is None or (status and _signature(status)) != last.file:
        with _WHOLE:
            return _settled(path)
    return _settled(path)


def _settled(path: Path) -> State:
    for _ in range(20):
        state = _read(path)
        status = _stat(path)
        if (status and _signature(status)) == state.file:
            _LAST[path] = state
            return state
    raise StoreError(f"The store {path} kept changing while being read; try again.")


def _read(path: Path) -> State:
    last = _LAST.get(path)
    status = _stat(path)
    file = status and _signature(status)
    if last is not None and last.file == file:
        document, inode, start, adds = last.document, *last.journal, last.journal_changes
        check = last.journal_check
    else:
        loaded = load_document(path)
        if loaded is None:
            return State(new_document(), None, (0, 0), False)
        document, status = loaded
        file, inode, start, adds, check = _signature(status), 0, 0, False, ""
    found = _stat(where := journal.journal_path(path))
    if found is not None and found.st_ino == inode and journal.check(where, start) == check:
        pass  # the journal read before (not cut back, garbled or made again), perhaps longer now
    elif adds:  # the journal whose changes the state holds is gone (moved aside)
        _LAST.pop(path, None)
        return _read(path)
    else:
        start, check = 0, ""
    if found is None:
        return State(document, file, (0, 0), False)
    if found.st_size == start:  # nothing appended since: the journal is not read again
        return State(document, file, (found.st_ino, start), adds, None, check)
    read = journal.read(where, generation(document), start)
    if read.changes:
        document, adds = _apply(path, document, read.changes), True
    return State(document, file, (found.st_ino, read.end), adds, None, read.check or check)


def _apply(path: Path, document: Document, changes: list[journal.Changes]) -> Document:
    """The state after these journal lines, checked like the file is; the
    tables they touch are new dictionaries, the rest are shared."""
    result = dict(document)
    for table, rows in _checked(path, changes).items():
        result[table] = derive(result.get(table, {}), rows)
    return result


def _checked(path: Path, changes: list[journal.Changes]) -> dict[str, dict[str, Any]]:
    """These journal lines' rows, merged, once checked like the file is."""
    merged: dict[str, dict[str, Any]] = {}
    for change in changes:
        for table, rows in change.items():
            merged.setdefault(table, {}).update(rows)
    added = {
        table: {k: v for k, v in rows.items() if v is not None} for table, rows in merged.items()
    }
    problem = shape_problem(added)
    if problem is not None:
        raise StoreError(
            f"The store's journal {journal.journal_path(path)} is damaged: {problem}. "
            + restore_hint(path),
            field="store",
        )
    return merged


def indexed(path: Path) -> State:
    """The store's committed state with its rows read from the index when
    asked for (``index.py``), for a command about a few people; the index
    catches up with the journal first, or is made from a whole read (which
    this state then is). A small store, or one whose index cannot be kept,
    is read whole (``current``)."""
    status = _stat(path)
    index = index_for(path) if status is not None and status.st_size >= INDEX_FROM else None
    if index is None:
        return current(path)
    try:
        for _ in range(20):
            state = _through(path, index)
            if state is not None:
                return state
    except sqlite3.Error:  # damaged meanwhile: made again by the next command
        forget(path)
        return current(path)
    raise StoreError(f"The store {path} kept changing while being read; try again.")


def _through(path: Path, index: Index) -> State | None:
    """The state through the index, brought up to the store as it is now;
    None when the store changed meanwhile, or the index was just made."""
    status, found = _stat(path), _stat(where := journal.journal_path(path))
    if status is None:
        return current(path)
    file, mark = _signature(status), index.mark()
    journal_fits = mark is not None and (
        mark.journal_end == 0
        or (
            found is not None
            and found.st_ino == mark.journal_inode
            and journal.check(where, mark.journal_end) == mark.journal_check  # as long, same line
        )
    )
    if mark is None or mark.file != str(file) or not journal_fits:
        state = current(path)
        if state.file is None:
            return state
        index.build(state.document, _mark_of(state), mark)
        return None  # and read through it
    end = mark.journal_end
    if found is not None and found.st_size > end:
        read = journal.read(where, mark.generation, end)
        if not read.stale and read.end > end:
            _checked(path, read.changes)
            moved = mark.moved(found.st_ino, read.end, read.check)
            if not index.apply(read.changes, mark, moved):
                return None
            mark = moved
    now = _stat(path)
    if now is None or _signature(now) != file:
        return None
    journal_at = (mark.journal_inode, mark.journal_end)
    return State(document(index), file, journal_at, mark.journal_end > 0, index, mark.journal_check)


def _mark_of(state: State) -> Mark:
    inode, end = state.journal if state.journal_changes else (0, 0)
    check = state.journal_check if state.journal_changes else ""
    return Mark(str(state.file), generation(state.document), inode, end, check)


# --- a transaction ----------------------------------------------------------------


class _CopiedOnUse:
    """A table for TinyDB's updaters, by number: a row is copied when first
    taken out, so the shared row is never changed in place; only the rows
    taken, set or removed are held (the table has 50,000)."""

    def __init__(self, rows: Mapping[str, Any]):
        self.before = rows
        self.rows: dict[int, Any] = {}  # taken (copied) or set
        self.removed: set[int] = set()

    def __contains__(self, key: object) -> bool:
        return key in self.rows or (key not in self.removed and str(key) in self.before)

    def __getitem__(self, key: int) -> Any:
        row = self.rows.get(key)
        if row is None:
            if key in self.removed:
                raise KeyError(key)
            row = self.rows[key] = dict(self.before[str(key)])
        return row

    def __setitem__(self, key: int, row: Any) -> None:
        self.rows[key] = row
        self.removed.discard(key)

    def __delitem__(self, key: int) -> None:
        if key not in self:
            raise KeyError(key)
        self.rows.pop(key, None)
        self.removed.add(key)

    def pop(self, key: int, *default: Any) -> Any:
        if key not in self:
            if default:
                return default[0]
            raise KeyError(key)
        row = self[key]
        del self[key]
        return row

    def keys(self) -> list[int]:
        kept = [number for number in map(int, self.before) if number not in self.removed]
        return kept + [number for number in self.rows if str(number) not in self.before]

    def clear(self) -> None:
        self.removed.update(self.keys())
        self.rows.clear()


def _differs(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return old.keys() != new.keys() or any(
        value is not old[key] and value != old[key] for key, value in new.items()
    )


class ChangeTable(Table):
    """A TinyDB table that tells its storage which rows an update changed."""

    def _get_next_id(self) -> int:
        known: int | None = self._next_id  # TinyDB leaves it untyped
        next_id = known if known is not None else top_id(self._read_table()) + 1
        self._next_id = next_id + 1  # type: ignore[assignment]
        return next_id

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tx: TransactionStorage = self._storage  # type: ignore[assignment]
        tables = tx.read()
        before: dict[str, Any] = tables.get(self.name, {})
        table = _CopiedOnUse(before)
        updater(table)  # type: ignore[arg-type]
        changes: dict[str, Any] = {}
        for number in table.removed:
            if str(number) in before:
                changes[str(number)] = None
        for number, row in table.rows.items():
            old = before.get(str(number))
            if old is None or _differs(old, row):
                changes[str(number)] = row
        for key, row in changes.items():
            tx.changed(self.name, key, row)
        if changes:
            patched = (
                before.patched if isinstance(before, IndexedTable) else partial(derive, before)
            )
            tables[self.name] = patched(changes)
        tx.write(tables)
        self.clear_cache()


class StoreDB(TinyDB):
    table_class = ChangeTable


class TransactionStorage(Storage):
    """TinyDB storage for one transaction: begins from ``state``, keeps its
    changes in memory, and writes them once when the transaction commits."""

    def __init__(self, path: Path, state: State):
        self.path = path
        self.state = state
        self._document = dict(state.document)
        self.changes: journal.Changes = {}

    def read(self) -> Document:
        return self._document

    def write(self, data: Document) -> None:
        self._document = data

    def changed(self, table: str, key: str, row: Any) -> None:
        self.changes.setdefault(table, {})[key] = row

    def commit(self) -> None:
        """Only call under the store's lock, with ``state`` read under it."""
        if not self.changes:
            return
        state, where = self.state, journal.journal_path(self.path)
        size = state.file[2] if state.file else 0
        committed = state.journal[1] if state.journal_changes else 0
        entry = journal.line({"tables": self.changes})
        if (
            state.file is None
            or size + committed < WHOLE_BELOW
            or committed + len(entry) > size // 2
        ):
            written = next_generation(whole(self._document))
            with _WHOLE:
                storage.atomic_write(
                    self.path, written, previous=whole(state.document) if committed else None
                )
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(where)
                _LAST[self.path] = State(written, _signature(self.path.stat()), (0, 0), False)
        else:
            mode = mode_for(self.path)  # the journal is as private as the store
            end = journal.append(where, generation(self._document), committed, entry, mode)
            now = (where.stat().st_ino, end, journal.checksum(entry))
            if state.index is None:
                _LAST[self.path] = State(self._document, state.file, now[:2], True, None, now[2])
            else:
                self._index_committed(state, state.index, now)
        self.changes = {}

    def _index_committed(self, state: State, index: Index, now: tuple[int, int, str]) -> None:
        """Bring the index to the state just committed. The journal holds it
        already: if this fails, the next reader catches up."""
        before = _mark_of(state)
        after = before.moved(*now)
        with contextlib.suppress(sqlite3.Error):
            index.apply([self.changes], before, after)

    def close(self) -> None:
        pass
