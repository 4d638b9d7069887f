"""The attendee pages over HTTP, as a phone without JavaScript and as an
attacker would use them: without the token, with a wrong one, from another
origin or a rebound domain name, without the form's CSRF token, with a
forged cookie — and, with everything right, the whole journey by plain
forms, each answered by a redirect."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from filelock import FileLock

from matchmaker.attendee.serve import AttendeeServer, announce, reachable_warning
from matchmaker.attendee.signing import COOKIE
from matchmaker.core.model import PairRule, Status
from matchmaker.core.orientation import Orientation
from matchmaker.core.questions import ASK, WISH_PRIVATE
from matchmaker.service.self_service import SAME_NAME
from matchmaker.service.workspace import DEMO_EVENT, Workspace

EVENT = "<b>Night</b> & {{ 7*7 }}"


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    return workspace


def server_for(workspace: Workspace, event: str, joining: bool = True) -> AttendeeServer:
    service = workspace.self_service(event, arrive=True, joining=joining)
    return AttendeeServer(service, service.join_token())


@pytest.fixture
def served(demo: Workspace) -> AttendeeServer:
    return server_for(demo, DEMO_EVENT)


class Phone:
    """A browser without JavaScript: it keeps cookies, follows redirects and
    sends each form with the CSRF token of the page it came from."""

    def __init__(self, client: TestClient, base: str) -> None:
        self.client, self.base = client, base
        self.page = ""
        self.status = 0

    @property
    def origin(self) -> str:
        return f"http://{self.client.host}:{self.client.port}"

    async def open(self, path: str = "") -> str:
        response = await self.client.get(self.base + path)
        self.status, self.page = response.status, await response.text()
        return self.page

    async def send(self, path: str, fields: dict[str, Any], **headers: str) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.page)
        form = {"csrf": found.group(1) if found else "", **fields}
        sent = {"Origin": self.origin, **headers}
        response = await self.client.post(self.base + path, data=form, headers=sent)
        self.status, self.page = response.status, await response.text()
        return self.page


async def client_for(server: AttendeeServer) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(server.make_app()))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
async def client(served: AttendeeServer) -> AsyncIterator[TestClient]:
    async for made in client_for(served):
        yield made


@pytest.fixture
def phone(client: TestClient, served: AttendeeServer) -> Phone:
    return Phone(client, f"/{served.token}")


def test_the_token_is_long_and_random(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    tokens = set()
    for name in ("A", "B"):
        workspace.create_event(name)
        tokens.add(workspace.self_service(name).join_token())
    assert len(tokens) == 2 and all(len(t) >= 32 for t in tokens)  # 192 bits, url-safe
    assert workspace.self_service("A").join_token() in tokens  # kept once made


@pytest.mark.attack
@pytest.mark.parametrize(
    "path",
    ["/", "/home", "/static/attendee.css", "/x", "/{short}", "/{token}x", "/{token}/../"],
)
async def test_nothing_is_served_without_the_token(
    client: TestClient, served: AttendeeServer, path: str
) -> None:
    path = path.format(token=served.token, short=served.token[:-1])
    response = await client.get(path, allow_redirects=False)
    assert response.status == 404


async def test_the_page_is_served_with_the_token_and_locked_headers(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event(EVENT)
    server = server_for(workspace, EVENT)
    async for client in client_for(server):
        response = await client.get(f"/{server.token}")
        assert response.status == 200
        page = await response.text()
        assert 'name="viewport"' in page and "googleapis" not in page
        assert "&lt;b&gt;Night&lt;/b&gt; &amp; {{ 7*7 }}" in page  # an event name is never markup
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        cookie = SimpleCookie(response.headers["Set-Cookie"])[COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert cookie["path"] == f"/{server.token}"  # sent to these pages only
        static = await client.get(f"/{server.token}/static/attendee.css")
        assert static.status == 200


@pytest.mark.attack
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://evil.example:{port}", "Host": "evil.example:{port}"},  # rebinding
    ],
    ids=["no-origin", "other-origin", "null-origin", "dns-rebinding"],
)
async def test_a_form_from_another_origin_is_refused(
    phone: Phone, demo: Workspace, headers: dict[str, str]
) -> None:
    await phone.open()
    sent = {k: v.format(port=phone.client.port) for k, v in headers.items()}
    found = re.search(r'name="csrf" value="([^"]+)"', phone.page)
    assert found is not None
    response = await phone.client.post(
        f"{phone.base}/join", data={"csrf": found.group(1), "name": "Mallory"}, headers=sent
    )
    assert response.status == 403
    response = await phone.client.get(f"{phone.base}/intake", allow_redirects=False)
    assert response.status == 303  # no join was started


@pytest.mark.attack
async def test_a_form_without_its_csrf_token_is_refused(phone: Phone) -> None:
    await phone.open()
    phone.page = phone.page.replace('name="csrf" value="', 'name="csrf" value="x')
    await phone.send("/join", {"name": "Mallory"})
    assert phone.status == 403 and "expired" in phone.page


@pytest.mark.attack
async def test_a_forged_cookie_signs_nobody_in(
    client: TestClient, served: AttendeeServer, demo: Workspace
) -> None:
    someone = demo.people(DEMO_EVENT)[0]
    forged = json.dumps({"n": "x", "p": someone.id})
    body = base64.urlsafe_b64encode(forged.encode()).decode().rstrip("=")
    client.session.cookie_jar.update_cookies({COOKIE: f"{body}.AAAA"})
    response = await client.get(f"/{served.token}/home", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == f"/{served.token}"


async def test_the_whole_journey_by_plain_forms(phone: Phone, demo: Workspace) -> None:
    await phone.open()
    assert "New here?" in phone.page and "Been here before?" in phone.page
    await phone.send("/join", {"name": "Zoë Ñandú"})
    assert "Welcome, Zoë Ñandú!" in phone.page
    assert phone.page.count('type="radio"') == 9  # the three process/result questions
    assert "Tick all that fit" in phone.page and "<datalist" in phone.page
    await phone.send(
        "/intake",
        {
            "name": "Zoë Ñandú",
            "email": "zoe@example.org",
            "share_contact": "yes",
            "want_to_learn": "SQL, Python",
            "brings_me": "Switching careers\ninto data.",
            "motivations": "feedback",
            "q0": "2",
            "q1": "2",
            "q2": "2",
        },
    )
    assert "Your personal code" in phone.page
    code = re.search(r'class="code"[^>]*>([A-Z0-9-]+)<', phone.page)
    assert code is not None
    person = next(p for p in demo.people(DEMO_EVENT) if p.name == "Zoë Ñandú")
    assert person.status is Status.PRESENT
    assert person.profile.orientation is Orientation.RESULT
    assert person.profile.want_to_learn == ("SQL", "Python")
    assert person.profile.brings_me == "Switching careers\ninto data."
    assert await phone.open("/code") and "Hello, Zoë Ñandú" not in phone.page
    await phone.open("/home")
    assert "Hello, Zoë Ñandú!" in phone.page
    await phone.open("/code")
    assert "Your personal code" not in phone.page  # shown once
    await phone.open("/matches")
    assert "Finding your matches" in phone.page
    demo.refresh_book(DEMO_EVENT)  # what serve's book keeper does
    await phone.open("/matches")
    assert phone.page.count('<li class="match"') == 5 and "Why" in phone.page
    session = demo.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people])
    session.pair_and_save()
    session.start_timer(1, 15)
    await phone.open("/table")
    assert "Round 1 · Table" in phone.page and "ends at" in phone.page
    await phone.open("/feedback")
    await phone.send("/feedback", {"round": "1"})
    assert phone.status == 400 and 'aria-describedby="rating-problem"' in phone.page
    await phone.send("/feedback", {"round": "1", "rating": "5"})
    assert "Your feedback is saved" in phone.page
    assert {r.rating for r in session.reload().ratings} == {5}
    await phone.send("/sign-out", {})
    assert "New here?" in phone.page
    await phone.send("/sign-in", {"code": code.group(1).lower()})
    assert "Hello, Zoë Ñandú!" in phone.page


async def test_problems_are_shown_under_their_fields(phone: Phone) -> None:
    await phone.open()
    await phone.send("/join", {"name": "  "})
    assert phone.status == 400 and 'id="name-problem"' in phone.page
    assert 'aria-describedby="name-problem" aria-invalid="true"' in phone.page
    await phone.send("/join", {"name": "New Person"})
    await phone.send("/intake", {"name": "New Person", "email": "not-an-email", "q0": "1"})
    assert phone.status == 400
    assert re.search(
        r'id="email"[^>]*aria-describedby="email-problem" aria-invalid="true"', phone.page
    )
    assert "is not an email address" in phone.page and 'href="#email"' in phone.page
    assert 'value="1" checked' in phone.page and 'value="not-an-email"' in phone.page  # kept


async def test_the_intake_asks_languages_access_hosting_and_a_note(
    phone: Phone, demo: Workspace
) -> None:
    """The fields the organiser's form and the import know are on the page;
    a claimed sign-up's own answers to them are shown, and kept on save."""
    await phone.open()
    await phone.send("/join", {"name": "Ria Rollins"})
    for label in (ASK["languages"], ASK["access"], ASK["host"], "Only the organiser sees this"):
        assert label in phone.page
    fields = {"name": "Ria Rollins", "languages": "English, Spanish", "access": "yes"}
    await phone.send("/intake", {**fields, "host": "yes", "notes": "I use a wheelchair.\nVegan."})
    ria = next(p for p in demo.people(DEMO_EVENT) if p.name == "Ria Rollins").profile
    assert ria.languages == ("English", "Spanish") and ria.access and ria.host
    assert ria.notes == "I use a wheelchair.\nVegan."
    session = demo.session(DEMO_EVENT)
    kai = next(p for p in session.event.people if p.name == "Kai Andersen")
    signed_up = replace(kai.profile, languages=("Danish",), host=True, notes="Arrives late")
    session.save_profile(signed_up, kai.id)
    await phone.open("/home")
    await phone.send("/sign-out", {})
    await phone.send("/join", {"name": "Kai Andersen", "email": kai.profile.email})
    assert 'value="Danish"' in phone.page and ">Arrives late</textarea>" in phone.page
    assert re.search(r'id="host"[^>]*checked', phone.page)
    assert not re.search(r'id="access"[^>]*checked', phone.page)
    shown = {"name": "Kai Andersen", "email": kai.profile.email, "languages": "Danish"}
    await phone.send("/intake", {**shown, "host": "yes", "notes": "Arrives late"})
    assert "Your personal code" in phone.page
    claimed = demo.self_service(DEMO_EVENT).person(kai.id).profile
    assert (claimed.languages, claimed.host, claimed.notes) == (("Danish",), True, "Arrives late")


@pytest.mark.attack
async def test_a_stranger_cannot_take_over_a_signed_up_profile(
    phone: Phone, demo: Workspace
) -> None:
    before = next(p for p in demo.people(DEMO_EVENT) if p.name == "Noor Haddad")
    await phone.open()
    for email in ("", "attacker@evil.example"):
        await phone.send("/join", {"name": "noor haddad", "email": email})
        assert phone.status == 400 and SAME_NAME in phone.page.replace("&#39;", "'")
    await phone.send("/join", {"name": "Noor Haddad", "email": "NOOR.HADDAD@example.org"})
    assert before.profile.brings_me in phone.page  # her answers, to see before saving
    assert demo.self_service(DEMO_EVENT).person(before.id) == before  # nothing changed yet


@pytest.mark.attack
async def test_closed_joining_lets_in_only_people_on_the_list(demo: Workspace) -> None:
    server = server_for(demo, DEMO_EVENT, joining=False)
    assert "Joining is closed" in announce(server)
    async for client in client_for(server):
        phone = Phone(client, f"/{server.token}")
        await phone.open()
        await phone.send("/join", {"name": "Brand New"})
        assert phone.status == 400 and "Joining is closed" in phone.page
        await phone.send("/join", {"name": "Kai Andersen", "email": "kai@example.net"})
        assert "Welcome, Kai Andersen!" in phone.page


def test_the_announcement_has_the_link_a_qr_code_and_any_warning(
    served: AttendeeServer,
) -> None:
    text = announce(served)
    assert f"http://127.0.0.1:8765/{served.token}" in text
    assert "█" in text and "Warning" not in text
    warning = reachable_warning("0.0.0.0")
    assert warning is not None and "anyone on this network" in warning
    assert reachable_warning("127.0.0.1") is None


def test_serve_refuses_a_port_that_cannot_be(tmp_path: Path, cli) -> None:
    Workspace.at(tmp_path / "store.json").create_event("Night")
    result = cli("--db", tmp_path / "store.json", "serve", "--event", "Night", "--port", "70000")
    assert result.status == 2 and "--port: A port is from 1 to 65535" in result.err


async def test_a_wish_from_my_matches_is_kept_and_never_shown_to_the_other(
    phone: Phone, demo: Workspace, client: TestClient, served: AttendeeServer
) -> None:
    """On "my matches" an attendee asks to meet one match and declines
    another, through the service's one operation; the other person's own
    pages say nothing of either."""
    await phone.open()
    await phone.send("/join", {"name": "Wren Wisher"})
    await phone.send("/intake", {"name": "Wren Wisher", "want_to_learn": "SQL; Python"})
    wren = next(p for p in demo.people(DEMO_EVENT) if p.name == "Wren Wisher")
    demo.refresh_book(DEMO_EVENT)
    await phone.open("/matches")
    shown = [int(i) for i in re.findall(r'name="person" value="(\d+)"', phone.page)]
    assert len(shown) == 5 and WISH_PRIVATE.split(":")[0] in html.unescape(phone.page)
    first, second = shown[:2]
    await phone.send("/wish", {"person": str(first), "choice": "wish"})
    await phone.send("/wish", {"person": str(second), "choice": "decline"})
    attendees = demo.self_service(DEMO_EVENT)
    assert attendees.wishes(wren.id) == {first: PairRule.WISH, second: PairRule.DECLINE}
    page = html.unescape(phone.page)
    assert "Saved." in page and "You asked to meet" in page and "You will not be seated" in page
    await phone.send("/wish", {"person": str(first), "choice": "clear"})
    await phone.send("/wish", {"person": str(first), "choice": "lock"})  # no such choice
    assert "Choose to meet them" in html.unescape(phone.page)
    assert attendees.wishes(wren.id) == {second: PairRule.DECLINE}
    # The declined person signs in on a phone of their own: nothing says so.
    other = attendees.person(second)
    code = attendees.save(other.profile, other.id).code
    demo.refresh_book(DEMO_EVENT)
    theirs = Phone(client, f"/{served.token}")
    await theirs.open()
    await theirs.send("/sign-in", {"code": code or ""})
    seen = ""
    for path in ("/home", "/matches", "/table", "/feedback", "/intake"):
        seen += html.unescape(await theirs.open(path))
    assert "Hello," in seen and "Best matches for" in seen
    for said in ("You asked to meet", "You will not be seated", "Wren Wisher: the plan"):
        assert said not in seen
    assert attendees.wishes(second) == {}


async def test_a_crowd_at_the_join_counter_keeps_what_was_typed(
    phone: Phone, served: AttendeeServer, demo: Workspace
) -> None:
    """When the joins' counter stays busy (a room arriving at once), the
    intake comes back with what was typed and says to send it again; then
    it saves."""
    served.service.joins.lock_timeout = 0.2
    await phone.open()
    await phone.send("/join", {"name": "Zoë Park"})
    typed = {"name": "Zoë Park", "interests": "chess; go", "q0": "2"}
    with FileLock(f"{served.service.joins.path}.lock"):  # another counter, holding on
        await phone.send("/intake", typed)
    assert phone.status == 400
    assert "please send it again" in phone.page and "Nothing was saved yet" in phone.page
    assert 'value="chess; go"' in phone.page and 'value="2" checked' in phone.page  # kept
    assert "Zoë Park" not in [p.name for p in demo.people(DEMO_EVENT)]
    await phone.send("/intake", typed)
    assert "Zoë Park" in [p.name for p in demo.people(DEMO_EVENT)]
