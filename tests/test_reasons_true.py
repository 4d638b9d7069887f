"""Every reason is literally true of the two profiles, each topic sits in at
most one topical reason, and every point of a score has a reason: checked on
random rooms (hypothesis) and on every pair of the demo event."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.core.orientation import Orientation, in_step
from matchmaker.core.problems import similar, telling_words
from matchmaker.core.profiles import Profile
from matchmaker.core.reasons import Reason, ReasonKind, explain, pace_note
from matchmaker.core.scoring import EventScorer
from matchmaker.imports.importer import read_csv
from matchmaker.service.workspace import demo_csv

TOPICAL = frozenset({ReasonKind.SHARED_INTEREST, ReasonKind.BOTH_LEARNING, ReasonKind.TEACHES})
TOPICS = [
    "SQL",
    "sql",
    "Python",
    "pyhton",
    "Rust",
    "R",
    "chess",
    "gardening",
    "urban gardening",
    "bouldering",
    "climbing",
    "machine learning",
    "deep learning",
    "Spanish",
]
MOTIVES = [
    "learn-by-tutoring",
    "training-support",
    "dialogue-debate",
    "performance-feedback",
    "interesting-people",
    "personal-connections",
    "emotional-bonds",
    "giving-back",
    "recognition",
]
topic_lists = st.lists(st.sampled_from(TOPICS), max_size=3, unique=True).map(tuple)
free_text = st.one_of(
    st.just(""), st.sampled_from(TOPICS).map(lambda t: f"I keep getting stuck on {t} at work.")
)


@st.composite
def profile(draw: st.DrawFn, name: str) -> Profile:
    motives = draw(st.lists(st.sampled_from(MOTIVES), max_size=3, unique=True))
    return Profile(
        name,
        interests=draw(topic_lists),
        can_teach=draw(topic_lists),
        want_to_learn=draw(topic_lists),
        motivations=tuple(motives),
        main_motivation=draw(st.one_of(st.none(), st.sampled_from(motives))) if motives else None,
        orientation=draw(st.one_of(st.none(), st.sampled_from(list(Orientation)))),
        problem=draw(free_text),
        contribute=draw(free_text),
    )


rooms = st.integers(2, 6).flatmap(
    lambda n: st.tuples(*(profile(f"P{i}") for i in range(n))).map(list)
)


def same_problem(scorer: EventScorer, a: int, b: int) -> bool:
    """Do the two problems overlap: a topic both name, or like telling words?"""
    first, second = (scorer.profiles[p].problem for p in (a, b))
    vocab = scorer.vocabulary
    if set(vocab.mentions(first)) & set(vocab.mentions(second)):
        return True
    return bool(similar([telling_words(first)], [telling_words(second)])[0, 0])


def check_pair(scorer: EventScorer, a: int, b: int) -> None:
    reasons = explain(scorer, a, b)
    pa, pb = scorer.profiles[a], scorer.profiles[b]
    vocab = scorer.vocabulary

    def labels(items: tuple[int, ...] | set[int]) -> set[str]:
        return {vocab.label(t) for t in items}

    said = {p.name: vocab.said(p) for p in (pa, pb)}
    teach = {name: labels(s.teaches) for name, s in said.items()}
    learn = {name: labels(s.learns) for name, s in said.items()}
    learn_listed = {name: labels(s.learn_listed) for name, s in said.items()}
    problems = {name: labels(s.problems) for name, s in said.items()}
    into = {name: labels({*s.interests, *s.teach_listed}) for name, s in said.items()}
    listed = {
        name: labels({*s.interests, *s.teach_listed, *s.learn_listed}) for name, s in said.items()
    }
    known = {name: listed[name] | teach[name] | learn[name] for name in said}
    x, y = pa.name, pb.name

    topical = [r for r in reasons if r.kind in TOPICAL]
    assert len({r.topic for r in topical}) == len(topical), [r.text for r in topical]
    teaching = {r.topic for r in reasons if r.kind is ReasonKind.TEACHES}
    for r in reasons:
        assert r.between == (x, y)
        count = re.search(r"\((?:only )?(\d+) of \d+ people (list|name) it\)", r.text)
        if count:  # no count contradicts its sentence: both of them are in it
            assert int(count.group(1)) >= 2, r.text
            if count.group(2) == "list":
                assert r.topic in listed[x] & listed[y], r.text
        if r.kind is ReasonKind.TEACHES:
            assert r.topic in teach[r.source] and r.topic in learn[r.target], r.text
            assert r.topic not in learn[r.source] or r.topic in learn_listed[r.source], r.text
            if " can teach " in r.text and "each teach" not in r.text:
                assert r.topic in labels(said[r.source].teach_listed), r.text
            if "wants to learn" in r.text and "each teach" not in r.text:
                assert r.topic in learn_listed[r.target], r.text
        elif r.kind is ReasonKind.BOTH_LEARNING:
            assert r.topic in learn[x] & learn[y] and r.topic not in teach[x] | teach[y]
            if r.text.startswith("both want to learn"):
                assert r.topic in learn_listed[x] & learn_listed[y], r.text
            if r.text.startswith("both are grappling"):
                assert r.topic in problems[x] & problems[y], r.text
                assert same_problem(scorer, a, b), r.text
        elif r.kind is ReasonKind.SHARED_INTEREST and "related topics" in r.text:
            roles = "can teach|is into|offers help with|wants to learn|is grappling with"
            named = re.findall(rf"(?:{roles}) (.+?)(?: and |: related)", r.text)
            assert len(named) == 2 and named[0] in known[x] and named[1] in known[y], r.text
            family = scorer.family_of
            ids = {vocab.label(t): t for t in range(len(vocab))}
            assert family[ids[named[0]]] == family[ids[named[1]]] == r.topic
            assert not {t for t in known[x] & known[y] if family.get(ids[t]) == r.topic}
        elif r.kind is ReasonKind.SHARED_INTEREST:
            # "both are into X" / "both can teach X": both wrote X in a list.
            assert r.topic in into[x] & into[y] and r.topic not in teaching, r.text
            assert not (r.topic in learn[x] and r.topic in learn[y]), r.text
            if r.text.startswith("both can teach"):
                assert r.topic in labels(said[x].teach_listed) & labels(said[y].teach_listed)
        elif r.kind is ReasonKind.SHARED_MOTIVATION and r.text.startswith("both are here"):
            aims = {m.aim: m.id for m in scorer.catalogue}
            aim = r.text.removeprefix("both are here for ").split(" (")[0]
            assert aims[aim] in pa.motivations and aims[aim] in pb.motivations
            if aims[aim] == "solve-together":
                assert topical or same_problem(scorer, a, b), r.text
    # Every point has a reason, and no reason claims points that are not there.
    _, parts = scorer.pair(a, b)
    kinds = {r.kind for r in reasons}
    assert (parts.teaching > 0) == (ReasonKind.TEACHES in kinds)
    if parts.topics > 0:
        assert kinds & {ReasonKind.SHARED_INTEREST, ReasonKind.BOTH_LEARNING}
    motive_kinds = {ReasonKind.SHARED_MOTIVATION, ReasonKind.MOTIVATION_COMPLEMENT}
    assert (parts.motivations > 0) == bool(kinds & motive_kinds)
    # Pace is a reason when the two are in step, and otherwise a note.
    paced = sum(r.kind is ReasonKind.ORIENTATION for r in reasons)
    assert paced == in_step(pa.orientation, pb.orientation)
    assert (pace_note(pa, pb) is None) == bool(paced)


@settings(max_examples=60, deadline=None)
@given(rooms)
def test_every_reason_is_true_of_random_profiles(room: list[Profile]) -> None:
    scorer = EventScorer(room)
    for a, b in combinations(range(len(room)), 2):
        check_pair(scorer, a, b)


FIXTURES = Path(__file__).parent / "fixtures"
ROOMS = {
    "demo": demo_csv(),
    "trap room": FIXTURES / "trap_room.csv",
    "free-text room": FIXTURES / "free_text_room.csv",
    "Google Forms": FIXTURES / "google_forms.csv",
    "Eventbrite": FIXTURES / "eventbrite.csv",
    "Meetup": FIXTURES / "meetup.csv",
}


@pytest.mark.parametrize("room", list(ROOMS))
def test_every_reason_is_true_for_every_pair_of_every_room(room: str) -> None:
    """The script over every pair: no reason names a topic one of the two did
    not write in the role it claims, no count contradicts its sentence."""
    scorer = EventScorer(read_csv(ROOMS[room]).profiles)
    for a, b in combinations(range(len(scorer)), 2):
        check_pair(scorer, a, b)


def test_reasons_are_typed_in_json() -> None:
    scorer = EventScorer(read_csv(demo_csv()).profiles)
    document = explain(scorer, 0, 1)[0].as_dict()
    assert set(document) == {"kind", "text", "topic", "from", "to", "between"}
    assert isinstance(explain(scorer, 0, 1)[0], Reason)
