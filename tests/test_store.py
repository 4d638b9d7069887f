"""The store never loses a profile: atomic writes, cross-process locking,
readable errors on damaged files, and nothing overwritten that it cannot read."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from matchmaker.core.errors import StoreError, UserError
from matchmaker.core.model import PairRule, Person
from matchmaker.core.orientation import Orientation
from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import Workspace
from matchmaker.store import state, storage
from matchmaker.store.database import Store
from tests.helpers import stored


def test_people_round_trip_with_non_ascii_as_typed(store: Store) -> None:
    profile = Profile(
        "Zoë Ñandú [bold]",
        "zoe@example.org",
        True,
        ("café culture",),
        orientation=Orientation.RESULT,
    )
    stored(store).create_event("Meetup")
    added = stored(store).add_person("Meetup", profile)
    assert stored(store).people("Meetup") == [added]
    assert "Zoë Ñandú" in store.path.read_text(encoding="utf-8")  # not \u-escaped


def test_upsert_updates_same_email_or_same_name(store: Store) -> None:
    first = stored(store).upsert_people("E", [Profile("Ada", "ada@x.io"), Profile("Bo")])
    second = stored(store).upsert_people(
        "E", [Profile("Ada Lovelace", "ADA@x.io"), Profile("bo"), Profile("Cy")]
    )
    assert (first.added, first.updated) == (2, 0)
    assert (second.added, second.updated) == (1, 2)
    assert [p.name for p in stored(store).people("E")] == ["Ada Lovelace", "bo", "Cy"]


def test_events_are_separate_and_can_be_renamed_and_deleted(store: Store) -> None:
    stored(store).upsert_people("A", [Profile("Ada")])
    stored(store).upsert_people("B", [Profile("Ada"), Profile("Bo")])
    stored(store).rename_event("A", "Alpha")
    assert [(e.name, e.people) for e in stored(store).events()] == [("Alpha", 1), ("B", 2)]
    stored(store).delete_event("B")
    assert Workspace(store).event_names() == ["Alpha"]
    with pytest.raises(UserError):
        stored(store).people("B")
    with pytest.raises(UserError, match="already exists"):
        stored(store).create_event("Alpha")


def test_rules_and_rounds_are_kept_per_event(store: Store) -> None:
    stored(store).upsert_people("E", [Profile("Ada"), Profile("Bo"), Profile("Cy")])
    ada, bo, cy = stored(store).people("E")
    stored(store).set_rule("E", PairRule.LOCK, bo.id, ada.id)
    stored(store).set_rule("E", PairRule.EXCLUDE, ada.id, cy.id)
    stored(store).set_rule("E", None, ada.id, cy.id)
    assert [(c.rule, c.a, c.b) for c in stored(store).constraints("E")] == [
        (PairRule.LOCK, ada.id, bo.id)
    ]
    assert stored(store).save_round("E", [[ada, bo], [cy]]) == 1
    assert stored(store).save_round("E", [[ada, cy], [bo]]) == 2
    assert [r.names for r in stored(store).rounds("E")] == [
        (("Ada", "Bo"), ("Cy",)),
        (("Ada", "Cy"), ("Bo",)),
    ]
    stored(store).delete_person(bo.id)
    assert stored(store).constraints("E") == []


def test_backups_keep_the_last_good_versions(store: Store) -> None:
    for n in range(5):
        stored(store).upsert_people("E", [Profile(f"P{n}")])
    backups = sorted(store.path.parent.glob("store.json.bak*"))
    assert [b.name for b in backups] == ["store.json.bak1", "store.json.bak2", "store.json.bak3"]
    newest_backup = json.loads(backups[0].read_text(encoding="utf-8"))
    assert len(newest_backup["people"]) == 4  # the state before the last write


def test_stale_temporaries_are_cleaned_up(store: Store) -> None:
    stored(store).create_event("E")
    stale = store.path.parent / ".store.json.abc123_x.tmp"  # as mkstemp names them
    stale.write_text("half a write")
    beside = store.path.parent / ".store.json.tries.abc123_x.tmp"  # another file's, mid-write
    beside.write_text("{}")
    stored(store).create_event("F")
    assert not stale.exists() and beside.exists()


DAMAGED = {
    "empty": (b"", "is empty"),
    "whitespace": (b"  \n", "is empty"),
    "truncated-json": (b'{"meta": {"1": {"schema_version": 1}}, "people": {"1": {"ev', "damaged"),
    "not-json": (b"name,email\nAda,a@x.io\n", "damaged"),
    "not-utf8": (b'{"meta": "\xff\xfe"}', "not UTF-8"),
    "foreign-json": (b'{"_default": {"1": {"x": 1}}}', "not a Peer Matchmaker store"),
    "json-list": (b"[1, 2, 3]", "not a Peer Matchmaker store"),
    "newer-schema": (b'{"meta": {"1": {"schema_version": 99}}}', "newer Peer Matchmaker"),
    "nested-deep": (b'{"meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "thousands deep"),
}
V1 = '{"meta": {"1": {"schema_version": 1}}, '
PERSON = '"people": {"1": {"event": "E", "profile": {"name": "Ada", '
EVENT = '"events": {"1": {"name": "E", '
ROUND = '"rounds": {"1": {"event": "E", "number": 1, '
SHAPES = {  # found by a fuzzer: each of these was a traceback (issue 26)
    "topic-not-text": PERSON + '"interests": ["chess", 3]}}}',
    # the second row has the keys and types of a row found fine: only its items differ
    "topic-not-text-after-a-fine-row": PERSON + '"interests": ["chess"]}}, '
    '"2": {"event": "E", "profile": {"name": "Bo", "interests": ["go", 3]}}}',
    "motivation-unknown": PERSON + '"motivations": ["world-domination"]}}}',
    "main-motivation-unknown": PERSON + '"main_motivation": "fame"}}}',
    "options-size-not-a-number": EVENT + '"options": {"size": "two"}}}',
    "timer-unknown-key": EVENT + '"timer": {"round": 1, "minutes": 5, "a": 1}}}',
    "timer-not-a-number": EVENT + '"timer": {"round": 1, "minutes": "ten"}}}',
    "table-not-a-list": ROUND + '"groups": [1], "names": [["Ada"]]}}',
    "score-not-a-number": ROUND + '"groups": [[1]], "names": [["Ada"]], "scores": ["x"]}}',
    "rule-not-ours": '"constraints": {"1": {"event": "E", "rule": "maybe", "a": 1, "b": 2}}',
    "rating-out-of-range": '"ratings": {"1": {"first": "a", "second": "b", "rating": 9, '
    '"event": "E", "round": 1}}',
}
DAMAGED |= {form: ((V1 + body + "}").encode(), "is damaged") for form, body in SHAPES.items()}


@pytest.mark.parametrize("form", DAMAGED)
def test_damaged_file_is_reported_and_never_overwritten(store: Store, form: str) -> None:
    content, words = DAMAGED[form]
    store.path.write_bytes(content)
    with pytest.raises(StoreError, match=words) as caught:
        stored(store).upsert_people("E", [Profile("Ada")])
    assert str(store.path) in str(caught.value)
    with pytest.raises(StoreError):
        stored(store).events()
    assert store.path.read_bytes() == content


def test_damage_message_points_at_the_backup(store: Store) -> None:
    stored(store).create_event("E")
    stored(store).create_event("F")
    store.path.write_text("{garbage")
    with pytest.raises(StoreError, match=r"store\.json\.bak1"):
        stored(store).events()


def test_readers_parse_the_store_again_only_when_it_was_replaced(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored(store).upsert_people("E", [Profile("Ada")])
    parses: list[Path] = []
    real = state.load_document

    def counted(path: Path) -> object:
        parses.append(path)
        return real(path)

    monkeypatch.setattr(state, "load_document", counted)

    def people() -> list[Person]:
        return read_people(store)

    assert [p.name for p in people()] == ["Ada"]
    assert [p.name for p in people()] == ["Ada"]
    assert parses == []  # our own write is what readers read
    # Another process changes the store: the next read sees it.
    subprocess.run(
        [sys.executable, "-m", "matchmaker", "--db", str(store.path), "checkin", "Ada"],
        check=True,
        capture_output=True,
    )
    assert [p.status.value for p in people()] == ["present"]
    assert len(parses) == 1
    people()
    assert len(parses) == 1
    # A file damaged behind our back is reported, not served from memory.
    store.path.write_text("{garbage")
    with pytest.raises(StoreError, match="damaged"):
        people()


def read_people(store: Store) -> list[Person]:
    """A reading transaction (the kind that shares what it last read)."""
    with store.reading() as tx:
        return tx.people("E")


def test_a_failed_change_leaves_readers_the_stored_state(store: Store) -> None:
    stored(store).upsert_people("E", [Profile("Ada")])
    assert [p.name for p in read_people(store)] == ["Ada"]
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.upsert_people("E", [Profile("Bo")])
        raise RuntimeError("stop before the write")
    assert [p.name for p in read_people(store)] == ["Ada"]


def test_migration_hook_upgrades_old_files(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    stored(store).upsert_people("E", [Profile("Ada")])
    monkeypatch.setattr(state, "_LAST", {})  # as a newer version would first read it

    def to_v3(document: dict) -> dict:
        for doc in document["people"].values():
            doc["profile"]["contribute"] = "migrated"
        return document

    monkeypatch.setattr(storage, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(storage.MIGRATIONS, 2, to_v3)
    assert stored(store).people("E")[0].profile.contribute == "migrated"
    stored(store).create_event("F")  # the next write stores the migrated form
    assert storage.schema_version(json.loads(store.path.read_text())) == 3


def test_a_store_from_before_journals_is_read_and_upgraded(store: Store) -> None:
    """Schema 1 (no journal) reads as it is; its first write makes it schema 2,
    which versions without journals refuse instead of missing changes."""
    v1 = {"meta": {"1": {"schema_version": 1}}, "events": {"1": {"name": "E"}}}
    v1["people"] = {"1": {"event": "E", "profile": {"name": "Ada"}, "status": "signed-up"}}
    store.path.write_text(json.dumps(v1), encoding="utf-8")
    assert [p.name for p in read_people(store)] == ["Ada"]
    assert json.loads(store.path.read_text()) == v1  # reading changes nothing
    stored(store).add_person("E", Profile("Bo"))
    assert storage.schema_version(json.loads(store.path.read_text())) == 2
    assert json.loads(Path(f"{store.path}.bak1").read_text()) == v1
    assert [p.name for p in read_people(store)] == ["Ada", "Bo"]


def test_lock_timeout_is_a_readable_error(tmp_path: Path) -> None:
    """filelock's lock (another tool's process) holds the store's writers off."""
    from filelock import FileLock

    store = Store(tmp_path / "s.json", lock_timeout=0.2)
    with FileLock(f"{store.path}.lock"), pytest.raises(StoreError, match="held the lock"):
        stored(store).create_event("E")


def test_a_writer_holds_filelocks_lock_off(store: Store) -> None:
    """And the other way round: the store's own lock is the same lock."""
    from filelock import FileLock, Timeout

    with store.transaction() as tx:
        tx.create_event("E")
        with pytest.raises(Timeout):
            FileLock(f"{store.path}.lock", timeout=0.2).acquire()
    with FileLock(f"{store.path}.lock", timeout=0.2):  # and let go after
        pass


WRITER = textwrap.dedent(
    """
    import sys
    from matchmaker.core.profiles import Profile
    from matchmaker.store.database import Store
    store = Store(sys.argv[1])
    worker = sys.argv[2]
    for n in range(int(sys.argv[3])):
        with store.transaction() as tx:
            tx.add_person("E", Profile(f"{worker}-{n}"))
    """
)


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(store: Store) -> None:
    stored(store).create_event("E")
    workers, inserts = 8, 50
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(store.path), f"w{w}", str(inserts)])
        for w in range(workers)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * workers
    names = {p.name for p in stored(store).people("E")}
    assert len(names) == workers * inserts
    assert names == {f"w{w}-{n}" for w in range(workers) for n in range(inserts)}


REWRITER = textwrap.dedent(
    """
    import sys
    from matchmaker.core.profiles import Profile
    from matchmaker.store.database import Store
    store = Store(sys.argv[1])
    generation = 0
    while True:
        generation += 1
        with store.transaction() as tx:
            tx.upsert_people("E", [Profile(f"P{n}", contribute=f"gen {generation}", interests=("x" * 200,)) for n in range(3000)])
        print(generation, flush=True)
    """
)


@pytest.mark.slow
def test_kill_during_large_writes_leaves_old_or_new_state(store: Store) -> None:
    stored(store).upsert_people("E", [Profile(f"P{n}", contribute="gen 0") for n in range(3000)])
    rng = random.Random(7)
    for _ in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", REWRITER, str(store.path)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # at least one full write happened
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        people = stored(store).people("E")  # parses: never a broken file
        assert len(people) == 3000
        assert len({p.profile.contribute for p in people}) == 1  # one state, not a mix
