"""The store's journal, ``FILE.journal``: the changes committed since the
store file was last written whole, one line per transaction, so that a
check-in on an event of 50,000 people writes one person, not 22 MB.

Each line is ``CRC32 JSON\\n``. The first holds the generation of the store
file it continues; a journal of another generation (the store was written
whole since, or a backup copied over it) is stale and adds nothing. A line
counts once it is whole: a writer killed mid-line leaves a tail without a
newline (or, after a power cut, one whose checksum fails), which readers
ignore and the next writer cuts off before appending.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matchmaker.core.errors import StoreError
from matchmaker.store.storage import atomic_write_text

Changes = dict[str, dict[str, Any]]  # table -> document id -> the row, or None if removed


def journal_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.journal")


@dataclass(frozen=True)
class Read:
    """What a journal held from some offset on."""

    changes: list[Changes]  # whole lines, oldest first
    end: int  # the offset just past the last whole line
    stale: bool  # of another generation than the store file: adds nothing
    check: str = ""  # the checksum of the last whole line read (``check``)


def line(document: dict[str, Any]) -> bytes:
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return b"%08x %s\n" % (zlib.crc32(text), text)


def header(generation: str) -> bytes:
    return line({"journal": 1, "generation": generation})


def read(path: Path, generation: str, start: int = 0) -> Read:
    """The whole lines of ``path`` from ``start`` (0: the header first)."""
    try:
        with path.open("rb") as handle:
            handle.seek(start)
            raw = handle.read()
    except FileNotFoundError:
        return Read([], 0, stale=False)
    except OSError as exc:
        raise StoreError(f"Cannot read the store's journal {path}: {exc.strerror}.") from None
    lines = raw.split(b"\n")[:-1]  # what follows the last newline is unfinished
    documents, end, last = [], start, b""
    for number, text in enumerate(lines):
        document = _parse(text)
        if document is None:
            if number < len(lines) - 1:  # a bad line with whole lines after it: not a torn write
                raise StoreError(
                    f"The store's journal {path} is damaged at byte {end}. Move it aside to "
                    f"go back to the store as it was last written whole ({path.stem}).",
                    field="store",
                )
            break
        documents.append(document)
        end, last = end + len(text) + 1, text
    if start == 0 and documents:
        first = documents.pop(0)
        if first.get("generation") != generation:
            return Read([], end, stale=True, check=checksum(last))
    changes = [d.get("tables") for d in documents]
    if not all(
        isinstance(c, dict) and all(isinstance(t, dict) for t in c.values()) for c in changes
    ):
        raise StoreError(
            f"The store's journal {path} is damaged: a line holds no tables of rows. Move it "
            f"aside to go back to the store as it was last written whole ({path.stem}).",
            field="store",
        )
    return Read(changes, end, stale=False, check=checksum(last))  # type: ignore[arg-type]


def checksum(text: bytes) -> str:
    """A line's checksum, as written at its start."""
    return text.partition(b" ")[0].decode("ascii", "replace")


def check(path: Path, end: int) -> str | None:
    """The checksum of the whole, sound line that ends at ``end`` ("" at
    0), or None if none does. A reader that keeps only how far it read (the
    index) compares it, since a journal cut back and written again, garbled
    in place, or deleted and made again (perhaps with the same inode) may
    reach as far with other lines."""
    if end == 0:
        return ""
    try:
        with path.open("rb") as handle:
            size = 4096
            while True:  # back from ``end`` to the newline before the line
                start = max(0, end - size)
                handle.seek(start)
                raw = handle.read(end - start)
                cut = raw.rfind(b"\n", 0, len(raw) - 1)
                if cut >= 0 or start == 0 or len(raw) != end - start:
                    break
                size *= 4
    except OSError:
        return None
    if len(raw) != end - start or not raw.endswith(b"\n"):
        return None
    checksum, _, body = raw[cut + 1 : -1].partition(b" ")
    return checksum.decode() if checksum == b"%08x" % zlib.crc32(body) else None


def _parse(text: bytes) -> dict[str, Any] | None:
    checksum, _, body = text.partition(b" ")
    try:
        if int(checksum, 16) != zlib.crc32(body):
            return None
        document = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def append(path: Path, generation: str, committed: int, entry: bytes, mode: int) -> int:
    """Add one transaction's ``entry`` (its ``line``) after the ``committed`` bytes (a torn
    tail past them is cut off), fsynced; the new end. With nothing committed
    a new journal of this generation replaces any other (a new file, so that
    no reader takes its lines for the old one's); it gets ``mode``. Only
    call under the store's lock."""
    if committed == 0:
        text = header(generation) + entry
        atomic_write_text(path, text.decode("utf-8"), mode=mode)
        return len(text)
    fd = os.open(path, os.O_WRONLY)
    try:
        if os.fstat(fd).st_size != committed:
            os.ftruncate(fd, committed)
        os.lseek(fd, committed, os.SEEK_SET)
        written = 0
        while written < len(entry):
            written += os.write(fd, entry[written:])
        os.fsync(fd)
    finally:
        os.close(fd)
    return committed + len(entry)
