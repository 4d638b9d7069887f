"""A learner's profile and the validation that turns typed or imported values
into one, naming the field of every problem."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from matchmaker.core.catalogue import Catalogue
from matchmaker.core.errors import FieldProblem, InvalidProfile
from matchmaker.core.notes import PRIVATE_FIELDS, tells_of_access_needs
from matchmaker.core.orientation import Orientation, parse
from matchmaker.core.text import (
    email_key,
    has_visible,
    long_answer,
    name_key,
    one_line,
    shown_name,
    splitter,
)

# Limits, documented in the README and enforced at import and in the form: a
# profile is a person's words, not a data dump (one cell of 50,000 topics once
# made pairing take ten minutes and 10 GB).
NAME_MAX = 120
TOPICS_MAX = 50  # items in one list
TOPIC_MAX = 80  # characters in one topic or free-text motivation
TEXT_MAX = 2_000  # characters in one long answer
LIST_FIELDS = ("interests", "can_teach", "want_to_learn")
FIELDS = (
    "name",
    "email",
    "share_contact",
    "interests",
    "can_teach",
    "want_to_learn",
    "motivations",
    "orientation",
    "brings_me",
    "contribute",
    "main_motivation",
    "problem",
    "notes",
    "languages",
    "access",
    "host",
)
TEXT_FIELDS = ("brings_me", "contribute", "problem", "notes")
PUBLIC_FIELDS = tuple(f for f in FIELDS if f not in PRIVATE_FIELDS)  # a shared output's columns


_YES = {"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si", "agree", "ok", "okay", "sure"}
_NO = {"no", "n", "false", "0", "", "nope", "nein", "non"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


@dataclass(frozen=True)
class Profile:
    name: str
    email: str = ""
    share_contact: bool = False
    interests: tuple[str, ...] = ()
    can_teach: tuple[str, ...] = ()
    want_to_learn: tuple[str, ...] = ()
    motivations: tuple[str, ...] = ()  # catalogue ids, in the catalogue's order
    other_motivations: tuple[str, ...] = ()  # answers that matched no catalogue entry
    orientation: Orientation | None = None  # None: never asked
    brings_me: str = ""
    contribute: str = ""
    main_motivation: str | None = None  # one of ``motivations``: weighs more in matching
    problem: str = ""  # "What problem are you grappling with?"
    notes: str = ""  # for the organiser only ("Anything else we should know?")
    languages: tuple[str, ...] = ()  # the languages they can learn in (none said: any)
    access: bool = False  # needs a step-free table (the table rules hold them to one)
    host: bool = False  # offers to host a table or mentor

    @cached_property
    def identity(self) -> str:
        """Same email (NFKC, case folded), or same name where there is no
        email, is the same person. Kept once made: every save compares it
        with everyone in the event."""
        if self.email:
            return f"email:{email_key(self.email)}"
        return f"name:{self.name_key}"

    @cached_property
    def name_key(self) -> str:
        """The name as names compare (``text.name_key``), kept once made."""
        return name_key(self.name)

    @property
    def needs_access(self) -> bool:
        """Access needs to show on their table: said so, or told of in the
        note (a note alone never binds the table rules: it is free text)."""
        return self.access or tells_of_access_needs(self.notes)

    @property
    def orientation_word(self) -> str | None:
        return self.orientation.word if self.orientation is not None else None

    @property
    def shared_contact(self) -> str:
        """The contact to show others: only with consent."""
        return self.email if self.share_contact else ""

    def to_record(self) -> dict[str, object]:
        """Plain JSON-ready values, as stored and as ``people --format json`` prints."""
        return {
            "name": self.name,
            "email": self.email,
            "share_contact": self.share_contact,
            "interests": list(self.interests),
            "can_teach": list(self.can_teach),
            "want_to_learn": list(self.want_to_learn),
            "motivations": list(self.motivations),
            "other_motivations": list(self.other_motivations),
            "orientation": self.orientation_word,
            "orientation_score": int(self.orientation) if self.orientation else None,
            "brings_me": self.brings_me,
            "contribute": self.contribute,
            "main_motivation": self.main_motivation,
            "problem": self.problem,
            "notes": self.notes,
            "languages": list(self.languages),
            "access": self.access,
            "host": self.host,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Profile:
        score = record.get("orientation_score")
        return cls(
            name=shown_name(str(record["name"])),  # kept before invisible marks went
            email=str(record.get("email", "")),
            share_contact=bool(record.get("share_contact", False)),
            interests=tuple(record.get("interests", ())),
            can_teach=tuple(record.get("can_teach", ())),
            want_to_learn=tuple(record.get("want_to_learn", ())),
            motivations=tuple(record.get("motivations", ())),
            other_motivations=tuple(record.get("other_motivations", ())),
            orientation=Orientation(int(score)) if score else None,
            brings_me=str(record.get("brings_me", "")),
            contribute=str(record.get("contribute", "")),
            main_motivation=record.get("main_motivation") or None,
            problem=str(record.get("problem", "")),
            notes=str(record.get("notes", "")),
            languages=tuple(record.get("languages", ())),
            access=bool(record.get("access", False)),
            host=bool(record.get("host", False)),
        )


def _list_problems(key: str, items: list[str]) -> list[FieldProblem]:
    problems = []
    if len(items) > TOPICS_MAX:
        problems.append(FieldProblem(key, f"has {len(items):,} items; at most {TOPICS_MAX}"))
    long = [item for item in items if len(item) > TOPIC_MAX]
    if long:
        problems.append(
            FieldProblem(
                key,
                f"{long[0][:30]!r}… is {len(long[0]):,} characters; at most {TOPIC_MAX} an item",
            )
        )
    return problems


# The profile attributes each canonical field fills (free-text motivations
# come from the motivations column too).
ATTRIBUTES = {f: (f,) for f in FIELDS} | {"motivations": ("motivations", "other_motivations")}


def merge(old: Profile, new: Profile, fields: Iterable[str]) -> Profile:
    """``old`` with the values of ``fields`` taken from ``new``: a re-import
    changes only what its file has a column for."""
    changes = {attr: getattr(new, attr) for f in fields for attr in ATTRIBUTES[f]}
    return replace(old, **changes)


def match_key(profile: Profile, fields: Iterable[str] | None = None) -> str:
    """Who a row is in the store: its identity, or its name when the file has
    no email column (an email kept from before must not make a duplicate)."""
    if fields is None or "email" in fields:
        return profile.identity
    return f"name:{name_key(profile.name)}"


def changed_fields(old: Profile, new: Profile) -> list[str]:
    return [f for f in FIELDS if any(getattr(old, a) != getattr(new, a) for a in ATTRIBUTES[f])]


@dataclass
class Parsed:
    """A validated profile plus notes that are worth telling but not fatal."""

    profile: Profile
    warnings: list[FieldProblem] = field(default_factory=list)
    typed_name: str = ""  # before invisible characters went: look-alikes are told by it


def split_list(value: str | Iterable[str], separators: str = ";") -> list[str]:
    """Items of a list field: split, trimmed, empties dropped, case-insensitive
    duplicates removed (first spelling kept)."""
    if isinstance(value, str):
        items: Iterable[str] = splitter(separators).split(value)
    else:
        items = value
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        text = one_line(item)
        folded = text.casefold()
        if text and folded not in seen:
            seen.add(folded)
            kept.append(text)
    return kept


def parse_yes_no(value: str | bool) -> bool:
    """yes/no and their usual spellings; form answers like "Yes, share it" count too."""
    if isinstance(value, bool):
        return value
    text = one_line(value).casefold()
    first = re.split(r"[\s,.;:!]+", text, maxsplit=1)[0] if text else ""
    if text in _YES or first in _YES:
        return True
    if text in _NO or first in _NO:
        return False
    raise ValueError(f"{value.strip()!r} is not yes or no")


def build_profile(
    values: Mapping[str, Any], catalogue: Catalogue, list_separators: str = ";"
) -> Parsed:
    """Validate raw field values (strings or lists) into a Profile.

    Raises InvalidProfile listing every bad field at once. Motivations that
    match no catalogue entry are kept as free text and reported as warnings.
    """
    problems: list[FieldProblem] = []
    warnings: list[FieldProblem] = []

    def text(key: str) -> str:
        value = values.get(key)
        if not isinstance(value, str):
            return ""
        return long_answer(value) if key in TEXT_FIELDS else one_line(value)

    def items(key: str) -> list[str]:
        value = values.get(key)
        if value is None:
            return []
        return split_list(value, list_separators)

    name = text("name")
    if not name:
        problems.append(FieldProblem("name", "is required"))
    elif not has_visible(name):
        problems.append(FieldProblem("name", "has no visible character"))
    elif len(name) > NAME_MAX:
        problems.append(FieldProblem("name", f"is {len(name)} characters; at most {NAME_MAX}"))

    email = text("email")
    if email and not EMAIL.match(email):
        problems.append(FieldProblem("email", f"{email!r} is not an email address"))

    flags = {}
    for key in ("share_contact", "access", "host"):
        try:
            flags[key] = parse_yes_no(values.get(key) or "")
        except ValueError as exc:
            flags[key] = False
            problems.append(FieldProblem(key, str(exc)))

    orientation = None
    try:
        orientation = parse(values.get("orientation"))
    except ValueError as exc:
        problems.append(FieldProblem("orientation", str(exc)))

    texts = {key: text(key) for key in TEXT_FIELDS}
    for key, answer in texts.items():
        if len(answer) > TEXT_MAX:
            problems.append(
                FieldProblem(key, f"is {len(answer):,} characters; at most {TEXT_MAX:,}")
            )
    lists = {key: items(key) for key in (*LIST_FIELDS, "languages")}
    for key, listed in lists.items():
        problems += _list_problems(key, listed)

    motivation_ids: set[str] = set()
    other: list[str] = []
    raw_motivations = values.get("motivations")
    answers = (
        catalogue.split_answers(raw_motivations, list_separators)
        if isinstance(raw_motivations, str)
        else items("motivations")
    )
    for answer in answers:
        match = catalogue.lookup(answer)
        if match is None:
            other.append(answer)
            warnings.append(
                FieldProblem("motivations", f"{answer!r} matches no catalogue entry; kept as text")
            )
        else:
            motivation_ids.add(match.id)
    main = None
    if main_answer := text("main_motivation"):
        found = catalogue.lookup(main_answer)
        if found is None:
            problems.append(
                FieldProblem("main_motivation", f"{main_answer!r} matches no catalogue entry")
            )
        else:
            main = found.id
            motivation_ids.add(main)  # the main reason is one of the reasons

    if len(answers) > TOPICS_MAX:
        problems.append(
            FieldProblem("motivations", f"has {len(answers):,} answers; at most {TOPICS_MAX}")
        )
    problems += _list_problems("motivations", other)[-1:] if other else []
    if problems:
        raise InvalidProfile(problems)
    profile = Profile(
        name=shown_name(name),
        email=email,
        share_contact=flags["share_contact"],
        interests=tuple(lists["interests"]),
        can_teach=tuple(lists["can_teach"]),
        want_to_learn=tuple(lists["want_to_learn"]),
        motivations=tuple(m.id for m in catalogue if m.id in motivation_ids),
        other_motivations=tuple(other),
        orientation=orientation,
        brings_me=texts["brings_me"],
        contribute=texts["contribute"],
        main_motivation=main,
        problem=texts["problem"],
        notes=texts["notes"],
        languages=tuple(lists["languages"]),
        access=flags["access"],
        host=flags["host"],
    )
    return Parsed(profile, warnings, name)
