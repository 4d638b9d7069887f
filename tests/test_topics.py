"""Spellings of one topic merge; different topics never do."""

from __future__ import annotations

import pytest

from matchmaker.core.topics import Vocabulary, topic_key

MUST_MERGE = [
    ("Machine-Learning", "machine learning"),
    ("machine learning", "machne learning"),
    ("machine learning", "Machine Learning"),
    ("learning, machine", "machine learning"),
    ("machine learning", "machine learnings"),
    ("machine learning", "machine learnign"),
    ("ML", "machine learning"),
    ("JS", "JavaScript"),
    ("Javascript", "JavaScript"),
    ("k8s", "Kubernetes"),
    ("kubernetes", "kubernets"),
    ("UX", "user experience"),
    ("pyhton", "python"),
    ("Python", "python3"),
    ("data visualisation", "data visualization"),
    ("Data-Visualisation", "data visualisations"),
    ("statistics", "Statistics"),
    ("statistics", "statistic"),
    ("databases", "Database"),
    ("open source", "Open-Source"),
    ("web accessibility", "accessibility, web"),
    ("node.js", "NodeJS"),
    ("c sharp", "C#"),
    ("cpp", "C++"),
    ("postgres", "PostgreSQL"),
    ("wasm", "WebAssembly"),
    ("bouldering ", " Bouldering"),
    ("public speaking", "public-speaking"),
    ("photography", "photograhpy"),
    ("typescript", "TypeScirpt"),
]

MUST_NOT_MERGE = [
    ("Java", "JavaScript"),
    ("R", "Rust"),
    ("C", "C++"),
    ("C", "C#"),
    ("C++", "C#"),
    ("machine learning", "deep learning"),
    ("Go", "Goa"),
    ("hiking", "biking"),
    ("baking", "biking"),
    ("scala", "scale"),
    ("SQL", "NoSQL"),
    ("MySQL", "MSSQL"),
    ("python 2", "python 3"),
    ("web2", "web3"),
    ("React", "Redux"),
    ("writing", "waiting"),
    ("postgis", "postgres"),
    ("TypeScript", "JavaScript"),
    ("statistics", "physics"),
    ("rust", "rest"),
    ("Go", "golang lessons"),
    ("data science", "data engineering"),
    ("UX", "UI"),
    ("cycling", "recycling"),
    ("chess", "chest"),
]


@pytest.mark.parametrize(("a", "b"), MUST_MERGE, ids=[f"{a}~{b}" for a, b in MUST_MERGE])
def test_spellings_merge(a: str, b: str) -> None:
    assert Vocabulary.build([a, b]).same(a, b)


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MERGE, ids=[f"{a}!{b}" for a, b in MUST_NOT_MERGE])
def test_distinct_topics_stay_apart(a: str, b: str) -> None:
    vocabulary = Vocabulary.build([a, b])
    assert not vocabulary.same(a, b)
    assert len(vocabulary) == 2


def test_at_least_forty_cases() -> None:
    assert len(MUST_MERGE) + len(MUST_NOT_MERGE) >= 40


def test_traps_stay_apart_in_one_big_vocabulary() -> None:
    everything = [t for pair in MUST_NOT_MERGE for t in pair] + [
        t for pair in MUST_MERGE for t in pair
    ]
    vocabulary = Vocabulary.build(everything)
    for a, b in MUST_NOT_MERGE:
        assert not vocabulary.same(a, b), (a, b)
    for a, b in MUST_MERGE:
        assert vocabulary.same(a, b), (a, b)


def test_label_is_the_most_common_written_out_spelling() -> None:
    vocabulary = Vocabulary.build(
        ["ML", "Machine Learning", "machine learning", "Machine Learning"]
    )
    assert vocabulary.labels == ["Machine Learning"]
    assert Vocabulary.build(["ML", "ml"]).labels == [
        "machine learning"
    ]  # only short forms: the alias name


def test_a_typo_follows_the_more_common_spelling() -> None:
    vocabulary = Vocabulary.build(["kubernetes", "kubernetes", "kuberntes"])
    assert vocabulary.labels == ["kubernetes"]


def test_aliases_come_from_an_editable_mapping() -> None:
    vocabulary = Vocabulary.build(
        ["gardening", "horticulture"], aliases={"horticulture": "gardening"}
    )
    assert vocabulary.same("gardening", "horticulture")


def test_key_keeps_plus_and_hash() -> None:
    assert {topic_key("C"), topic_key("C++"), topic_key("C#")} == {"c", "c++", "c#"}


def test_build_is_deterministic_whatever_the_order() -> None:
    texts = ["pyhton", "python", "Python", "kuberntes", "kubernetes", "ML", "machine learning"]
    first = Vocabulary.build(texts)
    second = Vocabulary.build(list(reversed(texts)))
    assert first.labels == second.labels and dict(first.ids) == dict(second.ids)
