"""Profile validation names the field of every problem and keeps text as typed."""

from __future__ import annotations

import pytest

from matchmaker.core.catalogue import Catalogue
from matchmaker.core.errors import InvalidProfile
from matchmaker.core.orientation import Orientation
from matchmaker.core.orientation import parse as parse_orientation
from matchmaker.core.profiles import Profile, build_profile


def fields_of(error: InvalidProfile) -> list[str]:
    return [p.field for p in error.problems]


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"name": "x" * 121}, "name", "at most 120"),
        ({"name": "Ada", "email": "ada-at-example"}, "email", "not an email"),
        ({"name": "Ada", "email": "ada@example"}, "email", "not an email"),
        ({"name": "Ada", "share_contact": "maybe"}, "share_contact", "not yes or no"),
        ({"name": "Ada", "orientation": "sideways"}, "orientation", "process, balanced or result"),
        ({"name": "Ada", "orientation": "6"}, "orientation", "1 to 5"),
        ({"name": "Ada", "orientation": "2.5"}, "orientation", "1 to 5"),
        ({"name": "Ada", "brings_me": "x" * 2_001}, "brings_me", "at most 2,000"),
        ({"name": "Ada", "problem": "x" * 2_001}, "problem", "at most 2,000"),
        (
            {"name": "Ada", "interests": ";".join(f"t{n}" for n in range(51))},
            "interests",
            "at most 50",
        ),
        ({"name": "Ada", "can_teach": "y" * 81}, "can_teach", "at most 80"),
        ({"name": "Ada", "motivations": "z" * 81}, "motivations", "at most 80"),
        ({"name": "\u200b\u200d\ufeff"}, "name", "no visible character"),
    ],
    ids=[
        "name-missing",
        "name-blank",
        "name-too-long",
        "email-no-at",
        "email-no-dot",
        "consent-not-yes-no",
        "orientation-unknown-word",
        "orientation-out-of-range",
        "orientation-fraction",
        "answer-too-long",
        "problem-too-long",
        "too-many-topics",
        "topic-too-long",
        "free-text-motivation-too-long",
        "name-of-zero-width-characters-only",
    ],
)
def test_bad_values_name_their_field(
    catalogue: Catalogue, values: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(InvalidProfile) as caught:
        build_profile(values, catalogue)
    assert fields_of(caught.value) == [field]
    assert words in caught.value.problems[0].problem


def test_every_bad_field_is_reported_at_once(catalogue: Catalogue) -> None:
    with pytest.raises(InvalidProfile) as caught:
        build_profile({"name": "", "email": "nope", "orientation": "9"}, catalogue)
    assert fields_of(caught.value) == ["name", "email", "orientation"]


def test_values_are_trimmed_and_lists_deduplicated(catalogue: Catalogue) -> None:
    parsed = build_profile(
        {
            "name": "  Ada Lovelace ",
            "email": " ada@example.org ",
            "share_contact": "Yes",
            "interests": " Rust ; rust;  SQL ;; ",
            "can_teach": "SQL",
            "want_to_learn": "",
            "motivations": "giving back; Recognition from peers; giving-back",
            "orientation": "result",
        },
        catalogue,
    )
    p = parsed.profile
    assert p.name == "Ada Lovelace" and p.email == "ada@example.org" and p.share_contact
    assert p.interests == ("Rust", "SQL")
    assert p.motivations == ("recognition", "giving-back")  # catalogue order, no duplicates
    assert p.orientation is Orientation.LEANS_RESULT and parsed.warnings == []  # one word


def test_unknown_motivations_are_kept_as_text_with_a_warning(catalogue: Catalogue) -> None:
    parsed = build_profile({"name": "Bo", "motivations": "free pizza; giving back"}, catalogue)
    assert parsed.profile.motivations == ("giving-back",)
    assert parsed.profile.other_motivations == ("free pizza",)
    assert [w.field for w in parsed.warnings] == ["motivations"]


def test_markup_and_non_ascii_are_kept_exactly(catalogue: Catalogue) -> None:
    name = '[bold red]Zoë [/] =HYPERLINK("x")'
    assert build_profile({"name": name}, catalogue).profile.name == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("process", Orientation.LEANS_PROCESS),  # one word is a leaning
        ("Balanced", Orientation.BALANCED),
        (" RESULT ", Orientation.LEANS_RESULT),
        ("journey", Orientation.LEANS_PROCESS),
        ("destination", Orientation.LEANS_RESULT),
        ("1", Orientation.PROCESS),
        ("4", Orientation.LEANS_RESULT),
        ("5", Orientation.RESULT),
        ("", None),
    ],
)
def test_orientation_words_and_numbers(text: str, expected: Orientation | None) -> None:
    assert parse_orientation(text) == expected


@pytest.mark.parametrize(
    ("score", "word"),
    [(1, "process"), (2, "process"), (3, "balanced"), (4, "result"), (5, "result")],
)
def test_orientation_word(score: int, word: str) -> None:
    assert Orientation(score).word == word


def test_record_round_trip() -> None:
    profile = Profile(
        "Ada",
        "a@x.io",
        True,
        ("rust",),
        ("sql",),
        ("go",),
        ("giving-back",),
        ("pizza",),
        Orientation.LEANS_PROCESS,
        "x",
        "y",
    )
    assert Profile.from_record(profile.to_record()) == profile


def test_identity_prefers_email() -> None:
    assert Profile("Ada", "A@X.io").identity == Profile("Ada L.", "a@x.io").identity
    assert Profile("Ada").identity == Profile("ada").identity
    assert Profile("Ada", "a@x.io").identity != Profile("Ada").identity
