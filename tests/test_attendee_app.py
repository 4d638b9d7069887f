"""The attendee app driven like an attendee (and an organiser at the kiosk):
join, intake, the code shown once, my matches, my table, feedback; hostile
names shown literally; nothing of the organiser's app reachable."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from matchmaker.attendee.app import AttendeeApp, Mode
from matchmaker.attendee.screens import CodeScreen, HomeScreen, IntakeScreen, JoinScreen, PinScreen
from matchmaker.attendee.views import FeedbackScreen, MatchesScreen, TableScreen, WishRow
from matchmaker.core.model import PairRule, PersonId, Status
from matchmaker.core.pin_guard import PinGuard
from matchmaker.core.profiles import Profile
from matchmaker.core.questions import WISH_SAID
from matchmaker.service.self_service import SelfService
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.widgets.match_card import MatchCard
from matchmaker.widgets.score_bar import ScoreBar

PHONE = (40, 60)


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    return workspace


def text_of(app: AttendeeApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def join_as(pilot, name: str) -> None:
    app = pilot.app
    assert isinstance(app.screen, JoinScreen)
    box = app.screen.query_one("#join-name", Input)
    box.value = name
    box.focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_a_newcomer_joins_fills_the_intake_and_sees_their_matches(demo: Workspace) -> None:
    service = demo.self_service(DEMO_EVENT, arrive=True)
    app = AttendeeApp(service, Mode.OWN, address="198.51.100.7")
    async with app.run_test(size=PHONE) as pilot:
        await join_as(pilot, "Zoë Park")
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.query_one("#name", Input).value == "Zoë Park"
        app.screen.query_one("#want_to_learn", Input).value = "Python; SQL"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CodeScreen)
        code = app.screen.code
        assert app.person is not None and app.person.status is Status.PRESENT
        demo.refresh_book(service.event)  # what serve's book keeper does
        await pilot.click("#continue")
        await pilot.pause()
        assert isinstance(app.screen, MatchesScreen)
        cards = list(app.screen.query(MatchCard))
        assert len(cards) == 5
        for card in cards:  # each score's number shows, however narrow the phone
            bar = card.query_one(ScoreBar)
            shown = bar.render_line(0).text
            assert f"{card.match.score:>3}/100" in shown, shown
    assert service.sign_in(code, "elsewhere").name == "Zoë Park"


async def test_matches_wait_until_they_are_worked_out(demo: Workspace) -> None:
    service = demo.self_service(DEMO_EVENT)
    person = service.save(Profile("Zoë Park", interests=("Python",)), None).person
    app = AttendeeApp(service, Mode.OWN, person=person)
    async with app.run_test(size=PHONE) as pilot:
        await pilot.click("#go-matches")
        await pilot.pause()
        assert "Finding your matches" in text_of(app, "#matches-status")
        demo.refresh_book(service.event)
        for _ in range(100):  # the screen looks again every second
            if app.screen.query(MatchCard):
                break
            await pilot.pause(0.1)
        assert len(list(app.screen.query(MatchCard))) == 5


async def test_wishes_from_the_kiosk_and_ones_own_terminal_are_private(demo: Workspace) -> None:
    """Under each match (``me`` and the kiosk are this app): ask to meet them,
    or not to sit with them, and take it back; the other's screen says nothing."""
    service = demo.self_service(DEMO_EVENT)
    person = service.save(Profile("Zoë Park", interests=("Python",)), None).person
    demo.refresh_book(service.event)
    app = AttendeeApp(service, Mode.OWN, person=person)
    async with app.run_test(size=(60, 200)) as pilot:
        await pilot.click("#go-matches")
        await pilot.pause()
        rows = list(app.screen.query(WishRow))
        assert len(rows) == 5
        first, second = rows[0].match, rows[1].match
        await pilot.click(rows[0].query_one(".choose-wish"))
        await pilot.click(rows[1].query_one(".choose-decline"))
        await pilot.pause()
        assert service.wishes(person.id) == {
            first.person: PairRule.WISH,
            second.person: PairRule.DECLINE,
        }
        said = str(rows[0].query_one(".hint", Static).render())
        assert said == WISH_SAID["wish"].format(name=first.name)
        await pilot.click(rows[0].query_one(".choose-clear"))
        await pilot.pause()
        assert service.wishes(person.id) == {second.person: PairRule.DECLINE}
    other = service.person(PersonId(second.person))
    other = service.save(other.profile, other.id).person  # with a code of their own
    demo.refresh_book(service.event)
    app = AttendeeApp(service, Mode.OWN, person=other)
    async with app.run_test(size=(60, 200)) as pilot:
        await pilot.click("#go-matches")
        await pilot.pause()
        assert app.screen.query(MatchCard)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "You will not be seated" not in shown and "You asked" not in shown


async def test_bad_input_is_shown_under_its_field(demo: Workspace) -> None:
    service = demo.self_service(DEMO_EVENT, arrive=True)
    claim = service.start("Kai Andersen", "KAI@example.net").claim
    kai = service.save(Profile("Kai Andersen"), claim, claim=True)
    app = AttendeeApp(service, Mode.KIOSK, address="203.0.113.5")
    async with app.run_test(size=PHONE) as pilot:
        await pilot.click("#start")
        assert "type your name" in str(app.screen.query_one("#join-name-problem").render())
        await join_as(pilot, "kai andersen")
        assert "already on the list" in str(app.screen.query_one("#join-name-problem").render())
        app.screen.query_one("#join-code", Input).value = "nope"
        await pilot.click("#sign-in")
        await pilot.pause()
        assert "not right" in str(app.screen.query_one("#join-code-problem").render())
        await join_as(pilot, "Somebody New")
        app.screen.query_one("#email", Input).value = "not-an-email"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        assert "not an email" in str(app.screen.query_one("#email-problem").render())
    assert kai.code is not None


async def test_markup_in_a_name_is_shown_literally(demo: Workspace) -> None:
    service = demo.self_service(DEMO_EVENT)
    hostile = "[bold red]Mallory[/] \x1b[2J"
    person = service.save(Profile("[bold red]Mallory[/]"), None).person
    app = AttendeeApp(service, Mode.OWN, person=person)
    async with app.run_test(size=PHONE) as pilot:
        assert "[bold red]Mallory[/]" in text_of(app, "#home .heading")
        await pilot.click("#go-edit")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = hostile
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert service.person(person.id).name == "[bold red]Mallory[/] [2J"  # the escape dropped


async def test_my_table_and_feedback_from_the_home_screen(demo: Workspace) -> None:
    service = demo.self_service(DEMO_EVENT, arrive=True)
    person = service.save(Profile("Zoë Park", want_to_learn=("SQL",)), None).person
    session = demo.session(DEMO_EVENT)
    session.check_in([p.id for p in session.event.people])
    session.pair_and_save()
    session.start_timer(1, 15)
    app = AttendeeApp(service, Mode.OWN, person=person)
    async with app.run_test(size=PHONE) as pilot:
        await pilot.click("#go-table")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert text_of(app, "#table-where").startswith("Round 1 · Table ")
        assert "left" in text_of(app, "#table-timer")
        await pilot.click("#back")
        await pilot.click("#go-feedback")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.click("#rate-4")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert {r.rating for r in session.reload().ratings} == {4}


async def test_the_kiosk_starts_afresh_after_each_save_and_closes_only_with_the_pin(
    demo: Workspace,
) -> None:
    service = demo.self_service(DEMO_EVENT, arrive=True)
    app = AttendeeApp(service, Mode.KIOSK, address="kiosk", pin="424242")
    async with app.run_test(size=(80, 24)) as pilot:
        await join_as(pilot, "Walk In")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CodeScreen)
        await pilot.click("#continue")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen) and app.person is None
        assert app.screen.query_one("#join-name", Input).value == ""
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        pin = app.screen.query_one("#pin", Input)
        pin.value = "111111"
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert "not the PIN" in str(app.screen.query_one("#pin-problem").render())
        pin.value = "424242"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.is_running
    assert "Walk In" in {p.name for p in demo.people(DEMO_EVENT)}


async def test_an_idle_kiosk_forgets_its_attendee_and_ones_own_terminal_stays(
    demo: Workspace,
) -> None:
    service = demo.self_service(DEMO_EVENT, arrive=True)
    kiosk = AttendeeApp(service, Mode.KIOSK, pin="1", idle=60)
    async with kiosk.run_test(size=(80, 24)) as pilot:
        await join_as(pilot, "Half Way")
        kiosk.end_if_idle()
        assert isinstance(kiosk.screen, IntakeScreen)  # still at it
        kiosk.last_input -= 61
        kiosk.end_if_idle()
        await pilot.pause()
        assert isinstance(kiosk.screen, JoinScreen) and kiosk.is_running
    own = AttendeeApp(service, Mode.OWN, idle=60)
    async with own.run_test(size=PHONE) as pilot:
        own.last_input -= 61
        own.end_if_idle()
        await pilot.pause()
        assert own.is_running  # one's own terminal stays open


async def test_nothing_of_the_organisers_app_is_reachable(demo: Workspace) -> None:
    service: SelfService = demo.self_service(DEMO_EVENT)
    person = service.save(Profile("Zoë Park"), None).person
    app = AttendeeApp(service, Mode.OWN, person=person)
    async with app.run_test(size=PHONE) as pilot:
        for key in ("ctrl+p", "p", "i", "o", "n", "d", "question_mark", "j"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen), key
        labels = {str(b.label) for b in app.screen.query(Button)}
        assert labels == {
            "My matches",
            "My table",
            "Round feedback",
            "My history",
            "Edit my answers",
            "Quit",
        }


async def test_the_organiser_sees_the_join_link_and_its_qr_code_on_j(demo: Workspace) -> None:
    from matchmaker.ui.app import MatchmakerApp
    from matchmaker.ui.join import JoinLinkScreen, serve_command

    app = MatchmakerApp(demo, DEMO_EVENT)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JoinLinkScreen)
        command = serve_command(demo.path, DEMO_EVENT)
        assert command in text_of(app, "#join-how")
        assert shlex.split(command)[1:4] == ["--db", str(demo.path), "serve"]  # this very store
        await pilot.press("escape")
        service = demo.self_service(DEMO_EVENT)
        link = f"http://192.0.2.10:8765/{service.join_token()}"
        service.publish(link)
        await pilot.press("j")
        await pilot.pause()
        assert text_of(app, "#join-url") == link
        assert "█" in text_of(app, "#join-qr")


@pytest.mark.attack
async def test_the_kiosk_pin_slows_down_after_three_wrong_tries(demo: Workspace) -> None:
    service = demo.self_service(DEMO_EVENT, arrive=True)
    app = AttendeeApp(service, Mode.KIOSK, address="kiosk", pin="424242")
    now = [1000.0]
    app.pin_guard = PinGuard("424242", clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:

        async def try_pin(typed: str) -> str:
            app.screen.query_one("#pin", Input).value = typed
            await pilot.press("enter")
            await pilot.pause()
            return str(app.screen.query_one("#pin-problem").render())

        await pilot.press("ctrl+q")
        await pilot.pause()
        for _ in range(3):
            assert await try_pin("111111") == "That is not the PIN."
        assert "wait 2 s" in await try_pin("222222")
        assert "wait 2 s" in await try_pin("424242")  # the right PIN is not heard while waiting
        assert app.is_running
        now[0] += 2
        assert "wait 4 s" in await try_pin("333333")  # each wait twice the last
        now[0] += 4
        await try_pin("424242")
        assert not app.is_running
