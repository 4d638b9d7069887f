"""The store's index (``FILE.index``): a command about a few people reads a
large store's rows from it, and it always agrees with the store read whole
— after another process's changes, a whole write, a moved journal, a
damaged or missing index, a kill at any write, and writers at once.
Every store here counts as large (``INDEX_FROM = 0``) and keeps a journal."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from matchmaker.cli import main
from matchmaker.core.errors import StoreError, UserError
from matchmaker.core.model import Status
from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store import index, state
from matchmaker.store.database import Store
from matchmaker.store.journal import journal_path, line
from tests.helpers import run_killed

INDEXED = "from matchmaker.store import state; state.WHOLE_BELOW = 0; state.INDEX_FROM = 0\n"


@pytest.fixture(autouse=True)
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "WHOLE_BELOW", 0)
    monkeypatch.setattr(state, "INDEX_FROM", 0)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()  # a new store is written whole
    return workspace.path


def forget_all(path: Path) -> None:
    """As a process that has read nothing yet."""
    state._LAST.pop(path, None)
    opened = index._OPEN.pop(path, None)
    if opened is not None:
        opened.db.close()


def whole_read(path: Path) -> dict[str, Any]:
    forget_all(path)
    return {t: dict(rows) for t, rows in state.current(path).document.items()}


def by_row(path: Path) -> dict[str, Any]:
    forget_all(path)
    read = state.indexed(path)
    assert read.index is not None, "the store was read whole, not through its index"
    return {t: dict(rows) for t, rows in index.whole(read.document).items() if rows}


def agrees(path: Path) -> None:
    """The index holds exactly the store read whole: every row, in order."""
    expected = {t: rows for t, rows in whole_read(path).items() if rows}
    found = by_row(path)
    assert found == expected
    assert {t: list(rows) for t, rows in found.items()} == {t: list(r) for t, r in expected.items()}


def checkin(path: Path, *names: str) -> int:
    return main(["checkin", *names, "--event", DEMO_EVENT, "--db", str(path)])


def status_of(path: Path, name: str) -> str:
    forget_all(path)
    with Store(path).reading() as tx:
        return next(p.status.value for p in tx.people(DEMO_EVENT) if p.name == name)


def test_a_check_in_by_name_reads_the_index_and_writes_one_line(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert checkin(demo, "Kai Andersen") == 0  # the first makes the index from a whole read
    assert "1 of 40 here" in capsys.readouterr().err
    file = demo.stat()
    index._OPEN.pop(demo).db.close()
    assert checkin(demo, "amara okafor") == 0  # casefolded, as a whole read finds people
    assert "2 of 40 here" in capsys.readouterr().err
    assert demo.stat().st_mtime_ns == file.st_mtime_ns  # the store file is left as it was
    assert status_of(demo, "Amara Okafor") == Status.PRESENT.value
    agrees(demo)
    mark = index.Index(demo).mark()
    assert mark is not None and mark.journal_end == journal_path(demo).stat().st_size


def test_people_are_found_through_the_index_as_in_a_whole_read(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(demo)
    with store.transaction() as tx:
        kai = tx.people(DEMO_EVENT)[0]
        tx.add_person(DEMO_EVENT, Profile(kai.name, email="other@example.org"))
    by_row(demo)  # the index now holds both
    for wanted in (kai.name, "Nobody Known", "Amara Okafr"):
        forget_all(demo)
        with pytest.raises(UserError) as indexed:
            Workspace.at(demo, by_row=True).session(DEMO_EVENT).find(wanted)
        forget_all(demo)
        with pytest.raises(UserError) as whole:
            Workspace.at(demo).session(DEMO_EVENT).find(wanted)
        assert str(indexed.value) == str(whole.value)
    email = kai.profile.email
    assert email, "the demo's first person has an email"
    forget_all(demo)
    assert Workspace.at(demo, by_row=True).session(DEMO_EVENT).find(email.upper()) == kai.id


def test_changes_by_another_process_are_caught_up(demo: Path) -> None:
    by_row(demo)
    script = INDEXED + textwrap.dedent(
        """
        import sys
        from matchmaker.core.model import Status
        from matchmaker.core.profiles import Profile
        from matchmaker.store.database import Store
        with Store(sys.argv[1]).transaction() as tx:  # a whole read: the index is not touched
            person = tx.add_person(sys.argv[2], Profile("Late Comer", interests=("chess",)))
            tx.set_status([tx.people(sys.argv[2])[0].id], Status.PRESENT)
        print(person.id)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(demo), DEMO_EVENT], check=True, capture_output=True
    )
    agrees(demo)
    forget_all(demo)
    session = Workspace.at(demo, by_row=True).session(DEMO_EVENT)
    assert session.attendance() == (1, 41)
    assert session.find("late comer") == int(done.stdout)


def test_a_store_written_whole_or_its_journal_moved_makes_the_index_again(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    shutil.move(journal_path(demo), demo.with_name("aside"))  # back to the file as written
    agrees(demo)
    assert status_of(demo, "Kai Andersen") == Status.SIGNED_UP.value
    assert checkin(demo, "Kai Andersen") == 0
    state.WHOLE_BELOW = 1 << 40  # the next change writes the store whole
    forget_all(demo)
    assert checkin(demo, "Amara Okafor") == 0
    assert not journal_path(demo).exists()
    agrees(demo)


@pytest.mark.parametrize("damage", ["missing", "garbage", "a folder"])
def test_a_missing_or_damaged_index_loses_nothing(demo: Path, damage: str) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    forget_all(demo)
    where = index.index_path(demo)
    where.unlink()
    if damage == "garbage":
        where.write_bytes(os.urandom(3000))
    elif damage == "a folder":  # no index can be kept: the store is read whole
        where.mkdir()
    assert checkin(demo, "Amara Okafor") == 0
    assert status_of(demo, "Amara Okafor") == Status.PRESENT.value
    if damage != "a folder":
        agrees(demo)


def test_a_damaged_journal_is_reported_as_by_a_whole_read(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    with journal_path(demo).open("ab") as handle:
        handle.write(line({"tables": {"people": {"1": {"event": 3}}}}))
    forget_all(demo)
    with pytest.raises(StoreError, match=r"journal .* is damaged"):
        state.indexed(demo)


def test_the_index_is_as_private_as_the_store(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    where = index.index_path(demo)
    assert where.stat().st_mode & 0o777 == demo.stat().st_mode & 0o777 == 0o600
    assert where.parent.stat().st_mode & 0o777 == 0o700  # the cache folder's "indexes"


def killed_at(die_at: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    inside_the_index = """
    from matchmaker.store import index
    index._person = counted(index._person)  # inside the index's own transactions
    index.Index.apply = counted(index.Index.apply)
    """
    return run_killed(INDEXED, die_at, *args, also=inside_the_index)


@pytest.mark.slow
def test_a_kill_at_any_write_leaves_the_old_or_the_new_state_and_an_index_that_agrees(
    tmp_path: Path, demo: Path
) -> None:
    assert checkin(demo, "Amara Okafor") == 0  # a journal, and an index, to work on
    before = tmp_path / "before"
    before.mkdir()
    for path in tmp_path.glob("store.json*"):
        shutil.copy(path, before / path.name)
    command = ["checkin", "Kai Andersen", "--event", DEMO_EVENT, "--db", str(demo)]
    old = status_of(demo, "Kai Andersen")
    done = killed_at(10**9, *command)
    assert done.returncode == 0, done.stderr
    assert status_of(demo, "Kai Andersen") == Status.PRESENT.value != old
    calls = int(done.stderr.rsplit("calls=", 1)[1])
    assert calls >= 3
    for die_at in range(1, calls + 1):
        for path in tmp_path.glob("store.json*"):
            path.unlink()
        for path in before.iterdir():
            shutil.copy(path, tmp_path / path.name)
        forget_all(demo)
        killed = killed_at(die_at, *command)
        assert killed.returncode == -9, (die_at, killed.stderr)
        assert status_of(demo, "Kai Andersen") in (old, Status.PRESENT.value), die_at
        agrees(demo)
        assert checkin(demo, "Yuki Tanaka") == 0  # and the store takes the next change


WRITER = INDEXED + textwrap.dedent(
    """
    import sys
    from matchmaker.cli import main
    for name in sys.argv[3:]:
        assert main(["checkin", name, "--event", sys.argv[2], "--db", sys.argv[1]]) == 0
    """
)


@pytest.mark.slow
def test_writers_at_once_through_the_index_lose_nothing(demo: Path) -> None:
    people = [row["profile"]["name"] for row in whole_read(demo)["people"].values()]
    assert checkin(demo, people[0]) == 0
    workers = [people[1 + w :: 4] for w in range(4)]
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(demo), DEMO_EVENT, *names])
        for names in workers
    ]
    assert [p.wait(timeout=180) for p in procs] == [0] * len(procs)
    assert {status_of(demo, name) for name in people} == {Status.PRESENT.value}
    agrees(demo)
    forget_all(demo)
    assert Workspace.at(demo, by_row=True).session(DEMO_EVENT).attendance() == (40, 40)


def test_the_store_file_is_never_replaced_by_a_check_in_through_the_index(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    inode = demo.stat().st_ino
    for name in ("Amara Okafor", "Yuki Tanaka"):
        assert checkin(demo, name) == 0
    assert demo.stat().st_ino == inode
    assert json.loads(demo.read_text(encoding="utf-8"))  # still the whole store, readable alone


def test_a_check_in_by_name_loads_nothing_it_does_not_use(demo: Path) -> None:
    """What a fresh ``checkin NAME`` costs is mostly what it imports: none
    of the scoring, the fuzzy matching, the importer, the app or filelock."""
    script = INDEXED + textwrap.dedent(
        """
        import sys
        from matchmaker.cli import main
        assert main(["checkin", "Kai Andersen", "--event", sys.argv[2], "--db", sys.argv[1]]) == 0
        heavy = ("numpy", "scipy", "rapidfuzz", "textual", "filelock", "multiprocessing", "csv")
        print(" ".join(name for name in heavy if name in sys.modules))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(demo), DEMO_EVENT], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
    assert status_of(demo, "Kai Andersen") == Status.PRESENT.value


def test_an_index_of_another_version_is_made_again(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    forget_all(demo)
    old = sqlite3.connect(index.index_path(demo))
    old.execute("DROP TABLE people")  # tables as an earlier version kept them
    old.execute("CREATE TABLE people(id TEXT PRIMARY KEY, event TEXT)")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    assert checkin(demo, "Amara Okafor") == 0
    agrees(demo)
    assert sqlite3.connect(index.index_path(demo)).execute("PRAGMA user_version").fetchone() == (
        index.VERSION,
    )


def test_an_index_failing_while_read_is_said_and_made_again(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    forget_all(demo)
    with Store(demo, by_row=True).reading() as tx:
        index._OPEN[demo].db.close()  # SQLite fails from here on, as on a damaged file
        with pytest.raises(StoreError, match=r"could not be read .* makes it again"):
            tx.attendance(DEMO_EVENT)
    assert not index.index_path(demo).exists()
    assert checkin(demo, "Amara Okafor") == 0
    agrees(demo)


def test_a_name_typed_another_way_finds_the_same_person_by_row_and_whole(demo: Path) -> None:
    """Accents sent as two characters (a Mac's terminal), doubled blanks, full-width letters."""
    with Store(demo).transaction() as tx:
        zoe = tx.add_person(DEMO_EVENT, Profile("Zoë Ångström", email="Zoe@Example.org"))
    for typed in (
        unicodedata.normalize("NFD", "zoë  ångström"),
        "ＺＯË ÅNGSTRÖM",
        "ZOE@example.ORG",
    ):
        for by_row in (True, False):
            forget_all(demo)
            assert Workspace.at(demo, by_row=by_row).session(DEMO_EVENT).find(typed) == zoe.id
    assert checkin(demo, unicodedata.normalize("NFD", "Zoë Ångström")) == 0
    assert status_of(demo, "Zoë Ångström") == Status.PRESENT.value
