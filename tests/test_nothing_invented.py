"""Issue 23's measured failures, one test each, on the trap room
(tests/fixtures/free_text_room.csv: 12 people built like the room where they
were measured) and the demo: topics mined from free text, reasons that
contradicted themselves, pace statements listed as reasons, topic merges a
facilitator expects, and pace graded from imported words."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from matchmaker.core.orientation import Orientation, parse
from matchmaker.core.overview import room_overview
from matchmaker.core.profiles import Profile
from matchmaker.core.reasons import ReasonKind, explain, pace_note
from matchmaker.core.scoring import EventScorer
from matchmaker.core.topics import Vocabulary
from matchmaker.imports.importer import read_csv
from matchmaker.service.workspace import demo_csv

TRAP_ROOM = Path(__file__).parent / "fixtures" / "free_text_room.csv"


@pytest.fixture(scope="module")
def trap() -> EventScorer:
    return EventScorer(read_csv(TRAP_ROOM).profiles)


def at(scorer: EventScorer, name: str) -> int:
    return next(i for i, p in enumerate(scorer.profiles) if p.name.startswith(name))


def texts(scorer: EventScorer, a: str, b: str) -> list[str]:
    return [r.text for r in explain(scorer, at(scorer, a), at(scorer, b))]


# --- topics pulled from problem text -------------------------------------------------


def test_r_and_d_is_not_r(trap: EventScorer) -> None:
    """ "Our R&D team cannot agree" made "Eli can teach R, which Fay is grappling with"."""
    assert not any(" R" in t for t in texts(trap, "Eli", "Fay"))
    assert trap.vocabulary.mentions("Our R&D team cannot agree") == []


def test_not_c_is_not_c(trap: EventScorer) -> None:
    """ "Not C, not C++: I just want to learn to cook" made Gus a learner of C."""
    vocabulary = Vocabulary.build(["C", "C++", "cooking"])
    assert vocabulary.mentions("Not C, not C++: I just want to learn to cook") == []
    assert not any("C" in t.split() for t in texts(trap, "Ivan", "Gus"))


def test_never_a_one_letter_topic_from_free_text() -> None:
    vocabulary = Vocabulary.build(["R", "C", "Go", "SQL"])
    assert vocabulary.mentions("I use R and C every day, and Go, and SQL") == [
        vocabulary.id_of("Go"),
        vocabulary.id_of("SQL"),
    ]


def test_short_topics_are_case_aware() -> None:
    """ "go" in "I want to go home" is no Go; "Go" and "GO" are."""
    vocabulary = Vocabulary.build(["Go", "sql"])
    assert vocabulary.mentions("I want to go home") == []
    assert vocabulary.mentions("Learning Go this year") == [vocabulary.id_of("Go")]
    assert vocabulary.mentions("our SQL is slow") == [vocabulary.id_of("sql")]


def test_the_kafka_teacher_is_no_learner_of_kafka(trap: EventScorer) -> None:
    """Hana teaches Kafka and names it in her problem: one expert, no learner."""
    hana = at(trap, "Hana")
    kafka = trap.vocabulary.id_of("Kafka")
    assert kafka in trap.topic_set("teach", hana)
    assert kafka not in trap.topic_set("learn", hana)
    count = next(t for t in room_overview(trap.profiles).topics if t.topic == "Kafka")
    assert (count.want_to_learn, count.can_teach) == (0, 1)
    ivan, c = at(trap, "Ivan"), trap.vocabulary.id_of("C")
    assert c not in trap.topic_set("learn", ivan)


def test_two_letter_aliases_are_found_in_free_text(trap: EventScorer) -> None:
    """ "I need to get better at UX" names user experience, which Kim can teach."""
    assert (
        "Kim Nguyen can teach user experience, which Jo Achterberg is grappling with "
        "(it is in the problem they named)"
    ) in texts(trap, "Jo", "Kim")


# --- self-contradicting reasons ------------------------------------------------------


def test_both_are_into_databases_when_only_one_listed_it(trap: EventScorer) -> None:
    """Amara wrote "I know databases well" under contribute, never in a list."""
    said = texts(trap, "Amara", "Noor")
    assert not any("databases" in t for t in said)
    offer = texts(trap, "Amara", "Ola")
    assert (
        "Amara Okafor offers help with databases and Ola Nowak wants to learn PostgreSQL: "
        "related topics (databases)"
    ) in offer


def test_solving_a_problem_together_needs_a_shared_topic_or_problem(trap: EventScorer) -> None:
    """A message-broker choice and a robot motor controller are no problem in common."""
    said = texts(trap, "Fay", "Ivan")
    assert "both are here for solving a problem together" not in said
    assert (
        "both came to solve a problem with others, but have named no topic or problem in common yet"
    ) in said
    same = EventScorer(
        [
            Profile("A", motivations=("solve-together",), problem="Which message broker to pick"),
            Profile("B", motivations=("solve-together",), problem="Choosing a message broker"),
        ]
    )
    assert "both are here for solving a problem together" in [r.text for r in explain(same, 0, 1)]


def test_both_grappling_only_when_the_problems_overlap() -> None:
    scorer = EventScorer(
        [
            Profile("A", problem="Kafka consumer lag keeps growing"),
            Profile("B", problem="Our Kafka cluster loses messages"),
            Profile("C", interests=("Kafka",)),
        ]
    )
    assert (
        "both are grappling with Kafka (it is in both their problems) (3 of 3 people name it)"
    ) in [r.text for r in explain(scorer, 0, 1)]


def test_pace_statements_are_notes_not_reasons() -> None:
    """1,042 demo pairs had only "no process-or-result answer …"-like reasons."""
    scorer = EventScorer(read_csv(demo_csv()).profiles)
    only_pace = 0
    for a, b in combinations(range(len(scorer)), 2):
        reasons = explain(scorer, a, b)
        for r in reasons:
            assert "is a guess" not in r.text and "apart on process vs result" not in r.text
        only_pace += bool(reasons) and all(r.kind is ReasonKind.ORIENTATION for r in reasons)
        pa, pb = scorer.profiles[a], scorer.profiles[b]
        if not any(r.kind is ReasonKind.ORIENTATION for r in reasons):
            assert pace_note(pa, pb) is not None
    # In step on pace is something two people share; nothing else is said alone.
    assert all(
        r.text.startswith(("both are", "close on"))
        for a, b in combinations(range(len(scorer)), 2)
        for r in explain(scorer, a, b)
        if r.kind is ReasonKind.ORIENTATION
    )
    assert only_pace < 1042


def test_matches_json_keeps_notes_apart(cli) -> None:
    import json

    result = cli("matches", "Kim Nguyen", TRAP_ROOM, "--format", "json", "--top", "11")
    assert result.status == 0, result.err
    for match in json.loads(result.out)["matches"]:
        assert {r["kind"] for r in match["reasons"]} <= {
            "shared-interest",
            "both-learning",
            "teaches",
            "shared-motivation",
            "motivation-complement",
            "orientation",
        }
        assert match["notes"] and "so their pace is a guess" in match["notes"][0]
        assert not any("guess" in r["text"] for r in match["reasons"])


# --- topic merges ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("golang", "Go"), ("German", "german language"), ("D3", "D3.js"), ("Go lang", "Go")],
)
def test_aliases_a_facilitator_expects_merge(a: str, b: str) -> None:
    assert Vocabulary.build([a, b]).same(a, b)


def family_pairs(topics: list[str]) -> EventScorer:
    return EventScorer([Profile(f"P{i}", interests=(t,)) for i, t in enumerate(topics)])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SQL", "PostgreSQL"),
        ("SQL", "databases"),
        ("PostgreSQL", "databases"),
        ("AI", "machine learning"),
        ("statistics", "data science"),
        ("PM", "project management"),
        ("PM", "product management"),
    ],
)
def test_related_topics_a_facilitator_expects(a: str, b: str) -> None:
    scorer = family_pairs([a, b])
    assert any("related topics" in r.text for r in explain(scorer, 0, 1)), (a, b)


def test_languages_are_distinct_topics() -> None:
    """German and English counted as related; languages are distinct."""
    scorer = family_pairs(["German", "English"])
    assert explain(scorer, 0, 1) == []
    assert not Vocabulary.build(["German", "English"]).same("German", "English")


def test_pm_is_ambiguous_so_no_alias() -> None:
    vocabulary = Vocabulary.build(["PM", "product management", "project management"])
    assert len(vocabulary) == 3


@pytest.mark.parametrize(
    ("a", "b"), [("Java", "JavaScript"), ("R", "Rust"), ("Go", "golang lessons")]
)
def test_distinct_topics_still_never_merge(a: str, b: str) -> None:
    assert not Vocabulary.build([a, b]).same(a, b)


# --- imported pace is graded -------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("The journey", Orientation.LEANS_PROCESS),
        ("process", Orientation.LEANS_PROCESS),
        ("The destination", Orientation.LEANS_RESULT),
        ("result", Orientation.LEANS_RESULT),
        ("journey; exploring", Orientation.PROCESS),
        ("All about the journey", Orientation.PROCESS),
        ("results, outcomes", Orientation.RESULT),
        ("Both", Orientation.BALANCED),
        ("1", Orientation.PROCESS),
        ("5", Orientation.RESULT),
    ],
)
def test_imported_pace_is_graded(answer: str, expected: Orientation) -> None:
    """Words mapped to the ends: one radio answer in a Google Form gave a high warning."""
    assert parse(answer) is expected


def test_one_radio_answer_is_no_high_clash(cli, tmp_path: Path) -> None:
    from matchmaker.core.catalogue import load_catalogue
    from matchmaker.core.clashes import find_clashes

    plan = read_csv(Path(__file__).parent / "fixtures" / "google_forms.csv")
    people = {p.name: p for p in plan.profiles}
    kai, amara = people["Kai Andersen"], people["Amara Okafor"]  # destination, journey
    severities = {w.severity.value for w in find_clashes(kai, amara, load_catalogue())}
    assert severities == {"medium"}


def test_the_demo_has_high_and_medium_pace_warnings() -> None:
    """All 240 demo pace warnings were high and none medium."""
    spread = room_overview(read_csv(demo_csv()).profiles).orientation
    assert spread.high and spread.medium


def test_the_overview_says_how_many_paces_are_guesses(trap: EventScorer) -> None:
    sentence = room_overview(trap.profiles).orientation.clash_sentence()
    assert (
        "The pace of 2 people is a guess (no process-or-result answer): no clash with them "
        "is flagged."
    ) in sentence
