"""Reading sign-up exports (canonical CSV, Google Forms, Eventbrite, Meetup,
spreadsheets) into validated profiles, all or nothing.

The whole file is checked before anything is written; every bad row is
reported as ``FILE:LINE: field: problem``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from matchmaker.catalogue import Catalogue, load_catalogue
from matchmaker.columns import FIRST_NAME, LAST_NAME, ColumnMap, map_columns
from matchmaker.csvread import read_csv_text
from matchmaker.errors import FieldProblem, InputFileError, InvalidProfile
from matchmaker.model import ImportPlan, Progress
from matchmaker.profiles import build_profile
from matchmaker.render.spreadsheet import unneutralise

LIST_SEPARATORS = ";,"
PROGRESS_EVERY = 2000  # rows between progress reports


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
    plan = ImportPlan(
        str(path), columns.describe(), columns.ignored, source.encoding, source.delimiter_name
    )
    problems: list[FieldProblem] = []
    seen: dict[str, int] = {}
    total = source.line_count
    for count, (line, row) in enumerate(records, 1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(line, total)
        if not any(cell.strip() for cell in row):
            continue
        try:
            parsed = build_profile(_values(columns, row), catalogue, LIST_SEPARATORS)
        except InvalidProfile as exc:
            problems += [p.at_line(line) for p in exc.problems]
            continue
        plan.warnings += [w.at_line(line) for w in parsed.warnings]
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
        else:
            seen[identity] = len(plan.profiles)
            plan.profiles.append(parsed.profile)
            plan.lines.append(line)
    if progress is not None:
        progress(total, total)
    if problems:
        bad_lines = len({p.line for p in problems})
        raise InputFileError(
            str(path), problems, summary=f"{path}: {bad_lines} bad row(s); nothing was imported."
        )
    return plan


def _values(columns: ColumnMap, row: list[str]) -> dict[str, object]:
    def cell(index: int) -> str:
        return unneutralise(row[index]) if index < len(row) else ""

    values: dict[str, object] = {f: cell(i) for f, i in columns.fields.items()}
    if "name" not in values:
        parts = [str(values.pop(part, "")).strip() for part in (FIRST_NAME, LAST_NAME)]
        values["name"] = " ".join(p for p in parts if p)
    return values
