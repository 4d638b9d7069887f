"""A thousand attendees through ``matchmaker serve`` on an event of a
thousand people: simulated phones (aiohttp clients on loopback, each from
an address of its own, as phones on the Wi-Fi are) arrive over a minute and
each join, fill the intake (with the process-or-result questions), look at
their matches, and — once the organiser has seated a round — rate their
table. Reports the 95th percentile of page times, the server's peak memory
(RSS), and that everyone was saved and nobody lost; then the figures of the
terminal-in-browser pages this replaced, for comparison.

Run by ``run_all.py``; on its own: ``python -m bench.attendee_serve [ATTENDEES]``."""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import aiohttp

from bench.synth import people
from bench.timing import Figure, record
from matchmaker.core.model import Status
from matchmaker.service.workspace import Workspace

ATTENDEES = 1_000
ALREADY = 1_000  # people of the event before the doors open (signed up, not joined)
ARRIVALS = 60.0  # seconds over which the attendees arrive
THINK = (0.5, 1.5)  # seconds an attendee takes between two pages
EVENT = "Bench night"
# What the terminal-in-browser pages (textual-serve) measured in their last
# run, before these pages replaced them (README, run of 2026-12-04): one
# process per attendee, capped at 60 at once.
BEFORE = (
    "terminal in the browser (textual-serve), last measured 2026-12-04: 50 attendees "
    "joined and saved in 24.8 s (each waited a median 22.3 s), 50 MB per attendee's "
    "process (60 at most at once: ~3 GB for 60)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kinds(failures: list[BaseException]) -> str:
    """How many failed how (``attendee 13: ...`` counted once per kind)."""
    counted = Counter(re.sub(r"attendee \d+: ", "", repr(f))[:120] for f in failures)
    return "; ".join(f"{n} x {kind}" for kind, n in counted.most_common(5))


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (serve's match-book keeper)."""
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


class Phone:
    """One attendee's browser: its own address, its cookies, and the time
    each page took."""

    def __init__(self, link: str, number: int, times: list[float], paths: list[str]) -> None:
        self.link, self.number, self.times, self.paths = link, number, times, paths
        self.origin = "/".join(link.split("/", 3)[:3])
        address = f"127.{1 + number // 250}.{number % 250}.{1 + number % 7}"
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=(address, 0)),
            cookie_jar=aiohttp.CookieJar(unsafe=True),
        )
        self.csrf = ""

    async def page(self, method: str, path: str, form: dict[str, str] | None = None) -> str:
        started = time.perf_counter()
        data = {"csrf": self.csrf, **form} if form is not None else None
        headers = {"Origin": self.origin} if method == "POST" else None
        async with self.session.request(
            method, self.link + path, data=data, headers=headers
        ) as response:
            text = await response.text()
            if response.status != 200:
                raise RuntimeError(f"attendee {self.number}: {path} answered {response.status}")
        self.times.append(time.perf_counter() - started)
        self.paths.append(f"{method} {path or '/'}")
        if found := re.search(r'name="csrf" value="([^"]+)"', text):
            self.csrf = found.group(1)
        return text

    async def think(self) -> None:
        await asyncio.sleep(random.uniform(*THINK))


async def attend(phone: Phone, seated: asyncio.Event, found: list[int], looked: list[int]) -> None:
    await asyncio.sleep(random.uniform(0, ARRIVALS))
    await phone.page("GET", "")
    await phone.think()
    await phone.page("POST", "/join", {"name": f"Bench Attendee {phone.number}"})
    await phone.think()
    await phone.page(
        "POST",
        "/intake",
        {
            "name": f"Bench Attendee {phone.number}",
            "want_to_learn": random.choice(["SQL", "Python; Rust", "public speaking"]),
            "interests": random.choice(["cycling", "chess; go", "data visualisation"]),
            "motivations": "own-interests",
            "q0": str(phone.number % 3),
            "q1": "1",
            "q2": str((phone.number // 3) % 3),
        },
    )
    await phone.think()
    if '<li class="match" ' in await phone.page("GET", "/matches"):
        found.append(phone.number)  # their matches were there at their first look
    looked.append(phone.number)
    await seated.wait()
    await asyncio.sleep(random.uniform(0, ARRIVALS))  # the round ends; each rates in their time
    text = await phone.page("GET", "/feedback")
    number = re.search(r'name="round" value="(\d+)"', text)
    if number is None:
        raise RuntimeError(f"attendee {phone.number}: no table to rate")
    await phone.page("POST", "/feedback", {"round": number.group(1), "rating": "4"})


async def run(attendees: int) -> None:
    random.seed(7)
    with tempfile.TemporaryDirectory(prefix="matchmaker-bench-") as folder:
        workspace = Workspace.at(Path(folder) / "store.json")
        workspace.create_event(EVENT)
        with workspace.store.transaction() as tx:
            for profile in people(ALREADY):
                tx.add_person(EVENT, profile)
        port = free_port()
        command = [sys.executable, "-m", "matchmaker", "--db", str(workspace.path), "serve"]
        server = subprocess.Popen(
            [*command, "--event", EVENT, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
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
            times: list[float] = []
            paths: list[str] = []
            phones = [Phone(link, n, times, paths) for n in range(attendees)]
            seated = asyncio.Event()
            found: list[int] = []
            looked: list[int] = []
            started = time.perf_counter()
            visits = [asyncio.create_task(attend(phone, seated, found, looked)) for phone in phones]
            await asyncio.sleep(ARRIVALS + 3 * THINK[1])
            while len(looked) + sum(v.done() for v in visits) < attendees:
                await asyncio.sleep(
                    0.5
                )  # everyone has saved and looked at their matches (or failed)
            session = workspace.session(EVENT)  # the organiser seats a round
            session.check_in([p.id for p in session.event.people])
            session.pair_and_save()
            seated.set()
            failures = [r for r in await asyncio.gather(*visits, return_exceptions=True) if r]
            elapsed = time.perf_counter() - started
            rss = peak_rss_mb(server.pid)
            keeper = sum(peak_rss_mb(child) for child in children(server.pid))
            cpu = cpu_seconds(server.pid)
            keeper_cpu = sum(cpu_seconds(child) for child in children(server.pid))
            for phone in phones:
                await phone.session.close()
        finally:
            server.kill()  # whatever it is doing: the figures are taken
            server.wait(timeout=30)
        joined = [p for p in workspace.people(EVENT) if p.name.startswith("Bench Attendee ")]
        complete = [
            p for p in joined if p.status is Status.PRESENT and p.profile.orientation is not None
        ]
        ratings = len(workspace.session(EVENT).reload().ratings)
        p95 = statistics.quantiles(times, n=20)[-1] * 1000
        print(
            f"{attendees} attendees over {ARRIVALS:.0f} s, {len(times):,} pages in {elapsed:.1f} s: "
            f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95:.0f} ms, "
            f"slowest {max(times) * 1000:.0f} ms; server peak RSS {rss:.0f} MB "
            f"(its match-book keeper, a process of its own: {keeper:.0f} MB); "
            f"CPU: server {cpu:.1f} s, keeper {keeper_cpu:.1f} s, the phones (this process) "
            f"{time.process_time():.1f} s; load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"saved with their answers: {len(complete)} of {attendees}; failures: {len(failures)}"
            f"{' (' + kinds(failures) + ')' if failures else ''}; ratings stored: {ratings}; "
            f"matches there at the first look: {len(found)} of {attendees}"
        )
        for path in sorted(set(paths)):
            mine = [t for t, p in zip(times, paths, strict=True) if p == path]
            print(
                f"  {path}: median {statistics.median(mine) * 1000:.0f} ms, "
                f"slowest {max(mine) * 1000:.0f} ms"
            )
        print(f"before: {BEFORE}")
        lost = attendees - len(complete) + len(failures)
        reference = f"before: {BEFORE}"
        record(
            Figure(
                f"{attendees} attendees' pages, nothing lost: p95",
                p95 if not lost else float("inf"),
                "ms",
                300,
                reference,
            )
        )
        record(Figure(f"server peak memory, {attendees} attendees", rss, "MB", 300, reference))


if __name__ == "__main__":
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else ATTENDEES))
