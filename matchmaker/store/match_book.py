"""Each self-service attendee's best matches as the attendee's process reads
them: computed by the organiser's side (``match_book_keeper``) and written
to the user's cache folder (it can always be computed again, so it does not
clutter the folder of the store), so an attendee's process never loads
numpy or scipy."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from matchmaker.core.match_view import MatchView
from matchmaker.core.paths import cache_dir
from matchmaker.store.database import Store


@dataclass(frozen=True)
class MatchBook:
    stamp: str  # the store's stamp when it was computed
    topics: tuple[str, ...]
    people: dict[int, tuple[MatchView, ...]]  # person id -> best first


def book_path(store: Store, event: str) -> Path:
    """One file per store and event, named by digests (no name on disk)."""
    where = hashlib.sha256(str(store.path.resolve()).encode()).hexdigest()[:16]
    digest = hashlib.sha256(event.encode()).hexdigest()[:16]
    return cache_dir() / "match-books" / f"{where}-{digest}.json"


# The book last read from each path, with the file's signature then: a
# served room reads it on every page, and it changes once per change of the
# store (parsing 1,000 people's matches took ~50 ms and ~10 MB each time).
_READ: dict[Path, tuple[tuple[int, int, int], MatchBook]] = {}


def read_book(store: Store, event: str) -> MatchBook | None:
    path = book_path(store, event)
    try:
        status = path.stat()
        signature = (status.st_ino, status.st_size, status.st_mtime_ns)
        last = _READ.get(path)
        if last is not None and last[0] == signature:
            return last[1]
        document = json.loads(path.read_text(encoding="utf-8"))
        book = MatchBook(
            str(document["stamp"]),
            tuple(str(t) for t in document["topics"]),
            {
                int(person): tuple(MatchView.from_dict(m) for m in matches)
                for person, matches in document["people"].items()
            },
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or half a version: computed again soon
    _READ[path] = (signature, book)
    return book
