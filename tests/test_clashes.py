"""Each warning kind fires where the texts say it should, and nowhere else."""

from __future__ import annotations

import pytest

from matchmaker.clashes import ClashKind, Severity, find_clashes
from matchmaker.orientation import Orientation
from matchmaker.profiles import Profile


def person(name: str, orientation: int | None = None, *motivations: str) -> Profile:
    return Profile(
        name, motivations=motivations, orientation=Orientation(orientation) if orientation else None
    )


@pytest.mark.parametrize(
    ("oa", "ob", "severity"),
    [
        (1, 5, Severity.HIGH),
        (1, 4, Severity.HIGH),
        (2, 5, Severity.HIGH),
        (2, 4, Severity.MEDIUM),
        (1, 3, Severity.LOW),
        (3, 5, Severity.LOW),
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
    assert "What would a good result of our sessions be for you?" in warning.advice


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
        assert warnings[0].severity is Severity.MEDIUM
        assert "What brings you here?" in warnings[0].advice


@pytest.mark.parametrize(
    ("a", "b", "fires"),
    [
        (("professional-opportunities",), ("giving-back",), True),
        (("own-interests",), ("open-commons",), True),
        (("open-commons",), ("professional-opportunities",), True),
        (("professional-opportunities", "giving-back"), ("giving-back",), False),
        (("professional-opportunities",), ("professional-opportunities",), False),
        (("professional-opportunities",), ("autonomy",), False),
        (("giving-back",), ("open-commons",), False),
    ],
    ids=[
        "business-vs-giving-back",
        "own-interests-vs-commons",
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
    assert [w.severity for w in warnings] == [Severity.HIGH, Severity.MEDIUM, Severity.LOW]
    assert {w.kind for w in warnings} == set(ClashKind)


def test_warning_json_shape() -> None:
    (warning,) = find_clashes(person("A", 1), person("B", 5))
    assert set(warning.as_dict()) == {"kind", "severity", "between", "message", "advice"}
