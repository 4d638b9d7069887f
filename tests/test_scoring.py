"""Scores: components behave as described, every score is explained, and the
properties hold (symmetry, bounds, determinism, order and case invariance)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.importer import read_csv
from matchmaker.orientation import Orientation
from matchmaker.paths import data_file
from matchmaker.profiles import Profile
from matchmaker.reasons import explain
from matchmaker.scoring import WEIGHTS, EventScorer

FILLER = [
    Profile(f"Filler {n}", interests=("python",), orientation=Orientation.BALANCED)
    for n in range(8)
]


def pair_score(
    a: Profile, b: Profile, crowd: list[Profile] = FILLER
) -> tuple[int, dict[str, float], list[str]]:
    scorer = EventScorer([a, b, *crowd])
    score, parts = scorer.pair(0, 1)
    return score, vars(parts), [r.text for r in explain(scorer, 0, 1)]


def test_weights_add_up_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_rare_shared_topic_counts_more_than_a_common_one() -> None:
    rare = pair_score(
        Profile("A", interests=("bouldering",)), Profile("B", interests=("Bouldering",))
    )
    common = pair_score(Profile("A", interests=("python",)), Profile("B", interests=("python",)))
    assert rare[1]["interests"] > common[1]["interests"]
    assert "both are into bouldering (only 2 of 10 people are)" in [r.lower() for r in rare[2]]
    assert any("python (10 of 10 people are)" in r for r in common[2])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Profile("A", can_teach=("SQL",)), Profile("B", want_to_learn=("sql",)), 0.6 * 0.75),
        (
            Profile("A", can_teach=("SQL",), want_to_learn=("Rust",)),
            Profile("B", can_teach=("rust",), want_to_learn=("SQL",)),
            0.75,
        ),
        (
            Profile("A", can_teach=("SQL",), motivations=("learn-by-tutoring",)),
            Profile("B", want_to_learn=("SQL",)),
            0.6 * 0.9375,
        ),
        (
            Profile("A", can_teach=("SQL", "Rust")),
            Profile("B", want_to_learn=("SQL", "Rust")),
            0.6 * 0.85,
        ),
        (Profile("A", can_teach=("SQL",)), Profile("B", can_teach=("SQL",)), 0.0),
    ],
    ids=[
        "one-way",
        "mutual-counts-more",
        "tutor-counts-more",
        "more-topics-count-more",
        "two-teachers-no-learner",
    ],
)
def test_teaching_component(a: Profile, b: Profile, expected: float) -> None:
    assert pair_score(a, b)[1]["teaching"] == pytest.approx(expected)


def test_teaching_reasons_name_people_and_topics() -> None:
    noor = Profile(
        "Noor", can_teach=("SQL",), want_to_learn=("Rust",), motivations=("learn-by-tutoring",)
    )
    kai = Profile("Kai", can_teach=("Rust",), want_to_learn=("sql",))
    reasons = pair_score(noor, kai)[2]
    assert "Noor can teach SQL, which Kai wants to learn (and Noor learns by teaching)" in reasons
    assert "Kai can teach Rust, which Noor wants to learn" in reasons


@pytest.mark.parametrize(
    ("ma", "mb", "expected"),
    [
        (("giving-back",), ("giving-back",), 0.6),
        (("giving-back", "recognition"), ("giving-back",), 0.6),
        (("learn-by-tutoring",), ("training-support",), 0.4),
        (("dialogue-debate",), ("performance-feedback",), 0.4),
        (("recognition",), ("autonomy",), 0.0),
        ((), ("autonomy",), 0.0),
    ],
    ids=[
        "same-goal",
        "subset-of-goals",
        "tutoring-complements-training",
        "debate-complements-feedback",
        "unrelated",
        "none-given",
    ],
)
def test_motivation_component(ma: tuple[str, ...], mb: tuple[str, ...], expected: float) -> None:
    assert pair_score(Profile("A", motivations=ma), Profile("B", motivations=mb))[1][
        "motivations"
    ] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("oa", "ob", "expected", "words"),
    [
        (1, 1, 1.0, "both are process-oriented"),
        (3, 3, 1.0, "both are balanced between process and result"),
        (1, 2, 0.75, "both are process-oriented"),
        (1, 5, 0.0, "far apart on process vs result (A: process, B: result)"),
        (3, 5, 0.5, "some way apart on process vs result (A: balanced, B: result)"),
        (None, 5, 0.5, "no process-or-result answer from A"),
    ],
)
def test_orientation_component(oa: int | None, ob: int | None, expected: float, words: str) -> None:
    a = Profile("A", orientation=Orientation(oa) if oa else None)
    b = Profile("B", orientation=Orientation(ob) if ob else None)
    _, parts, reasons = pair_score(a, b)
    assert parts["orientation"] == pytest.approx(expected)
    assert any(words in r for r in reasons)


def test_nothing_in_common_gives_no_reason_but_the_pace() -> None:
    scorer = EventScorer(
        [Profile("A", interests=("knitting",)), Profile("B", interests=("chess",))]
    )
    assert [r.kind.value for r in explain(scorer, 0, 1)] == ["orientation"]


def test_pair_score_equals_the_matrix_entry() -> None:
    profiles = read_csv(data_file("demo.csv")).profiles  # type: ignore[arg-type]
    scorer = EventScorer(profiles)
    matrix = scorer.matrix()
    for a, b in [(0, 1), (5, 20), (39, 2)]:
        assert scorer.pair(a, b)[0] == matrix[a, b]
        assert (scorer.row(a) == matrix[a]).all()


def test_planted_partners_are_each_others_best_match() -> None:
    profiles = read_csv(data_file("demo.csv")).profiles  # type: ignore[arg-type]
    names = [p.name for p in profiles]
    matrix = EventScorer(profiles).matrix()
    for a, b in [("Noor Haddad", "Kai Andersen"), ("Priya Raman", "Jonas Weber")]:
        i, j = names.index(a), names.index(b)
        assert int(np.argmax(matrix[i])) == j and int(np.argmax(matrix[j])) == i


# --- properties --------------------------------------------------------------

TOPICS = [
    "Rust",
    "rust",
    "SQL",
    "Python",
    "pyhton",
    "Go",
    "Java",
    "JavaScript",
    "ML",
    "chess",
    "knitting",
    "R",
]
MOTIVES = [
    "learn-by-tutoring",
    "training-support",
    "giving-back",
    "recognition",
    "dialogue-debate",
    "performance-feedback",
]

profiles_strategy = st.lists(
    st.builds(
        Profile,
        name=st.text(min_size=1, max_size=8),
        interests=st.lists(st.sampled_from(TOPICS), max_size=4, unique=True).map(tuple),
        can_teach=st.lists(st.sampled_from(TOPICS), max_size=3, unique=True).map(tuple),
        want_to_learn=st.lists(st.sampled_from(TOPICS), max_size=3, unique=True).map(tuple),
        motivations=st.lists(st.sampled_from(MOTIVES), max_size=3, unique=True).map(tuple),
        orientation=st.one_of(st.none(), st.sampled_from(list(Orientation))),
    ),
    min_size=2,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(profiles_strategy)
def test_scores_are_symmetric_bounded_integers_with_zero_diagonal(profiles: list[Profile]) -> None:
    matrix = EventScorer(profiles).matrix()
    assert matrix.dtype.kind == "i"
    assert (matrix == matrix.T).all()
    assert matrix.min() >= 0 and matrix.max() <= 100
    assert (np.diag(matrix) == 0).all()


@settings(max_examples=40, deadline=None)
@given(profiles_strategy, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_row_order(profiles: list[Profile], rng) -> None:
    order = list(range(len(profiles)))
    rng.shuffle(order)
    original = EventScorer(profiles).matrix()
    shuffled = EventScorer([profiles[i] for i in order]).matrix()
    assert (shuffled == original[np.ix_(order, order)]).all()


@settings(max_examples=40, deadline=None)
@given(profiles_strategy)
def test_scores_do_not_depend_on_the_case_of_topics(profiles: list[Profile]) -> None:
    def shout(p: Profile) -> Profile:
        return replace(
            p,
            interests=tuple(t.upper() for t in p.interests),
            can_teach=tuple(t.upper() for t in p.can_teach),
            want_to_learn=tuple(t.lower() for t in p.want_to_learn),
        )

    assert (
        EventScorer(profiles).matrix() == EventScorer([shout(p) for p in profiles]).matrix()
    ).all()


@settings(max_examples=30, deadline=None)
@given(profiles_strategy)
def test_scoring_is_deterministic(profiles: list[Profile]) -> None:
    assert (EventScorer(profiles).matrix() == EventScorer(list(profiles)).matrix()).all()


def test_breakdown_names_each_component_and_adds_up() -> None:
    from matchmaker.reasons import breakdown

    profiles = read_csv(data_file("demo.csv")).profiles  # type: ignore[arg-type]
    scorer = EventScorer(profiles)
    score, parts = scorer.pair(0, 1)
    text = breakdown(parts)
    assert (
        text.startswith("shared interests ") and "teaching and learning" in text and "/15" in text
    )
    numbers = [int(chunk.rsplit(" ", 1)[1].split("/")[0]) for chunk in text.split(" · ")]
    assert abs(sum(numbers) - score) <= 2  # each part rounded on its own
