"""Each self-service attendee's best matches, computed by the organiser's
side (the ``serve`` process, or the kiosk's) whenever the store changes and
written beside it, so that an attendee's process only reads them: it never
loads numpy or scipy, and stays light."""

from __future__ import annotations

import hashlib
import json
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from matchmaker.errors import UserError
from matchmaker.match_view import MatchView
from matchmaker.storage import atomic_write_text
from matchmaker.store import Store

TOP = 5  # matches per person
TOPICS = 200  # topics offered for completion


@dataclass(frozen=True)
class MatchBook:
    stamp: str  # the store's stamp when it was computed
    topics: tuple[str, ...]
    people: dict[int, tuple[MatchView, ...]]  # person id -> best first


def book_path(store: Store, event: str) -> Path:
    digest = hashlib.sha256(event.encode()).hexdigest()[:16]
    return store.path.with_name(f"{store.path.name}.matches-{digest}.json")


def read_book(store: Store, event: str) -> MatchBook | None:
    try:
        document = json.loads(book_path(store, event).read_text(encoding="utf-8"))
        return MatchBook(
            str(document["stamp"]),
            tuple(str(t) for t in document["topics"]),
            {
                int(person): tuple(MatchView.from_dict(m) for m in matches)
                for person, matches in document["people"].items()
            },
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or half a version: computed again soon


def refresh_book(store: Store, event: str) -> bool:
    """Compute the book again if the store changed since; True if it did."""
    from matchmaker.session import EventSession  # numpy and scipy: the organiser's side only

    stamp = store.stamp()
    old = read_book(store, event)
    if old is not None and old.stamp == stamp:
        return False
    with store.reading() as tx:
        coded = tx.coded_people(event)
    session = EventSession(store, event)
    people = session.reload().people
    counts, vocabulary = session.scorer.topic_counts, session.scorer.vocabulary
    ranked = sorted(range(len(vocabulary)), key=lambda i: -counts[i])[:TOPICS]
    document = {
        "stamp": stamp,
        "topics": [vocabulary.label(i) for i in ranked],
        "people": {
            str(person.id): [m.view().as_dict() for m in session.matches(position, TOP)]
            for position, person in enumerate(people)
            if person.id in coded
        },
    }
    atomic_write_text(book_path(store, event), json.dumps(document, ensure_ascii=False))
    return True


class BookKeeper(threading.Thread):
    """Keeps the book up to date while attendees use the app."""

    def __init__(self, store: Store, event: str, every: float = 1.0):
        super().__init__(name="match-book", daemon=True)
        self.store, self.event, self.every = store, event, every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                refresh_book(self.store, self.event)
            except (UserError, OSError):
                pass  # the store is busy or damaged right now: the next turn tries again
            except Exception:  # our bug: said out loud, and attendees still get later books
                traceback.print_exc()
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
