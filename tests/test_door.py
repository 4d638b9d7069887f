"""The door: a name always comes before a topic, a topic match says why it
is listed, and enter checks in only a sure match — driven through the real
app on a real store, with the names that went wrong on a real evening
("mo" checked in Aiko, who likes mobile apps, instead of Mo Saleh); and
the form behind it, which keeps topics as people wrote them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import OptionList

from matchmaker.core.errors import UserError
from matchmaker.core.model import Status
from matchmaker.core.profiles import Profile
from matchmaker.core.search import DoorIndex, Tier, sure_match
from matchmaker.service.self_service import SAME_NAME
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.checkin import CheckInScreen

ARRIVALS = [
    Profile("Mo Saleh", interests=("community building",)),
    Profile("Aiko Tanaka", interests=("mobile apps",), want_to_learn=("design",)),
    Profile("Inès Moreau", interests=("writing",)),
    Profile("[red]Boom[/] Bot", interests=("chess",)),  # markup in a name is text
]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = Workspace(Store(tmp_path / "store.json"))
    workspace.load_demo()
    session = workspace.session(DEMO_EVENT)
    for profile in ARRIVALS:
        session.save_profile(profile)
    return workspace


def status_of(name: str, workspace: Workspace) -> Status:
    return next(p.status for p in workspace.people(DEMO_EVENT) if p.name == name)


def present(workspace: Workspace) -> list[str]:
    return [p.name for p in workspace.people(DEMO_EVENT) if p.status is Status.PRESENT]


def listed(screen: CheckInScreen) -> list[str]:
    options = screen.query_one("#candidates", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def test_names_rank_whole_part_then_beginning_then_slip_then_topic() -> None:
    people = [
        Profile("Aisha Mohammed"),
        Profile("Aiko Tanaka", interests=("mobile apps",)),
        Profile("Mo Saleh"),
        Profile("Ingrid Nilsen"),
        Profile("Chloé Dubois", interests=("design",)),
    ]
    index = DoorIndex(people)
    found = index.find("mo")
    assert [(people[m.position].name, m.tier) for m in found] == [
        ("Mo Saleh", Tier.WHOLE),
        ("Aisha Mohammed", Tier.PREFIX),
        ("Aiko Tanaka", Tier.TOPIC),
    ]
    assert index.topics_matching(found[-1].position, "mo") == ("mobile apps",)
    assert sure_match(found) == found[0]
    assert [people[m.position].name for m in index.find("ingird")] == ["Ingrid Nilsen"]
    assert [people[m.position].name for m in index.find("chloe")] == ["Chloé Dubois"]
    assert index.find("esi") == []  # a topic is found by the beginning of its words only
    assert sure_match(index.find("des")) is None  # a topic never decides who walked in
    assert sure_match(index.find("ai")) is None  # two names begin with "ai": ask


async def test_the_door_never_picks_by_topic(workspace: Workspace, tmp_path: Path) -> None:
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        await pilot.press(*"mo")
        await pilot.pause()
        shown = listed(screen)
        assert shown[0] == "Mo Saleh"
        assert shown[-1] == "Aiko Tanaka · topic: mobile apps"  # below every name, with why
        await pilot.press("enter")
        await pilot.pause()
        assert present(workspace) == ["Mo Saleh"]
        await pilot.press(*"esi", "enter")  # nobody's name: nobody checked in
        await pilot.pause()
        assert present(workspace) == ["Mo Saleh"]
        assert "Nobody is called esi" in str(screen.query_one("#checkin-last").render())
        await pilot.press(*["backspace"] * 3, *"ine", "enter")
        await pilot.pause()
        assert present(workspace) == ["Mo Saleh", "Inès Moreau"]  # not a machine learner
        await pilot.press(*"a", "enter")  # many names begin with "a": it asks
        await pilot.pause()
        assert len(present(workspace)) == 2
        assert "names fit" in str(screen.query_one("#checkin-last").render())
        first = listed(screen)[0]
        await pilot.press("down", "enter")  # the organiser chose
        await pilot.pause()
        assert status_of(first, workspace) is Status.PRESENT
        await pilot.press(*"[red", "enter")
        await pilot.pause()
        assert status_of("[red]Boom[/] Bot", workspace) is Status.PRESENT
        assert "Checked in [red]Boom[/] Bot" in str(screen.query_one("#checkin-last").render())


async def test_a_walk_in_is_told_the_keys_of_the_door(workspace: Workspace, tmp_path: Path) -> None:
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "ctrl+n")
        await pilot.pause()
        app.screen.query_one("#name").value = "Walk In"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        toasts = [n.message for n in app._notifications]
        assert toasts == ["Welcome, Walk In: added and checked in. Type the next name."]
        assert not any("Press m" in t for t in toasts)  # m types a letter at the door


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_door_snapshots(snap, workspace: Workspace, tmp_path: Path, size) -> None:
    async def type_mo(pilot) -> None:
        await pilot.press("c", *"mo")
        await pilot.pause()

    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    assert snap(app, run_before=type_mo, terminal_size=size)


async def test_an_unrelated_edit_keeps_every_topic_as_written(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Elif wrote "UX research"; the event spells that topic "user research".
    Editing only her answer to "What brings you here?" must keep her words,
    while a topic typed anew still takes the event's spelling."""
    from textual.widgets import Input

    from matchmaker.ui.intake import IntakeScreen
    from matchmaker.ui.people import PeopleScreen

    before = next(p for p in workspace.people(DEMO_EVENT) if p.name == "Elif Yılmaz")
    assert "UX research" in before.profile.interests
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        people = app.screen
        assert isinstance(people, PeopleScreen)
        people.reload(select=before.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, IntakeScreen)
        form.query_one("#brings_me", Input).value = "Meeting researchers."
        learn = form.query_one("#want_to_learn", Input)
        learn.value = learn.value + "; pyhton"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    after = next(p for p in workspace.people(DEMO_EVENT) if p.id == before.id).profile
    assert after.brings_me == "Meeting researchers."
    assert after.interests == before.profile.interests  # "UX research", as she wrote it
    assert after.can_teach == before.profile.can_teach
    assert after.want_to_learn == (*before.profile.want_to_learn, "Python")  # new: respelled


@pytest.mark.attack
async def test_the_door_gives_a_personal_code_to_someone_without_an_email(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Inès signed up without an email: her name alone never lets anyone in
    on the link, but the organiser, seeing her at the door, gives her a code
    (ctrl+k); a second one replaces the first."""
    ines = next(p for p in workspace.people(DEMO_EVENT) if p.name == "Inès Moreau")
    link = workspace.self_service(DEMO_EVENT, arrive=True)
    for email in ("", "ines@evil.example"):
        with pytest.raises(UserError) as refused:
            link.start("Inès Moreau", email, "203.0.113.9")
        assert str(refused.value) == SAME_NAME
    app = MatchmakerApp(workspace, DEMO_EVENT, export_dir=tmp_path)
    codes = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", *"inès", "ctrl+k")
        await pilot.pause()
        for again in (True, False):
            said = str(app.screen.query_one("#checkin-last").render())
            found = re.search(r"Personal code for Inès Moreau: ([A-Z0-9]{4}-[A-Z0-9]{4})", said)
            assert found is not None, said
            codes.append(found.group(1))
            if again:
                await pilot.press("ctrl+k")
                await pilot.pause()
    with pytest.raises(UserError, match="not right"):
        link.sign_in(codes[0], "198.51.100.1")  # the first stopped working
    signed_in = link.sign_in(codes[1].lower(), "198.51.100.1")
    assert (signed_in.id, signed_in.profile) == (ines.id, ines.profile)  # her answers, untouched
    assert status_of("Inès Moreau", workspace) is Status.PRESENT
