"""A member comes back with the personal code they got at an earlier event
(issue 28): they are the same member at the new event, whatever name or
email they would type; a code proves nothing else, a wrong one is refused
and counted like any code try, and nobody's place is taken."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from matchmaker.core.errors import UserError
from matchmaker.core.model import Status
from matchmaker.core.profiles import Profile
from matchmaker.service.self_service import CLOSED, TAKEN_HERE
from matchmaker.service.workspace import Workspace


@pytest.fixture
def season(tmp_path: Path) -> tuple[Workspace, str]:
    """Bo joined January on his own (no email: his name is all we know) and
    got a code; February is made, with Cy on its list."""
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event("jan")
    workspace.create_event("feb")
    code = workspace.self_service("jan", arrive=True).save(Profile("Bo"), None).code
    assert code is not None
    workspace.self_service("feb").save(Profile("Cy", email="cy@x.org"), None)
    return workspace, code


def members(cli: Callable[..., object], db: Path) -> list[dict[str, object]]:
    out = cli("people", "--all", "--format", "json", "--db", db)
    people: list[dict[str, object]] = json.loads(out.out)["people"]  # type: ignore[attr-defined]
    return people


def test_a_code_from_an_earlier_event_brings_the_same_member_back(
    season: tuple[Workspace, str], cli: Callable[..., object]
) -> None:
    workspace, code = season
    feb = workspace.self_service("feb", arrive=True)
    bo = feb.sign_in(code.lower(), "phone-1")  # typed as people type it
    assert (bo.name, bo.status, bo.joined) == ("Bo", Status.PRESENT, True)
    assert [p.name for p in workspace.people("feb")] == ["Cy", "Bo"]
    bo_members = [m for m in members(cli, workspace.path) if m["name"] == "Bo"]
    assert len(bo_members) == 1 and bo_members[0]["events"] == ["jan", "feb"]
    assert feb.sign_in(code, "phone-1").id == bo.id  # the code is his here too: no second row
    saved = feb.save(Profile("Bo", email="bo@new.org"), bo.id)  # a new email: still Bo
    assert saved.code is None and len(workspace.people("feb")) == 2
    assert len([m for m in members(cli, workspace.path) if m["name"] == "Bo"]) == 1


def test_a_member_already_on_the_list_gets_their_own_place(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    for event in ("jan", "feb"):
        workspace.create_event(event)
    code = workspace.self_service("jan").save(Profile("Ada", email="ada@x.org"), None).code
    assert code is not None
    workspace.self_service("feb").save(Profile("ADA", email="Ada@X.org"), None)  # signed up
    (ada,) = workspace.people("feb")
    assert workspace.self_service("feb", arrive=True).sign_in(code, "phone").id == ada.id
    assert [p.status for p in workspace.people("feb")] == [Status.PRESENT]


def test_a_code_never_takes_someone_elses_place(season: tuple[Workspace, str]) -> None:
    workspace, code = season
    other = Profile("BO", email="bo@elsewhere.org")  # another Bo: a new member (by email)
    workspace.self_service("feb").save(other, None)
    with pytest.raises(UserError) as refused:
        workspace.self_service("feb").sign_in(code, "phone")
    assert str(refused.value) == TAKEN_HERE
    assert sorted(p.name for p in workspace.people("feb")) == ["BO", "Cy"]


def test_closed_joining_keeps_a_returning_member_out_unless_on_the_list(
    season: tuple[Workspace, str],
) -> None:
    workspace, code = season
    with pytest.raises(UserError) as refused:
        workspace.self_service("feb", joining=False).sign_in(code, "phone")
    assert str(refused.value) == CLOSED
    assert [p.name for p in workspace.people("feb")] == ["Cy"]


def test_a_wrong_code_is_refused_and_tries_are_counted(season: tuple[Workspace, str]) -> None:
    workspace, code = season
    feb = workspace.self_service("feb")
    wrong = "A" * len(code) if code != "A" * len(code) else "B" * len(code)
    for _ in range(5):
        with pytest.raises(UserError, match="That code is not right"):
            feb.sign_in(wrong, "guesser")
    with pytest.raises(UserError, match="Too many tries"):
        feb.sign_in(code, "guesser")  # even the right code, from that address, for a minute
    assert [p.name for p in workspace.people("feb")] == ["Cy"]
    assert feb.sign_in(code, "another").name == "Bo"


async def test_the_sign_in_page_takes_a_code_from_an_earlier_event(
    season: tuple[Workspace, str],
) -> None:
    from tests.test_serve import Phone, client_for, server_for

    workspace, code = season
    server = server_for(workspace, "feb")
    async for client in client_for(server):
        phone = Phone(client, f"/{server.token}")
        await phone.open()
        await phone.send("/sign-in", {"code": "WRONG123"})
        assert phone.status == 400 and "That code is not right" in phone.page
        await phone.send("/sign-in", {"code": code})
        assert "Hello, Bo!" in phone.page
        await phone.open("/history")
        assert "jan (" in phone.page  # his January, as the same member
    assert [p.name for p in workspace.people("feb")] == ["Cy", "Bo"]
