"""The served attendee app in a real browser: Debian's chromium, headless,
driven by Playwright. A phone (390×844) and a laptop open the printed join
link, fill the intake, and see their own matches; a screenshot of each step.

Outside CI these tests skip when chromium is not installed (CI installs it)."""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchmaker.core.model import Status
from matchmaker.service.workspace import DEMO_EVENT, Workspace

CHROMIUM = Path("/usr/bin/chromium")
# The page's websocket, watched: what the app sends is what the terminal shows.
WATCH_SOCKET = """
const Native = window.WebSocket;
window.received = "";
window.WebSocket = function (url, protocols) {
  const socket = new Native(url, protocols);
  socket.addEventListener("message", async (event) => {
    const data = event.data;
    window.received += typeof data === "string" ? data
      : new TextDecoder().decode(data instanceof Blob ? await data.arrayBuffer() : data);
  });
  return socket;
};
window.WebSocket.prototype = Native.prototype;
"""
SIZES = {"phone": (390, 844), "laptop": (1280, 800)}

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install chromium first (apt-get install -y chromium)")
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium); "
        "CI installs it and runs them",
        allow_module_level=True,
    )

from playwright.sync_api import Page, sync_playwright  # noqa: E402 - only once chromium is there
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Workspace]]:
    """``matchmaker serve`` on the demo event, and the join link it printed."""
    store = tmp_path_factory.mktemp("served") / "store.json"
    workspace = Workspace.at(store)
    workspace.load_demo()
    command = [sys.executable, "-m", "matchmaker", "--db", str(store), "serve"]
    server = subprocess.Popen(
        [*command, "--event", DEMO_EVENT, "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    link = None
    for line in server.stdout:
        if found := re.search(r"http://127\.0\.0\.1:\d+/[\w-]+", line):
            link = found.group(0)
            break
    assert link is not None, "serve printed no join link"
    log = (store.parent / "serve.log").open("w", encoding="utf-8")  # a full pipe would stall it
    drain = threading.Thread(target=shutil.copyfileobj, args=(server.stdout, log), daemon=True)
    drain.start()
    try:
        yield link, workspace
    finally:
        server.terminate()
        server.wait(timeout=20)
        drain.join(timeout=20)  # the pipe ends with the server: the last lines are written
        log.close()


def shots_folder(tmp_path: Path) -> Path:
    """docs/screenshots when MATCHMAKER_SCREENSHOTS is set (to refresh the
    committed ones), else the test's own folder."""
    wanted = os.environ.get("MATCHMAKER_SCREENSHOTS")
    return Path(wanted) if wanted else tmp_path


def shows(page: Page, *texts: str, timeout: float = 30_000) -> None:
    """Wait until the app has sent all of ``texts`` since the last wait, and
    the screen is ready for keys (its first frame comes before it has
    focused its first field)."""
    page.wait_for_function(
        "texts => texts.every(text => window.received.includes(text))", arg=texts, timeout=timeout
    )
    page.evaluate("window.received = ''")
    page.wait_for_timeout(600)


def press_until(page: Page, key: str, *texts: str) -> None:
    """Press ``key`` until the next screen shows ``texts``: a key that came
    while a screen was still mounting (a loaded machine) is pressed again,
    as a person would."""
    for _ in range(2):
        page.keyboard.press(key)
        try:
            shows(page, *texts, timeout=10_000)
            return
        except PlaywrightTimeout:
            continue
    page.keyboard.press(key)
    shows(page, *texts)


def side_by_side(page: Page, folder: Path, device: str) -> None:
    """The four steps in one picture (the README's), drawn by the browser."""
    steps = sorted(folder.glob(f"attendee-{device}-?-*.png"))
    images = "".join(
        f'<img src="data:image/png;base64,{base64.b64encode(step.read_bytes()).decode()}">'
        for step in steps
    )
    page.set_viewport_size({"width": 4 * 390 + 5 * 16, "height": 844 + 32})
    page.set_content(
        f'<body style="margin:0;padding:16px;display:flex;gap:16px;background:#fff">{images}'
    )
    page.wait_for_timeout(300)
    page.screenshot(path=folder / f"attendee-{device}.png")


def tab(page: Page) -> None:
    """Tab as the terminal types it (the browser would move its own focus)."""
    page.wait_for_timeout(200)  # what was typed before has reached the app
    page.keyboard.insert_text("\t")
    page.wait_for_timeout(200)


@pytest.mark.parametrize("device", list(SIZES))
def test_join_fill_the_intake_and_see_my_matches(
    served: tuple[str, Workspace], device: str, tmp_path: Path
) -> None:
    link, workspace = served
    folder = shots_folder(tmp_path)
    name = f"Browser {device.title()}"
    width, height = SIZES[device]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page(viewport={"width": width, "height": height})
        page.add_init_script(WATCH_SOCKET)
        page.goto(link)
        shows(page, "New here? Your name:")
        page.focus(".xterm-helper-textarea")
        page.screenshot(path=folder / f"attendee-{device}-1-join.png")
        page.keyboard.type(name)
        shows(page, name)
        press_until(page, "Enter", "Email (optional)")
        page.keyboard.press("Enter")  # on to the email …
        page.wait_for_timeout(
            300
        )  # … once the form has moved there (keys typed sooner stay behind)
        page.keyboard.type(f"{device}@example.org")
        for answer in ("", "Switching careers into data.", "Feedback on talks.", "", "SQL; Python"):
            tab(page)  # the consent box, then one question after another
            if answer:
                page.keyboard.type(answer)
                shows(page, answer)  # in its field before the next tab
        page.screenshot(path=folder / f"attendee-{device}-2-intake.png")
        press_until(page, "Control+s", "Saved! Your personal code")
        page.screenshot(path=folder / f"attendee-{device}-3-code.png")
        # "See my matches", the one button; cards: the matches serve worked out
        press_until(page, "Enter", f"Best matches for {name}", "shared topics")
        page.screenshot(path=folder / f"attendee-{device}-4-matches.png")
        if device == "phone":
            side_by_side(page, folder, device)
        browser.close()
    person = next(p for p in workspace.people(DEMO_EVENT) if p.name == name)
    assert person.status is Status.PRESENT  # arrivals through the link are checked in
    assert person.profile.email == f"{device}@example.org"
    assert person.profile.want_to_learn == ("SQL", "Python")


def test_ci_installs_chromium_before_the_tests() -> None:
    script = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y chromium" in script
    assert shutil.which("chromium") or CHROMIUM.exists()
