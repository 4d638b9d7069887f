"""The application layer on real store files: one read per snapshot, a scorer
kept until profiles change, every operation one transaction, event names
found however they are spaced, and a concurrent save never repeating a pair."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from matchmaker.core.errors import UserError
from matchmaker.core.model import PairRule
from matchmaker.core.profiles import Profile
from matchmaker.service.session import EventSession, export
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store import database as store_module
from matchmaker.store import storage
from matchmaker.store.database import Store, StoreTx
from tests.helpers import stored


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    return workspace


def count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count calls of a real function (it still runs)."""
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_snapshot_is_one_read_of_the_store(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = workspace.session(DEMO_EVENT)
    reads = count_calls(monkeypatch, store_module, "current")
    event = session.event
    assert len(event.people) == 40
    assert len(reads) == 1


def test_the_scorer_is_kept_until_profiles_change(workspace: Workspace) -> None:
    session = workspace.session(DEMO_EVENT)
    scorer = session.scorer
    session.set_rule(PairRule.LOCK, *(p.id for p in session.event.people[:2]))
    session.save_round(session.pair().rounds[0])
    assert session.event.locks == {(0, 1)} and len(session.event.rounds) == 1
    assert session.scorer is scorer  # rules and rounds do not rebuild it
    first = session.event.people[0]
    session.save_profile(Profile(first.name, interests=("knitting",)), first.id)
    assert session.scorer is not scorer
    assert session.scorer.profiles[0].interests == ("knitting",)


def test_each_operation_writes_once(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    session = workspace.session(DEMO_EVENT)
    writes = count_calls(monkeypatch, storage, "atomic_write")
    session.pair_and_save(size=2, rounds=3)
    assert len(writes) == 1
    assert [r.number for r in session.event.rounds] == [1, 2, 3]
    workspace.commit_import(DEMO_EVENT, Workspace.plan_import(workspace_demo_csv()))
    assert len(writes) == 1  # the same file again changes nothing, so nothing is written
    session.check_in([session.event.people[0].id])
    assert len(writes) == 2


def workspace_demo_csv() -> Path:
    from matchmaker.service.workspace import demo_csv

    return demo_csv()


def test_a_failed_operation_writes_nothing(workspace: Workspace) -> None:
    before = workspace.path.read_bytes()
    session = workspace.session(DEMO_EVENT)
    people = session.event.people
    with pytest.raises(UserError, match="already in this event"):
        session.save_profile(Profile("Someone", people[1].profile.email), people[0].id)
    assert workspace.path.read_bytes() == before


def test_event_names_are_found_however_they_are_spaced(tmp_path: Path, cli) -> None:
    db = tmp_path / "s.json"
    csv = tmp_path / "people.csv"
    csv.write_text("name\nAda\nBo\n", encoding="utf-8")
    assert cli("import", csv, "--event", "  Spring   meetup ", "--db", db).status == 0
    listed = cli("people", "--event", "  Spring   meetup ", "--db", db, "--format", "json")
    assert listed.status == 0 and "Ada" in listed.out
    assert Workspace.at(db).event_names() == ["Spring meetup"]
    assert Workspace.at(db).session("Spring meetup ").name == "Spring meetup"


def test_a_plan_made_before_another_save_is_refused(workspace: Workspace) -> None:
    mine = workspace.session(DEMO_EVENT)
    theirs = workspace.session(DEMO_EVENT)
    plan = mine.pair()
    theirs.pair_and_save()
    with pytest.raises(UserError, match="saved meanwhile"):
        mine.save_round(plan.rounds[0])
    mine.reload()
    again = mine.pair()  # sees the other round: nobody meets twice
    met = mine.event.met
    assert not any(tuple(sorted(t.members)) in met for t in again.rounds[0].tables)


def test_sessions_on_a_file_are_read_only(tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name\nAda\nBo\n", encoding="utf-8")
    session = EventSession.from_csv(csv)
    assert [p.name for p in session.event.people] == ["Ada", "Bo"]
    assert session.pair().rounds[0].tables[0].members == (0, 1)
    with pytest.raises(UserError, match="read from a file"):
        session.save_round(session.pair().rounds[0])


def test_reading_creates_no_folder_and_no_file(tmp_path: Path) -> None:
    missing = tmp_path / "not" / "here.json"
    assert Workspace.at(missing).events() == []
    assert not (tmp_path / "not").exists()


def test_exports_never_replace_an_earlier_one(tmp_path: Path) -> None:
    first = export(tmp_path, "night-round-1", ".md", "one")
    second = export(tmp_path, "night-round-1", ".md", "two")
    assert (first.name, second.name) == ("night-round-1.md", "night-round-1-2.md")
    assert first.read_text() == "one" and second.read_text() == "two"
    assert first.stat().st_mode & 0o077 == 0  # private: it may hold emails (issue 26)


def test_store_writes_keep_the_file_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.json")
    stored(store).create_event("E")
    store.path.chmod(0o664)
    stored(store).create_event("F")
    assert store.path.stat().st_mode & 0o777 == 0o664


def test_an_empty_round_cannot_be_saved(workspace: Workspace) -> None:
    session = workspace.session(DEMO_EVENT)
    empty = replace(session.pair().rounds[0], tables=())
    with pytest.raises(UserError, match="nobody seated"):
        session.save_round(empty)


class HeldReads(Store):
    """The real store, whose next read stops once it has read the file until
    ``release`` is set: a board's pairing thread caught mid-read."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.hold = False
        self.holding = threading.Event()
        self.release = threading.Event()

    @contextmanager
    def reading(self) -> Iterator[StoreTx]:
        with super().reading() as tx:
            if self.hold:
                self.hold = False
                self.holding.set()
                self.release.wait(10)
            yield tx


def test_a_read_begun_before_a_write_is_never_kept_after_it(workspace: Workspace) -> None:
    """A pairing thread (one the board cancelled runs on) reads the event while
    the board stores a changed option: the session must not keep the older
    read, or the board plans with the options it had before (issue 22's
    flaky board test)."""
    store = HeldReads(workspace.store.path)
    session = EventSession(store, DEMO_EVENT)
    before = session.event.options
    store.hold = True
    session._event = None  # the next look reads the store (as after any write)
    reader = threading.Thread(target=lambda: session.event)
    reader.start()
    assert store.holding.wait(10)  # the old state read, not yet kept
    writer = threading.Thread(
        target=session.remember_options, args=(replace(before, rounds=before.rounds + 2),)
    )
    writer.start()
    writer.join(0.5)  # committed; waits for the read to end before dropping the snapshot
    store.release.set()
    reader.join(10)
    writer.join(10)
    assert session.event.options.rounds == before.rounds + 2
