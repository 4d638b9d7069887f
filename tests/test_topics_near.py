"""One person's matches need only the topics around theirs
(``core/topics_near.py``): scored and explained with that part of the
vocabulary, every score and reason is the one the whole vocabulary gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.synth import people
from matchmaker.core.matches import describe_many, ranking
from matchmaker.core.paths import data_file
from matchmaker.core.profiles import Profile
from matchmaker.core.scoring import EventScorer
from matchmaker.core.topics_near import TopicsNear
from matchmaker.imports.importer import read_csv
from matchmaker.service import snapshot
from matchmaker.service.workspace import DEMO_EVENT, Workspace

TYPOS = [
    Profile("Kay", interests=("kubernetes", "bouldering"), can_teach=("machine learning",)),
    Profile("Lou", interests=("kubernetse", "climbing"), want_to_learn=("machne learning",)),
    Profile("Max", interests=("Kubernetes",), contribute="I can help with SQL and climbing."),
    Profile("Ned", interests=("sql", "ML"), problem="Not C++ again: my kubernetes cluster."),
    Profile("Ola", interests=("kubrenetes", "c++"), want_to_learn=("bouldering",)),
]


def rooms() -> list[list[Profile]]:
    demo = list(read_csv(data_file("demo.csv")).profiles)
    return [TYPOS, demo, people(300, seed=3, topics=60)]


@pytest.mark.parametrize("room", rooms(), ids=["typos", "demo", "synthetic"])
def test_one_persons_scores_and_reasons_are_the_whole_vocabularys(room: list[Profile]) -> None:
    whole, topics = EventScorer(room), TopicsNear(room)
    for person in range(0, len(room), max(1, len(room) // 12)):
        near = EventScorer(room, vocabulary=topics.vocabulary(person))
        assert np.array_equal(near.row(person), whole.row(person)), room[person].name
        top = ranking(whole, person, 5)
        assert ranking(near, person, 5) == top
        assert describe_many(near, person, top) == describe_many(whole, person, top)
        assert len(near.vocabulary) <= len(whole.vocabulary)


def test_a_big_rooms_session_answers_matches_without_scoring_the_whole_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    ids = [p.id for p in workspace.people(DEMO_EVENT)[:6]]
    whole = [workspace.session(DEMO_EVENT).matches(i) for i in ids]
    monkeypatch.setattr(snapshot, "NEAR_FROM", 0)  # the demo as big as 5,000 people
    session = workspace.session(DEMO_EVENT)
    assert [session.matches(i) for i in ids] == whole
    assert session._scorer is None  # the whole room was never scored


@pytest.mark.parametrize("room", rooms(), ids=["typos", "demo", "synthetic"])
def test_a_scorer_made_around_another_persons_topics_is_one_made_afresh(
    room: list[Profile],
) -> None:
    """The session keeps the last person's scorer and reads only the topics
    again for the next (``Features.around``): nothing of the first stays."""
    topics = TopicsNear(room)
    first = EventScorer(room, vocabulary=topics.vocabulary(0))
    first.row(0)  # what it keeps for its own vocabulary, made before the next
    for person in range(1, len(room), max(1, len(room) // 6)):
        vocabulary = topics.vocabulary(person)
        fresh, kept = EventScorer(room, vocabulary=vocabulary), first.around(vocabulary)
        assert np.array_equal(kept.row(person), fresh.row(person)), room[person].name
        top = ranking(fresh, person, 5)
        assert describe_many(kept, person, top) == describe_many(fresh, person, top)
