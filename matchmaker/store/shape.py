"""What a store file must look like inside, checked on every read: a file
that parses as JSON can still be damaged (a hand edit, another program), and
every such problem is reported in words with how to restore a backup, never
as a traceback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Any

from matchmaker.core.catalogue import load_catalogue
from matchmaker.core.model import RATINGS, PairRule, Status
from matchmaker.core.orientation import Orientation


@dataclass(frozen=True)
class Items:
    """A list whose every item has this type (a list of topics, of scores)."""

    kind: Any


TEXTS, NUMBERS = Items(str), Items(int)
Keys = dict[str, tuple[Any, bool]]  # key -> (the type its value must have, may it be missing)
TABLES: dict[str, Keys] = {
    "events": {
        "name": (str, False),
        "created": ((int, float), True),
        "options": ((dict, type(None)), True),
        "timer": ((dict, type(None)), True),
        "token": (str, True),
        "join_url": (str, True),
    },
    "people": {
        "event": (str, False),
        "profile": (dict, False),
        "status": (str, True),
        "member": (int, True),
        "joined": (bool, True),
    },
    "members": {"keys": (TEXTS, False), "apart": (NUMBERS, True)},
    "rounds": {
        "event": (str, False),
        "number": (int, False),
        "groups": (Items(list), False),
        "names": (Items(list), False),
        "saved": ((int, float), True),
        "scores": (NUMBERS, True),
    },
    "constraints": {
        "event": (str, False),
        "rule": (str, False),
        "a": (int, False),
        "b": (int, False),
    },
    "codes": {
        "event": (str, False),
        "person": (int, False),
        "salt": (str, False),
        "hash": (str, False),
    },
    "ratings": {  # people by member (by identity in stores from before members)
        "first": ((int, str), False),
        "second": ((int, str), False),
        "rating": (int, False),
        "event": (str, False),
        "round": (int, False),
        "reason": (str, True),
        "by": ((int, str), True),
    },
    "follow_ups": {
        "event": (str, False),
        "person": (int, False),
        "more": (str, False),
        "next": (str, False),
    },
}
PROFILE: Keys = {
    "name": (str, False),
    "email": (str, True),
    "share_contact": (bool, True),
    "interests": (TEXTS, True),
    "can_teach": (TEXTS, True),
    "want_to_learn": (TEXTS, True),
    "motivations": (TEXTS, True),
    "other_motivations": (TEXTS, True),
    "orientation_score": ((int, type(None)), True),
    "brings_me": (str, True),
    "contribute": (str, True),
    "problem": (str, True),
    "main_motivation": ((str, type(None)), True),
    "languages": (TEXTS, True),
    "notes": (str, True),
    "access": (bool, True),
    "host": (bool, True),
}


OPTIONS: Keys = {  # weighting and pace are read leniently (PairOptions.from_dict)
    "size": (int, True),
    "rounds": (int, True),
    "avoid_clashes": (bool, True),
}
TIMER: Keys = {
    "round": (int, False),
    "minutes": (int, False),
    "ends_at": ((int, float, type(None)), True),
    "left": ((int, float), True),
}


def schema_problem(document: object) -> str | None:
    """Why the ``meta`` table does not hold a usable schema version, if it does not."""
    if not isinstance(document, dict):
        return "it is not a JSON object"
    meta = document.get("meta")
    if not isinstance(meta, dict) or not meta:
        return "it has no schema_version"
    first = next(iter(meta.values()))
    version = first.get("schema_version") if isinstance(first, dict) else None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return f"its schema_version is {version!r}, not a whole number from 1"
    return None


def shape_problem(document: dict[str, Any]) -> str | None:
    """The first thing wrong with the tables, in words, or None."""
    for table, keys in TABLES.items():
        rows = document.get(table, {})
        if not isinstance(rows, dict):
            return f"the {table} table is not a table"
        for doc_id, row in rows.items():
            if table == "people" and _person_fine(row):
                continue  # the common case, checked fast (50,000 people: 0.7 -> 0.1 s)
            where = f"{table} entry {doc_id}"
            problem = _row_problem(row, keys, where)
            if problem is None and table == "people":
                problem = _row_problem(row["profile"], PROFILE, f"{where} (its profile)")
                problem = problem or _person_problem(row, where)
            if problem is None and table == "events":
                problem = _event_problem(row, where)
            if problem is None and table == "rounds":
                problem = _round_problem(row, where)
            if problem is None and table == "constraints" and row["rule"] not in set(PairRule):
                problem = f"{where} has rule {row['rule']!r}, which is not a rule we know"
            if problem is None and table == "ratings" and row["rating"] not in RATINGS:
                problem = f"{where} has rating {row['rating']!r}, which is not from 1 to 5"
            if problem:
                return problem
    return None


def _person_fine(row: object) -> bool:
    """What the checks below find nothing wrong with, told faster: parsed
    JSON holds exact types, so a type is looked up rather than tested, and
    a row with the keys and value types of a row found fine before needs
    only its lists' items checked (50,000 people: 0.5 -> 0.15 s).
    False does not mean damaged, only "look closer"."""
    tests = _fast_tests()
    if type(row) is not dict:
        return False
    profile = row.get("profile")
    if type(profile) is not dict:
        return False
    shape = (
        tuple(row),
        tuple(map(type, row.values())),
        tuple(profile),
        tuple(map(type, profile.values())),
    )
    if shape in tests.shapes:
        try:
            "".join(chain.from_iterable([profile.get(key, ()) for key in tests.text_lists]))
        except TypeError:  # an item that is not text
            return False
    elif tests.person_fine(row) and tests.profile_fine(profile):
        if len(tests.shapes) < MAX_SHAPES:
            tests.shapes.add(shape)
    else:
        return False
    if row.get("status", Status.SIGNED_UP.value) not in tests.statuses:
        return False
    score = profile.get("orientation_score")
    main = profile.get("main_motivation")
    return (
        (not score or score in tests.orientations)
        and tests.motivations.issuperset(profile.get("motivations", ()))
        and (not main or main in tests.motivations)
    )


MAX_SHAPES = 256  # shapes of rows remembered as fine (a store has a handful)


@dataclass(frozen=True)
class _FastTests:
    person_fine: Callable[[dict[str, Any]], bool]
    profile_fine: Callable[[Any], bool]
    statuses: frozenset[str]
    orientations: frozenset[int]
    motivations: frozenset[str]
    text_lists: tuple[str, ...]  # the profile's lists of text
    shapes: set[tuple[tuple[Any, ...], ...]]  # keys and value types of rows found fine


@cache
def _fast_tests() -> _FastTests:
    return _FastTests(
        _fine(TABLES["people"]),
        _fine(PROFILE),
        frozenset(s.value for s in Status),
        frozenset(int(o) for o in Orientation),
        _motivations(),
        tuple(key for key, (kind, _) in PROFILE.items() if kind == TEXTS),
        set(),
    )


def _fine(keys: Keys) -> Callable[[Any], bool]:
    required = frozenset(key for key, (_, optional) in keys.items() if not optional)
    tests = {key: _exact(kind) for key, (kind, _) in keys.items()}

    def fine(row: Any) -> bool:
        if type(row) is not dict or not required <= row.keys():
            return False
        for key, value in row.items():
            test = tests.get(key)
            if test is not None and not test(value):
                return False
        return True

    return fine


def _exact(kind: Any) -> Callable[[Any], bool]:
    if isinstance(kind, Items):
        inner = frozenset(_kinds(kind.kind))
        return lambda value: type(value) is list and all(type(x) in inner for x in value)
    types = frozenset(_kinds(kind))
    return lambda value: type(value) in types


def _row_problem(row: object, keys: dict[str, tuple[Any, bool]], where: str) -> str | None:
    if not isinstance(row, dict):
        return f"{where} is not an object"
    for key, (kind, optional) in keys.items():
        if key not in row:
            if not optional:
                return f"{where} has no {key}"
            continue
        value = row[key]
        if isinstance(kind, Items):
            if not isinstance(value, list):
                return f"{where} has {key} {_short(value)}, which is not a list"
            wrong = [v for v in value if not _is(v, kind.kind)]
            if wrong:
                return f"{where} has {_short(wrong[0])} in {key}, which is not a {_kind_name(kind.kind)}"
        elif not _is(value, kind):
            return f"{where} has {key} {_short(value)}, which is not a {_kind_name(kind)}"
    return None


def _is(value: object, kind: Any) -> bool:
    """``isinstance``, except that true and false are not numbers."""
    if isinstance(value, bool) and bool not in _kinds(kind):
        return False
    return isinstance(value, kind)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _event_problem(row: dict[str, Any], where: str) -> str | None:
    if not row["name"].strip():
        return f"{where} has an empty name"
    for key, keys in (("options", OPTIONS), ("timer", TIMER)):
        value = row.get(key)
        if value is None:
            continue
        unknown = next((k for k in value if k not in keys), None)
        if unknown is not None and key == "timer":  # options read what they know
            return f"{where} has {unknown!r} in its {key}, which is not one of {', '.join(keys)}"
        problem = _row_problem(value, keys, f"{where} (its {key})")
        if problem:
            return problem
    return None


def _person_problem(row: dict[str, Any], where: str) -> str | None:
    """Values the types allow but the app cannot read: a status or an
    orientation that is not one of ours."""
    status = row.get("status", Status.SIGNED_UP.value)
    if status not in {s.value for s in Status}:
        return f"{where} has status {status!r}, which is not one of {', '.join(Status)}"
    profile = row["profile"]
    score = profile.get("orientation_score")
    if score and score not in set(Orientation):
        return f"{where} has orientation_score {score!r}, which is not from 1 to 5"
    known = _motivations()
    chosen = [*profile.get("motivations", ()), profile.get("main_motivation") or next(iter(known))]
    unknown = next((m for m in chosen if m not in known), None)
    if unknown is not None:
        return f"{where} has the motivation {_short(unknown)}, which is not one of the catalogue"
    return None


@cache
def _motivations() -> frozenset[str]:
    return frozenset(m.id for m in load_catalogue())


def _round_problem(row: dict[str, Any], where: str) -> str | None:
    groups, names = row["groups"], row["names"]
    ids_ok = all(all(_is(x, int) for x in g) for g in groups)
    names_ok = all(all(isinstance(x, str) for x in g) for g in names)
    shaped = len(groups) == len(names) and all(
        len(g) == len(n) for g, n in zip(groups, names, strict=False)
    )
    if not (ids_ok and names_ok and shaped):
        return f"{where} has tables that do not match their names"
    return None


def _kinds(kind: Any) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: Any) -> str:
    names = {str: "text", int: "whole number", float: "number", list: "list", dict: "object"}
    names |= {bool: "yes/no value", type(None): "null"}
    return " or ".join(names.get(k, k.__name__) for k in _kinds(kind))
