"""The store's index against a journal changed under it by hand: the lines
it holds rewritten in place, cut off and written again by another process.
The index must then agree with the store read whole, never answer from
lines that are no longer there."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from matchmaker.core.model import Status
from matchmaker.core.profiles import Profile
from matchmaker.store import index, state
from matchmaker.store.database import Store
from matchmaker.store.journal import journal_path
from tests.test_store_index import DEMO_EVENT, agrees, checkin, demo, forget_all, large, status_of

__all__ = ["demo", "large"]  # the fixtures, used by name


def test_the_last_line_garbled_in_place_is_not_held_by_the_index(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    assert checkin(demo, "Amara Okafor") == 0
    where = journal_path(demo)
    text = bytearray(where.read_bytes())
    text[-5] ^= 1  # the checksum fails: a torn last line, which a whole read ignores
    where.write_bytes(bytes(text))
    forget_all(demo)
    assert status_of(demo, "Amara Okafor") == Status.SIGNED_UP.value
    agrees(demo)
    assert checkin(demo, "Yuki Tanaka") == 0  # cuts the torn line off, as any writer does
    agrees(demo)


def test_a_journal_cut_back_and_grown_again_by_another_writer_is_read_again(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    where = journal_path(demo)
    kept = where.stat().st_size
    assert checkin(demo, "Amara Okafor") == 0
    os.truncate(where, kept)  # the last line cut off by hand, the file kept
    forget_all(demo)
    with Store(demo).transaction() as tx:  # a whole read appends after what is left
        people = tx.people(DEMO_EVENT)
        tx.set_status([p.id for p in people[3:7]], Status.PRESENT)
    assert where.stat().st_size > kept
    agrees(demo)
    assert status_of(demo, "Amara Okafor") == Status.SIGNED_UP.value


def test_a_journal_deleted_and_made_again_is_read_again(demo: Path) -> None:
    assert checkin(demo, "Kai Andersen") == 0
    assert checkin(demo, "Amara Okafor") == 0
    where = journal_path(demo)
    where.unlink()  # its inode may well be given to the next journal
    forget_all(demo)
    with Store(demo).transaction() as tx:
        people = tx.people(DEMO_EVENT)
        tx.set_status([p.id for p in people[3:13]], Status.PRESENT)
    agrees(demo)


def test_a_reader_making_the_index_from_an_older_read_never_undoes_a_newer_one(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader finds the index out of date and reads the store whole; before
    it makes the index from that read, another process changes someone and a
    check-in makes the index anew. The reader's older index must not land
    under the check-in, which would write that person back as they were."""
    assert checkin(demo, "Kai Andersen") == 0
    state.WHOLE_BELOW = 1 << 40  # a whole write: the index is out of date
    forget_all(demo)
    with Store(demo).transaction() as tx:
        tx.set_status([tx.people(DEMO_EVENT)[3].id], Status.PRESENT)
    state.WHOLE_BELOW = 0
    old = state.current(demo)  # what the reader read, before the change below
    reader_read, go_on = threading.Event(), threading.Event()

    def slow_read(path: Path) -> state.State:
        if threading.current_thread().name != "reader":
            return whole_current(path)
        reader_read.set()
        assert go_on.wait(30)
        return old

    whole_current = state.current
    monkeypatch.setattr(state, "current", slow_read)
    reader = threading.Thread(target=state._through, args=(demo, index.Index(demo)), name="reader")
    reader.start()  # it sees the index out of date, and reads the store whole (slowly)
    assert reader_read.wait(30)
    forget_all(demo)
    with Store(demo).transaction() as tx:  # another process changes Amara's email
        amara = tx.people_called(DEMO_EVENT, "Amara Okafor")[0]
        tx.update_person(amara.id, Profile(amara.name, email="amara@new.example"))
    forget_all(demo)
    with Store(demo, by_row=True).transaction() as tx:  # a check-in makes the index anew
        go_on.set()
        reader.join(30)  # the reader's index of its older read would land now
        tx.set_status([amara.id], Status.PRESENT, door=True)
    forget_all(demo)
    with Store(demo).reading() as tx:
        assert tx.person(amara.id).profile.email == "amara@new.example"
        assert tx.person(amara.id).status is Status.PRESENT
    agrees(demo)


def test_a_process_that_read_the_journal_before_reads_it_again_when_cut_back_and_grown(
    demo: Path,
) -> None:
    """The app and serve read the store whole and remember how far into the
    journal they read: that journal cut back by hand and grown again by
    another process is read again from its start, not from that offset."""
    with Store(demo).transaction() as tx:
        people = tx.people(DEMO_EVENT)
        tx.set_status([people[0].id], Status.PRESENT)
    where = journal_path(demo)
    kept = where.stat().st_size
    with Store(demo).transaction() as tx:
        tx.set_status([people[1].id], Status.PRESENT)
    app = state.current(demo)  # a long-lived process has read through the second line
    os.truncate(where, kept)
    forget_all(demo)
    for person in people[2:4]:  # another process, from what is left
        with Store(demo).transaction() as tx:
            tx.set_status([person.id], Status.PRESENT)
    assert where.stat().st_size > app.journal[1]
    state._LAST[demo] = app  # back in the long-lived process
    expected = [str(p.id) for p in (people[0], *people[2:4])]
    rows = state.current(demo).document["people"]
    assert [k for k, row in rows.items() if row.get("status") == "present"] == expected


def test_a_name_typed_in_another_encoding_is_told_as_in_a_whole_read(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A terminal in Latin-1 sends "José" as bytes Python cannot decode
    (sys.argv holds a lone surrogate for them), which SQLite cannot take."""
    typed = "Jos\udce9"
    assert checkin(demo, "Kai Andersen") == 0  # the index exists
    capsys.readouterr()
    forget_all(demo)
    assert checkin(demo, typed) == 2
    indexed = capsys.readouterr().err
    state.INDEX_FROM = 1 << 40  # read whole
    forget_all(demo)
    assert checkin(demo, typed) == 2
    assert indexed == capsys.readouterr().err
    assert "Nobody called 'Jos\\udce9'" in indexed
