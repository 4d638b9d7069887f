"""The store's index against a journal changed under it by hand: the lines
it holds rewritten in place, cut off and written again by another process.
The index must then agree with the store read whole, never answer from
lines that are no longer there."""

from __future__ import annotations

import os
from pathlib import Path

from matchmaker.core.model import Status
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
