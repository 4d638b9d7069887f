"""Each self-service attendee's best matches as the attendee's process reads
them: computed by the organiser's side (``match_book_keeper``) and written
to the user's cache folder (it can always be computed again, so it does not
clutter the folder of the store), so an attendee's process never loads
numpy or scipy."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matchmaker.core.match_view import MatchView
from matchmaker.core.paths import cached_for
from matchmaker.store.database import Store


class Entries(Mapping[int, tuple[MatchView, ...]]):
    """The people of a book as read: each person's matches are made into
    ``MatchView``s when first asked for, so a new book costs a room's pages
    one JSON parse, not 1,000 people's objects. An entry that is not a
    book's (a damaged file) reads as not computed yet."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw
        self._made: dict[int, tuple[MatchView, ...] | None] = {}

    def _views(self, person: int) -> tuple[MatchView, ...] | None:
        if person not in self._made:
            try:
                made = tuple(MatchView.from_dict(m) for m in self._raw[str(person)])
            except (KeyError, TypeError, ValueError, AttributeError):
                made = None
            self._made[person] = made
        return self._made[person]

    def __getitem__(self, person: int) -> tuple[MatchView, ...]:
        views = self._views(person)
        if views is None:
            raise KeyError(person)
        return views

    def __contains__(self, person: object) -> bool:
        return str(person) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(person) for person in self._raw)

    def __len__(self) -> int:
        return len(self._raw)


@dataclass(frozen=True)
class MatchBook:
    stamp: str  # the store's stamp when it was computed
    topics: tuple[str, ...]
    people: Mapping[int, tuple[MatchView, ...]]  # person id -> best first


def book_path(store: Store, event: str) -> Path:
    """One file per store and event, named by digests (no name on disk)."""
    digest = hashlib.sha256(event.encode()).hexdigest()[:16]
    return cached_for(store.path, "match-books", f"-{digest}.json")


# The book last read from each path, with the file's signature then: a
# served room reads it on every page, and it changes once per change of the
# store (parsing 1,000 people's matches took ~50 ms and ~10 MB each time).
_READ: dict[Path, tuple[tuple[int, int, int], MatchBook]] = {}
_READING = threading.Lock()


def read_book(store: Store, event: str) -> MatchBook | None:
    path = book_path(store, event)
    try:
        status = path.stat()
        signature = (status.st_ino, status.st_size, status.st_mtime_ns)
        with _READING:  # a room's pages asking at once: one of them reads it
            last = _READ.get(path)
            if last is not None and last[0] == signature:
                return last[1]
            document = json.loads(path.read_text(encoding="utf-8"))
            people = document["people"]
            if not isinstance(people, dict) or not all(p.isdigit() for p in people):
                return None
            book = MatchBook(
                str(document["stamp"]), tuple(str(t) for t in document["topics"]), Entries(people)
            )
            _READ[path] = (signature, book)
            return book
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or half a version: computed again soon
