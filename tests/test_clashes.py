"""Each warning kind fires where the texts say it should, and nowhere else."""

from __future__ import annotations

import pytest

from matchmaker.core.clashes import ClashKind, Severity, find_clashes
from matchmaker.core.orientation import Orientation
from matchmaker.core.profiles import Profile


def person(name: str, orientation: int | None = None, *motivations: str) -> Profile:
    return Profile(
        name, motivations=motivations, orientation=Orientation(orientation) if orientation else None
    )


@pytest.mark.parametrize(
    ("oa", "ob", "severity"),
    [
        (1, 5, Severity.HIGH),
        (5, 1, Severity.HIGH),
        (1, 4, Severity.MEDIUM),
        (2, 5, Severity.MEDIUM),
        (2, 4, Severity.MEDIUM),
        (1, 3, None),  # a balanced person is the bridge, never a clash
        (3, 5, None),
        (2, 3, None),
        (3, 3, None),
        (1, 2, None),
        (4, 5, None),
        (None, 5, None),
    ],
    ids=lambda v: str(v),
)
def test_process_vs_result_severity(
    oa: int | None, ob: int | None, severity: Severity | None
) -> None:
    warnings = [
        w
        for w in find_clashes(person("Ada", oa), person("Grace", ob))
        if w.kind is ClashKind.PROCESS_VS_RESULT
    ]
    assert [w.severity for w in warnings] == ([severity] if severity else [])


def test_process_vs_result_warning_explains_and_advises() -> None:
    (warning,) = find_clashes(person("Grace", 5), person("Ada", 1))
    assert warning.between == ("Ada", "Grace")  # the process side first
    assert "Ada is here mostly for the process" in warning.message and "Grace" in warning.message
    assert "there will be conflict" in warning.message
    assert "It never hurts to ask" in warning.advice
    assert "What are the problems you're grappling with?" in warning.advice
    (leaning,) = find_clashes(person("Grace", 4), person("Ada", 2))
    assert (
        leaning.severity is Severity.MEDIUM
        and "Ada is here rather for the process" in leaning.message
    )


@pytest.mark.parametrize(
    ("a", "b", "fires"),
    [
        (("recognition",), ("giving-back",), True),
        (("persuasion-power",), ("giving-back",), True),
        (("innovative-community",), ("giving-back",), True),
        (("giving-back",), ("recognition",), True),
        (("recognition", "giving-back"), ("giving-back",), False),
        (("recognition",), ("recognition", "giving-back"), False),
        (("recognition",), ("autonomy",), False),
        (("recognition",), ("recognition",), False),
        (("giving-back",), ("giving-back",), False),
    ],
    ids=[
        "recognition-vs-giving-back",
        "persuasion-vs-giving-back",
        "trendy-vs-giving-back",
        "reversed",
        "mixed-first",
        "mixed-second",
        "image-vs-unrelated",
        "both-image",
        "both-reciprocity",
    ],
)
def test_image_vs_reciprocity(a: tuple[str, ...], b: tuple[str, ...], fires: bool) -> None:
    warnings = [
        w
        for w in find_clashes(person("A", None, *a), person("B", None, *b))
        if w.kind is ClashKind.IMAGE_VS_RECIPROCITY
    ]
    assert len(warnings) == int(fires)
    if fires:
        assert warnings[0].severity is Severity.LOW  # one person's motives, not a conflict yet
        assert "What brings you here?" in warnings[0].advice
        assert "may not be so interested in reciprocity, and vice versa" in warnings[0].message


@pytest.mark.parametrize(
    ("a", "b", "fires"),
    [
        (("professional-opportunities",), ("giving-back",), True),
        (("own-interests",), ("open-commons",), False),
        (("open-commons",), ("professional-opportunities",), True),
        (("professional-opportunities", "giving-back"), ("giving-back",), False),
        (("professional-opportunities",), ("professional-opportunities",), False),
        (("professional-opportunities",), ("autonomy",), False),
        (("giving-back",), ("open-commons",), False),
    ],
    ids=[
        "business-vs-giving-back",
        "own-interests-are-not-commercial",
        "reversed",
        "mixed",
        "both-business",
        "unrelated",
        "both-volunteer",
    ],
)
def test_commercial_vs_volunteer(a: tuple[str, ...], b: tuple[str, ...], fires: bool) -> None:
    warnings = [
        w
        for w in find_clashes(person("A", None, *a), person("B", None, *b))
        if w.kind is ClashKind.COMMERCIAL_VS_VOLUNTEER
    ]
    assert len(warnings) == int(fires)
    if fires:
        w = warnings[0]
        assert w.severity is Severity.LOW  # worded gently
        assert "fear of seeming commercial" in w.message and "never hurts to ask" in w.advice
        assert "greedy" not in w.message


def test_no_warnings_for_a_harmonious_pair() -> None:
    assert (
        find_clashes(person("A", 2, "giving-back", "autonomy"), person("B", 3, "giving-back")) == []
    )


def test_warnings_are_sorted_most_severe_first() -> None:
    warnings = find_clashes(
        person("A", 1, "recognition", "professional-opportunities"), person("B", 5, "giving-back")
    )
    assert [w.severity for w in warnings] == [Severity.HIGH, Severity.LOW, Severity.LOW]
    assert {w.kind for w in warnings} == set(ClashKind)


def test_demo_pairs_are_warned_sparingly_and_every_high_clash_stays() -> None:
    """At most 40 % of the demo's pairs carry a warning; every pair of opposite
    ends (1 and 5) still has its high warning; balanced people draw none."""
    from itertools import combinations

    from matchmaker.imports.importer import read_csv
    from matchmaker.service.workspace import demo_csv

    profiles = read_csv(demo_csv()).profiles
    pairs = list(combinations(profiles, 2))
    warned = [(a, b, find_clashes(a, b)) for a, b in pairs]
    assert sum(1 for _, _, w in warned if w) <= 0.40 * len(pairs)
    for a, b, warnings in warned:
        kinds = {w.kind: w.severity for w in warnings}
        ends = {a.orientation, b.orientation} == {Orientation.PROCESS, Orientation.RESULT}
        assert (kinds.get(ClashKind.PROCESS_VS_RESULT) is Severity.HIGH) == ends
        if Orientation.BALANCED in (a.orientation, b.orientation):
            assert ClashKind.PROCESS_VS_RESULT not in kinds


def test_warning_json_shape() -> None:
    (warning,) = find_clashes(person("A", 1), person("B", 5))
    assert set(warning.as_dict()) == {"kind", "severity", "between", "message", "advice"}
