"""Self-service, the application layer under the attendee app: personal
codes, claiming a signed-up place, check-in on arrival, the precomputed
matches, one's table and feedback, and many attendees saving at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from matchmaker.core.errors import UserError
from matchmaker.core.model import Status
from matchmaker.core.profiles import Profile
from matchmaker.service.match_book_keeper import Refreshed, refresh_book
from matchmaker.service.self_service import JOINS_PER_MINUTE, SAME_NAME, SelfService, show_code
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.attempts import Attempts
from matchmaker.store.codes import CODE_ALPHABET
from matchmaker.store.database import Store
from matchmaker.store.match_book import read_book


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    return workspace


@pytest.fixture
def door(demo: Workspace) -> SelfService:
    return demo.self_service(DEMO_EVENT, arrive=True)


def test_a_new_attendee_gets_a_code_once_and_is_checked_in(door: SelfService) -> None:
    saved = door.save(Profile("Zoë Park", want_to_learn=("SQL",)), None)
    assert saved.code is not None and len(saved.code) == 8
    assert set(saved.code) <= set(CODE_ALPHABET)
    assert saved.person.status is Status.PRESENT
    again = door.save(Profile("Zoë Park", want_to_learn=("Rust",)), saved.person.id)
    assert again.code is None  # shown once: an edit issues no new one
    assert door.sign_in(show_code(saved.code).lower(), "10.0.0.9").id == saved.person.id


def test_codes_are_stored_only_as_salted_hashes(door: SelfService) -> None:
    code = door.save(Profile("Zoë Park"), None).code
    assert code is not None
    text = door.store.path.read_text(encoding="utf-8")
    assert code not in text and show_code(code) not in text
    rows = json.loads(text)["codes"].values()
    assert all(row["hash"].startswith("scrypt$") and row["salt"] for row in rows)


def test_a_code_shows_only_its_owner_and_a_wrong_one_nobody(door: SelfService) -> None:
    first = door.save(Profile("Ann"), None)
    second = door.save(Profile("Bea"), None)
    assert first.code and second.code
    assert door.sign_in(first.code, "a").name == "Ann"
    assert door.sign_in(second.code, "b").name == "Bea"
    with pytest.raises(UserError, match="not right"):
        door.sign_in("AAAA-AAAA", "c")


@pytest.mark.attack
def test_code_tries_are_limited_per_address(door: SelfService) -> None:
    code = door.save(Profile("Ann"), None).code
    assert code is not None
    for _ in range(5):
        with pytest.raises(UserError, match="not right"):
            door.sign_in("WRONGCDE", "192.0.2.1")
    with pytest.raises(UserError, match="Too many tries"):
        door.sign_in(code, "192.0.2.1")  # even the right code: the limit comes first
    assert door.sign_in(code, "192.0.2.2").name == "Ann"  # another device is not held up


def test_tries_count_again_after_the_window(tmp_path: Path) -> None:
    attempts = Attempts(tmp_path / "tries", tries=2, window=60)
    attempts.take("x", now=1000.0)
    attempts.take("x", now=1001.0)
    with pytest.raises(UserError, match="Wait 59 s"):
        attempts.take("x", now=1002.0)
    attempts.take("x", now=1061.0)


def test_counting_a_try_waits_for_no_disk_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A minute's tries may be lost to a power cut, so counting one never
    waits for the disk while a crowd queues for the counter's lock; the
    count still reaches the file, whole (written aside, then renamed)."""
    flushed: list[int] = []
    monkeypatch.setattr(os, "fsync", flushed.append)
    attempts = Attempts(tmp_path / "tries", tries=2, window=60)
    attempts.take("x", now=1000.0)
    assert flushed == []
    assert (tmp_path / "tries").read_text(encoding="utf-8") == '["x", 1000.0]\n'


def test_the_tries_log_keeps_the_last_minute_and_survives_a_torn_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each try is one line added to the log; a line cut short by a kill
    counts nothing and is cut off by the next try; a long log is rewritten
    with the last minute's tries only, and still counts them all."""
    log = tmp_path / "tries"
    log.write_text('{"x": [1000.0]}', encoding="utf-8")  # an earlier version's file: no try now
    attempts = Attempts(log, tries=2, window=60)
    attempts.take("x", now=1000.0)
    with log.open("a", encoding="utf-8") as handle:
        handle.write('["x", 1000.5')  # a writer killed mid-line
    attempts.take("y", now=1001.0)
    assert log.read_text(encoding="utf-8") == '["x", 1000.0]\n["y", 1001.0]\n'
    monkeypatch.setattr("matchmaker.store.attempts.COMPACT_BYTES", 20)
    attempts.take("x", now=1060.5)  # x's first try has left the window, y's has not
    assert sorted(log.read_text(encoding="utf-8").splitlines()) == [
        '["x", 1060.5]',
        '["y", 1001.0]',
    ]
    again = Attempts(log, tries=2, window=60)  # another process reads the rewritten log
    again.take("x", now=1060.6)
    with pytest.raises(UserError, match="Too many tries"):
        again.take("x", now=1060.7)


def test_tries_from_another_process_count_here_too(tmp_path: Path) -> None:
    """This process keeps the counts it wrote, but a count another process
    (the kiosk, ``me``) wrote since is read: the limit is one for all."""
    serve, kiosk = (Attempts(tmp_path / "tries", tries=2, window=60) for _ in range(2))
    serve.take("x", now=1000.0)  # kept in memory by ``serve`` as written
    kiosk.take("x", now=1001.0)
    with pytest.raises(UserError, match="Too many tries"):
        serve.take("x", now=1002.0)


def test_a_crowd_of_threads_counts_every_try(tmp_path: Path) -> None:
    """Threads of one process queue for the counter (no try lost or counted
    twice, however they interleave)."""
    attempts = Attempts(tmp_path / "tries", tries=3, window=60)
    refused: list[str] = []

    def three_and_one(address: str) -> None:
        for _ in range(4):
            try:
                attempts.take(address)
            except UserError:
                refused.append(address)

    addresses = [f"10.0.0.{n}" for n in range(40)]
    threads = [threading.Thread(target=three_and_one, args=(a,)) for a in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(refused) == sorted(addresses)  # each the fourth time, exactly once
    lines = (tmp_path / "tries").read_text(encoding="utf-8").splitlines()
    counted = Counter(json.loads(line)[0] for line in lines)
    assert set(counted.values()) == {3} and len(counted) == 40


def test_a_signed_up_place_is_claimed_with_the_email_on_file_once(door: SelfService) -> None:
    start = door.start("  noor   HADDAD ", "NOOR.Haddad@example.org", "10.0.0.1")
    assert start.claim is not None and start.profile.name == "Noor Haddad"
    assert start.profile.brings_me  # their sign-up answers, for them to see before saving
    saved = door.save(start.profile, start.claim, claim=True)
    assert saved.person.id == start.claim and saved.code is not None
    with pytest.raises(UserError, match="taken this place"):
        door.save(Profile("Noor Haddad"), start.claim, claim=True)


@pytest.mark.attack
def test_a_stranger_learns_nothing_from_a_name_on_the_list(door: SelfService) -> None:
    """A name alone, or with a wrong email, gets one answer whether that
    person has joined or not; with the right email, it opens only a place
    that nobody has taken yet."""
    joined = door.start("Noor Haddad", "noor.haddad@example.org")
    assert joined.claim is not None
    door.save(joined.profile, joined.claim, claim=True)
    answers = set()
    for name, email in [
        ("Noor Haddad", ""),  # has joined
        ("Noor Haddad", "attacker@evil.example"),
        ("Noor Haddad", "noor.haddad@example.org"),  # the right email, but she has her code
        ("Kai Andersen", ""),  # signed up, not joined
        ("Kai Andersen", "attacker@evil.example"),
    ]:
        with pytest.raises(UserError) as refused:
            door.start(name, email, f"10.0.0.{len(answers) + 2}")
        answers.add(str(refused.value))
    assert answers == {SAME_NAME}


@pytest.mark.attack
def test_look_alike_names_are_one_name(door: SelfService) -> None:
    door.save(Profile("Ana"), None, address="10.0.0.1")
    for look_alike in ("Ana\u200b", "ANA", "Ａｎａ", "A\u00adna", " Ana\u00a0"):
        with pytest.raises(UserError, match="already on the list"):
            door.start(look_alike)
        with pytest.raises(UserError, match="already on the list"):
            door.save(Profile(look_alike), None, address="10.0.0.2")


@pytest.mark.attack
def test_joins_are_limited_per_address_and_can_be_closed(demo: Workspace) -> None:
    door = demo.self_service(DEMO_EVENT, arrive=True)
    for n in range(JOINS_PER_MINUTE):
        door.save(Profile(f"Fake {n}"), None, address="10.6.6.6")
    with pytest.raises(UserError, match="Too many tries"):
        door.save(Profile("Fake again"), None, address="10.6.6.6")
    door.save(Profile("Someone Else"), None, address="10.0.0.7")  # another phone
    closed = demo.self_service(DEMO_EVENT, arrive=True, joining=False)
    with pytest.raises(UserError, match="closed"):
        closed.start("Brand New")
    with pytest.raises(UserError, match="closed"):
        closed.save(Profile("Brand New"), None, address="10.0.0.8")
    start = closed.start("Kai Andersen", "kai@example.net")  # people on the list still come in
    assert closed.save(start.profile, start.claim, claim=True).code is not None


def test_a_second_person_with_an_existing_identity_is_refused(door: SelfService) -> None:
    door.save(Profile("Ann", email="ann@example.org"), None)
    with pytest.raises(UserError, match="already uses this email") as error:
        door.save(Profile("Annie", email="ANN@example.org"), None)
    assert error.value.field == "email" and "Ann" not in str(error.value)  # no name given away


def test_matches_are_read_from_the_book_computed_on_the_organisers_side(
    door: SelfService,
) -> None:
    saved = door.save(Profile("Zoë Park", want_to_learn=("Python", "SQL")), None)
    assert door.matches(saved.person.id) is None  # not worked out yet
    assert Workspace(door.store).refresh_book(door.event)
    assert not Workspace(door.store).refresh_book(door.event)  # nothing changed since
    matches = door.matches(saved.person.id)
    assert matches is not None and len(matches) == 5
    assert matches == sorted(matches, key=lambda m: -m.score)
    assert any("Python" in reason for m in matches for reason in m.reasons)
    book = read_book(door.store, door.event)
    assert book is not None and list(book.people) == [saved.person.id]  # only self-service users
    assert "Python" in door.topics()


def test_while_a_room_arrives_newcomers_matches_come_first(
    demo: Workspace, door: SelfService
) -> None:
    """The book keeper's turn during a rush (``newcomers_only``) computes
    the newcomers' matches alone, so they find them at their first look;
    the next full turn brings everyone's up to date."""
    session = demo.session(DEMO_EVENT)
    zoe = door.save(Profile("Zoë Park", interests=("Basque cooking", "Sumo")), None).person
    assert refresh_book(session) is Refreshed.EVERYONE
    ada = door.save(Profile("Ada Ng", interests=("Basque cooking", "Sumo")), None).person
    assert refresh_book(session, newcomers_only=True) is Refreshed.NEWCOMERS
    assert "Zoë Park" in [m.name for m in door.matches(ada.id) or []]
    assert "Ada Ng" not in [m.name for m in door.matches(zoe.id) or []]  # not yet for Zoë
    assert refresh_book(session, newcomers_only=True) is Refreshed.EVERYONE  # nobody new
    assert "Ada Ng" in [m.name for m in door.matches(zoe.id) or []]
    assert refresh_book(session) is Refreshed.NOTHING


def test_a_match_shows_a_contact_only_where_the_other_consented(door: SelfService) -> None:
    saved = door.save(Profile("Zoë Park", interests=("Python",), want_to_learn=("SQL",)), None)
    Workspace(door.store).refresh_book(door.event)
    people = {p.name: p.profile for p in Workspace(door.store).people(door.event)}
    for match in door.matches(saved.person.id) or []:
        other = people[match.name]
        assert match.contact == (other.email if other.share_contact else "")


def test_my_table_and_feedback(demo: Workspace, door: SelfService) -> None:
    saved = door.save(Profile("Zoë Park", want_to_learn=("SQL",)), None)
    assert door.my_table(saved.person.id) is None
    session = demo.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people])
    session.pair_and_save()
    session.start_timer(1, 20, now=1000.0)
    table = door.my_table(saved.person.id)
    assert table is not None and table.round == 1 and table.tablemates
    assert "?" in table.question and table.timer is not None
    assert door.rate(saved.person.id, 1, 5) == len(table.tablemates)
    with pytest.raises(UserError, match="1 to 5"):
        door.rate(saved.person.id, 1, 9)
    with pytest.raises(UserError, match="did not sit"):
        door.rate(saved.person.id, 2, 4)
    assert len(session.reload().ratings) == len(table.tablemates)


def test_many_attendees_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event("Night")
    errors: list[BaseException] = []

    def join(number: int) -> None:
        service = Workspace(Store(workspace.path)).self_service("Night", arrive=True)
        try:
            profile = Profile(f"Person {number}", interests=("chess",))
            service.save(profile, None, address=f"10.0.{number}.1")  # 30 phones
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=join, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    people = workspace.people("Night")
    assert sorted(p.name for p in people) == sorted(f"Person {n}" for n in range(30))
    with workspace.store.reading() as tx:
        assert len(tx.coded_people("Night")) == 30


def test_the_attendee_side_loads_neither_numpy_nor_scipy() -> None:
    code = (
        "import sys, matchmaker.attendee.serve, matchmaker.attendee.views, "
        "matchmaker.attendee.screens; "
        "print(sorted(m for m in ('numpy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_me_with_a_wrong_code_is_bad_input(demo: Workspace, cli) -> None:
    result = cli("--db", demo.path, "me", "--event", DEMO_EVENT, "--code", "ABCD-EFGH")
    assert result.status == 2
    assert (
        result.err.strip() == "matchmaker: --code: That code is not right. Check it and try again."
    )


def test_saves_arriving_together_are_written_once(door: SelfService) -> None:
    """Group commit: ten saves that arrive while a write is under way go to
    the store in one transaction (the backup holds none of them), and one
    refused among them does not stop the others."""
    from matchmaker.store.storage import backup_path

    results: list[object] = []

    def join(name: str, n: int) -> None:
        try:
            results.append(door.save(Profile(name), None, address=f"10.9.{n}.1"))
        except UserError as error:
            results.append(error)

    names = [f"Batch {n}" for n in range(9)] + ["Noor Haddad"]  # her name is taken
    with door.commits._writer:  # a write under way
        threads = [threading.Thread(target=join, args=(name, n)) for n, name in enumerate(names)]
        for thread in threads:
            thread.start()
        while len(door.commits._waiting) < len(names):
            threading.Event().wait(0.01)
    for thread in threads:
        thread.join()
    refused = [r for r in results if isinstance(r, UserError)]
    assert len(refused) == 1 and str(refused[0]) == SAME_NAME
    people = {p.name for p in Workspace(door.store).people(DEMO_EVENT)}
    assert {f"Batch {n}" for n in range(9)} <= people
    before = json.loads(backup_path(door.store.path, 1).read_text(encoding="utf-8"))
    assert not [r for r in before["people"].values() if r["profile"]["name"].startswith("Batch")]
