"""One person's matches need only the topics around theirs
(``core/topics_near.py``): scored and explained with that part of the
vocabulary, every score and reason is the one the whole vocabulary gives."""

from __future__ import annotations

import numpy as np
import pytest

from bench.synth import people
from matchmaker.core.matches import describe_many, ranking
from matchmaker.core.paths import data_file
from matchmaker.core.profiles import Profile
from matchmaker.core.scoring import EventScorer
from matchmaker.core.topics_near import TopicsNear
from matchmaker.imports.importer import read_csv

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
