"""The intake as an HTML form: the values a page shows (a profile's, or
what was just typed) and the posted fields turned into a profile by the
same validation every other front end uses (``build_profile``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from matchmaker.core.catalogue import Motivation, load_catalogue
from matchmaker.core.errors import InvalidProfile
from matchmaker.core.orientation import MEANING, QUESTIONS, describe, from_answers
from matchmaker.core.profiles import Profile, build_profile, split_list
from matchmaker.core.questions import SOURCES, TOPIC_FIELDS

TEXTS = ("name", "email", "brings_me", "contribute", "problem", "notes")
LONG = ("brings_me", "contribute", "problem")  # several lines: a text area
FLAGS = ("share_contact", "access", "host")  # ticked: "yes"
SEPARATORS = ";,"  # between topics (and languages), as the terminal form takes them
LISTS = (*(key for key, _, _ in TOPIC_FIELDS), "languages")  # typed as one line, split


@dataclass
class Filled:
    """The form's values as shown again (strings, ticks, chosen answers),
    and the problem under each field."""

    values: dict[str, Any]
    problems: dict[str, str] = field(default_factory=dict)


def filled(profile: Profile) -> Filled:
    """A profile's own answers (a claimed sign-up's, or one's last save)."""
    values: dict[str, Any] = {key: getattr(profile, key) for key in TEXTS}
    values |= {key: "; ".join(getattr(profile, key)) for key in LISTS}
    values |= {key: getattr(profile, key) for key in FLAGS}
    values["motivations"] = set(profile.motivations)
    values["main_motivation"] = profile.main_motivation or ""
    values["answers"] = [None] * len(QUESTIONS)
    return Filled(values)


def posted(form: Mapping[str, str], chosen: Sequence[str]) -> Filled:
    """What was posted, as typed; ``chosen``: the ticked motivations."""
    values: dict[str, Any] = {key: str(form.get(key, "")) for key in TEXTS}
    values |= {key: str(form.get(key, "")) for key in LISTS}
    values |= {key: form.get(key) == "yes" for key in FLAGS}
    values["motivations"] = set(chosen)
    values["main_motivation"] = str(form.get("main_motivation", ""))
    values["answers"] = [_answer(form.get(f"q{i}")) for i in range(len(QUESTIONS))]
    return Filled(values)


def _answer(value: str | None) -> int | None:
    return int(value) if value in ("0", "1", "2") else None


def to_profile(typed: Filled, kept: Profile | None) -> Profile:
    """The typed answers as a profile (InvalidProfile names each bad field).
    What the form does not ask again is kept from ``kept``: free-text
    motivations, and the process-or-result place when no question was
    answered this time."""
    values = dict(typed.values)
    for key in LISTS:
        values[key] = split_list(values[key], SEPARATORS)
    other = list(kept.other_motivations) if kept else []
    values["motivations"] = [m.id for m in load_catalogue() if m.id in typed.values["motivations"]]
    values["motivations"] += other
    answered = from_answers(typed.values["answers"])
    orientation = answered if answered is not None else (kept.orientation if kept else None)
    values["orientation"] = int(orientation) if orientation is not None else None
    return build_profile(values, load_catalogue()).profile


def problems_of(error: InvalidProfile) -> dict[str, str]:
    return {problem.field: problem.sentence for problem in error.problems}


def where_they_stand(profile: Profile | None) -> str:
    """The process-or-result place saved last time, in words ('' if none)."""
    if profile is None or profile.orientation is None:
        return ""
    side = profile.orientation.side
    return f"Last time your answers put you as {describe(side)}: {MEANING[side]}."


def motivation_groups() -> list[tuple[str, str, list[Motivation]]]:
    """The checklist in its two sources: (source id, title, entries)."""
    catalogue = load_catalogue()
    return [
        (source, title, [m for m in catalogue if m.source == source]) for source, title in SOURCES
    ]
