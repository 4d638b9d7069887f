"""The app driven by Textual's Pilot: every flow an organiser or a learner
uses, on real store files."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, RadioSet, SelectionList

from matchmaker.core.model import PairRule
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.board import BoardScreen
from matchmaker.ui.events import EventsScreen
from matchmaker.ui.intake import IntakeScreen
from matchmaker.ui.matches import MatchesScreen
from matchmaker.ui.people import PeopleScreen
from matchmaker.widgets.match_card import MatchCard
from tests.helpers import settle, stored, type_filter

SIZE = (120, 40)


@pytest.fixture
def demo_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.json")
    Workspace(store).load_demo()
    return store


def demo_app(store: Store, tmp_path: Path) -> MatchmakerApp:
    return MatchmakerApp(Workspace(store), DEMO_EVENT, export_dir=tmp_path)


async def filtered(pilot) -> None:
    """Wait until the list shows what the filter box says (it waits for a pause in typing)."""
    screen = pilot.app.screen
    box = screen.query_one("#filter", Input)
    for _ in range(100):
        await pilot.pause(0.05)
        if getattr(screen, "shown_query", None) == box.value:
            break
    await pilot.pause()


async def test_empty_store_offers_the_demo(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    app = MatchmakerApp(Workspace(store))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, EventsScreen)
        assert "No events yet" in str(app.screen.query_one("#events-hint").render())
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.query_one("#people", DataTable).row_count == 40
        assert app.sub_title == f"{DEMO_EVENT} · 40 people"


async def test_opened_straight_on_an_event_escape_leads_to_the_events(
    demo_store: Store, tmp_path: Path
) -> None:
    """The app opened on an event makes the events list only on the way
    back; escape reaches it, lists the event, and opens it again."""
    async with demo_app(demo_store, tmp_path).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app.screen, PeopleScreen)
        assert not any(isinstance(s, EventsScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        assert app.sub_title == "choose an event"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        assert len(app.screen_stack) == 2  # the default screen and the one events list


async def test_create_rename_and_delete_events(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    stored(store).create_event("Old name")
    app = MatchmakerApp(Workspace(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"rename")  # letters find an event; they never act
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        app.screen.query_one("#find", Input).value = ""
        await pilot.press("f2")
        await pilot.pause()
        name_box = app.screen.query_one("#name", Input)
        name_box.value = "Spring meetup"
        await pilot.press("enter")
        await settle(pilot)
        assert Workspace(store).event_names() == ["Spring meetup"]
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert Workspace(store).event_names() == []
        await pilot.press("ctrl+n")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Autumn"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen) and app.session.name == "Autumn"


async def test_add_a_person_through_the_form(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        screen.query_one("#name", Input).value = "Zoë Park"
        screen.query_one("#email", Input).value = "zoe@example.org"
        screen.query_one("#share_contact", Checkbox).value = True
        screen.query_one("#want_to_learn", Input).value = "pyhton; SQL"
        screen.query_one("#can_teach", Input).value = "Rust"
        screen.query_one("#brings_me", Input).value = "I want to switch careers."
        screen.query_one("#motivations-peeragogy", SelectionList).select("training-support")
        for number, answer in enumerate((2, 2, 1)):
            radio = screen.query_one(f"#question-{number}", RadioSet)
            radio.query("RadioButton")[answer].value = True
        await pilot.pause()
        assert "result-oriented" in str(screen.query_one("#orientation-result").render())
        assert "pyhton → Python" in str(screen.query_one("#want_to_learn-problem").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.selected_person().name == "Zoë Park"  # ready for m: her matches
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatchesScreen)
        assert "Zoë Park" in str(app.screen.query_one("#matches-heading").render())
    zoe = next(p.profile for p in stored(demo_store).people(DEMO_EVENT) if p.name == "Zoë Park")
    assert zoe.want_to_learn == ("Python", "SQL")  # spelled as the event spells it
    assert zoe.motivations == ("training-support",) and zoe.orientation_word == "result"
    assert zoe.share_contact and zoe.email == "zoe@example.org"


async def test_form_shows_inline_errors_and_keeps_what_was_typed(
    demo_store: Store, tmp_path: Path
) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#email", Input).value = "not-an-email"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        assert "is required" in str(screen.query_one("#name-problem").render())
        assert "not an email" in str(screen.query_one("#email-problem").render())
        assert screen.query_one("#email", Input).value == "not-an-email"
    assert len(stored(demo_store).people(DEMO_EVENT)) == 40


async def test_duplicate_person_is_refused(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Someone"
        app.screen.query_one("#email", Input).value = "noor.haddad@example.org"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Noor Haddad is already in this event" in str(
            app.screen.query_one("#email-problem").render()
        )


async def test_cancel_with_changes_asks_first_and_saves_nothing(
    demo_store: Store, tmp_path: Path
) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # edit the first person
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        app.screen.query_one("#name", Input).value = "Changed"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # stay
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
    assert stored(demo_store).people(DEMO_EVENT)[0].name == "Noor Haddad"


async def test_edit_keeps_the_person_and_updates_them(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "e")
        await pilot.pause()
        assert app.screen.query_one("#name", Input).value == "Kai Andersen"
        app.screen.query_one("#interests", Input).value = "rust; climbing"
        await pilot.press("ctrl+s")
        await settle(pilot)
    kai = stored(demo_store).people(DEMO_EVENT)[1]
    assert kai.name == "Kai Andersen" and kai.profile.interests == ("Rust", "climbing")


async def test_filter_as_you_type(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_filter(pilot, "bouldering")
        await filtered(pilot)
        table = app.screen.query_one("#people", DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert names == ["Kai Andersen", "Tomasz Kowalski", "Jonas Weber"]
        await pilot.press("escape")
        await filtered(pilot)
        assert table.row_count == 40
        await type_filter(pilot, "machne")
        await filtered(pilot)
        assert 0 < table.row_count < 40  # typos still find machine learning


async def test_delete_asks_first(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert len(stored(demo_store).people(DEMO_EVENT)) == 40
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.query_one("#people", DataTable).row_count == 39
    assert "Noor Haddad" not in [p.name for p in stored(demo_store).people(DEMO_EVENT)]


async def test_matches_are_ranked_and_explained(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatchesScreen)
        cards = list(app.screen.query(MatchCard))
        assert len(cards) == 10
        assert cards[0].match.name == "Kai Andersen" and cards[0].match.score == 49
        assert any("Contact: kai@example.net" in str(s.render()) for s in cards[0].query("Static"))
        amara = (
            next(c for c in cards if c.match.name == "Amara Okafor")
            if any(c.match.name == "Amara Okafor" for c in cards)
            else None
        )
        if amara is not None:  # Amara did not consent: never a contact line
            assert not any("Contact" in str(s.render()) for s in amara.query("Static"))
        await pilot.press("a")
        await pilot.pause()
        assert len(list(app.screen.query(MatchCard))) == 30  # explained a page at a time
        assert "Showing 30 of 39" in str(app.screen.query_one("#matches-more").render())
        await pilot.press(*["down"] * 30)  # going down explains the rest
        await pilot.pause()
        assert len(list(app.screen.query(MatchCard))) == 39
        assert "All 39 shown" in str(app.screen.query_one("#matches-more").render())


async def test_board_pairs_swaps_locks_saves_and_exports(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.seating is not None
        table = board.query_one("#table-round-1", DataTable)
        assert table.row_count == 20
        first = board.seating.rounds[0].tables[0]
        second_member = board.event.people[first.members[1]]

        # swap the second member of table 1 with the first member of table 2
        table.move_cursor(row=0, column=2)
        await pilot.press("space")
        table.move_cursor(row=1, column=1)
        await pilot.press("s")
        await pilot.pause()
        swapped = board.seating.rounds[0].tables
        assert board.event.position[second_member.id] in swapped[1].members
        assert swapped[0].score != first.score  # rescored after the hand edit

        # lock the pair at table 3 and pair again: the lock holds and shows
        table.move_cursor(row=2, column=1)
        locked = tuple(board.seating.rounds[0].tables[2].members)
        await pilot.press("l")
        await pilot.pause()
        assert [c.rule for c in stored(demo_store).constraints(DEMO_EVENT)] == [PairRule.LOCK]
        await pilot.press("r")
        await settle(pilot)
        assert any(set(locked) == set(t.members) for t in board.seating.rounds[0].tables)

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r.number for r in stored(demo_store).rounds(DEMO_EVENT)] == [1]
        await pilot.press("e", "c")
        await pilot.pause()
    markdown = (tmp_path / "peer-learning-night-round-1.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Peer Learning Night — round 1")
    assert (
        (tmp_path / "peer-learning-night-round-1.csv")
        .read_text(encoding="utf-8")
        .startswith("round,table,name")
    )


async def test_board_rounds_are_tabs_without_repeats(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await settle(pilot)
        board = app.screen
        await pilot.press("N", "N", "S")  # three rounds, groups of three: one key each
        await settle(pilot)
        assert len(board.seating.rounds) == 3
        assert len(board.query("TabPane")) == 3
        met = set()
        for seated in board.seating.rounds:
            for t in seated.tables:
                assert 3 <= len(t.members) <= 4
                pairs = {frozenset((a, b)) for a in t.members for b in t.members if a < b}
                assert not pairs & met
                met |= pairs


async def test_help_lists_every_key_of_the_screen(demo_store: Store, tmp_path: Path) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        rows = dict(app.screen.rows)
        for description in (
            "Filter",
            "New",
            "Edit",
            "Delete",
            "Matches",
            "Pair",
            "Import",
            "Back",
            "Quit",
            "Help",
        ):
            assert description in rows
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)


async def test_every_screen_action_is_in_the_command_palette(
    demo_store: Store, tmp_path: Path
) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Matches", "Pair", "New", "Edit", "Delete", "Import", "Filter"} <= titles
        assert any("theme" in title.casefold() for title in titles)


async def open_import_dialog(pilot, path: Path) -> None:
    await pilot.press("i")
    await pilot.pause()
    pilot.app.screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_import_dialog_previews_then_imports(tmp_path: Path, write_csv) -> None:
    store = Store(tmp_path / "store.json")
    stored(store).create_event("Meetup")
    path = write_csv(
        [{"name": "Ada", "interests": "rust"}, {"name": "Bo", "orientation": "process"}]
    )
    app = MatchmakerApp(Workspace(store), "Meetup", export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_import_dialog(pilot, path)
        assert app.screen.query_one("#preview", DataTable).row_count == 2
        assert "2 people found" in str(app.screen.query_one("#mapping").render())
        await pilot.click("#confirm")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
    assert [p.name for p in stored(store).people("Meetup")] == ["Ada", "Bo"]


async def test_import_dialog_reports_bad_files(tmp_path: Path, write_csv) -> None:
    store = Store(tmp_path / "store.json")
    stored(store).create_event("Meetup")
    path = write_csv([{"name": "", "interests": "rust"}])
    app = MatchmakerApp(Workspace(store), "Meetup", export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_import_dialog(pilot, path)
        assert f"{path}:2: name: is required" in str(
            app.screen.query_one("#import-problems").render()
        )
        assert app.screen.query_one("#confirm").disabled
    assert stored(store).people("Meetup") == []


async def test_a_big_cohort_lists_the_first_thousand_and_filters_the_rest(tmp_path: Path) -> None:
    from matchmaker.core.profiles import Profile

    store = Store(tmp_path / "store.json")
    stored(store).upsert_people(
        "Cohort", [Profile(f"Person {n:04d}", interests=(f"topic {n % 50}",)) for n in range(1500)]
    )
    app = MatchmakerApp(Workspace(store), "Cohort", export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#people", DataTable)
        assert table.row_count == 1000
        assert "listing the first 1,000" in str(app.screen.query_one("#people-status").render())
        await type_filter(pilot, "person 1499")
        await filtered(pilot)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Person 1499"]


async def test_saved_rounds_come_back_read_only_and_exportable(
    demo_store: Store, tmp_path: Path
) -> None:
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved_tables = [t.members for t in app.screen.seating.rounds[0].tables]
        await pilot.press("r")
        await settle(pilot)
        board = app.screen
        # One round number everywhere: the next plan is round 2.
        assert [p.id for p in board.query("TabPane")] == ["round-2", "saved-1"]
        new = {frozenset(t.members) for t in board.seating.rounds[0].tables}
        assert not new & {frozenset(m) for m in saved_tables}  # no repeats of the saved round
        board.query_one("#round-tabs").active = "saved-1"
        await pilot.pause()
        assert board.tabs.is_past()
        assert [t.members for t in board.tabs.round_on_show().tables] == saved_tables
        await pilot.press("space", "s")
        await pilot.pause()
        assert "Saved rounds stay as they were" in str(board.query_one("#board-status").render())
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("e")  # again: a new file, never over the first
        await pilot.pause()
    text = (tmp_path / "peer-learning-night-round-1.md").read_text(encoding="utf-8")
    assert text.startswith("# Peer Learning Night — round 1")
    assert (tmp_path / "peer-learning-night-round-1-2.md").read_text(encoding="utf-8") == text
    assert len(stored(demo_store).rounds(DEMO_EVENT)) == 1


async def test_board_reports_impossible_locks(demo_store: Store, tmp_path: Path) -> None:
    ids = [p.id for p in stored(demo_store).people(DEMO_EVENT)][:4]
    for a, b in itertools.pairwise(ids):
        stored(demo_store).set_rule(DEMO_EVENT, PairRule.LOCK, a, b)
    app = demo_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await settle(pilot)
        assert "Locks put 4 people together" in str(app.screen.query_one("#board-status").render())
        assert app.is_running
