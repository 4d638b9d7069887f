"""The one door (issue 22): operations take person ids, so two people with
the same name are told apart at the door, when they go home and in ratings;
each operation is one write to the store, and a kill inside it leaves the
old state or the new one, never half."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from matchmaker.core.clashes import OPENING_QUESTION
from matchmaker.core.errors import UserError
from matchmaker.core.model import Status
from matchmaker.core.profiles import Profile
from matchmaker.service.session import EventSession
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store import storage

SAM_A, SAM_B = "sam.a@example.org", "sam.b@example.org"


def sams(session: EventSession) -> tuple[int, int]:
    """The two people called Sam Lee, by id (first by email, then the other)."""
    return session.find(SAM_A), session.find(SAM_B)


def status(session: EventSession, person: int) -> Status:
    session.reload()
    return session.person(person).status


@pytest.fixture(scope="module")
def evening(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo event with two people called Sam Lee (two emails) and one
    more who signs up but comes late: everyone else checked in, one round of
    tables of three saved."""
    db = tmp_path_factory.mktemp("evening") / "store.json"
    workspace = Workspace.at(db)
    workspace.load_demo()
    session = workspace.session(DEMO_EVENT)
    for email, topic in ((SAM_A, "Python"), (SAM_B, "gardening")):
        session.save_profile(Profile("Sam Lee", email=email, interests=(topic,)))
    session.check_in([p.id for p in session.event.people])
    session.save_profile(Profile("Late Comer", interests=("Python",)))
    session.pair_and_save(size=3)
    return db


@pytest.fixture
def db(evening: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.json"
    shutil.copy(evening, copy)
    return copy


def table_of(session: EventSession, person: int) -> list[int]:
    return list(next(g for g in session.event.rounds[-1].groups if person in g))


def rated(session: EventSession) -> set[tuple[str, str, int]]:
    return {(r.first, r.second, r.rating) for r in session.reload().ratings}


# --- namesakes, by id ------------------------------------------------------------


def test_namesakes_are_checked_in_sent_home_and_rated_separately(db: Path) -> None:
    session = Workspace.at(db).session(DEMO_EVENT)
    a, b = sams(session)
    assert session.person(a).name == session.person(b).name == "Sam Lee"
    session.check_in([a], Status.SIGNED_UP)
    session.check_in([b], Status.SIGNED_UP)
    assert session.check_in([a]) == ["Sam Lee"]
    assert (status(session, a), status(session, b)) == (Status.PRESENT, Status.SIGNED_UP)

    session.check_in([b])
    session.leave(b)
    assert (status(session, a), status(session, b)) == (Status.PRESENT, Status.GONE)
    assert a in table_of(session, a)
    assert not any(b in g for g in session.event.rounds[-1].groups)

    table = table_of(session, a)
    assert session.rate_table(1, table, 5) == len(table) * (len(table) - 1) // 2
    ratings = rated(session)
    assert any(f"email:{SAM_A}" in (x, y) for x, y, _ in ratings)
    assert not any(f"email:{SAM_B}" in (x, y) for x, y, _ in ratings)


def test_at_the_command_line_namesakes_are_named_by_email(cli: Any, db: Path) -> None:
    where = ["--event", DEMO_EVENT, "--db", db]
    session = Workspace.at(db).session(DEMO_EVENT)
    a, b = sams(session)
    result = cli("leave", "Sam Lee", *where)
    assert result.status == 2 and SAM_A in result.err and "by email" in result.err
    assert cli("checkin", "--out", SAM_B, *where).status == 0
    assert (status(session, a), status(session, b)) == (Status.PRESENT, Status.GONE)
    assert cli("checkin", SAM_B, *where).status == 0
    assert cli("leave", SAM_A, *where).status == 0
    assert (status(session, a), status(session, b)) == (Status.GONE, Status.PRESENT)

    mate = next(m for m in table_of(session, b) if m != b)
    other = session.person(mate).profile
    rating = ["--round", "1", "--rating", "2"]
    assert cli("feedback", SAM_B, other.email or other.name, *rating, *where).status == 0
    ((first, second, value),) = rated(session)
    assert {first, second} == {f"email:{SAM_B}", other.identity} and value == 2


def test_the_organisers_form_asks_about_a_namesake_and_only_another_person(db: Path) -> None:
    session = Workspace.at(db).session(DEMO_EVENT)
    a, _ = sams(session)
    asked = session.namesake(Profile("  sam   LEE ", email="sam.c@example.org"))
    assert asked is not None and asked.name == "Sam Lee"
    assert session.namesake(Profile("Sam Lee", email=SAM_A), a) is not None  # the other Sam
    assert session.namesake(Profile("Nobody Else")) is None


def test_the_opening_question_is_worded_once(db: Path) -> None:
    """The slips and the attendee's table start a table without a clash
    with the same words."""
    workspace = Workspace.at(db)
    session = workspace.session(DEMO_EVENT)
    assert OPENING_QUESTION in session.slips()
    door = workspace.self_service(DEMO_EVENT)
    tables = [door.my_table(p.id) for p in session.event.people]
    assert OPENING_QUESTION in {t.question for t in tables if t is not None}


def test_operations_refuse_someone_of_another_event(db: Path) -> None:
    workspace = Workspace.at(db)
    workspace.create_event("Other night")
    other = workspace.session("Other night").save_profile(Profile("Stranger"))
    session = workspace.session(DEMO_EVENT)
    for operation in (
        lambda: session.check_in([other.id]),
        lambda: session.leave(other.id),
        lambda: session.remove_person(other.id),
        lambda: session.save_profile(Profile("Stranger 2"), other.id),
    ):
        with pytest.raises(UserError, match="is not in"):
            operation()
    assert workspace.people("Other night")[0].status is Status.SIGNED_UP


async def test_on_the_board_gone_home_and_a_rating_reach_the_namesake_under_the_cursor(
    db: Path, tmp_path: Path
) -> None:
    """The board addresses people by id: "gone home" on the second Sam Lee
    sends home that Sam only, and a rating of the first Sam's table rates
    the first Sam (both were found by display name before)."""
    from matchmaker.ui.app import MatchmakerApp
    from matchmaker.ui.board import BoardScreen

    workspace = Workspace.at(db)
    session = workspace.session(DEMO_EVENT)
    a, b = sams(session)
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        for _ in range(100):  # the saved rounds' tabs come with the first plan
            if board.query("#table-saved-1"):
                break
            await pilot.pause(0.1)

        async def press_on(person: int, key: str) -> None:
            board.query_one("#round-tabs").active = "saved-1"
            await pilot.pause()
            seated = board.tabs.round_on_show()
            assert seated is not None
            where = session.event.position[person]
            row = next(i for i, t in enumerate(seated.tables) if where in t.members)
            column = seated.tables[row].members.index(where) + 1
            board.tabs.table_on_show().move_cursor(row=row, column=column)
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

        await press_on(b, "g")
        assert (status(session, a), status(session, b)) == (Status.PRESENT, Status.GONE)
        await press_on(a, "5")
    ratings = rated(session)
    assert any(f"email:{SAM_A}" in (x, y) for x, y, _ in ratings)  # every pair of the table
    assert not any(f"email:{SAM_B}" in (x, y) for x, y, _ in ratings)


# --- one write each, and a kill inside leaves old or new ---------------------------

# Each operation as code run against ``workspace`` (the store at ``db``), with
# the ids it needs filled in from the evening.
Operation = Callable[[EventSession], str]
OPERATIONS: dict[str, Operation] = {
    "rate a table of three": lambda s: (
        f"workspace.session(E).rate_table(1, {table_of(s, s.find(SAM_A))}, 4)"
    ),
    "check many in or out": lambda s: (
        f"workspace.session(E).check_in({[p.id for p in s.event.people[:20]]}, GONE)"
    ),
    "seat a latecomer": lambda s: f"workspace.session(E).seat_latecomers([{s.find('Late Comer')}])",
    "leave": lambda s: f"workspace.session(E).leave({s.find(SAM_A)})",
    "save a profile": lambda s: (
        f"workspace.session(E).save_profile(Profile('Sam Lee', {SAM_A!r}, interests=('Rust',)), "
        f"{s.find(SAM_A)})"
    ),
    "join at the kiosk": lambda s: (
        "workspace.self_service(E, arrive=True).save(Profile('Walk In', interests=('Go',)), None)"
    ),
    "rate my table": lambda s: f"workspace.self_service(E).rate({s.find(SAM_B)}, 1, 5)",
}
PRELUDE = (
    "from matchmaker.core.model import Status\n"
    "from matchmaker.core.profiles import Profile\n"
    "from matchmaker.service.workspace import Workspace\n"
    "E, GONE = 'Peer Learning Night', Status.GONE\n"
)
KILLER = textwrap.dedent(
    """
    import os, signal, sys
    when, db, code = sys.argv[1:]
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        commit = os.fspath(dst) == db  # the store file itself is replaced: the commit
        if commit and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(src, dst, *args, **kwargs)
        if commit and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    os.replace = replace
    from matchmaker.service.workspace import Workspace
    workspace = Workspace.at(db)
    exec(code)
    """
)


def state(db: Path) -> Any:
    """Everything an operation may change, as stored: people (profile and
    status), saved rounds' tables, ratings, and who has a personal code
    (not the times of day, nor the codes' random salt)."""
    document = json.loads(db.read_text(encoding="utf-8"))
    rounds = {k: r["groups"] for k, r in document.get("rounds", {}).items()}
    ratings = [{**r, "when": 0} for r in document.get("ratings", {}).values()]
    codes = sorted(c["person"] for c in document.get("codes", {}).values())
    return document.get("people"), rounds, ratings, codes


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_each_operation_is_one_write(name: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = PRELUDE + OPERATIONS[name](Workspace.at(db).session(DEMO_EVENT))
    writes: list[Path] = []
    real = storage.atomic_write

    def counted(path: Path, *args: Any, **kwargs: Any) -> None:
        writes.append(path)
        real(path, *args, **kwargs)

    monkeypatch.setattr(storage, "atomic_write", counted)
    before = state(db)
    exec(code, {"workspace": Workspace.at(db)})
    assert writes == [db], f"{name}: {len(writes)} writes"
    assert state(db) != before


@pytest.mark.slow
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_kill_inside_each_operation_leaves_the_old_or_the_new_state(
    name: str, evening: Path, tmp_path: Path
) -> None:
    """Killed just before its first commit: the old state; just after: the
    new one, whole (an operation of two writes would leave half here)."""
    db = tmp_path / "store.json"
    shutil.copy(evening, db)
    old = state(db)
    code = PRELUDE + OPERATIONS[name](Workspace.at(db).session(DEMO_EVENT))
    exec(code, {"workspace": Workspace.at(db)})
    new = state(db)
    for when, expected in (("before", old), ("after", new)):
        shutil.copy(evening, db)
        killed = subprocess.run(
            [sys.executable, "-c", KILLER, when, str(db), code],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert killed.returncode == -9, killed.stderr
        assert state(db) == expected, f"{name}: killed {when} its commit"
