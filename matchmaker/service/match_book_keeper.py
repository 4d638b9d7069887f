"""The organiser's side of the match book: whenever the store changes, each
self-service attendee's best matches are computed again (numpy and scipy,
here only) and written where ``match_book.read_book`` finds them."""

from __future__ import annotations

import json
import threading
import traceback

from matchmaker.core.errors import UserError
from matchmaker.service.session import EventSession
from matchmaker.store.match_book import book_path, read_book
from matchmaker.store.storage import atomic_write_text

TOP = 5  # matches per person
TOPICS = 200  # topics offered for completion


def refresh_book(session: EventSession) -> bool:
    """Compute the book of the session's event again if the store changed
    since; True if it did. The session keeps its scorer while profiles stay."""
    store, event = session.store, session.name
    assert store is not None, "attendees come to a stored event"
    stamp = store.stamp()
    old = read_book(store, event)
    if old is not None and old.stamp == stamp:
        return False
    with store.reading() as tx:
        coded = tx.coded_people(event)
    people = session.reload().people
    counts, vocabulary = session.scorer.topic_counts, session.scorer.vocabulary
    ranked = sorted(range(len(vocabulary)), key=lambda i: -counts[i])[:TOPICS]
    document = {
        "stamp": stamp,
        "topics": [vocabulary.label(i) for i in ranked],
        "people": {
            str(person.id): [
                m.view(people[m.index].id).as_dict() for m in session.matches(person.id, TOP)
            ]
            for person in people
            if person.id in coded
        },
    }
    path = book_path(store, event)
    for folder in (path.parent.parent, path.parent):  # the user's alone, like the store
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(document, ensure_ascii=False))
    return True


class BookKeeper(threading.Thread):
    """Keeps the book up to date while attendees use the app."""

    def __init__(self, session: EventSession, every: float = 1.0):
        super().__init__(name="match-book", daemon=True)
        self.session, self.every = session, every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                refresh_book(self.session)
            except (UserError, OSError):
                pass  # the store is busy or damaged right now: the next turn tries again
            except Exception:  # our bug: said out loud, and attendees still get later books
                traceback.print_exc()
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
