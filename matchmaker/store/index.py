"""The store's index: a SQLite copy of a large store's rows, in the cache
folder (``indexes/``), so that a command about one person (``checkin
NAME``) reads that person and a few counts, not the 28 MB of an event of
50,000 people.

It is derived, never the truth: it records which store file it copies and
how far into the journal (its ``Mark``, with the checksum of the line
it read last, so that a journal cut back and grown again, garbled in place
or made again under the same inode is noticed), catches up with lines appended
since, and is made again from a whole read when the store was written
whole, replaced or its journal moved aside. Deleting it loses nothing; a
damaged one is made again. Its rows were checked like the store's when
they came in (``state.py``). It is as private as the store.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from matchmaker.core.errors import StoreError
from matchmaker.core.paths import cached_for, make_private_folders
from matchmaker.core.text import email_key, name_key
from matchmaker.store.storage import mode_for

INDEX_FROM = 4 << 20  # bytes: smaller stores (~7,000 people) are read whole quickly enough
PEOPLE = "people"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mark(
    one INTEGER PRIMARY KEY CHECK (one = 1), file TEXT NOT NULL, generation TEXT NOT NULL,
    journal_inode INTEGER NOT NULL, journal_end INTEGER NOT NULL, journal_check TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows(
    tbl TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (tbl, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rows_order ON rows(tbl, seq);
CREATE TABLE IF NOT EXISTS tables(name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS people(
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, event TEXT, name TEXT, email TEXT,
    name_key TEXT, email_key TEXT, status TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS people_name ON people(event, name_key);
CREATE INDEX IF NOT EXISTS people_email ON people(event, email_key);
CREATE INDEX IF NOT EXISTS people_status ON people(event, status);
"""
_UPSERT = (
    "INSERT INTO rows VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM rows WHERE tbl = ?1),"
    " ?3) ON CONFLICT (tbl, id) DO UPDATE SET body = excluded.body"
)
_PERSON = (
    "INSERT OR REPLACE INTO people VALUES (?1, (SELECT seq FROM rows WHERE tbl = 'people' AND id = ?1),"
    " ?2, ?3, ?4, ?5, ?6, ?7)"
)
VERSION = 4  # of the tables above: an index of another version is made again
_TABLES = ("mark", "tables", "rows", "people")  # the mark first: emptied, the index is made again


class Mark(NamedTuple):
    """Which state of the store the index holds: the store file (its
    signature), its generation, and the journal's inode, end and the
    checksum of its line before the end (``journal.check``)."""

    file: str
    generation: str
    journal_inode: int
    journal_end: int
    journal_check: str

    def moved(self, inode: int, end: int, check: str) -> Mark:
        """The same store file, its journal read to ``end``."""
        return self._replace(journal_inode=inode, journal_end=end, journal_check=check)


def index_path(store: Path) -> Path:
    """In the cache folder, like the match book: worked out again, never beside the store."""
    return cached_for(store, "indexes", ".sqlite")


def _person(key: str, row: Mapping[str, Any]) -> tuple[str, Any, str, str, str, str, Any]:
    """A person's row as the index finds people: their name and email as
    stored, and their keys, as ``find_person`` compares them."""
    profile = row.get("profile") or {}
    name, email = str(profile.get("name", "")), str(profile.get("email") or "")
    return key, row.get("event"), name, email, name_key(name), email_key(email), row.get("status")


_T = TypeVar("_T")


def _reported(read: Callable[..., _T]) -> Callable[..., _T]:
    """A read of the index once a command relies on it: should SQLite fail
    now, the command stops with a plain message and the index is dropped, so
    the next command makes it again."""

    @functools.wraps(read)
    def reading(index: Index, *args: Any) -> _T:
        try:
            return read(index, *args)
        except sqlite3.Error as exc:
            forget(index.store)
            raise StoreError(
                f"The store's index {index.path} could not be read ({exc}); the next command "
                "makes it again from the store.",
                field="store",
            ) from None

    return reading


class Index:
    """One store's index, opened once per process (``index_for``)."""

    def __init__(self, store: Path):
        self.store, self.path = store, index_path(store)
        make_private_folders(self.path)
        if not self.path.exists():  # created as private as the store, before SQLite opens it
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode_for(store)))
        self.db = sqlite3.connect(
            self.path, timeout=30, isolation_level=None, check_same_thread=False
        )
        # SQLite's default, a full sync at each commit: after a power cut the
        # index still holds a state of the store (its rows and mark agree),
        # which the journal then brings up to date
        if self.db.execute("PRAGMA user_version").fetchone()[0] != VERSION:
            for table in _TABLES:
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version = {VERSION}")

    def mark(self) -> Mark | None:
        found = self.db.execute(
            "SELECT file, generation, journal_inode, journal_end, journal_check FROM mark"
        ).fetchone()
        return Mark(*found) if found else None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def build(
        self, document: Mapping[str, Mapping[str, Any]], mark: Mark, seen: Mark | None
    ) -> None:
        """Hold ``document`` (a state read whole) as the state at ``mark``,
        unless the index moved from ``seen`` meanwhile: then another process
        made or caught it up from a newer read, which a writer under the
        store's lock may be reading from now."""
        with self._writing() as db:
            if self.mark() != seen:
                return
            for table in _TABLES:
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO tables VALUES (?)", ((name,) for name in document))
            dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
            for table, rows in document.items():
                db.executemany(
                    "INSERT INTO rows VALUES (?, ?, ?, ?)",
                    ((table, key, seq, dumps(row)) for seq, (key, row) in enumerate(rows.items())),
                )
            people = document.get(PEOPLE, {})
            db.executemany(
                "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (p[0], seq, *p[1:])
                    for seq, p in enumerate(_person(k, r) for k, r in people.items())
                ),
            )
            db.execute("INSERT INTO mark VALUES (1, ?, ?, ?, ?, ?)", mark)

    def apply(
        self, changes: Sequence[Mapping[str, Mapping[str, Any]]], before: Mark, after: Mark
    ) -> bool:
        """Move from the state at ``before`` to the one at ``after`` by these
        journal lines; False (nothing done) when the index no longer holds
        ``before`` (another process moved it meanwhile)."""
        with self._writing() as db:
            if self.mark() != before:
                return False
            for change in changes:
                for table, rows in change.items():
                    db.execute("INSERT OR IGNORE INTO tables VALUES (?)", (table,))
                    for key, row in rows.items():
                        if row is None:
                            db.execute("DELETE FROM rows WHERE tbl = ? AND id = ?", (table, key))
                            if table == PEOPLE:
                                db.execute("DELETE FROM people WHERE id = ?", (key,))
                            continue
                        body = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
                        db.execute(_UPSERT, (table, key, body))
                        if table == PEOPLE:
                            db.execute(_PERSON, _person(key, row))
            db.execute(
                "UPDATE mark SET file = ?, generation = ?, journal_inode = ?, journal_end = ?,"
                " journal_check = ?",
                after,
            )
        return True

    @_reported
    def row(self, table: str, key: str) -> Any | None:
        found = self.db.execute(
            "SELECT body FROM rows WHERE tbl = ? AND id = ?", (table, key)
        ).fetchone()
        return json.loads(found[0]) if found else None

    @_reported
    def rows(self, table: str) -> dict[str, Any]:
        """A table whole, in its order."""
        query = "SELECT id, body FROM rows WHERE tbl = ? ORDER BY seq"
        return {key: json.loads(body) for key, body in self.db.execute(query, (table,))}

    def tables(self) -> list[str]:
        return [name for (name,) in self.db.execute("SELECT name FROM tables")]

    @_reported
    def people_like(self, event: str, text: str) -> list[str]:
        """The keys of the event's people whose name or email reads as
        ``text`` (``name_key``, ``email_key``), in order. Text SQLite cannot
        take (a lone surrogate: bytes the terminal's encoding sent that Python
        could not decode) is nobody's."""
        if text.encode(errors="replace").decode() != text:
            return []
        query = (  # two lookups, each by its own index (an OR would read every row)
            "SELECT id, seq FROM people WHERE event = ?1 AND name_key = ?2 UNION SELECT id, seq"
            " FROM people WHERE event = ?1 AND email_key = ?3 AND email_key != '' ORDER BY seq"
        )
        found = self.db.execute(query, (event, name_key(text), email_key(text)))
        return [key for key, _ in found]

    @_reported
    def entries(self, event: str) -> list[tuple[str, str, str]]:
        """The event's people as (key, name, email), in order."""
        query = "SELECT id, name, email FROM people WHERE event = ? ORDER BY seq"
        return self.db.execute(query, (event,)).fetchall()

    @_reported
    def attendance(self, event: str, status: str) -> tuple[int, int]:
        """How many of the event's people have ``status``, and how many it has."""
        query = "SELECT COUNT(*), COALESCE(SUM(status = ?), 0) FROM people WHERE event = ?"
        everyone, here = self.db.execute(query, (status, event)).fetchone()
        return int(here), int(everyone)


class IndexedTable(Mapping[str, Any]):
    """A table of a state held by the index: rows are read when asked for;
    ``changes`` (a transaction's, not yet in the index) lie over them.
    Reading it whole reads the table in one query."""

    def __init__(self, index: Index, name: str, changes: Mapping[str, Any] | None = None):
        self.index, self.name = index, name
        self.changes: Mapping[str, Any] = changes or {}
        self._read: dict[str, Any] = {}
        self._whole: dict[str, Any] | None = None

    def patched(self, changes: Mapping[str, Any]) -> IndexedTable:
        """This table with these rows changed (``None``: removed)."""
        table = IndexedTable(self.index, self.name, {**self.changes, **changes})
        table._read, table._whole = self._read, self._whole
        return table

    def __getitem__(self, key: str) -> Any:
        if key in self.changes:
            row = self.changes[key]
        elif self._whole is not None:
            row = self._whole.get(key)
        elif key in self._read:
            row = self._read[key]
        else:
            row = self._read[key] = self.index.row(self.name, key)
        if row is None:
            raise KeyError(key)
        return row

    def __contains__(self, key: object) -> bool:
        try:
            self[str(key)]
        except KeyError:
            return False
        return True

    def whole(self) -> dict[str, Any]:
        """The table as a dictionary, in its order."""
        if self._whole is None:
            self._whole = self.index.rows(self.name)
        table = dict(self._whole)
        for key, row in self.changes.items():
            if row is None:
                table.pop(key, None)
            else:
                table[key] = row
        return table

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def __len__(self) -> int:
        return len(self.whole())


def whole(document: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A document whose tables may be held by the index, as plain dictionaries."""
    return {
        t: rows.whole() if isinstance(rows, IndexedTable) else rows for t, rows in document.items()
    }


def document(index: Index) -> dict[str, Any]:
    """The state the index holds, its rows read when asked for."""
    return {name: IndexedTable(index, name) for name in index.tables()}


_OPEN: dict[Path, Index] = {}
_OPENING = threading.Lock()


def index_for(store: Path) -> Index | None:
    """The store's index (made empty if there is none); None when SQLite
    cannot keep one there (a read-only folder): then the store is read whole."""
    with _OPENING:
        index = _OPEN.get(store)
        if index is None:
            try:
                index = _OPEN[store] = _opened(store)
            except (sqlite3.Error, OSError):
                return None
        return index


def _opened(store: Path) -> Index:
    try:
        return Index(store)
    except sqlite3.DatabaseError:  # not an index: damaged, or something else under its name
        index_path(store).unlink()
        return Index(store)


def forget(store: Path) -> None:
    """Drop a damaged index: the next command makes it again."""
    with _OPENING:
        index = _OPEN.pop(store, None)
        if index is not None:
            index.db.close()
        with contextlib.suppress(OSError):
            index_path(store).unlink()
