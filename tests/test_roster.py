"""An event's people are kept between reads and patched by the rows that
changed (``store/roster.py``; issue 29: a check-in on 50,000 people must not
build them all again). Whatever the change, the people listed are exactly
those a process reading the store for the first time builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from tinydb import Query

from matchmaker.core.errors import UserError
from matchmaker.core.model import Person, PersonId, Status
from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store import roster, state
from matchmaker.store.database import PEOPLE, Store, StoreTx


def as_read_first(store: Store, event: str) -> list[Person]:
    """The event's people as a process that never read the store builds them."""
    state._LAST.pop(store.path, None)
    roster._ROSTERS.pop(store.path, None)
    with store.reading() as tx:
        return tx.people(event)


def kept(store: Store, event: str) -> list[Person]:
    with store.reading() as tx:
        return tx.people(event)


@pytest.fixture(params=["journal", "whole"])
def demo(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The demo event, its changes journaled (a big store) or written whole."""
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    if request.param == "journal":
        monkeypatch.setattr(state, "WHOLE_BELOW", 0)
    return workspace.store


def test_the_people_kept_follow_every_kind_of_change(demo: Store) -> None:
    kept(demo, DEMO_EVENT)  # read once: from here on only patched
    with demo.transaction() as tx:
        first, second, third = (p.id for p in tx.people(DEMO_EVENT)[:3])
    changes = [
        lambda tx: tx.set_status([first, second], Status.PRESENT),
        lambda tx: tx.update_person(third, Profile("Renamed", interests=("chess",))),
        lambda tx: tx.add_person(DEMO_EVENT, Profile("Walk In"), Status.PRESENT),
        lambda tx: tx.delete_person(second),
        lambda tx: tx.create_event("Second night"),
        lambda tx: tx.add_person("Second night", Profile("Only here")),
        lambda tx: tx.db.table(PEOPLE).update({"event": "Second night"}, doc_ids=[first]),
        lambda tx: tx.db.table(PEOPLE).update(
            {"status": Status.GONE.value}, Query().profile.name.matches("A.*")
        ),
        lambda tx: tx.db.table(PEOPLE).remove(Query().profile.name == "Walk In"),
        lambda tx: tx.rename_event("Second night", "Later"),
        lambda tx: tx.upsert_people(DEMO_EVENT, [Profile("Imported", email="i@example.org")]),
    ]
    for change in changes:
        with demo.transaction() as tx:
            change(tx)
            assert tx.people(DEMO_EVENT) == as_seen_in(tx)  # inside the transaction too
            assert_found_by_name_and_identity(tx, as_seen_in(tx))
        with demo.reading() as tx:
            events = [info.name for info in tx.events()]
        for event in events:
            assert kept(demo, event) == as_read_first(demo, event)


def assert_found_by_name_and_identity(tx: StoreTx, everyone: list[Person]) -> None:
    """The people found by name (``people_called``) and by identity
    (``people_known_as``) are exactly those comparing everyone finds."""
    for person in [*everyone, Person(PersonId(0), Profile("Renamed"), Status.SIGNED_UP)]:
        name, identity = person.profile.name_key, person.profile.identity
        called = [p for p in everyone if p.profile.name_key == name]
        assert tx.people_called(DEMO_EVENT, f" {person.name}  ") == called
        known = [p for p in everyone if p.profile.identity == identity]
        assert tx.people_known_as(DEMO_EVENT, identity) == known


def as_seen_in(tx: object) -> list[Person]:
    """The event's people built from the transaction's raw rows, by id."""
    rows = tx.db.storage.read()[PEOPLE]  # type: ignore[attr-defined]
    return [
        roster.person_of(int(i), row)
        for i, row in sorted(rows.items(), key=lambda item: int(item[0]))
        if row["event"] == DEMO_EVENT
    ]


def test_a_check_in_builds_nobody_again(demo: Store) -> None:
    before = kept(demo, DEMO_EVENT)
    with demo.transaction() as tx:
        tx.set_status([before[5].id], Status.PRESENT)
    after = kept(demo, DEMO_EVENT)
    assert after[5].status is Status.PRESENT
    assert all(a.profile is b.profile for a, b in zip(before, after, strict=True))
    assert [a is b for a, b in zip(before, after, strict=True)].count(False) == 1


def test_members_are_looked_up_by_id_and_strangers_refused(demo: Store) -> None:
    with demo.transaction() as tx:
        tx.create_event("Elsewhere")
        other = tx.add_person("Elsewhere", Profile("Not at the demo"))
        someone = tx.people(DEMO_EVENT)[3]
        assert tx.members(DEMO_EVENT, [someone.id]) == [someone]
        for stranger in (other.id, 99_999):
            with pytest.raises(UserError, match=f"#{stranger} is not in"):
                tx.members(DEMO_EVENT, [someone.id, stranger])


def test_a_check_in_by_name_reads_names_and_builds_no_profile(demo: Store) -> None:
    everyone = kept(demo, DEMO_EVENT)
    name = everyone[7].name
    as_read_first(demo, DEMO_EVENT)
    roster._ROSTERS.pop(demo.path)  # as a fresh process: the command line's `checkin NAME`
    session = Workspace(demo).session(DEMO_EVENT)
    assert session.check_in([session.find(name.upper())]) == [name]
    assert session.attendance() == (1, len(everyone))
    with pytest.raises(UserError, match="Did you mean"):
        session.find(name[:-1] + "x")
    assert session._event is None  # the event itself was never read
    assert roster._ROSTERS[demo.path]._events[DEMO_EVENT].listed is None
