"""``serve`` as it starts, on a real store and real sockets: an address it
cannot have is refused (exit 2) before any join link or QR code is printed,
the match book it keeps goes to the cache folder, not beside the store, and
each ``serve`` prints a new join link unless told to keep the last one."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.match_book import book_path, read_book


def test_a_port_in_use_is_refused_before_the_link_is_printed(cli, tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    Workspace.at(db).load_demo()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--event", DEMO_EVENT, "--db", db, "--port", port)
    assert result.status == 2
    assert f"Cannot serve on 127.0.0.1:{port}: Address already in use." in result.err
    assert "http" not in result.out and "█" not in result.out  # no link, no QR code
    assert "Traceback" not in result.err


def test_a_host_that_is_not_this_computer_is_refused_before_the_link(cli, tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    Workspace.at(db).load_demo()
    result = cli("serve", "--event", DEMO_EVENT, "--db", db, "--host", "192.0.2.1")
    assert result.status == 2 and "Cannot serve on 192.0.2.1:8765" in result.err
    assert result.out == ""


def test_the_match_book_is_kept_in_the_cache_not_beside_the_store(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    door = workspace.self_service(DEMO_EVENT, arrive=True)
    person = door.save(Profile("Zoë Park", interests=("chess",)), None)
    assert workspace.refresh_book(DEMO_EVENT)
    beside = sorted(p.name for p in tmp_path.iterdir())
    assert all(name.startswith("store.json") for name in beside)
    assert not any("match" in name for name in beside), beside
    book = read_book(workspace.store, DEMO_EVENT)
    assert book is not None and person.person.id in book.people
    assert not book_path(workspace.store, DEMO_EVENT).is_relative_to(tmp_path)


def start_serve(db: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    """The real ``serve`` of the demo event on a free port, and the join
    link it prints (read from its output)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    command = [sys.executable, "-m", "matchmaker", "--db", str(db), "serve", "--event", DEMO_EVENT]
    server = subprocess.Popen(
        [*command, "--port", port, *options], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    for line in server.stdout:
        if found := re.search(rf"http://127\.0\.0\.1:{port}/[\w-]+", line):
            return server, found.group(0)
    server.kill()
    raise AssertionError("serve printed no join link")


def served_link(db: Path, *options: str) -> str:
    """Start the real ``serve``, take the join link's token, stop it."""
    server, link = start_serve(db, *options)
    server.terminate()
    server.wait(timeout=20)
    return link.rsplit("/", 1)[1]


def test_the_link_is_shown_once_a_phone_can_open_it(tmp_path: Path) -> None:
    """A phone scanning the QR code the moment it appears is answered: the
    link is printed once ``serve`` takes connections (it was printed before,
    and a phone that quick was refused)."""
    db = tmp_path / "store.json"
    Workspace.at(db).load_demo()
    server, link = start_serve(db)
    try:
        with urllib.request.urlopen(link, timeout=20) as page:  # at once: no retry
            assert page.status == 200 and "Join" in page.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.attack
def test_each_serve_has_a_new_link_unless_the_organiser_keeps_it(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    workspace = Workspace.at(db)
    workspace.load_demo()
    last_time = workspace.self_service(DEMO_EVENT).join_token()
    new = served_link(db)
    kept = served_link(db, "--keep-link")
    assert new != last_time and kept == new and len(new) >= 32
    assert (workspace.self_service(DEMO_EVENT).join_url() or "").endswith(f"/{kept}")  # the app's j


def test_the_book_keeper_ends_with_a_serve_killed_outright(tmp_path: Path) -> None:
    """``serve`` scores matches in a process of its own; a ``kill -9`` of
    ``serve`` leaves no orphan scoring on."""
    db = tmp_path / "store.json"
    Workspace.at(db).load_demo()
    server, _ = start_serve(db)
    try:
        deadline = time.monotonic() + 30
        while not (kids := Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()):
            assert time.monotonic() < deadline, "serve started no book keeper"
            time.sleep(0.1)
        keeper = Path(f"/proc/{kids.split()[0]}")
    finally:
        server.kill()
        server.wait(timeout=20)
    deadline = time.monotonic() + 30
    while running(keeper):
        assert time.monotonic() < deadline, "the keeper outlived serve"
        time.sleep(0.1)


def running(process: Path) -> bool:
    """Alive: neither gone nor a zombie waiting to be reaped."""
    try:
        return (process / "stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except FileNotFoundError:
        return False
