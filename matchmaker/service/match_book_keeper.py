"""The organiser's side of the match book: whenever the store changes, each
self-service attendee's best matches are computed again (numpy and scipy,
here only) and written where ``match_book.read_book`` finds them."""

from __future__ import annotations

import json
import threading
import traceback
from collections.abc import Mapping

from matchmaker.core.errors import UserError
from matchmaker.core.match_view import MatchView
from matchmaker.core.model import Person
from matchmaker.service.session import EventSession
from matchmaker.store.match_book import book_path, read_book
from matchmaker.store.storage import atomic_write_text

TOP = 5  # matches per person
TOPICS = 200  # topics offered for completion
NEWCOMER = "newcomers only, since "  # a book's stamp while the rest are still being computed


def refresh_book(session: EventSession) -> bool:
    """Compute the book of the session's event again if the store changed
    since; True if it did. Whoever has no matches in it yet is computed and
    written first (a few people: a second), then everyone (1,000 people take
    tens of seconds). The session keeps its scorer while profiles stay."""
    store, event = session.store, session.name
    assert store is not None, "attendees come to a stored event"
    stamp = store.stamp()
    old = read_book(store, event)
    if old is not None and old.stamp == stamp:
        return False
    with store.reading() as tx:
        coded = tx.coded_people(event)
    people = [p for p in session.reload().people if p.id in coded]
    newcomers = [p for p in people if old is not None and p.id not in old.people]
    if old is not None and newcomers and len(newcomers) < len(people):
        _write_book(session, NEWCOMER + stamp, newcomers, old.people)
    _write_book(session, stamp, people, {})
    return True


def _write_book(
    session: EventSession,
    stamp: str,
    people: list[Person],
    kept: Mapping[int, tuple[MatchView, ...]],
) -> None:
    """The book: ``people``'s matches computed now, ``kept`` as they were."""
    assert session.store is not None
    counts, vocabulary = session.scorer.topic_counts, session.scorer.vocabulary
    ranked = sorted(range(len(vocabulary)), key=lambda i: -counts[i])[:TOPICS]
    everyone = session.event.people
    computed = {
        str(person.id): [
            m.view(everyone[m.index].id).as_dict() for m in session.matches(person.id, TOP)
        ]
        for person in people
    }
    document = {
        "stamp": stamp,
        "topics": [vocabulary.label(i) for i in ranked],
        "people": {**{str(i): [m.as_dict() for m in ms] for i, ms in kept.items()}, **computed},
    }
    path = book_path(session.store, session.name)
    for folder in (path.parent.parent, path.parent):  # the user's alone, like the store
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(document, ensure_ascii=False))


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
