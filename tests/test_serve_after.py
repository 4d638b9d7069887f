"""The attendee pages after the evening, over HTTP as a phone without
JavaScript: a rating of 2 or less asks what went wrong before it is saved;
the questions after the evening are asked and answered again; and my
history shows a returning person their own other events, partners (names
only where they consented) and their own answers after each — nobody
else's."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from matchmaker.core.questions import CONTRIBUTE_MORE, WHAT_NEXT, WHAT_WENT_WRONG
from matchmaker.service.workspace import Workspace
from tests.test_serve import Phone, client_for, server_for

PEOPLE = [
    ["Ada", "ada@x.org", "yes"],
    ["Grace", "grace@x.org", "yes"],
    ["Alan", "alan@x.org", "no"],
    ["Barbara", "barbara@x.org", "no"],
]


@pytest.fixture
def season(cli: Callable[..., object], write_csv: Callable[..., Path], tmp_path: Path) -> Workspace:
    """January with three saved rounds and answers after it; February
    imported from the same sign-ups."""
    db = tmp_path / "store.json"
    file = write_csv(PEOPLE, header=["name", "email", "share_contact"])
    cli("import", file, "--event", "jan", "--db", db)
    cli("pair", "--event", "jan", "--rounds", "3", "--save", "--db", db)
    workspace = Workspace.at(db)
    jan = workspace.self_service("jan")
    ids = {p.name: p.id for p in workspace.people("jan")}
    jan.follow_up(ids["Ada"], "Bring <b>my</b> notes", "We met again in March")
    jan.follow_up(ids["Grace"], "Grace's own plan", "Grace's next step")
    cli("import", file, "--event", "feb", "--db", db)
    return workspace


@pytest.fixture
async def ada(season: Workspace) -> AsyncIterator[Phone]:
    """Ada's phone, signed in at February (by the email on file)."""
    server = server_for(season, "feb")
    async for client in client_for(server):
        phone = Phone(client, f"/{server.token}")
        await phone.open()
        await phone.send("/join", {"name": "Ada", "email": "ada@x.org"})
        await phone.send("/intake", {"name": "Ada", "email": "ada@x.org", "share_contact": "yes"})
        assert "Your personal code" in phone.page
        yield phone


def seat_february(season: Workspace) -> None:
    session = season.session("feb")
    session.check_in([p.id for p in session.event.people])
    session.pair_and_save(fresh_events=0)  # all four met in January: may meet again


async def test_a_low_rating_asks_what_went_wrong_before_it_is_saved(
    ada: Phone, season: Workspace
) -> None:
    seat_february(season)
    await ada.open("/feedback")
    await ada.send("/feedback", {"round": "1", "rating": "1"})
    assert ada.status == 200 and html.escape(WHAT_WENT_WRONG) in ada.page
    assert 'name="reason"' in ada.page and "The pace: one wanted" in ada.page
    assert season.session("feb").event.ratings == ()  # nothing saved yet
    await ada.send("/feedback", {"round": "1", "rating": "1", "step": "went-wrong"})
    assert ada.status == 400 and "Please choose what went wrong." in ada.page
    assert 'aria-describedby="reason-problem"' in ada.page
    await ada.send("/feedback", {"round": "1", "rating": "1", "reason": "nonsense"})
    assert ada.status == 200 and 'name="reason"' in ada.page  # asked again, nothing saved
    assert season.session("feb").event.ratings == ()
    await ada.send(
        "/feedback", {"round": "1", "rating": "1", "step": "went-wrong", "reason": "pace"}
    )
    assert "Your feedback is saved" in ada.page
    (rating,) = season.session("feb").event.ratings
    assert (rating.rating, rating.reason, rating.by) == (1, "pace", "email:ada@x.org")


async def test_a_rating_above_2_is_saved_without_a_reason(ada: Phone, season: Workspace) -> None:
    seat_february(season)
    await ada.open("/feedback")
    await ada.send("/feedback", {"round": "1", "rating": "3", "reason": "pace"})
    assert "Your feedback is saved" in ada.page
    (rating,) = season.session("feb").event.ratings
    assert (rating.rating, rating.reason) == (3, "")


async def test_the_questions_after_the_evening_are_asked_and_answered_again(
    ada: Phone, season: Workspace
) -> None:
    await ada.open("/home")
    assert 'href="' + ada.base + '/after"' in ada.page
    await ada.open("/after")
    assert html.escape(CONTRIBUTE_MORE) in ada.page and html.escape(WHAT_NEXT) in ada.page
    await ada.send("/after", {"more": "  ", "next": ""})
    assert ada.status == 400 and "Please answer at least one" in ada.page
    await ada.send("/after", {"more": "Host a table\nnext time", "next": "<i>Coffee</i>"})
    assert "Your answers are saved" in ada.page
    service = season.self_service("feb")
    ada_id = next(p.id for p in season.people("feb") if p.name == "Ada")
    assert service.my_follow_up(ada_id) == ("Host a table\nnext time", "<i>Coffee</i>")
    await ada.open("/after")  # shown again, to change, as text
    assert ">Host a table\nnext time</textarea>" in ada.page
    assert "&lt;i&gt;Coffee&lt;/i&gt;" in ada.page and "<i>" not in ada.page
    forged = await ada.client.post(
        ada.base + "/after", data={"more": "x"}, headers={"Origin": ada.origin}
    )
    assert forged.status == 403  # no CSRF token


async def test_my_history_shows_my_events_partners_and_answers_and_nobody_elses(
    ada: Phone,
) -> None:
    await ada.open("/history")
    main = ada.page.partition("<main")[2]
    assert re.search(r"<h2[^>]*>jan \(\w+ \d{4}\)</h2>", main)
    assert "Grace (grace@x.org)" in main
    assert main.count("someone who keeps their name to themselves") == 2  # Alan, Barbara
    assert "Alan" not in main and "Barbara" not in main and "feb (" not in main
    assert html.escape(CONTRIBUTE_MORE) in main and "Bring &lt;b&gt;my&lt;/b&gt; notes" in main
    assert "We met again in March" in main
    assert "Grace&#39;s" not in main and "Grace's" not in main  # her answers are hers


async def test_the_pages_after_the_evening_need_someone_signed_in(season: Workspace) -> None:
    server = server_for(season, "feb")
    client: TestClient
    async for client in client_for(server):
        for path in ("/after", "/history"):
            response = await client.get(f"/{server.token}{path}", allow_redirects=False)
            assert response.status == 303 and response.headers["Location"] == f"/{server.token}"
