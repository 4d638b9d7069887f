"""The room at a glance: every count of ``overview --format json`` against a
fixture counted by hand, the Markdown with the same numbers, topics merged
as matching merges them, the pace clashes the split implies agreeing with
the warnings themselves, presence ready for check-in, and the review of a
pairing (score bands, weakest tables, warnings by kind, feedback when given)."""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest

from matchmaker.core.catalogue import load_catalogue
from matchmaker.core.clashes import ClashKind, Severity, find_clashes
from matchmaker.core.overview import room_overview
from matchmaker.core.profiles import Profile
from matchmaker.core.scoring import EventScorer
from matchmaker.imports.importer import read_csv
from matchmaker.pairing.round_review import review_round
from matchmaker.render.documents import overview_document
from matchmaker.render.markdown import md_escape, overview_markdown
from matchmaker.service.session import EventSession
from matchmaker.service.workspace import DEMO_EVENT, Workspace, demo_csv

HEADER = [
    "name",
    "interests",
    "can_teach",
    "want_to_learn",
    "motivations",
    "orientation",
    "contribute",
    "problem",
]
# Six people, counted by hand below. "Pyhton" is a typo of Python, "ML" a
# short form of machine learning, "Machine-learning" the same topic again;
# Finn offers chess in words, Eve names Kubernetes as her problem.
ROWS = [
    ["Ada", "Python; chess", "Python", "Rust", "learn-by-tutoring; giving back", "1", "", ""],
    ["Ben", "python", "", "Pyhton; Rust", "training-support", "5", "", ""],
    ["Cleo", "machine learning", "Rust", "machine learning", "giving-back; free pizza", "2", "", ""],
    ["Dev", "Machine-learning", "", "ML", "", "4", "", ""],
    ["Eve", "chess", "", "Go", "training-support; recognition", "balanced", "", "I am stuck on Kubernetes"],
    ["Finn", "Kubernetes", "", "", "", "", "Happy to explain chess openings", ""],
]  # fmt: skip
ZEROS = [
    "own-interests",
    "solve-together",
    "persuasion-power",
    "co-owned-product",
    "autonomy",
    "emotional-bonds",
    "open-commons",
    "innovative-community",
    "continued-access",
    "larger-networks",
    "free-choice-of-topics",
    "interesting-people",
    "professional-opportunities",
    "personal-connections",
    "dialogue-debate",
    "performance-feedback",
]


def topic(name: str, interested: int, can_teach: int, want_to_learn: int) -> dict[str, object]:
    return {
        "topic": name,
        "interested": interested,
        "can_teach": can_teach,
        "want_to_learn": want_to_learn,
    }


def motive(motivation_id: str, count: int) -> dict[str, object]:
    return {"id": motivation_id, "label": load_catalogue().get(motivation_id).label, "count": count}


HAND_COUNTED = {
    "people": 6,
    "present": 6,  # no check-in yet: everyone counts as present
    "orientation": {"process": 2, "balanced": 1, "result": 2, "unknown": 1},
    # Most wanted first, then the fewest teachers, the most interested, by name.
    "topics": [
        topic("machine learning", 2, 0, 2),  # Cleo, Dev ("Machine-learning"); Cleo, Dev ("ML")
        topic("Rust", 0, 1, 2),  # Cleo teaches; Ada and Ben want it
        topic("Kubernetes", 1, 0, 1),  # Finn is into it; Eve's problem
        topic("Go", 0, 0, 1),  # Eve wants it
        topic("Python", 2, 1, 1),  # Ada and Ben ("python"); Ada teaches; Ben ("Pyhton")
        topic("chess", 2, 1, 0),  # Ada and Eve; Finn offers it in words
    ],
    "unmet": [
        {"topic": "machine learning", "want_to_learn": 2},
        {"topic": "Kubernetes", "want_to_learn": 1},
        {"topic": "Go", "want_to_learn": 1},
    ],
    # Most chosen first, ties in the catalogue's order; every entry is listed.
    "motivations": [
        motive("giving-back", 2),  # Ada, Cleo
        motive("training-support", 2),  # Ben, Eve
        motive("learn-by-tutoring", 1),  # Ada
        motive("recognition", 1),  # Eve
        *(motive(m, 0) for m in ZEROS),
    ],
}


@pytest.fixture
def fixture_csv(write_csv) -> Path:
    return write_csv(ROWS, header=HEADER, name="room.csv")


def test_every_count_of_the_json_matches_the_hand_count(cli, fixture_csv: Path) -> None:
    result = cli("overview", fixture_csv, "--format", "json")
    assert result.status == 0, result.err
    assert json.loads(result.out) == HAND_COUNTED


def test_the_rest_of_the_room_is_counted_by_hand_too(fixture_csv: Path) -> None:
    overview = room_overview(read_csv(fixture_csv).profiles)
    spread = overview.orientation
    # Ada (1) and Ben (5) are the two ends: high; Ada–Dev, Cleo–Ben, Cleo–Dev: medium.
    assert (spread.high, spread.medium, spread.clash_pairs) == (1, 3, 4)
    assert overview.free_text_motivations == 1  # Cleo's "free pizza"
    assert overview.no_motivation == 2  # Dev and Finn
    assert [g.source for g in overview.motivations] == ["table-1", "peeragogy"]
    assert [len(g.counts) for g in overview.motivations] == [14, 6]
    assert overview.summary() == (
        "6 people (all count as present until check-in) · 5 topics wanted, "
        "3 with nobody to teach · 4 possible pace clashes"
    )


def test_markdown_has_the_same_numbers(cli, fixture_csv: Path) -> None:
    result = cli("overview", fixture_csv)  # Markdown is the default
    assert result.status == 0, result.err
    text = result.out
    assert text.startswith("# Overview of room\n")
    for t in HAND_COUNTED["topics"]:
        unmet = " (nobody teaches)" if t["can_teach"] == 0 and t["want_to_learn"] else ""
        row = (
            f"| {t['topic']}{unmet} | {t['want_to_learn']} | {t['can_teach']} | {t['interested']} |"
        )
        assert row in text
    for word, count in HAND_COUNTED["orientation"].items():
        assert f"| {word} | {count} |" in text
    for m in HAND_COUNTED["motivations"]:
        assert f"| {md_escape(str(m['label']))} | {m['count']} |" in text
    assert "6 people \\(all count as present until check\\-in\\)\\." in text
    assert "Wanted, and nobody can teach: machine learning \\(2\\), Kubernetes \\(1\\)" in text


def test_present_plugs_in_as_positions(fixture_csv: Path) -> None:
    profiles = read_csv(fixture_csv).profiles
    everyone = room_overview(profiles)
    checked = room_overview(profiles, present=[0, 2, 99])  # 99: nobody
    assert (checked.people, checked.present, checked.checked_in) == (6, 2, True)
    assert checked.topics == everyone.topics  # the counts are of everyone signed up
    assert checked.presence() == "6 people, 2 present"


def test_topics_are_the_ones_matching_uses() -> None:
    profiles = read_csv(demo_csv()).profiles
    overview = room_overview(profiles)
    scorer = EventScorer(profiles)
    assert sorted(t.topic for t in overview.topics) == sorted(scorer.vocabulary.labels)
    assert room_overview(profiles, vocabulary=scorer.vocabulary) == overview
    labels = [t.topic.casefold() for t in overview.topics]
    assert "python" in labels and "pyhton" not in labels  # Aisha's "Pyhton" is Python


def test_pace_clashes_are_the_warnings_the_room_would_get() -> None:
    profiles = read_csv(demo_csv()).profiles
    spread = room_overview(profiles).orientation
    pace = [
        w
        for a, b in combinations(profiles, 2)
        for w in find_clashes(a, b)
        if w.kind is ClashKind.PROCESS_VS_RESULT
    ]
    assert spread.clash_pairs == len(pace)
    assert spread.high == sum(1 for w in pace if w.severity is Severity.HIGH)
    assert spread.process + spread.balanced + spread.result + spread.unknown == len(profiles)


@pytest.mark.parametrize(
    "profiles",
    [[], [Profile("Solo")], [Profile("Ada", interests=("knitting",))]],
    ids=["empty-room", "one-person-no-answers", "interests-only"],
)
def test_a_small_room_reads_sensibly(profiles: list[Profile]) -> None:
    overview = room_overview(profiles)
    assert overview.unmet == () and overview.wanted == ()
    assert overview.orientation.clash_pairs == 0
    assert overview.unmet_sentence() == "Nobody has said what they want to learn yet."
    assert overview.orientation.clash_sentence().startswith("Nobody would clash on pace")
    assert all(m.count == 0 for m in overview.motivation_counts())
    assert overview_document(overview)["people"] == len(profiles)


def test_topic_sentences_are_plain_words() -> None:
    overview = room_overview(
        [
            Profile("A", want_to_learn=("Rust",), interests=("Rust",)),
            Profile("B", can_teach=("SQL",), want_to_learn=("Rust",)),
        ]
    )
    assert [t.sentence() for t in overview.topics] == [
        "Rust: 2 want to learn it, nobody can teach it, 1 is into it.",
        "SQL: nobody wants to learn it, 1 can teach it.",
    ]


def test_hostile_text_is_escaped_in_markdown() -> None:
    overview = room_overview(
        [Profile("[bold]x[/]", want_to_learn=("[red]Rust[/] | *x*",), interests=("<b>",))]
    )
    text = overview_markdown(overview, "Overview of [bold]E[/]")
    assert "# Overview of \\[bold\\]E\\[/\\]" in text
    assert "| \\[red\\]Rust\\[/\\] \\| \\*x\\* (nobody teaches) | 1 | 0 | 0 |" in text
    assert "| \\<b\\> | 0 | 0 | 1 |" in text
    assert all(line.count("|") - line.count("\\|") in (0, 3, 5) for line in text.splitlines())


# --- the pairing reviewed -----------------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path) -> EventSession:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    return workspace.session(DEMO_EVENT)


def test_a_round_is_reviewed_table_by_table(demo: EventSession) -> None:
    seating = demo.pair(size=3)
    seated = seating.rounds[0]
    review = review_round(seating, seated, saved=False)
    assert review.scores == tuple(t.score for t in seated.tables)
    assert sum(count for _, count in review.bands()) == len(seated.tables)
    assert [b for b, _ in review.bands()] == ["0–19", "20–39", "40–59", "60–79", "80–100"]
    weakest = sorted(seated.tables, key=lambda t: (t.score, t.number))[:3]
    assert [t.number for t in review.lowest] == [t.number for t in weakest]
    assert review.lowest[0].members == tuple(seating.name(m) for m in weakest[0].members)
    for count in review.warnings:
        seated_kind = [w for t in seated.tables for w in t.warnings if w.kind is count.kind]
        assert count.count == len(seated_kind)
        assert count.high == sum(1 for w in seated_kind if w.severity is Severity.HIGH)
    assert [w.kind for w in review.warnings] == list(ClashKind)
    assert review.rating is None and "feedback" not in review.summary()
    assert re.fullmatch(
        r"\d+ tables, average score \d+, lowest \d+; \d+ warnings? seated\.", review.summary()
    )


def test_feedback_shows_only_where_it_was_given(demo: EventSession) -> None:
    seating = demo.pair()
    review = review_round(seating, seating.rounds[0], saved=True, ratings=(3, 4, 5))
    assert review.rating == 4.0
    assert review.summary().endswith("; feedback 4.0 of 5 from 3 ratings.")
    assert demo.round_ratings(1) == ()  # nothing is recorded yet: the hook is empty


def test_saved_and_planned_rounds_are_reviewed_in_order(demo: EventSession) -> None:
    demo.save_round(demo.pair().rounds[0])
    plan = demo.pair(rounds=2)
    reviews = demo.round_reviews(plan)
    assert [(r.number, r.saved) for r in reviews] == [(1, True), (2, False), (3, False)]
    assert demo.round_reviews() == reviews[:1]
    assert reviews[0].title() == "Round 1 (saved)"
    assert reviews[1].title() == "Round 2 (planned, not saved yet)"


def test_the_command_reads_a_stored_event_and_says_when_it_is_empty(
    cli, tmp_path: Path, demo: EventSession
) -> None:
    db = tmp_path / "store.json"
    result = cli("overview", "--db", db, "--event", DEMO_EVENT, "--format", "json")
    assert result.status == 0, result.err
    assert json.loads(result.out) == overview_document(demo.overview())
    Workspace.at(db).create_event("Empty")
    result = cli("overview", "--db", db, "--event", "Empty", "--format", "json")
    assert result.status == 0
    assert json.loads(result.out)["topics"] == [] and "has nobody in it yet" in result.err
    both = cli("overview", demo_csv(), "--db", db, "--event", DEMO_EVENT)
    assert both.status == 2 and "not both" in both.err


def test_a_planned_round_that_seats_nobody_is_not_reviewed(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event("One")
    session = workspace.session("One")
    session.save_profile(Profile("Solo"))
    plan = session.pair()
    assert plan.rounds and not plan.rounds[0].tables
    assert session.round_reviews(plan) == []
    assert session.overview().summary().endswith("· 0 possible pace clashes")


def test_one_clash_is_one_clash() -> None:
    from matchmaker.core.orientation import Orientation

    overview = room_overview(
        [
            Profile("A", orientation=Orientation.PROCESS),
            Profile("B", orientation=Orientation.RESULT),
        ]
    )
    assert overview.summary().endswith("· 1 possible pace clash")
    assert overview.orientation.clash_sentence().startswith(
        "1 person on the journey side and 1 on the destination side make 1 pair who would"
    )


def test_the_board_hands_over_only_rounds_not_saved(demo: EventSession) -> None:
    from matchmaker.pairing.board_state import BoardState

    state = BoardState(demo.pair(rounds=2))
    assert [r.number for r in state.unsaved().rounds] == [1, 2]
    saved = state.mark_saved(1)
    assert [r.number for r in saved.unsaved().rounds] == [2]
    assert saved.unsaved().profiles == state.seating.profiles
