"""Fifty attendees at once through ``matchmaker serve``: simulated browsers
(websocket clients on loopback, bounded in count and time) each join with
their name and save their intake. Reports the time until every save is in,
the memory (RSS) of each attendee session's process while all are open,
whether any of them loaded numpy, and that nothing was lost.

Run by ``run_all.py``; on its own: ``python -m bench.attendee_serve [CLIENTS]``."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp

from bench.timing import Figure, record
from matchmaker.core.model import Status
from matchmaker.service.workspace import DEMO_EVENT, Workspace

CLIENTS = 50
STEP_TIMEOUT = 90.0  # seconds for one client's step; the whole run is bounded by these


def wait_for(port: int) -> None:
    """Until the server listens (it prints its link just before)."""
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def attendee(session: aiohttp.ClientSession, link: str, number: int) -> float:
    """Join, save the intake, and hold the session open; seconds to the code."""
    origin = link.split("/", 3)[:3]
    started = time.perf_counter()
    socket_ = await session.ws_connect(
        f"{link}/ws?width=40&height=40".replace("http", "ws", 1),
        headers={"Origin": "/".join(origin)},
    )
    seen = ""

    async def until(text: str) -> None:
        nonlocal seen
        while text not in seen:
            message = await asyncio.wait_for(socket_.receive(), STEP_TIMEOUT)
            if message.type != aiohttp.WSMsgType.BINARY:
                raise RuntimeError(f"attendee {number}: the session closed ({message.type})")
            seen = seen[-4000:] + message.data.decode("utf-8", "replace")

    await until("New here?")
    await socket_.send_json(["stdin", f"Bench Attendee {number}\r"])
    await until("Email (optional)")
    await asyncio.sleep(0.3)  # the form has focused its first field
    await socket_.send_json(["stdin", "\x13"])  # ctrl+s
    await until("Saved!")
    took = time.perf_counter() - started
    attendee.sockets.append(socket_)  # type: ignore[attr-defined]
    return took


attendee.sockets = []  # type: ignore[attr-defined]


def session_processes(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                children.append(int(entry.name))
    return children


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def loaded(pid: int, library: str) -> bool:
    return library in Path(f"/proc/{pid}/maps").read_text()


async def run(clients: int) -> None:
    with tempfile.TemporaryDirectory(prefix="matchmaker-bench-") as folder:
        store = Path(folder) / "store.json"
        workspace = Workspace.at(store)
        workspace.load_demo()
        before = len(workspace.people(DEMO_EVENT))
        port = free_port()
        command = [sys.executable, "-m", "matchmaker", "--db", str(store), "serve"]
        server = subprocess.Popen(
            [*command, "--event", DEMO_EVENT, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert server.stdout is not None
            link = next(
                m.group(0)
                for line in server.stdout
                if (m := re.search(r"http://\S+/[\w-]{20,}", line))
            )
            threading.Thread(target=server.stdout.read, daemon=True).start()  # never a full pipe
            wait_for(port)
            started = time.perf_counter()
            async with aiohttp.ClientSession() as session:
                times = await asyncio.gather(*(attendee(session, link, n) for n in range(clients)))
                elapsed = time.perf_counter() - started
                sessions = session_processes(server.pid)
                sizes = [rss_mb(pid) for pid in sessions]
                numpy = sum(loaded(pid, "numpy") for pid in sessions)
                for socket_ in attendee.sockets:  # type: ignore[attr-defined]
                    await socket_.close()
            people = workspace.people(DEMO_EVENT)
            joined = [p for p in people if p.name.startswith("Bench Attendee ")]
            present = sum(p.status is Status.PRESENT for p in joined)
            print(
                f"{clients} attendees joined and saved in {elapsed:.1f} s "
                f"(each: median {statistics.median(times):.1f} s, slowest {max(times):.1f} s)"
            )
            print(
                f"session processes: {len(sessions)}, RSS median {statistics.median(sizes):.0f} MB, "
                f"max {max(sizes):.0f} MB; with numpy loaded: {numpy}"
            )
            print(
                f"saved: {len(joined)} of {clients} (checked in: {present}); "
                f"everyone before kept: {len(people) - len(joined) == before}"
            )
            lost = clients - len(joined) + abs(len(people) - len(joined) - before)
            reference = f"each attendee's own wait: median {statistics.median(times):.1f} s"
            seconds = elapsed if not lost else float("inf")
            record(
                Figure(
                    f"{clients} attendees join and save, nothing lost", seconds, "s", 60, reference
                )
            )
            record(Figure("memory per attendee session (max RSS)", max(sizes), "MB", 80, reference))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_FPS", "30")
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else CLIENTS))
