"""The real ``serve`` on loopback under abuse: 1,100 idle connections
(half-open and kept alive) with 1,024 open files allowed leave it answering
a page and, once closed, holding nothing; malformed requests, a form that
never finishes arriving and hostile bytes are answered with a status, never
a traceback."""

from __future__ import annotations

import re
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from matchmaker.service.workspace import DEMO_EVENT, Workspace

FILES = 1024  # the usual soft limit, made the hard one: serve cannot raise it
FLOOD = 1100


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    token: str
    log: Path

    def files(self) -> int:
        return len(list(Path(f"/proc/{self.process.pid}/fd").iterdir()))

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=30)  # a loaded CI

    def ask(self, raw: bytes, whole: bool = False) -> bytes:
        """Send ``raw`` on a new connection; the answer's first line (or,
        ``whole``, everything until the server closes)."""
        with self.connect() as conn:
            conn.sendall(raw)
            answer = b""
            while (whole or b"\r\n" not in answer) and (chunk := conn.recv(65536)):
                answer += chunk
            return answer

    def get(self, path: str = "") -> bytes:
        host = f"127.0.0.1:{self.port}"
        head = f"GET /{self.token}{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        return self.ask(head.encode(), whole=True)


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@contextmanager
def serving(folder: Path, soft: int, hard: int) -> Iterator[Served]:
    """The real ``serve`` of the demo event, started with these limits on open files."""
    db = folder / "store.json"
    Workspace.at(db).load_demo()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "matchmaker", "--db", str(db), "serve"]
    log = folder / "serve.log"
    with log.open("w") as errors:
        process = subprocess.Popen(
            [*command, "--event", DEMO_EVENT, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard)),
        )
    try:
        assert process.stdout is not None
        token = next(
            m.group(1) for line in process.stdout if (m := re.search(rf":{port}/([\w-]+)", line))
        )
        deadline = time.monotonic() + 30
        while not listening(port) and time.monotonic() < deadline:
            time.sleep(0.1)  # the link is printed just before serve listens
        yield Served(process, port, token, log)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, FILES, FILES) as running:
        yield running


@pytest.fixture
def many_files() -> Iterator[None]:
    """This test process opens the flood: room for it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = FLOOD + 200
    assert hard == resource.RLIM_INFINITY or hard >= wanted, "the flood needs more open files"
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.attack
def test_a_flood_of_idle_connections_leaves_serve_answering(
    served: Served, many_files: None
) -> None:
    before = served.files()
    idle: list[socket.socket] = []
    try:
        for number in range(FLOOD):
            conn = served.connect()
            idle.append(conn)
            if number % 2:  # half-open: part of a request, then silence
                conn.sendall(b"GET /")
            else:  # kept alive after a page, then silence
                host = f"127.0.0.1:{served.port}"
                conn.sendall(f"GET /{served.token} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        answer = served.get()
        assert answer.startswith(b"HTTP/1.1 200 ") and b"New here?" in answer
        assert served.files() < FILES
    finally:
        for conn in idle:
            conn.close()
    deadline = time.monotonic() + 20
    while served.files() > before + 5 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert served.files() <= before + 5  # every connection let go
    assert served.get().startswith(b"HTTP/1.1 200 ")
    assert "Traceback" not in served.log.read_text()


def sent(head: str, kind: str, body: bytes) -> bytes:
    """A request with this body, its length told right."""
    return f"{head}Content-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


@pytest.mark.attack
def test_malformed_requests_get_a_status_not_a_traceback(served: Served) -> None:
    host = f"127.0.0.1:{served.port}"
    origin = f"Origin: http://{host}\r\n"
    slow = served.connect()  # a form that never finishes arriving
    slow.sendall(
        f"POST /{served.token}/join HTTP/1.1\r\nHost: {host}\r\n{origin}"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 50\r\n\r\nname=".encode()
    )
    form = f"POST /{served.token}/join HTTP/1.1\r\nHost: {host}\r\n{origin}"
    hostile = [
        b"GARBAGE\r\n\r\n",
        b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n",
        f"GET /{served.token} HTTP/1.1\r\nHost: {host}\r\nX: {'b' * 20000}\r\n\r\n".encode(),
        f"GET /{served.token} HTTP/1.1\r\nHost: {host}\r\nCookie: mm=\x7f@@;;==\r\n\r\n".encode(),
        (form + "Content-Length: abc\r\n\r\n").encode(),
        (form + "Content-Length: 100000\r\n\r\n").encode() + b"x" * 100000,
        sent(form, "application/x-www-form-urlencoded", b"csrf=%ff&name=%fe"),
        sent(form, "multipart/form-data; boundary=zz", b"--zz\r\nbroken\r\n\r\n"),
        sent(form, "application/x-www-form-urlencoded", "csrf=é&name=\x00".encode()),
        (form + "Transfer-Encoding: chunked\r\n\r\nzz\r\n").encode(),
    ]
    for raw in hostile:
        answer = served.ask(raw)
        status = answer.split(b" ", 2)[1] if answer.startswith(b"HTTP/1.") else b""
        assert status[:1] in (b"3", b"4"), (raw[:80], answer[:200])
    slow.settimeout(30)
    answer = slow.recv(65536)
    slow.close()
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert served.get().startswith(b"HTTP/1.1 200 ")
    assert "Traceback" not in served.log.read_text()


def test_serve_raises_its_own_limit_on_open_files_where_allowed(tmp_path: Path) -> None:
    with serving(tmp_path, FILES, 8 * FILES) as running:
        limits = Path(f"/proc/{running.process.pid}/limits").read_text()
        soft = re.search(r"Max open files\s+(\d+)\s+(\d+)", limits)
        assert soft is not None and int(soft.group(1)) == 8 * FILES  # up to the hard limit
        assert running.get().startswith(b"HTTP/1.1 200 ")
