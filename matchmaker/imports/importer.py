"""Reading sign-up exports (canonical CSV, Google Forms, Eventbrite, Meetup,
spreadsheets) into validated profiles, all or nothing.

The whole file is checked before anything is written; every bad row is
reported as ``FILE:LINE: field: problem``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from matchmaker.core.catalogue import Catalogue, load_catalogue
from matchmaker.core.errors import FieldProblem, InputFileError, InvalidProfile
from matchmaker.core.import_plan import ImportChanges, ImportPlan
from matchmaker.core.many_objects import cycles_uncollected
from matchmaker.core.model import Progress
from matchmaker.core.profiles import (
    FIELDS,
    PUBLIC_FIELDS,
    Profile,
    build_profile,
    changed_fields,
    match_key,
    merge,
)
from matchmaker.core.text import name_key
from matchmaker.imports.columns import (
    FIRST_NAME,
    LAST_NAME,
    ColumnMap,
    guess_by_answers,
    map_columns,
    missing_notes,
    profile_fields,
)
from matchmaker.imports.csvread import read_csv_text
from matchmaker.render.spreadsheet import unneutralise

LIST_SEPARATORS = ";,"
PROGRESS_EVERY = 2000  # rows between progress reports
ANSWER_SAMPLE = 200  # rows looked at to recognise a column by its answers


@cycles_uncollected()
def read_csv(
    path: str | Path,
    catalogue: Catalogue | None = None,
    overrides: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Validate every row; raise InputFileError listing every problem."""
    path = Path(path)
    catalogue = catalogue or load_catalogue()
    source = read_csv_text(path)
    records = source.records()
    _, header = next(records)
    columns = map_columns(header, overrides)
    if not columns.has_name():
        raise InputFileError(
            str(path),
            [FieldProblem("name", "no name column in the header row", 1)],
            summary=(
                f"{path} has no name column; the columns are: {', '.join(h.strip() for h in header)}. "
                "Choose the column that holds the names."
            ),
            field="columns",
        )
    rows = list(records)
    guessed = guess_by_answers(columns, [row for _, row in rows[:ANSWER_SAMPLE]], catalogue)
    plan = ImportPlan(
        str(path),
        columns.describe(),
        columns.ignored,
        source.encoding,
        source.delimiter_name,
        fields=frozenset(profile_fields(columns)),
        exported=[h.strip() for h in header] in (list(FIELDS), list(PUBLIC_FIELDS)),
        headers=[h.strip() for h in header],
    )
    plan.notes += [guess.note() for guess in guessed]
    plan.notes += missing_notes(columns)
    problems: list[FieldProblem] = []
    seen: dict[str, int] = {}
    spelt: dict[str, tuple[str, int]] = {}  # name_key -> the name as first written, its line
    total = source.line_count
    width = len(header)
    for count, (line, row) in enumerate(rows, 1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(line, total)
        if not any(cell.strip() for cell in row):
            continue
        extra = [cell for cell in row[width:] if cell.strip()]
        if extra:
            problems.append(
                FieldProblem(
                    "row",
                    f"has {len(row)} cells but the header has {width}; "
                    f"{extra[0][:30]!r} would be lost",
                    line,
                )
            )
            continue
        if len(row) < width:
            plan.warnings.append(
                FieldProblem(
                    "row", f"has {len(row)} cells, the header {width}; the rest are empty", line
                )
            )
        try:
            values = _values(columns, row, plan.exported)
            parsed = build_profile(values, catalogue, LIST_SEPARATORS)
        except InvalidProfile as exc:
            problems += [p.at_line(line) for p in exc.problems]
            continue
        problems += [p.at_line(line) for p in _swallowed(values, source.delimiter)]
        plan.warnings += [w.at_line(line) for w in parsed.warnings]
        if looks_like := _look_alike(spelt, parsed.typed_name, line):
            problems.append(looks_like)
            continue
        identity = parsed.profile.identity
        if identity in seen:
            earlier = seen[identity]
            plan.warnings.append(
                FieldProblem(
                    "name", f"same person as line {plan.lines[earlier]}; this row wins", line
                )
            )
            plan.profiles[earlier] = parsed.profile
            plan.lines[earlier] = line
            plan.typed_names[earlier] = parsed.typed_name
        else:
            seen[identity] = len(plan.profiles)
            plan.profiles.append(parsed.profile)
            plan.lines.append(line)
            plan.typed_names.append(parsed.typed_name)
    if progress is not None:
        progress(total, total)
    if problems:
        bad_lines = len({p.line for p in problems})
        raise InputFileError(
            str(path), problems, summary=f"{path}: {bad_lines} bad row(s); nothing was imported."
        )
    if not plan.profiles:
        raise InputFileError(
            str(path),
            summary=f"{path}: there is a header row but nobody in the file; nothing was imported.",
        )
    plan.notes += access_note(plan.profiles)
    return plan


def access_note(profiles: Sequence[Profile]) -> list[str]:
    """Say who told of access needs only in their note: the board flags their
    table, but the table rules hold only those marked for access."""
    told = [p.name for p in profiles if p.needs_access and not p.access]
    if not told:
        return []
    shown = ", ".join(told[:5]) + (f" and {len(told) - 5:,} more" if len(told) > 5 else "")
    return [
        f"{len(told):,} {'person’s note tells' if len(told) == 1 else 'people’s notes tell'} "
        f"of access needs ({shown}): the pairing board flags their tables; mark them for "
        "access (the access column, or the form's checkbox) to hold them to a step-free table."
    ]


ONE_LINE = ("name", "email", "share_contact", "orientation", "main_motivation")


def _swallowed(values: dict[str, object], delimiter: str) -> list[FieldProblem]:
    """A one-line cell holding line breaks and delimiters is rows swallowed
    by a quote: refuse it rather than import a person called "Ada,…\nBo,…"."""
    return [
        FieldProblem(key, "holds several lines of the file; is a quote left open in this row?")
        for key in ONE_LINE
        if isinstance(values.get(key), str)
        and "\n" in str(values[key])
        and delimiter in str(values[key])
    ]


def _values(columns: ColumnMap, row: list[str], exported: bool) -> dict[str, object]:
    """The row's cells by field; in our own export, the marks that kept
    formulas from running are undone (a file from elsewhere is read as typed)."""

    width = len(row)
    values: dict[str, object] = {f: row[i] if i < width else "" for f, i in columns.fields.items()}
    if exported:  # only a cell that starts with a quote can carry the mark
        for f, value in values.items():
            if str(value).startswith("'"):
                values[f] = unneutralise(str(value))
    if "name" not in values:
        parts = [str(values.pop(part, "")).strip() for part in (FIRST_NAME, LAST_NAME)]
        values["name"] = " ".join(p for p in parts if p)
    return values


def import_changes(existing: Sequence[Profile], plan: ImportPlan) -> ImportChanges:
    """Compare a plan with the people already in the event, matching them the
    way the import will (``match_key``) and merging only the file's fields;
    a look-alike of someone there is refused (``refuse_stored_look_alikes``)."""
    refuse_stored_look_alikes(existing, plan)
    known = {match_key(p, plan.fields): p for p in existing}
    added, changed, unchanged = [], [], 0
    for profile in plan.profiles:
        old = known.get(match_key(profile, plan.fields))
        if old is None:
            added.append(profile.name)
            continue
        fields = changed_fields(old, merge(old, profile, plan.fields))
        if fields:
            changed.append((profile.name, fields))
        else:
            unchanged += 1
    return ImportChanges(added, changed, unchanged)


def refuse_stored_look_alikes(existing: Sequence[Profile], plan: ImportPlan) -> None:
    """A row whose name reads the same (``name_key``) as someone already in
    the event, other than the person the row updates, but is written
    differently ("Ana\u200b Lee" beside "Ana Lee") would be a second person
    nobody can tell apart: InputFileError naming each such line."""
    known = {match_key(p, plan.fields): p for p in existing}
    stored: dict[str, list[Profile]] = {}
    for profile in existing:
        stored.setdefault(name_key(profile.name), []).append(profile)
    problems = []
    rows = zip(plan.profiles, plan.typed_names, plan.lines, strict=True)
    for profile, typed, line in rows:
        target = known.get(match_key(profile, plan.fields))
        alike = [
            p.name
            for p in stored.get(name_key(profile.name), ())
            if p is not target and p.name != typed
        ]
        if alike:
            problems.append(
                FieldProblem(
                    "name",
                    f"{typed!r} looks the same as {alike[0]!r}, who is already in this "
                    "event; write the name as it is written there, or make them differ visibly",
                    line,
                )
            )
    if problems:
        raise InputFileError(
            plan.path,
            problems,
            summary=f"{plan.path}: {len(problems)} bad row(s); nothing was imported.",
        )


def _look_alike(spelt: dict[str, tuple[str, int]], name: str, line: int) -> FieldProblem | None:
    """Names that compare the same (``name_key``) must be written the same:
    "Ana" and "Ana" with a zero-width space would be two people nobody can
    tell apart on slips, tables and the projector."""
    first, first_line = spelt.setdefault(name_key(name), (name, line))
    if first == name:
        return None
    return FieldProblem(
        "name",
        f"{name!r} looks the same as {first!r} on line {first_line}; "
        "write one name the same way each time, or make them differ visibly",
        line,
    )
