"""Which column of a sign-up export holds which profile field.

Headers are matched by synonyms (the canonical names, Google Forms question
wording, Eventbrite and Meetup column names), then fuzzily with rapidfuzz;
the organiser's own choice of column for a field overrides either. Eventbrite's "First Name" and
"Last Name" together make the name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from matchmaker.core.catalogue import Catalogue
from matchmaker.core.errors import UserError
from matchmaker.core.orientation import Side
from matchmaker.core.orientation import parse as parse_orientation
from matchmaker.core.profiles import EMAIL, FIELDS, parse_yes_no

FIRST_NAME, LAST_NAME = "first_name", "last_name"
MAPPABLE = (*FIELDS, FIRST_NAME, LAST_NAME)
FUZZY_CUTOFF = 88.0

SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "full name",
        "your name",
        "what is your name",
        "whats your name",
        "attendee name",
        "participant",
        "participant name",
        "member name",
    ),
    FIRST_NAME: ("first name", "given name", "first", "attendee first name"),
    LAST_NAME: ("last name", "surname", "family name", "last", "attendee last name"),
    "email": (
        "email",
        "email address",
        "e mail",
        "e mail address",
        "your email",
        "your email address",
        "attendee email",
        "contact email",
    ),
    "share_contact": (
        "share contact",
        "share my email",
        "share email",
        "consent",
        "can we share your email with your matches",
        "may we share your email with your matches",
        "share my email with my matches",
        "ok to share your email",
    ),
    "interests": (
        "interests",
        "topics",
        "which topics are you interested in",
        "what topics are you interested in",
        "what are you interested in",
        "what are you into",
        "areas of interest",
        "your interests",
    ),
    "can_teach": (
        "can teach",
        "what could you teach others",
        "what can you teach",
        "what could you teach",
        "skills to share",
        "i can teach",
        "what could you teach or help others with",
        "expertise",
    ),
    "want_to_learn": (
        "want to learn",
        "what would you like to learn",
        "what do you want to learn",
        "learning goals",
        "i want to learn",
        "what would you like to learn here",
    ),
    "motivations": (
        "motivations",
        "motivation",
        "why are you here",
        "what brings you here tick all that apply",
        "what brings you here select all that apply",
        "what brings you here check all that apply",
        "reasons for joining",
        "what motivates you",
        "why did you join",
    ),
    "orientation": (
        "orientation",
        "process or result",
        "journey or destination",
        "are you here for the journey or the destination",
        "process or product",
        "what matters more to you the journey or the destination",
    ),
    "brings_me": (
        "brings me",
        "what brings you here",
        "why did you sign up",
        "tell us about yourself",
        "what brings you to this event",
    ),
    "main_motivation": (
        "main motivation",
        "main reason",
        "main reason for coming",
        "what is your main reason for coming",
        "most important reason",
    ),
    "problem": (
        "problem",
        "what problem are you grappling with",
        "what are the problems you re grappling with",
        "what problem are you working on",
        "problems",
    ),
    "notes": (
        "notes",
        "note",
        "anything else we should know",
        "is there anything else we should know",
        "anything else",
        "anything we should know",
        "comments",
        "additional information",
        "access needs",
        "accessibility needs",
        "accessibility requirements",
    ),
    "languages": (
        "languages",
        "languages i can learn in",
        "language",
        "which languages can you learn in",
        "languages spoken",
    ),
    "access": (
        "access",
        "step free access",
        "do you need step free access",
        "accessibility",
        "wheelchair access",
    ),
    "host": (
        "host",
        "can you host a table",
        "host or mentor",
        "would you host a table or mentor",
        "mentor",
    ),
    "contribute": (
        "contribute",
        "how can you contribute",
        "how could you contribute",
        "what can you offer",
        "how would you like to contribute",
    ),
}


def normalise_header(header: str) -> str:
    """Lower case, words only: "What brings you here? (tick all that apply)" →
    "what brings you here tick all that apply"."""
    return " ".join(re.findall(r"[a-z0-9]+", header.casefold().replace("_", " ")))


_ALL_SYNONYMS = [(f, normalise_header(s)) for f, words in SYNONYMS.items() for s in words]


@dataclass
class ColumnMap:
    """field -> column index, with the header each came from."""

    header: Sequence[str]
    fields: dict[str, int] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)  # fields the organiser said are in no column
    how: dict[str, str] = field(default_factory=dict)  # field -> "exact" | "fuzzy" | "chosen"

    @property
    def ignored(self) -> list[str]:
        used = set(self.fields.values())
        return [h.strip() for i, h in enumerate(self.header) if i not in used and h.strip()]

    def describe(self) -> dict[str, str]:
        """field -> header text; first and last name shown as the name."""
        return {f: self.header[i].strip() for f, i in self.fields.items()}

    def has_name(self) -> bool:
        return "name" in self.fields or FIRST_NAME in self.fields or LAST_NAME in self.fields


def map_columns(header: Sequence[str], overrides: Mapping[str, str] | None = None) -> ColumnMap:
    result = ColumnMap(header)
    taken: set[int] = set()
    for wanted, column in (overrides or {}).items():
        if wanted not in MAPPABLE:
            raise UserError(
                f"{wanted}={column}: {wanted!r} is not a field; fields are {', '.join(MAPPABLE)}.",
                field="columns",
            )
        if not column.strip():
            result.skipped.add(wanted)  # the organiser said no column holds this field
            continue
        matches = [
            i for i, h in enumerate(header) if h.strip().casefold() == column.strip().casefold()
        ]
        if not matches:
            raise UserError(
                f"{wanted}={column}: there is no column {column!r}; the columns are "
                + ", ".join(repr(h) for h in header)
                + ".",
                field="columns",
            )
        result.fields[wanted] = matches[0]
        result.how[wanted] = "chosen"
        taken.add(matches[0])

    normalised = [normalise_header(h) for h in header]
    # Exact synonyms first, in column order; then the best fuzzy matches.
    for index, key in enumerate(normalised):
        if index in taken or not key:
            continue
        for wanted, synonym in _ALL_SYNONYMS:
            if key == synonym and wanted not in result.fields and wanted not in result.skipped:
                result.fields[wanted] = index
                result.how[wanted] = "exact"
                taken.add(index)
                break
    candidates = []
    for index, key in enumerate(normalised):
        if index in taken or not key:
            continue
        hit = process.extractOne(
            key,
            [s for _, s in _ALL_SYNONYMS],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=FUZZY_CUTOFF,
        )
        if hit is not None:
            candidates.append((-hit[1], index, _ALL_SYNONYMS[hit[2]][0]))
    for _, index, wanted in sorted(candidates):
        if wanted not in result.fields and index not in taken and wanted not in result.skipped:
            result.fields[wanted] = index
            result.how[wanted] = "fuzzy"
            taken.add(index)
    if "name" in result.fields:  # a full-name column wins over first/last parts
        for part in (FIRST_NAME, LAST_NAME):
            if result.how.get(part) != "chosen":
                result.fields.pop(part, None)
                result.how.pop(part, None)
    return result


ANSWER_SHARE = 0.8  # of a column's answers that must fit a field to recognise it by them
MOTIVE_SHARE = 0.6  # … for motivations, where free-text answers are common
CONSENT_WORDS = ("share", "contact", "consent", "email", "agree", "permission")


def profile_fields(columns: ColumnMap) -> set[str]:
    """The profile fields a file provides (first or last name make the name)."""
    found = {f for f in columns.fields if f in FIELDS}
    if FIRST_NAME in columns.fields or LAST_NAME in columns.fields:
        found.add("name")
    return found


@dataclass(frozen=True)
class Guess:
    """A field recognised by the answers under a header that did not say:
    shown with the header and a few answers, so the organiser can judge."""

    field: str
    column: int
    header: str
    samples: tuple[str, ...]

    def note(self) -> str:
        shown = ", ".join(repr(answer) for answer in self.samples)
        return f"Guessed {self.field} from the column {self.header!r} by its answers: {shown}."


PACE_HEADER = ("pace", "journey", "process", "result", "outcome", "destination")
SAMPLES = 3  # answers shown with a guess


def _speaks_of_pace(header: str) -> bool:
    return any(word.startswith(PACE_HEADER) for word in normalise_header(header).split())


def _orientation_answers(answers: Sequence[str], header: str) -> int:
    """How many answers read as process-or-result. Numbers count only under a
    header that speaks of pace (a ticket's ``Quantity`` of 1s is not "all about
    the process"), and a column of nothing but "both" says nothing."""
    numbers_allowed = _speaks_of_pace(header)
    count, telling = 0, False
    for answer in answers:
        try:
            value = parse_orientation(answer)
        except ValueError:
            continue
        if value is None or (answer.strip()[:1].isdigit() and not numbers_allowed):
            continue
        count += 1
        telling = telling or answer.strip()[:1].isdigit() or value.side is not Side.BALANCED
    return count if telling else 0


def guess_by_answers(
    columns: ColumnMap, rows: Sequence[Sequence[str]], catalogue: Catalogue
) -> list[Guess]:
    """Recognise columns by what people answered where the header did not
    say: journey/destination/both is orientation (numbers only under a header
    about pace), catalogue wording is motivations, addresses are emails, yes/no
    under a header about sharing is consent."""

    def fits(answer: str, field_name: str) -> bool:
        try:
            if field_name == "email":
                return bool(EMAIL.match(answer.strip()))
            if field_name == "share_contact":
                parse_yes_no(answer)
                return True
            return any(catalogue.lookup(a) for a in catalogue.split_answers(answer))
        except ValueError:
            return False

    def fitting(answers: list[str], field_name: str, header: str) -> int:
        if field_name == "orientation":
            return _orientation_answers(answers, header)
        return sum(fits(a, field_name) for a in answers)

    found = []
    used = set(columns.fields.values())
    for field_name in ("email", "orientation", "motivations", "share_contact"):
        if field_name in columns.fields or field_name in columns.skipped:
            continue
        for index, header in enumerate(columns.header):
            if index in used:
                continue
            if field_name == "share_contact" and not any(
                word in normalise_header(header) for word in CONSENT_WORDS
            ):
                continue
            answers = [row[index] for row in rows if index < len(row) and row[index].strip()]
            share = MOTIVE_SHARE if field_name == "motivations" else ANSWER_SHARE
            if answers and fitting(answers, field_name, header) >= share * len(answers):
                columns.fields[field_name] = index
                columns.how[field_name] = "answers"
                used.add(index)
                samples = tuple(dict.fromkeys(a.strip() for a in answers))[:SAMPLES]
                found.append(Guess(field_name, index, header.strip(), samples))
                break
    return found


MISSING = {  # what is lost without the column
    "orientation": (
        "process-or-result answers (journey, destination, both, or 1-5)",
        "nobody gets a pace, so process-vs-result clash warnings will be missing",
    ),
    "motivations": ("motivations", "motive matching and the other clash warnings will be missing"),
}


def missing_notes(columns: ColumnMap) -> list[str]:
    """Loud notes for columns whose absence silently weakens matching."""
    notes = []
    for name, (what, lost) in MISSING.items():
        if name in columns.skipped:
            notes.append(f"As chosen, no column holds {what}: {lost}.")
        elif name not in columns.fields:
            notes.append(
                f"No column holds {what}: {lost}. Choose the column that holds them, "
                "if the form asked."
            )
    return notes
