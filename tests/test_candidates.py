"""The topic index's candidates (``pairing/candidates.py``): who is offered
partners, which pairs are always scored, how close their plan comes to the
plan of every pair, and that every weight is the pair's exact score."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from scipy import sparse

from bench.synth import people
from matchmaker.core.model import Rules, key
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.profiles import Profile
from matchmaker.core.reasons import explain
from matchmaker.core.score_weights import Weighting
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing import candidates, pairs
from matchmaker.pairing.best_partners import edge_list
from matchmaker.pairing.candidates import chunks, indexed, indexed_candidates
from matchmaker.pairing.large import exact
from matchmaker.pairing.seating import seat_event
from matchmaker.pairing.weights import MatrixSource, SubsetSource, Weights

ROOM = 300
SMALL = 24  # chunks of this many people, so that the room's big topics are cut
TOLERANCE = 0.01  # the candidates' plan within 1 % of every pair's (measured 0.4-0.7 % below)


@pytest.fixture(scope="module")
def scorer() -> EventScorer:
    loners = [Profile(name=f"Loner {i}", motivations=("networking",)) for i in range(3)]
    return EventScorer([*people(ROOM - len(loners), seed=29), *loners])


def together(groups: list[np.ndarray]) -> set[tuple[int, int]]:
    return {key(int(a), int(b)) for g in groups for a, b in combinations(g.tolist(), 2)}


def test_every_person_is_offered_candidates_even_sharing_no_topic(scorer: EventScorer) -> None:
    everyone = np.arange(len(scorer))
    found = indexed_candidates(Weights(scorer, Rules(), set()), everyone, 12, SMALL)
    assert found is not None
    edges = edge_list(found)
    offered = {x for a, b, _ in edges for x in (a, b)}
    assert offered == set(range(len(scorer)))
    links, _ = scorer.topic_links()
    assert np.diff(links.indptr)[-3:].tolist() == [0, 0, 0]  # the loners share nothing


def test_pairs_sharing_a_topic_of_a_chunk_or_fewer_are_always_scored(scorer: EventScorer) -> None:
    links, label = scorer.topic_links()
    scored = together(chunks(links, label, SMALL))
    by_topic = sparse.csc_matrix(links)
    small = 0
    for column in range(by_topic.shape[1]):
        members = by_topic.indices[by_topic.indptr[column] : by_topic.indptr[column + 1]]
        if len(members) <= SMALL:
            small += len(members) > 1
            assert together([members]) <= scored
        else:  # a big topic: everyone there meets a chunk of its people
            mates: dict[int, set[int]] = {}
            for a, b in together([members]) & scored:
                mates.setdefault(a, set()).add(b)
                mates.setdefault(b, set()).add(a)
            assert all(len(mates[x]) >= SMALL // 2 for x in members.tolist())
    assert small > 10


@pytest.mark.parametrize("seed", [3, 4])
def test_the_candidates_plan_is_within_a_point_of_every_pairs_plan(seed: int) -> None:
    room = EventScorer(people(ROOM, seed=seed))
    weights = Weights(room, Rules(), set())
    everyone = np.arange(ROOM)
    plans = []
    for found in (
        pairs.candidates(weights, everyone, pairs.CANDIDATES),
        indexed_candidates(weights, everyone, pairs.CANDIDATES, SMALL),
    ):
        assert found is not None
        edges = edge_list(found)
        weight = {(a, b): w for a, b, w in edges}
        plans.append(sum(weight[pair] for pair in exact(ROOM, edges)))
    every_pair, indexed_plan = plans
    assert indexed_plan >= (1 - TOLERANCE) * every_pair


def test_every_weight_is_the_pair_s_exact_score(scorer: EventScorer) -> None:
    everyone = np.arange(len(scorer))
    found = indexed_candidates(Weights(scorer, Rules(), set()), everyone, 12, SMALL)
    assert found is not None
    edges = edge_list(found)
    exact_scores = scorer.matrix()
    assert all(w == exact_scores[a, b] for a, b, w in edges)


def test_a_big_room_s_tables_carry_exact_scores_and_their_own_reasons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    room = EventScorer(people(120, seed=5))
    monkeypatch.setattr(pairs, "INDEX_FROM", 100)
    monkeypatch.setattr(pairs, "ALL_EDGES_LIMIT", 50)
    monkeypatch.setattr(candidates, "CHUNK", SMALL)
    (seated,) = seat_event(room, Rules()).rounds
    assert sorted(x for t in seated.tables for x in t.members) == list(range(120))
    for table in seated.tables:
        if len(table.members) == 2:
            a, b = table.members
            assert table.score == room.pair(a, b)[0]
            assert table.reasons == tuple(explain(room, a, b))


def test_wished_pairs_are_candidates_and_pairs_met_before_are_not(scorer: EventScorer) -> None:
    everyone = np.arange(len(scorer))
    base = indexed_candidates(Weights(scorer, Rules(), set()), everyone, 12, SMALL)
    assert base is not None
    met = {(a, b) for a, b, _ in edge_list(base)[::3]}
    wished = key(0, len(scorer) - 1)  # a loner: nothing in common with person 0
    rules = Rules(wishes=frozenset({wished}), met=frozenset(met))
    edges = indexed_candidates(Weights(scorer, rules, set(met), bonus=1000), everyone, 12, SMALL)
    assert edges is not None
    found = {(a, b) for a, b, _ in edge_list(edges)}
    assert wished in found and not (found & met)


def test_people_present_are_indexed_in_the_whole_room_s_positions(scorer: EventScorer) -> None:
    present = np.arange(0, len(scorer), 2)
    subset = SubsetSource(scorer, present)
    found = indexed_candidates(Weights(subset, Rules(), set()), np.arange(len(present)), 8, SMALL)
    assert found is not None
    edges = edge_list(found)
    exact_scores = scorer.matrix()
    assert all(w == exact_scores[present[a], present[b]] for a, b, w in edges)


def test_rooms_the_index_cannot_stand_for_score_every_pair(scorer: EventScorer) -> None:
    assert indexed(Weights(scorer, Rules(), set())) is not None
    problems = scorer.weighted(Weighting(problems=1), PacePolicy.SEPARATE)
    assert indexed(Weights(problems, Rules(), set())) is None  # answers match by their words
    assert indexed(Weights(MatrixSource(np.zeros((4, 4), dtype=int)), Rules(), set())) is None
