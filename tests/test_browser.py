"""The attendee pages in a real browser: Debian's chromium, headless, driven
by Playwright, against the real ``matchmaker serve`` on loopback. Phones of
360×740 and 390×844 with touch only (taps, and touch drags to scroll), text
as a soft keyboard commits it (an accented name, an autocorrect
replacement); axe-core on every page; the intake as a screen reader reads
it; every page with JavaScript off. A screenshot of each step.

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
from matchmaker.core.orientation import Orientation
from matchmaker.core.profiles import Profile
from matchmaker.core.questions import ASK, CONTRIBUTE_MORE, WHAT_NEXT, WHAT_WENT_WRONG
from matchmaker.service.self_service import NO_CODE, SAME_NAME
from matchmaker.service.workspace import DEMO_EVENT, Workspace

CHROMIUM = Path("/usr/bin/chromium")
PHONES = {"phone-360": (360, 740), "phone": (390, 844)}

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install chromium first (apt-get install -y chromium)")
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium); "
        "CI installs it and runs them",
        allow_module_level=True,
    )

from axe_playwright_python.sync_playwright import Axe  # noqa: E402 - only once chromium is there
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright  # noqa: E402


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
        drain.join(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


def phone(browser: Browser, size: tuple[int, int], javascript: bool = True) -> Page:
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height},
        has_touch=True,
        is_mobile=True,
        java_script_enabled=javascript,
    )
    context.set_default_timeout(20_000)
    return context.new_page()


def shots_folder(tmp_path: Path) -> Path:
    """docs/screenshots when MATCHMAKER_SCREENSHOTS is set (to refresh the
    committed ones), else the test's own folder."""
    wanted = os.environ.get("MATCHMAKER_SCREENSHOTS")
    return Path(wanted) if wanted else tmp_path


def in_view(page: Page, target: Locator) -> bool:
    box = target.bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 0
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def drag(page: Page, distance: float) -> None:
    """A finger drawn up the screen by ``distance`` pixels (down if negative),
    held still before it lifts so the page does not fling on."""
    cdp = page.context.new_cdp_session(page)
    x, y = 180, 500 if distance > 0 else 200
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        point = {"x": x, "y": y - distance * step / 10}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    page.wait_for_timeout(150)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(100)
    cdp.detach()


def swipe_to(page: Page, target: Locator) -> None:
    """Drag a finger across the screen until ``target`` is in view: the
    browser's own touch scrolling, as on a phone."""
    height = page.viewport_size["height"] if page.viewport_size else 0
    for _ in range(60):
        if in_view(page, target):
            return
        box = target.bounding_box()
        assert box is not None
        middle = box["y"] + box["height"] / 2 - height / 2
        drag(page, max(-250.0, min(250.0, middle)))
    raise AssertionError(f"swiping never brought {target} into view")


def tap(page: Page, target: Locator) -> None:
    """A finger on the middle of ``target``, once it has been swiped into view."""
    swipe_to(page, target)
    box = target.bounding_box()
    assert box is not None
    assert box["height"] >= 44 or target.evaluate("e => e.type") in ("checkbox", "radio")
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def go(page: Page, target: Locator) -> None:
    """Tap a link or a form's button, and wait for the page it leads to."""
    with page.expect_navigation():
        tap(page, target)


def type_in(page: Page, target: Locator, text: str) -> None:
    """Tap the field, and commit ``text`` as a soft keyboard does (one input
    event per word, not key presses)."""
    tap(page, target)
    for word in re.split(r"(?<= )", text):
        page.keyboard.insert_text(word)


def autocorrect(page: Page, target: Locator, wrong: str, right: str) -> None:
    """What a phone's autocorrect does: select the typed word and replace it."""
    target.evaluate(
        "(e, wrong) => { const at = e.value.lastIndexOf(wrong); "
        "e.setSelectionRange(at, at + wrong.length); }",
        wrong,
    )
    page.keyboard.insert_text(right)


def wait_for_matches(page: Page) -> None:
    """Reload "my matches" until serve's book keeper has worked them out
    (within a second or two)."""
    for _ in range(30):
        if page.locator("li.match").count():
            return
        page.wait_for_timeout(500)
        page.reload()


def no_serious_violations(page: Page) -> None:
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {serious}"


def side_by_side(browser: Browser, folder: Path, device: str) -> None:
    """The steps in one picture (the README's), drawn by the browser on a
    blank page (ours forbid images from elsewhere)."""
    page = browser.new_page()
    steps = sorted(folder.glob(f"attendee-{device}-?-*.png"))
    images = "".join(
        f'<img style="width:390px" src="data:image/png;base64,'
        f'{base64.b64encode(step.read_bytes()).decode()}">'
        for step in steps
    )
    page.set_viewport_size({"width": len(steps) * (390 + 16) + 16, "height": 844 + 32})
    page.set_content(
        f'<body style="margin:0;padding:16px;display:flex;gap:16px;background:#ddd">{images}'
    )
    page.wait_for_timeout(300)
    page.screenshot(path=folder / f"attendee-{device}.png")
    page.close()


@pytest.mark.parametrize("device", list(PHONES))
def test_a_phone_joins_by_touch_and_answers_the_process_questions(
    served: tuple[str, Workspace], browser: Browser, device: str, tmp_path: Path
) -> None:
    link, workspace = served
    folder = shots_folder(tmp_path)
    name = f"José Ñandú {PHONES[device][0]}"
    page = phone(browser, PHONES[device])
    page.goto(link)
    page.screenshot(path=folder / f"attendee-{device}-1-join.png")
    type_in(page, page.get_by_label("Your name"), name)
    go(page, page.get_by_role("button", name="Start"))
    page.wait_for_url("**/intake")
    email = page.get_by_label("Email (optional)")
    assert email.get_attribute("autocomplete") == "email"
    type_in(page, email, f"{device}@example.org")
    brings = page.get_by_label("What brings you here?")
    type_in(page, brings, "Switching careers into teh")
    autocorrect(page, brings, "teh", "the")
    page.keyboard.insert_text(" data world.")
    type_in(page, page.get_by_label("What would you like to learn?"), "SQL; Python")
    tap(page, page.get_by_label(re.compile("^Furthering my own interests")))
    page.screenshot(path=folder / f"attendee-{device}-2-intake.png")
    for question, answer in (("long, open-ended", "fun"), ("twice as long", "not mind much")):
        group = page.get_by_role("group", name=re.compile(question))
        tap(page, group.get_by_label(answer, exact=True))
    last = page.get_by_role("group", name=re.compile("At the end"))
    tap(page, last.get_by_label("the time we spent together"))
    assert last.get_by_label("the time we spent together").is_checked()
    page.screenshot(path=folder / f"attendee-{device}-3-questions.png")
    go(page, page.get_by_role("button", name="Save my answers"))
    page.wait_for_url("**/code")
    page.screenshot(path=folder / f"attendee-{device}-4-code.png")
    go(page, page.get_by_role("link", name="See my matches"))
    wait_for_matches(page)
    assert page.locator("li.match").count() == 5
    page.screenshot(path=folder / f"attendee-{device}-5-matches.png")
    swipe_to(page, page.get_by_role("link", name="Back to my page"))  # the list's end, by touch
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONES[device][0]
    page.context.close()
    if device == "phone":
        side_by_side(browser, folder, device)
    person = next(p for p in workspace.people(DEMO_EVENT) if p.name == name)
    assert person.status is Status.PRESENT  # arrivals through the link are checked in
    assert person.profile.email == f"{device}@example.org"
    assert person.profile.brings_me == "Switching careers into the data world."
    assert person.profile.want_to_learn == ("SQL", "Python")
    assert person.profile.orientation is Orientation.LEANS_PROCESS  # from all three answers
    assert "own-interests" in person.profile.motivations


def seat_everyone_with_a_timer(workspace: Workspace) -> None:
    """What the organiser does on the board: everyone in, a round, its timer."""
    session = workspace.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people])
    session.pair_and_save()
    session.start_timer(session.event.saved_round().number, 15)  # type: ignore[union-attr]


@pytest.mark.parametrize("javascript", [False, True], ids=["javascript-off", "axe"])
def test_every_page_by_plain_links_and_forms(
    served: tuple[str, Workspace], browser: Browser, javascript: bool
) -> None:
    """Each page, reached by plain links and forms, with JavaScript off; and
    the same pages (errors shown too, and a wish) checked by axe-core at
    390×844, which needs JavaScript to run: no serious or critical violation."""
    link, workspace = served
    name = "Nadia No-Script" if not javascript else "Axel Axe"
    check = no_serious_violations if javascript else (lambda page: None)
    page = phone(browser, PHONES["phone" if javascript else "phone-360"], javascript=javascript)
    page.goto(link)
    check(page)
    type_in(page, page.get_by_label("Your name"), "   ")  # nothing visible: the problem shown
    go(page, page.get_by_role("button", name="Start"))
    assert page.get_by_label("Your name").get_attribute("aria-invalid") == "true"
    check(page)
    page.get_by_label("Your name").fill("")
    type_in(page, page.get_by_label("Your name"), name)
    go(page, page.get_by_role("button", name="Start"))
    check(page)
    type_in(page, page.get_by_label("Email (optional)"), "not-an-email")
    languages = page.get_by_label(ASK["languages"])
    type_in(page, languages, "English, " + "Esperanto" * 10)  # one language too long
    tap(page, page.get_by_label(ASK["access"]))
    tap(page, page.get_by_label(ASK["host"]))
    type_in(
        page, page.get_by_label(re.compile("Only the organiser sees this")), "Step-free, please"
    )
    go(page, page.get_by_role("button", name="Save my answers"))
    email = page.get_by_label("Email (optional)")
    assert email.get_attribute("aria-describedby") == "email-problem"
    assert "not an email" in page.locator("#email-problem").inner_text()
    assert languages.get_attribute("aria-describedby") == "languages-hint languages-problem"
    assert languages.get_attribute("aria-invalid") == "true"
    assert page.get_by_label(ASK["host"]).is_checked()  # what was typed is shown again
    check(page)
    email.fill("")
    languages.fill("English; Esperanto")
    tap(page, page.get_by_label(ASK["access"]))  # untick: no table here is step-free
    go(page, page.get_by_role("button", name="Save my answers"))
    page.wait_for_url("**/code")
    check(page)
    saved = next(p for p in workspace.people(DEMO_EVENT) if p.name == name).profile
    assert (saved.languages, saved.access, saved.host) == (("English", "Esperanto"), False, True)
    assert saved.notes == "Step-free, please"
    go(page, page.get_by_role("link", name="My page"))
    check(page)
    seat_everyone_with_a_timer(workspace)
    for link_name, shows in (
        ("My matches", f"Best matches for {name}"),
        ("My table", "ends at"),
        ("Round feedback", "How did round"),
        ("After the evening", CONTRIBUTE_MORE),
        ("My history", "This is your first event with us."),
    ):
        go(page, page.get_by_role("link", name=link_name))
        assert shows in page.locator("main").inner_text()
        check(page)
        page.go_back()  # Back works: every page is a plain GET
    go(page, page.get_by_role("link", name="My matches"))
    wait_for_matches(page)
    go(page, page.get_by_role("button", name=re.compile("^Ask to meet")).first)
    assert "You asked to meet" in page.locator("main").inner_text()  # a wish, by a plain form
    check(page)
    go(page, page.get_by_role("link", name="Back to my page"))
    go(page, page.get_by_role("link", name="Round feedback"))
    tap(page, page.get_by_label("1 · poor"))
    go(page, page.get_by_role("button", name="Send my feedback"))
    assert WHAT_WENT_WRONG in page.locator("main").inner_text()  # asked before it is saved
    check(page)
    go(page, page.get_by_role("button", name="Send my feedback"))  # nothing chosen
    assert page.locator("#reason").get_attribute("aria-invalid") == "true"
    check(page)
    tap(page, page.get_by_label("Something else"))
    go(page, page.get_by_role("button", name="Send my feedback"))
    assert "Your feedback is saved" in page.locator("main").inner_text()
    go(page, page.get_by_role("link", name="After the evening"))
    type_in(page, page.get_by_label(WHAT_NEXT), "Coffee with my table next week")
    go(page, page.get_by_role("button", name="Send my answers"))
    assert "Your answers are saved" in page.locator("main").inner_text()
    me = next(p for p in workspace.people(DEMO_EVENT) if p.name == name)
    assert workspace.self_service(DEMO_EVENT).my_follow_up(me.id)[1].startswith("Coffee")
    page.reload()  # a reload keeps them signed in (the cookie), and posts nothing again
    assert f"Hello, {name}!" in page.locator("main").inner_text()
    page.context.close()


def test_the_table_counts_down_live_with_javascript(
    served: tuple[str, Workspace], browser: Browser
) -> None:
    link, workspace = served
    page = phone(browser, PHONES["phone"])
    page.goto(link)
    type_in(page, page.get_by_label("Your name"), "Lia Live")
    go(page, page.get_by_role("button", name="Start"))
    go(page, page.get_by_role("button", name="Save my answers"))
    page.goto(f"{link}/table")
    assert "No table for you yet" in page.locator("#where").inner_text()
    seat_everyone_with_a_timer(workspace)
    expect(page.locator("#where")).to_have_text(re.compile("^Round"))  # no reload: polled
    first = page.locator("#timer").inner_text()
    expect(page.locator("#timer")).not_to_have_text(first)  # the countdown ticks
    assert "left" in page.locator("#timer").inner_text()
    page.context.close()


def test_the_intake_reads_well_to_a_screen_reader(
    served: tuple[str, Workspace], browser: Browser
) -> None:
    link, _ = served
    page = phone(browser, PHONES["phone"])
    page.goto(link)
    type_in(page, page.get_by_label("Your name"), "Ravi Reader")
    go(page, page.get_by_role("button", name="Start"))
    tree = page.locator("body").aria_snapshot()
    assert "- banner:" in tree and "- main:" in tree
    assert '- heading "Welcome, Ravi Reader! A few questions, then your matches." [level=1]' in tree
    assert '- textbox "Your name": Ravi Reader' in tree
    assert '- checkbox "Share my email with the people I am matched with"' in tree
    assert '- group "A long, open-ended project with no fixed deliverable sounds …"' in tree
    for choice in ("fun", "fine", "frustrating"):
        assert f'- radio "{choice}"' in tree
    assert re.search(r'- checkbox "Furthering my own interests — [^"]{20,}"', tree)
    assert '- combobox "Your main reason for coming (optional)"' in tree
    assert '- button "Save my answers"' in tree
    assert f'- textbox "{ASK["languages"]}"' in tree
    assert f'checkbox "{ASK["access"]}"' in tree and f'- checkbox "{ASK["host"]}"' in tree
    assert re.search(r'- textbox "Anything else we should know\? Only the organiser', tree)
    assert page.get_by_role("checkbox").count() == 23  # consent, access, host, 20 motivations
    page.context.close()


def test_a_stranger_cannot_take_over_a_signed_up_profile(
    served: tuple[str, Workspace], browser: Browser
) -> None:
    """Noor signed up with an email, Lin without one: a stranger typing their
    names (with a guessed email, and a guessed code) gets one answer and
    changes nothing; Lin comes in with the code the organiser gives her at
    the door, and sees her sign-up answers."""
    link, workspace = served
    session = workspace.session(DEMO_EVENT)
    lin = session.save_profile(Profile("Lin Quiet", brings_me="Learning to sketch"))
    noor = next(p for p in workspace.people(DEMO_EVENT) if p.name == "Noor Haddad")
    page = phone(browser, PHONES["phone"])
    page.goto(link)
    answers = set()
    for name, email in (("Noor Haddad", ""), ("Noor Haddad", "x@evil.example"), ("Lin Quiet", "")):
        page.get_by_label("Your name").fill(name)
        page.get_by_label(re.compile("The email you used")).fill(email)
        go(page, page.get_by_role("button", name="Start"))
        answers.add(page.locator("#name-problem").inner_text())
    assert answers == {SAME_NAME}
    type_in(page, page.get_by_label("Your personal code"), "ABCD-EFGH")
    go(page, page.get_by_role("button", name="Sign in"))
    assert "not right" in page.locator("#code-problem").inner_text()
    page.context.close()
    attendees = workspace.self_service(DEMO_EVENT)
    for before in (noor, lin):
        assert attendees.person(before.id) == before  # nothing changed, no code issued
        with workspace.store.reading() as tx:
            assert not tx.has_code(before.id)
    code = session.give_code(lin.id)  # the organiser, seeing her at the door (ctrl+k)
    page = phone(browser, PHONES["phone"])
    page.goto(link)
    assert NO_CODE in page.locator("main").inner_text()
    type_in(page, page.get_by_label("Your personal code"), code)
    go(page, page.get_by_role("button", name="Sign in"))
    assert "Hello, Lin Quiet!" in page.locator("main").inner_text()
    go(page, page.get_by_role("link", name="Edit my answers"))
    assert page.get_by_label("What brings you here?").input_value() == "Learning to sketch"
    page.context.close()


def test_ci_installs_chromium_before_the_tests() -> None:
    script = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y chromium" in script
    assert shutil.which("chromium") or CHROMIUM.exists()
