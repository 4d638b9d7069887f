"""The overview screen driven by Pilot, and as SVG snapshots at 120×40 and
80×24 on the demo event (reviewed by eye; update with --snapshot-update):
`o` from the people list and from the board, the text view for a screen
reader, the export, and rooms that are empty, tiny or hostile."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchmaker.core.overview import MotivationCount
from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store.database import Store
from matchmaker.ui.app import MatchmakerApp
from matchmaker.ui.board import BoardScreen
from matchmaker.ui.overview import MARKET_ROWS, OverviewScreen
from matchmaker.ui.people import PeopleScreen
from matchmaker.widgets.bar_chart import Bar, BarChart, Chart, bar
from matchmaker.widgets.market_chart import MarketChart
from tests.helpers import settle, stored

WIDE, NARROW = (120, 40), (80, 24)


@pytest.fixture
def demo_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.json")
    Workspace(store).load_demo()
    return store


def app_on(store: Store, tmp_path: Path, event: str = DEMO_EVENT) -> MatchmakerApp:
    return MatchmakerApp(Workspace(store), event, export_dir=tmp_path)


def keys(*presses: str):
    """Press keys one at a time, letting workers and layout settle after each."""

    async def run(pilot) -> None:
        for key in presses:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.2)

    return run


def shown(screen: OverviewScreen, selector: str) -> str:
    return screen.query_one(selector, Chart).render().plain


# --- behaviour ------------------------------------------------------------------------


async def test_o_shows_the_room_at_a_glance(demo_store: Store, tmp_path: Path) -> None:
    app = app_on(demo_store, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await keys("o")(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen) and screen.overview is not None
        overview = screen.overview
        market = screen.query_one("#market", MarketChart)
        assert market.topics == overview.wanted[:MARKET_ROWS]
        drawn = market.render().plain.splitlines()
        assert drawn[0].split() == ["want", "to", "learn", "can", "teach"]
        assert drawn[1].startswith("machine learning   4 ███") and " 1 █" in drawn[1]
        unmet = [line for line in drawn if line.endswith("▲ nobody")]
        assert unmet and unmet[0].startswith(overview.unmet[0].topic)
        assert all(t.topic in screen.query_one(".unmet").render().plain for t in overview.unmet)
        orientation = shown(screen, "#orientation")
        assert "Process (the journey)" in orientation and " 15 " in orientation
        assert "240 pairs" in app.screen.query_one("#room").query(".hint").last().render().plain
        assert screen.query_one("#motivations-peeragogy", BarChart).bars[0].label == (
            "Training or support in a topic"
        )
        assert "No rounds yet" in screen.query_one("#pairing").query(".hint").first().render().plain
        assert screen.query_one(".more").display
        await keys("a")(pilot)
        assert market.topics == overview.wanted and len(overview.wanted) > MARKET_ROWS
        assert not screen.query_one(".more").display
        await keys("a")(pilot)
        assert market.topics == overview.wanted[:MARKET_ROWS]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)


async def test_t_turns_every_chart_into_sentences(demo_store: Store, tmp_path: Path) -> None:
    app = app_on(demo_store, tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await keys("o", "t")(pilot)
        screen = app.screen
        charts = list(screen.query(Chart))
        assert charts and all(chart.text_only for chart in charts)
        text = shown(screen, "#market")
        assert (
            text.splitlines()[0]
            == "machine learning: 4 want to learn it, 1 can teach it, 3 are into it."
        )
        assert "█" not in "".join(chart.render().plain for chart in charts)
        assert (
            shown(screen, "#orientation").splitlines()[0]
            == "Process (the journey): 15 people, 38 %."
        )
        assert not screen.query_one(".legend").display
        await keys("t")(pilot)
        assert not any(chart.text_only for chart in screen.query(Chart))
        assert "█" in shown(screen, "#market")


async def test_from_the_board_the_plan_is_reviewed(demo_store: Store, tmp_path: Path) -> None:
    app = app_on(demo_store, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await keys("p", "ctrl+s", "r", "o")(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        rounds = screen.query_one("#rounds", BarChart).bars
        assert [b.label for b in rounds] == ["Round 1 (saved)", "Round 2 (planned)"]
        pairing = screen.query_one("#pairing")
        assert (
            "Round 2 (planned, not saved yet)"
            in pairing.query(".subheading").first().render().plain
        )
        chart = screen.query_one("#scores", BarChart)
        # Every table of the round is in one band (40 people: 20 pairs, or
        # fewer tables where someone sharing nothing joined a pair as its third).
        assert sum(b.value for b in chart.bars) == chart.maximum and 18 <= chart.maximum <= 20
        assert len(pairing.query(".listing")) == 3  # the three lowest tables, named
        assert not screen.query("#ratings")  # no feedback recorded: no feedback chart
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_e_exports_the_overview_as_markdown(demo_store: Store, tmp_path: Path) -> None:
    app = app_on(demo_store, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await keys("o", "e", "e")(pilot)
    first = (tmp_path / "peer-learning-night-overview.md").read_text(encoding="utf-8")
    assert first.startswith("# Overview of Peer Learning Night\n")
    assert (tmp_path / "peer-learning-night-overview-2.md").read_text(encoding="utf-8") == first


@pytest.mark.parametrize(
    "profiles",
    [
        [],
        [Profile("Solo")],
        [
            Profile(
                "[bold]x[/]",
                want_to_learn=("[red]Rust[/]",),
                interests=("[link=http://e.vil]click[/]",),
                motivations=("giving-back",),
            ),
            Profile("$accent", can_teach=("[/]",), want_to_learn=("\\[b]",)),
        ],
    ],
    ids=["empty-event", "one-person", "markup-in-names-and-topics"],
)
async def test_small_and_hostile_rooms(tmp_path: Path, profiles: list[Profile], write_csv) -> None:
    store = Store(tmp_path / "store.json")
    stored(store).create_event("E")
    for profile in profiles:
        stored(store).add_person("E", profile)
    app = app_on(store, tmp_path, "E")
    async with app.run_test(size=NARROW) as pilot:
        await keys("o")(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen) and screen.overview is not None
        market = shown(screen, "#market")
        for t in screen.overview.wanted:
            assert t.topic in market  # shown literally, never as markup
        if not screen.overview.wanted:
            assert market == "Nobody has said what they want to learn yet."
        await keys("t", "p")(pilot)  # p does nothing here
        assert isinstance(app.screen, OverviewScreen)
        await keys("escape")(pilot)
        assert isinstance(app.screen, PeopleScreen)


def test_bars_are_drawn_in_eighths() -> None:
    assert bar(0, 10, 8) == "" and bar(1, 0, 8) == ""
    assert bar(10, 10, 8) == "█" * 8
    assert bar(10, 100, 8) == "▊"  # 0.8 of a cell: six eighths (6.4 rounded)
    assert bar(0.01, 100, 8) == "▏"  # anything above zero shows
    assert bar(50, 10, 4) == "████"  # never longer than the room


async def test_a_chart_fits_its_labels_and_notes(tmp_path: Path) -> None:
    from textual.app import App, ComposeResult

    long = "A very long label that will not fit in a narrow chart at all"
    counts = [MotivationCount("x", long, 3, 0), MotivationCount("y", "Short", 0, 1)]

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield BarChart(
                [
                    Bar(m.label, m.count, m.sentence(), note="3 low", muted=not m.count)
                    for m in counts
                ]
            )

    app = One()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        lines = app.query_one(BarChart).render().plain.splitlines()
        assert all(len(line) <= 38 for line in lines)
        assert lines[0].startswith("A very long la… 3 ")  # 40 % of 38 cells for labels
        assert lines[0].endswith(" 3 low")


# --- snapshots ------------------------------------------------------------------------


def test_snapshot_overview_120x40(snap, demo_store: Store, tmp_path: Path) -> None:
    assert snap(app_on(demo_store, tmp_path), run_before=keys("o"), terminal_size=WIDE)


def test_snapshot_overview_80x24(snap, demo_store: Store, tmp_path: Path) -> None:
    assert snap(app_on(demo_store, tmp_path), run_before=keys("o"), terminal_size=NARROW)


def test_snapshot_overview_text_80x24(snap, demo_store: Store, tmp_path: Path) -> None:
    assert snap(app_on(demo_store, tmp_path), run_before=keys("o", "t"), terminal_size=NARROW)


def test_snapshot_overview_after_pairing_120x40(snap, demo_store: Store, tmp_path: Path) -> None:
    session = Workspace(demo_store).session(DEMO_EVENT)
    session.save_round(session.pair().rounds[0])  # round 1 saved; the board plans round 2
    run = keys("p", "o", "end")
    assert snap(app_on(demo_store, tmp_path), run_before=run, terminal_size=WIDE)
