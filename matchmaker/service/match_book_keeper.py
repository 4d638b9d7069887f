"""The organiser's side of the match book: whenever the store changes, each
self-service attendee's best matches are computed again (numpy and scipy,
here only) and written where ``match_book.read_book`` finds them."""

from __future__ import annotations

import json
import math
import threading
import time
import traceback
from collections.abc import Mapping
from enum import IntEnum

from matchmaker.core.errors import UserError
from matchmaker.core.match_view import MatchView
from matchmaker.core.model import Person
from matchmaker.core.paths import make_private_folders
from matchmaker.service.session import EventSession
from matchmaker.store.match_book import book_path, read_book
from matchmaker.store.storage import atomic_write_text

TOP = 5  # matches per person
TOPICS = 200  # topics offered for completion
NEWCOMER = "newcomers only, since "  # a book's stamp while the rest are still being computed


class Refreshed(IntEnum):
    """What ``refresh_book`` wrote (false when nothing)."""

    NOTHING = 0
    NEWCOMERS = 1  # only the matches of people the book did not have yet
    EVERYONE = 2


def refresh_book(session: EventSession, newcomers_only: bool = False) -> Refreshed:
    """Compute the book of the session's event again if the store changed
    since. Whoever has no matches in it yet is computed and written first
    (a few people: a second), then everyone (1,000 people take tens of
    seconds) — unless ``newcomers_only`` (a room still arriving: see
    ``BookKeeper``). The session keeps its scorer while profiles stay."""
    store, event = session.store, session.name
    assert store is not None, "attendees come to a stored event"
    stamp = store.stamp()
    old = read_book(store, event)
    if old is not None and old.stamp == stamp:
        return Refreshed.NOTHING
    with store.reading() as tx:
        coded = tx.coded_people(event)
    people = [p for p in session.reload().people if p.id in coded]
    newcomers = [p for p in people if old is not None and p.id not in old.people]
    if old is not None and newcomers and len(newcomers) < len(people):
        _write_book(session, NEWCOMER + stamp, newcomers, old.people)
        if newcomers_only:
            return Refreshed.NEWCOMERS
    _write_book(session, stamp, people, {})
    return Refreshed.EVERYONE


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
    make_private_folders(path)
    atomic_write_text(path, json.dumps(document, ensure_ascii=False))


class BookKeeper(threading.Thread):
    """Keeps the book up to date while attendees use the app. While people
    keep joining, each turn computes only the newcomers' matches, so that
    they find them at their first look; everyone's are computed again once
    a turn finds nobody new, and at least every ``everyone_every`` seconds
    (the matches of those already in may lack the newest arrivals till then)."""

    def __init__(self, session: EventSession, every: float = 1.0, everyone_every: float = 30.0):
        super().__init__(name="match-book", daemon=True)
        self.session, self.every, self.everyone_every = session, every, everyone_every
        self.stopped = threading.Event()

    def run(self) -> None:
        everyone_at = -math.inf
        while not self.stopped.is_set():
            rush = time.monotonic() - everyone_at < self.everyone_every
            done = Refreshed.NOTHING
            try:
                done = refresh_book(self.session, newcomers_only=rush)
            except (UserError, OSError):
                pass  # the store is busy or damaged right now: the next turn tries again
            except Exception:  # our bug: said out loud, and attendees still get later books
                traceback.print_exc()
            if done is Refreshed.EVERYONE:
                everyone_at = time.monotonic()
            # newcomers keep coming: the next ones are looked for sooner
            self.stopped.wait(self.every / 5 if done is Refreshed.NEWCOMERS else self.every)

    def stop(self) -> None:
        self.stopped.set()
