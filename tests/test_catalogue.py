"""The catalogue covers both source lists completely, and form wording maps onto it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from matchmaker.core.catalogue import Catalogue

TABLE_1 = [
    "Because you learn yourself through co-production and tutoring",
    "Because you win recognition and prestige from your peers",
    "Because you might further your own interests through the co-production of knowledge, such as testing new solutions, benchmarking, mastering a technology, etc.",
    "Because you can solve a problem that you can only solve by collaborating with others",
    "Because you might gain power of persuasion within your organisation, network, or peer group",
    "Because you are proud to co-own a tangible “product”",
    "Because you have the freedom to co-create knowledge or goods, which increases autonomy and self-direction, and thereby motivation",
    "Because you build emotional bonds with people and things",
    "Because you feel “meaningful” by supporting the community, giving back through reciprocity (putting values such as fairness, solidarity, and altruism into practice)",
    "Because you know that the result of your commons-based peer activities will be available to others over time, and cannot be monopolized or privatized",
    "Because you feel good being associated with a trendy and innovative community",
    "Because you get continued access to knowledge, news and services",
    "Because you enlarge your personal and professional networks",
    "Because you can freely choose topics according to your interests",
]
PEERAGOGY = [
    "Acquisition of training or support in a topic or field",
    "Building relationships with interesting people",
    "Finding professional opportunities by networking",
    "Creating or bolstering personal connections",
    "More organized and rational thinking through dialog and debate",
    "Feedback about their own performance and understanding of the topic",
]


def test_twenty_entries_none_merged(catalogue: Catalogue) -> None:
    assert len(catalogue) == 20
    assert len({m.id for m in catalogue}) == 20
    assert len({m.label for m in catalogue}) == 20


@pytest.mark.parametrize(
    ("source", "phrases"),
    [("table-1", TABLE_1), ("peeragogy", PEERAGOGY)],
    ids=["table-1", "peeragogy"],
)
def test_each_source_item_has_exactly_one_entry(
    catalogue: Catalogue, source: str, phrases: list[str]
) -> None:
    entries = sorted((m for m in catalogue if m.source == source), key=lambda m: m.source_item)
    assert [m.source_item for m in entries] == list(range(1, len(phrases) + 1))
    assert [m.source_text for m in entries] == phrases
    for entry, phrase in zip(entries, phrases, strict=True):
        assert catalogue.lookup(phrase) == entry, phrase


def test_entries_are_complete_and_in_our_own_words(catalogue: Catalogue) -> None:
    for m in catalogue:
        assert m.label and m.description and m.source in catalogue.sources
        assert m.description.casefold() != m.source_text.casefold()


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed_text() -> str:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return " ".join(text.replace("\u2019", "'").replace("*", "").split())


def test_leanings_only_where_a_text_supports_them(catalogue: Catalogue) -> None:
    """A leaning quotes the text behind it; everything else has none."""
    text = seed_text()
    leaning = [m for m in catalogue if m.leaning is not None]
    assert {m.id for m in leaning} == {
        "co-owned-product",
        "solve-together",
        "interesting-people",
        "personal-connections",
    }
    for m in leaning:
        quotes = re.findall(r'"([^"]+)"', m.leaning_reason.replace("’", "'"))
        assert quotes and all(" ".join(q.split()) in text for q in quotes), m.id
    assert all(not m.leaning_reason for m in catalogue if m.leaning is None)


def test_item_3_is_about_ones_own_interests_not_commerce(catalogue: Catalogue) -> None:
    own = catalogue.get("own-interests")
    assert own.label == "Furthering my own interests"
    assert "commercial" not in own.tags
    feedback = catalogue.get("performance-feedback")
    assert "performance" in feedback.label and "understanding" in feedback.description


@pytest.mark.parametrize(
    "tag", ["social-image", "reciprocity", "commercial", "volunteer", "tutoring", "seeks-training"]
)
def test_clash_and_scoring_tags_are_used(catalogue: Catalogue, tag: str) -> None:
    assert catalogue.with_tag(tag)


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("win recognition and prestige from my peers", "recognition"),
        ("Acquisition of training or support in a topic", "training-support"),
        ("learn-by-tutoring", "learn-by-tutoring"),
        ("Giving Back", "giving-back"),
        ("RECOGNITION FROM PEERS", "recognition"),
        ("I want to meet business partners", "professional-opportunities"),
        ("benchmarking", "own-interests"),
        ("reciprocity", "giving-back"),
        ("feedback on my performance", "performance-feedback"),
        ("dialog and debate", "dialogue-debate"),
        ("recogniton and prestige", "recognition"),
        ("free choice of topics", "free-choice-of-topics"),
    ],
    ids=lambda value: str(value),
)
def test_form_wording_maps_to_the_entry(catalogue: Catalogue, wording: str, expected: str) -> None:
    match = catalogue.lookup(wording)
    assert match is not None and match.id == expected


@pytest.mark.parametrize(
    "near_miss",
    [
        "free pizza",
        "machine learning",
        "prestige cars",
        "peers",
        "knowledge",
        "community garden",
        "my boss sent me",
        "networking equipment",
        "performance tuning",
        "debate club",
        "",
        "   ",
    ],
)
def test_near_misses_do_not_map(catalogue: Catalogue, near_miss: str) -> None:
    assert catalogue.lookup(near_miss) is None
