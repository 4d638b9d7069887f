"""Scores: components behave as described, every score is explained, and the
properties hold (symmetry, bounds, determinism, order and case invariance)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from bench import synth
from matchmaker.core.orientation import Orientation, PacePolicy
from matchmaker.core.paths import data_file
from matchmaker.core.profiles import Profile
from matchmaker.core.reasons import explain, pace_note
from matchmaker.core.score_weights import PRESETS, WEIGHTS
from matchmaker.core.scoring import TIE, EventScorer
from matchmaker.imports.importer import read_csv

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
    assert rare[1]["topics"] > common[1]["topics"]
    assert "both are into bouldering (only 2 of 10 people list it)" in [r.lower() for r in rare[2]]
    assert any("python (10 of 10 people list it)" in r for r in common[2])


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
        (Profile("A", can_teach=("SQL",)), Profile("B", problem="Our report needs SQL."), 0.45),
        (
            Profile("A", contribute="Happy to help with SQL"),
            Profile("B", want_to_learn=("sql",)),
            0.45,
        ),
    ],
    ids=[
        "one-way",
        "mutual-counts-more",
        "tutor-counts-more",
        "more-topics-count-more",
        "two-teachers-no-learner",
        "a-problem-is-a-want",
        "an-offer-is-a-can-teach",
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


def test_a_topic_counts_once_under_its_strongest_relation() -> None:
    """Noor teaches SQL that Kai wants: a teaching reason, not also "both are into SQL"."""
    noor = Profile("Noor", interests=("databases",), can_teach=("SQL",))
    kai = Profile("Kai", want_to_learn=("SQL",), interests=("SQL",))
    _, parts, reasons = pair_score(noor, kai)
    assert parts["topics"] == 0.0 and parts["teaching"] > 0
    assert reasons[0] == "Noor can teach SQL, which Kai wants to learn"
    assert not any("both are into SQL" in r for r in reasons)


def test_two_learners_are_study_partners_not_fans() -> None:
    _, parts, reasons = pair_score(
        Profile("Aisha", want_to_learn=("SQL",)), Profile("Kai", want_to_learn=("sql",))
    )
    assert parts["topics"] > 0 and parts["teaching"] == 0
    assert reasons[0].startswith("both want to learn SQL: study partners")
    assert not any("into" in r for r in reasons)


def test_related_topics_give_partial_credit_and_say_so() -> None:
    exact = pair_score(
        Profile("A", interests=("gardening",)), Profile("B", interests=("gardening",))
    )
    related = pair_score(
        Profile("Hannah", interests=("urban gardening",)),
        Profile("Amara", interests=("gardening",)),
    )
    assert 0 < related[1]["topics"] < exact[1]["topics"]
    assert (
        "Hannah is into urban gardening and Amara is into gardening: related topics (gardening)"
        in related[2]
    )
    both = pair_score(
        Profile("A", interests=("gardening", "urban gardening")),
        Profile("B", interests=("gardening",)),
    )
    assert not any("related" in r for r in both[2])  # a topic in common: no related credit too


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            Profile("A", motivations=("giving-back",)),
            Profile("B", motivations=("giving-back",)),
            0.6,
        ),
        (
            Profile("A", motivations=("giving-back", "recognition")),
            Profile("B", motivations=("giving-back",)),
            0.6,
        ),
        (
            Profile("A", motivations=("interesting-people",)),
            Profile("B", motivations=("personal-connections",)),
            0.3,
        ),
        (
            Profile("A", motivations=("giving-back", "recognition"), main_motivation="giving-back"),
            Profile("B", motivations=("giving-back", "autonomy")),
            0.5,
        ),
        (
            Profile("A", motivations=("learn-by-tutoring",), can_teach=("SQL",)),
            Profile("B", motivations=("training-support",), want_to_learn=("SQL",)),
            0.4,
        ),
        (
            Profile("A", motivations=("learn-by-tutoring",), can_teach=("maths",)),
            Profile("B", motivations=("training-support",), want_to_learn=("SQL",)),
            0.0,
        ),
        (
            Profile("A", motivations=("dialogue-debate",), interests=("chess",)),
            Profile("B", motivations=("performance-feedback",), interests=("chess",)),
            0.4,
        ),
        (
            Profile("A", motivations=("dialogue-debate",)),
            Profile("B", motivations=("performance-feedback",)),
            0.0,
        ),
        (Profile("A", motivations=("recognition",)), Profile("B", motivations=("autonomy",)), 0.0),
        (Profile("A"), Profile("B", motivations=("autonomy",)), 0.0),
    ],
    ids=[
        "same-goal",
        "subset-of-goals",
        "close-goals-count-half",
        "a-main-reason-counts-more",
        "tutoring-complements-training-on-a-topic",
        "tutoring-without-a-topic-is-nothing",
        "debate-complements-feedback-on-a-topic",
        "debate-without-a-topic-is-nothing",
        "unrelated",
        "none-given",
    ],
)
def test_motivation_component(a: Profile, b: Profile, expected: float) -> None:
    assert pair_score(a, b)[1]["motivations"] == pytest.approx(expected)


def test_complements_are_said_once_and_name_their_topic() -> None:
    noor = Profile("Noor", can_teach=("SQL",), motivations=("learn-by-tutoring",))
    aisha = Profile("Aisha", want_to_learn=("SQL",), motivations=("training-support",))
    reasons = pair_score(noor, aisha)[2]
    assert "Noor learns by teaching and Aisha is looking for training, in SQL" in reasons
    assert sum("learns by teaching" in r for r in reasons) == 1


def test_a_problem_is_matched_against_what_others_can_teach() -> None:
    reasons = pair_score(
        Profile("Noor", can_teach=("SQL",)),
        Profile("Aisha", problem="Our monthly report needs SQL joins."),
    )[2]
    assert reasons[0].startswith("Noor can teach SQL, which Aisha is grappling with")


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
    """Pace is a reason only when the two are in step; otherwise a note."""
    a = Profile("A", orientation=Orientation(oa) if oa else None)
    b = Profile("B", orientation=Orientation(ob) if ob else None)
    _, parts, reasons = pair_score(a, b)
    assert parts["orientation"] == pytest.approx(expected)
    note = pace_note(a, b)
    if words.startswith("both"):
        assert any(words in r for r in reasons) and note is None
    else:
        assert not any(words in r for r in reasons) and note is not None and words in note


def test_nothing_in_common_gives_no_reason_and_a_pace_note() -> None:
    scorer = EventScorer(
        [Profile("A", interests=("knitting",)), Profile("B", interests=("chess",))]
    )
    assert explain(scorer, 0, 1) == []
    assert pace_note(*scorer.profiles) == (
        "no process-or-result answer from A and B, so their pace is a guess"
    )
    parts = scorer.pair(0, 1)[1]
    assert parts.topics == parts.teaching == parts.motivations == parts.problems == 0


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
    from matchmaker.core.reasons import breakdown

    profiles = read_csv(data_file("demo.csv")).profiles  # type: ignore[arg-type]
    scorer = EventScorer(profiles)
    score, parts = scorer.pair(0, 1)
    text = breakdown(parts, scorer.shares)
    assert text.startswith("shared topics ") and "teaching and learning" in text and "/15" in text
    numbers = [int(chunk.rsplit(" ", 1)[1].split("/")[0]) for chunk in text.split(" · ")]
    assert abs(sum(numbers) - score) <= 2  # each part rounded on its own


def reference_scores(scorer: EventScorer, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Scores the slow way: the components in float64, weighted (as the
    scorer's evening weighs them), rounded."""
    parts = scorer.components(rows, cols)
    total = np.zeros((len(rows), len(cols)))
    for name, weight in scorer.shares.items():
        part = parts[name]
        total += weight * (part.toarray() if sparse.issparse(part) else np.asarray(part))
    scores = np.clip(np.floor(total * 100 + 0.5 + TIE), 0, 100).astype(np.int16)  # halves up
    scores[rows[:, None] == cols[None, :]] = 0
    return scores


@settings(max_examples=40, deadline=None)
@given(profiles_strategy, st.randoms(use_true_random=False))
def test_the_fused_block_equals_the_components(profiles: list[Profile], rng) -> None:
    scorer = EventScorer(profiles)
    rows = np.array(rng.sample(range(len(profiles)), rng.randint(1, len(profiles))))
    cols = np.array(rng.sample(range(len(profiles)), len(profiles)))
    assert (scorer.block(rows, cols) == reference_scores(scorer, rows, cols)).all()


@settings(max_examples=30, deadline=None)
@given(
    profiles_strategy,
    st.sampled_from(sorted(PRESETS)),
    st.sampled_from(list(PacePolicy)),
    st.randoms(use_true_random=False),
)
def test_every_preset_and_pace_policy_scores_as_its_components_weighed(
    profiles: list[Profile], name: str, pace: PacePolicy, rng
) -> None:
    problems = ["", "Our report needs SQL.", "SQL joins for the report", "Chess openings"]
    profiles = [replace(p, problem=rng.choice(problems)) for p in profiles]
    scorer = EventScorer(profiles).weighted(PRESETS[name], pace)
    rows = np.array(rng.sample(range(len(profiles)), rng.randint(1, len(profiles))))
    cols = np.array(rng.sample(range(len(profiles)), len(profiles)))
    assert (scorer.block(rows, cols) == reference_scores(scorer, rows, cols)).all()


def test_the_fused_block_equals_the_components_in_a_big_realistic_room() -> None:
    """Hundreds of topics with typos, families, every motive: the float32
    pass with its shortcuts (complement table, sparse parts added in place)
    gives exactly the float64 scores, for a half block as pairing asks for."""
    scorer = EventScorer(synth.people(1500, seed=5))
    everyone = np.arange(len(scorer))
    for start in (0, 700):
        rows, cols = everyone[start : start + 400], everyone[start:]
        assert (scorer.block(rows, cols) == reference_scores(scorer, rows, cols)).all()


def test_sparse_parts_are_added_in_place_with_or_without_scipys_loop() -> None:
    """Scipy's private CSR-to-dense loop adds into the block (the scorer
    relies on it); the numpy fallback, for a scipy without it, adds the same."""
    from matchmaker.core.scoring import _add, add_by_index

    part = sparse.random(40, 70, density=0.2, format="csr", dtype=np.float32, random_state=3)
    base = np.random.default_rng(3).random((40, 70), dtype=np.float32)
    expected = base + part.toarray()
    for add in (_add, add_by_index):
        out = base.copy()
        add(part, out)
        assert np.array_equal(out, expected)
