"""Writes that cost the change (issue 29): a store past ``WHOLE_BELOW``
keeps each transaction's changed rows in ``FILE.journal``, and every
guarantee of the store still holds there: a kill at any write leaves the
old or the new state, a torn line counts for nothing, concurrent writers
lose nothing, backups hold whole states, damage is reported in words."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from matchmaker.core.errors import StoreError
from matchmaker.core.model import Status
from matchmaker.core.profiles import Profile
from matchmaker.service.session import EventSession
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store import state
from matchmaker.store.database import Store
from matchmaker.store.journal import line
from tests.helpers import run_killed as killed
from tests.helpers import stored

# Scripts run the real code in a fresh process with every store on the journal.
JOURNALED = "from matchmaker.store import state; state.WHOLE_BELOW = 0\n"


@pytest.fixture(autouse=True)
def journaled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every store here is "big": changes go to the journal."""
    monkeypatch.setattr(state, "WHOLE_BELOW", 0)


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()  # a new store is written whole
    return workspace


def fresh(workspace: Workspace) -> Workspace:
    """The store as a process that has not read it before sees it."""
    state._LAST.pop(workspace.path, None)
    return workspace


def journal(workspace: Workspace) -> Path:
    return Path(f"{workspace.path}.journal")


def arrive(session: EventSession, positions: list[int], status: Status = Status.PRESENT) -> None:
    """Check in the people at these positions (the door passes their ids)."""
    session.check_in([session.event.people[p].id for p in positions], status)


def statuses(workspace: Workspace) -> dict[str, Status]:
    return {p.name: p.status for p in fresh(workspace).people(DEMO_EVENT)}


def test_a_check_in_appends_the_changed_row_and_leaves_the_file(demo: Workspace) -> None:
    whole = demo.path.read_bytes()
    session = demo.session(DEMO_EVENT)
    arrive(session, [0])
    arrive(session, [1])
    assert demo.path.read_bytes() == whole  # not rewritten
    lines = journal(demo).read_bytes().splitlines()
    assert len(lines) == 3  # the header and one line per check-in
    assert len(lines[1]) < 2_000  # one person's row, not the event
    assert not Path(f"{demo.path}.bak1").exists()  # backups are of whole writes
    names = [p.name for p in session.event.people[:2]]
    assert [statuses(demo)[n] for n in names] == [Status.PRESENT, Status.PRESENT]


def test_another_process_reads_the_journal(demo: Workspace) -> None:
    arrive(demo.session(DEMO_EVENT), [0, 1, 2])
    command = [sys.executable, "-m", "matchmaker", "checkin", "--list", "--format", "json"]
    out = subprocess.run(
        [*command, "--event", DEMO_EVENT, "--db", str(demo.path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(json.loads(out)["present"]) == 3


def test_a_torn_last_line_counts_for_nothing_and_is_cut_off(demo: Workspace) -> None:
    """A writer killed mid-line (or a power cut before the fsync) leaves part
    of a line: at every byte of it, readers see the state before, and the
    next write replaces it."""
    session = demo.session(DEMO_EVENT)
    arrive(session, [0])
    before_line = journal(demo).read_bytes()
    old = statuses(demo)
    arrive(session, [1])
    whole = journal(demo).read_bytes()
    for cut in range(len(before_line), len(whole)):
        journal(demo).write_bytes(whole[:cut])
        assert statuses(demo) == old, cut
    journal(demo).write_bytes(whole[: len(whole) - 7])
    arrive(fresh(demo).session(DEMO_EVENT), [2])
    now = statuses(demo)
    names = [p.name for p in session.event.people[:3]]
    assert [now[n] for n in names] == [Status.PRESENT, Status.SIGNED_UP, Status.PRESENT]


def test_a_damaged_line_before_others_is_reported_and_nothing_written(demo: Workspace) -> None:
    session = demo.session(DEMO_EVENT)
    arrive(session, [0])
    arrive(session, [1])
    lines = journal(demo).read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"present", b"presenT")  # the checksum no longer matches
    journal(demo).write_bytes(b"".join(lines))
    damaged = journal(demo).read_bytes()
    with pytest.raises(StoreError, match=r"journal .* is damaged.*Move it aside"):
        statuses(demo)
    with pytest.raises(StoreError):
        arrive(fresh(demo).session(DEMO_EVENT), [2])
    assert journal(demo).read_bytes() == damaged


def test_a_journal_line_of_a_wrong_shape_is_damage(demo: Workspace) -> None:
    arrive(demo.session(DEMO_EVENT), [0])
    text = journal(demo).read_text(encoding="utf-8")
    header = text.splitlines()[0]
    bad = line({"tables": {"people": {"1": {"event": "E", "profile": {"name": 7}}}}})
    journal(demo).write_bytes(header.encode() + b"\n" + bad)
    with pytest.raises(StoreError, match=r"people entry 1 .*name 7"):
        statuses(demo)
    for tables in ({"people": 5}, [1], None):
        journal(demo).write_bytes(header.encode() + b"\n" + line({"tables": tables}))
        with pytest.raises(StoreError, match="no tables of rows"):
            statuses(demo)


def test_a_journal_grown_to_half_the_store_is_folded_in(demo: Workspace) -> None:
    """The store is written whole again, the journal goes, and the newest
    backup is the whole state before (file and journal together)."""
    session = demo.session(DEMO_EVENT)
    size = demo.path.stat().st_size
    checked = 0
    while journal(demo).exists() or checked == 0:
        before = statuses(demo)
        arrive(session, [checked], Status.PRESENT if checked % 2 else Status.GONE)
        checked += 1
    assert demo.path.stat().st_size > size
    backup = Path(f"{demo.path}.bak1")
    restored = Workspace.at(demo.path.parent / "restored.json")
    shutil.copy(backup, restored.path)
    assert statuses(restored) == before
    assert len(statuses(demo)) == 40 and checked > 3


def test_a_backup_copied_over_the_store_ignores_the_newer_journal(
    demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal continues one whole write: after a restore it adds nothing."""
    session = demo.session(DEMO_EVENT)
    old = demo.path.parent / "old.json"
    shutil.copy(demo.path, old)  # everyone signed up
    monkeypatch.setattr(state, "WHOLE_BELOW", 1 << 40)
    arrive(session, [0])  # written whole
    monkeypatch.setattr(state, "WHOLE_BELOW", 0)
    demo.create_event("Second")  # into the new file's journal
    arrive(session, [1])
    shutil.copy(old, demo.path)
    assert fresh(demo).event_names() == [DEMO_EVENT]  # the journal's event is not applied
    assert set(statuses(demo).values()) == {Status.SIGNED_UP}  # nor the check-in
    arrive(fresh(demo).session(DEMO_EVENT), [5])  # the stale journal is started afresh
    now = statuses(demo)
    assert [n for n, s in now.items() if s is Status.PRESENT] == [session.event.people[5].name]
    assert len(journal(demo).read_bytes().splitlines()) == 2


def test_a_failed_change_leaves_the_shared_state_alone(demo: Workspace) -> None:
    session = demo.session(DEMO_EVENT)
    before = statuses(demo)
    with pytest.raises(RuntimeError), demo.store.transaction() as tx:
        tx.set_status([session.event.people[0].id], Status.PRESENT)
        raise RuntimeError("stop before the write")
    assert {p.name: p.status for p in demo.people(DEMO_EVENT)} == before  # from memory
    assert statuses(demo) == before  # from the files


def test_unchanged_rows_are_shared_between_states(demo: Workspace) -> None:
    """Rows are never changed in place (a reader's state stays as it was),
    and a transaction's copy of the state costs no copy of the rows."""
    with demo.store.reading() as tx:
        old = dict(tx._rows("people"))
    first = old[next(iter(old))]
    snapshot = json.dumps(first)
    arrive(demo.session(DEMO_EVENT), [0])
    with demo.store.reading() as tx:
        new = tx._rows("people")
    assert json.dumps(first) == snapshot
    changed = [key for key in new if new[key] is not old[key]]
    assert changed == [next(iter(old))]


def run_killed(die_at: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return killed(JOURNALED, die_at, *args)


def seen(db: Path) -> tuple[dict[str, str], int]:
    state._LAST.clear()
    workspace = Workspace.at(db)
    session = workspace.session(DEMO_EVENT)
    return {p.name: p.status.value for p in session.event.people}, len(session.event.rounds)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["checkin", "Amara Okafor", "Kai Andersen"],
        ["pair", "--rounds", "2", "--save", "--everyone"],
        ["checkin", "Amara Okafor", "--out"],
        ["import", "many.csv"],  # half the store and more: the journal is folded in
    ],
    ids=["checkin", "pair-save", "checkout", "import-folds"],
)
def test_a_kill_at_any_write_leaves_the_old_or_the_new_state(
    tmp_path: Path, demo: Workspace, args: list[str]
) -> None:
    arrive(demo.session(DEMO_EVENT), [3])  # a journal to append to
    if args[0] == "import":
        rows = "".join(f"Newcomer {n},chess\n" for n in range(200))
        args = ["import", str(tmp_path / "many.csv")]
        Path(args[1]).write_text("name,interests\n" + rows, encoding="utf-8")
    before = tmp_path / "before"
    before.mkdir()
    for path in tmp_path.glob("store.json*"):
        shutil.copy(path, before / path.name)

    def reset() -> None:
        for path in tmp_path.glob("*store.json*"):
            path.unlink()
        for path in before.iterdir():
            shutil.copy(path, tmp_path / path.name)

    old = seen(demo.path)
    whole = run_killed(10**9, *args, "--event", DEMO_EVENT, "--db", demo.path)
    assert whole.returncode == 0, whole.stderr
    new = seen(demo.path)
    assert new != old
    calls = int(whole.stderr.rsplit("calls=", 1)[1])
    assert calls >= 2
    for die_at in range(1, calls + 1):
        reset()
        killed = run_killed(die_at, *args, "--event", DEMO_EVENT, "--db", demo.path)
        assert killed.returncode == -9, (die_at, killed.stderr)
        assert seen(demo.path) in (old, new), f"a kill at write call {die_at} left a half state"
        # and the store takes the next change
        state._LAST.clear()
        arrive(Workspace.at(demo.path).session(DEMO_EVENT), [7])


WRITER = JOURNALED + textwrap.dedent(
    """
    import sys
    from matchmaker.core.profiles import Profile
    from matchmaker.core.model import Status
    from matchmaker.store.database import Store
    store = Store(sys.argv[1])
    worker = sys.argv[2]
    for n in range(int(sys.argv[3])):
        with store.transaction() as tx:
            person = tx.add_person("E", Profile(f"{worker}-{n}"))
        with store.transaction() as tx:
            tx.set_status([person.id], Status.PRESENT)
        with store.reading() as tx:
            assert len(tx.people("E")) >= n
    """
)


@pytest.mark.slow
def test_concurrent_writers_on_the_journal_lose_nothing(store: Store) -> None:
    """Appends and whole writes (the journal folded in as it grows) mixed."""
    stored(store).upsert_people("E", [Profile(f"Early {n}") for n in range(30)])
    workers, inserts = 6, 25
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(store.path), f"w{w}", str(inserts)])
        for w in range(workers)
    ]
    assert [p.wait(timeout=180) for p in procs] == [0] * workers
    state._LAST.clear()
    people = stored(store).people("E")
    added = {p.name: p.status for p in people if not p.name.startswith("Early")}
    assert set(added) == {f"w{w}-{n}" for w in range(workers) for n in range(inserts)}
    assert set(added.values()) == {Status.PRESENT}
    assert len(people) == 30 + workers * inserts
    assert os.path.exists(f"{store.path}.bak1")  # the journal was folded in meanwhile


def test_an_open_store_reads_only_the_lines_appended_since(
    demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app, ``serve`` and the attendees' pages parse the file once."""
    arrive(demo.session(DEMO_EVENT), [0])
    statuses(demo)  # read once
    parses: list[Path] = []
    real = state.load_document
    monkeypatch.setattr(state, "load_document", lambda path: parses.append(path) or real(path))
    script = JOURNALED + "import sys; from matchmaker.cli import main; main(sys.argv[1:])"
    command = ["checkin", "Kai Andersen", "--event", DEMO_EVENT, "--db", str(demo.path)]
    subprocess.run([sys.executable, "-c", script, *command], check=True, capture_output=True)
    now = {p.name: p.status for p in demo.people(DEMO_EVENT)}  # no fresh(): as the app reads
    assert now["Kai Andersen"] is Status.PRESENT and parses == []


def test_the_journal_is_private(demo: Workspace) -> None:
    old = os.umask(0o022)
    try:
        arrive(demo.session(DEMO_EVENT), [0])
    finally:
        os.umask(old)
    assert journal(demo).stat().st_mode & 0o777 == 0o600
