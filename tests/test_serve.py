"""The served attendee app, tested as an attacker would: without the token,
with a wrong one, from another origin or a rebound domain name, past the
session cap — and, with everything right, a real session starts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from matchmaker.attendee.serve import AttendeeServer, announce, reachable_warning
from matchmaker.service.workspace import Workspace

EVENT = "<b>Night</b> & {{ 7*7 }}"


@pytest.fixture
def served(tmp_path: Path) -> AttendeeServer:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event(EVENT)
    service = workspace.self_service(EVENT, arrive=True)
    return AttendeeServer(workspace.path, service.event, service.join_token())


async def client_for(server: AttendeeServer) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
async def client(served: AttendeeServer) -> AsyncIterator[TestClient]:
    async for made in client_for(served):
        yield made


def origin(client: TestClient) -> str:
    return f"http://{client.host}:{client.port}"


def test_the_token_is_long_and_random(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    tokens = set()
    for name in ("A", "B"):
        workspace.create_event(name)
        tokens.add(workspace.self_service(name).join_token())
    assert len(tokens) == 2 and all(len(t) >= 32 for t in tokens)  # 192 bits, url-safe
    assert workspace.self_service("A").join_token() in tokens  # kept once made


@pytest.mark.parametrize(
    "path", ["/", "/ws", "/static/js/textual.js", "/x", "/{short}", "/{token}x", "/{token}/../"]
)
async def test_nothing_is_served_without_the_token(
    client: TestClient, served: AttendeeServer, path: str
) -> None:
    path = path.format(token=served.token, short=served.token[:-1])
    response = await client.get(path, allow_redirects=False)
    assert response.status == 404


async def test_the_page_is_served_with_the_token_and_locked_headers(
    client: TestClient, served: AttendeeServer
) -> None:
    response = await client.get(f"/{served.token}")
    assert response.status == 200
    page = await response.text()
    assert 'name="viewport"' in page and "googleapis" not in page
    assert f"/{served.token}/ws" in page
    assert "&lt;b&gt;Night&lt;/b&gt; &amp; {{ 7*7 }}" in page  # an event name is never markup
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    static = await client.get(f"/{served.token}/static/js/textual.js")
    assert static.status == 200


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
async def test_a_websocket_from_another_origin_is_refused(
    client: TestClient, served: AttendeeServer, headers: dict[str, str]
) -> None:
    sent = {k: v.format(port=client.port) for k, v in headers.items()}
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect(f"/{served.token}/ws", headers=sent)
    assert refused.value.status == 403
    assert served.sessions == 0


async def test_a_wrong_token_cannot_open_a_websocket(client: TestClient) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/not-the-token/ws", headers={"Origin": origin(client)})
    assert refused.value.status == 404


async def test_beyond_the_cap_a_clear_full_page(served: AttendeeServer) -> None:
    served.cap = 0
    async for client in client_for(served):
        response = await client.get(f"/{served.token}")
        assert response.status == 503
        assert "Full right now" in await response.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"/{served.token}/ws", headers={"Origin": origin(client)})
        assert refused.value.status == 503


async def test_with_token_and_origin_a_real_session_starts(
    client: TestClient, served: AttendeeServer
) -> None:
    socket = await client.ws_connect(
        f"/{served.token}/ws?width=40&height=30", headers={"Origin": origin(client)}
    )
    assert served.sessions == 1
    screen = b""
    while b"Welcome" not in screen:
        message = await socket.receive(timeout=30)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        screen += message.data
    await socket.close()
    for _ in range(500):  # the server ends the session: its app quits
        if not served.sessions:
            break
        await asyncio.sleep(0.02)
    assert served.sessions == 0


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
