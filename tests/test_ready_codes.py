"""What keeps a room's pages quick. Personal codes hashed ahead
(``ReadyCodes``): a newcomer saving takes a code whose slow scrypt hash was
made before they came, so a room arriving at once never queues behind the
hashing; every code is still its own, and stored only as its hash. And a
match book whose people are made into views only when asked for."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from matchmaker.core.profiles import Profile
from matchmaker.service.self_service import SelfService
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store import codes
from matchmaker.store.codes import ReadyCodes
from matchmaker.store.match_book import book_path, read_book


def wait_until_ready(stock: ReadyCodes, count: int) -> None:
    deadline = time.monotonic() + 60
    while stock.ready < count:
        assert time.monotonic() < deadline, f"only {stock.ready} of {count} codes were hashed"
        time.sleep(0.02)


def test_codes_hashed_ahead_are_each_their_own_and_true_to_their_hash() -> None:
    stock = ReadyCodes(depth=3)
    stock.warm("event-salt")
    wait_until_ready(stock, 3)
    taken = [stock.take("event-salt") for _ in range(5)]  # two more than were ready
    assert len({t.code for t in taken}) == 5
    for made in taken:
        assert made.salt == "event-salt"
        assert made.hash == codes._hash(made.salt, made.code)


def test_codes_of_another_salt_are_dropped_not_issued() -> None:
    stock = ReadyCodes(depth=2)
    stock.warm("old-salt")
    wait_until_ready(stock, 2)
    made = stock.take("new-salt")  # e.g. the kiosk began the event's codes meanwhile
    assert made.salt == "new-salt" and made.hash == codes._hash("new-salt", made.code)


def test_an_event_without_codes_gets_one_salt_for_all_of_them() -> None:
    stock = ReadyCodes(depth=2)
    first, second = stock.take(None), stock.take(None)
    assert first.salt == second.salt


def test_nothing_is_hashed_ahead_unless_warmed(monkeypatch: pytest.MonkeyPatch) -> None:
    real_hash, hashed = codes._hash, []

    def counted(*args: str) -> str:
        hashed.append(args)
        return real_hash(*args)

    monkeypatch.setattr(codes, "_hash", counted)
    stock = ReadyCodes(depth=2)
    stock.take("salt")
    time.sleep(0.5)
    assert len(hashed) == 1 and stock.ready == 0  # the kiosk and the CLI hash only what they issue


def test_a_newcomer_saving_takes_a_code_hashed_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    door: SelfService = workspace.self_service(DEMO_EVENT, arrive=True)
    door.warm()
    wait_until_ready(door.codes, 2)
    real_hash = codes._hash

    def no_hashing(*args: object) -> str:
        raise AssertionError("a save hashed a code while the attendee waited")

    monkeypatch.setattr(codes, "_hash", no_hashing)
    first = door.save(Profile("Zoë Park"), None)
    second = door.save(Profile("Ann Lee"), None)
    monkeypatch.setattr(codes, "_hash", real_hash)
    assert first.code and second.code and first.code != second.code
    assert door.sign_in(first.code, "10.0.0.1").id == first.person.id
    assert door.sign_in(second.code, "10.0.0.2").id == second.person.id


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own priority is Linux's")
def test_codes_are_hashed_ahead_below_the_pages() -> None:
    """The thread hashing ahead runs at a lower priority than the threads
    answering pages, so on two busy cores the pages come first."""
    ahead = codes._AHEAD.submit(
        lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    ).result()
    lowest = 19  # Linux's: a process already near it (run under ``nice``) stays there
    assert ahead == min(lowest, os.getpriority(os.PRIO_PROCESS, 0) + codes.AHEAD_NICENESS)


def test_a_match_book_makes_each_persons_matches_when_asked(tmp_path: Path) -> None:
    """A new book costs a room's pages one parse: a person's matches are
    made when asked for, so one damaged entry hides only that person's."""
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    good = {"name": "Ann", "score": 80, "reasons": ["both like chess"], "warnings": []}
    path = book_path(workspace.store, DEMO_EVENT)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"stamp": "s", "topics": ["chess"], "people": {"1": [good], "2": [{"bad": 1}]}}
    path.write_text(json.dumps(document), encoding="utf-8")
    book = read_book(workspace.store, DEMO_EVENT)
    assert book is not None and sorted(book.people) == [1, 2]
    assert [m.name for m in book.people[1]] == ["Ann"] and book.people[1][0].score == 80
    assert book.people.get(2) is None  # computed again by the keeper; Ann's still shown
