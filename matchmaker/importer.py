"""Reading sign-up CSV files into validated profiles, all or nothing.

The whole file is checked before anything is written; every bad row is
reported as ``FILE:LINE: field: problem``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from matchmaker.catalogue import Catalogue, load_catalogue
from matchmaker.errors import FieldProblem, InputFileError, InvalidProfile
from matchmaker.profiles import FIELDS, Profile, build_profile

csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class ImportPlan:
    """What a file would import: profiles with their line numbers, and notes."""

    path: str
    columns: dict[str, str]  # field -> the column header it came from
    ignored: list[str]
    profiles: list[Profile] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    warnings: list[FieldProblem] = field(default_factory=list)


def header_key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().casefold())


def read_text(path: Path) -> str:
    """The file's text; a missing or undecodable file is an InputFileError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(str(path), summary=f"{path}: no such file.") from None
    except IsADirectoryError:
        raise InputFileError(str(path), summary=f"{path}: is a folder, not a CSV file.") from None
    except OSError as exc:
        raise InputFileError(
            str(path), summary=f"{path}: cannot be read ({exc.strerror})."
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            str(path),
            summary=(
                f"{path}:{line}: byte 0x{raw[exc.start]:02x} is not UTF-8. "
                "Save the file as CSV UTF-8 and import it again; nothing was imported."
            ),
        ) from None


def read_csv(path: str | Path, catalogue: Catalogue | None = None) -> ImportPlan:
    """Validate every row of a canonical CSV file; raise InputFileError on any problem."""
    path = Path(path)
    catalogue = catalogue or load_catalogue()
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise InputFileError(
            str(path), summary=f"{path}:1: the file is empty; expected a header row."
        )
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        key = header_key(cell)
        if key in FIELDS and key not in columns:
            columns[key] = index
            names[key] = cell.strip()
        elif cell.strip():
            ignored.append(cell.strip())
    if "name" not in columns:
        raise InputFileError(
            str(path),
            [FieldProblem("name", "no 'name' column in the header row", 1)],
            summary=f"{path} has no name column; the columns are: {', '.join(header)}.",
        )

    plan = ImportPlan(str(path), names, ignored)
    problems: list[FieldProblem] = []
    seen: dict[str, int] = {}
    line = reader.line_num + 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        values = {key: row[index] if index < len(row) else "" for key, index in columns.items()}
        try:
            parsed = build_profile(values, catalogue)
        except InvalidProfile as exc:
            problems += [p.at_line(start) for p in exc.problems]
            continue
        plan.warnings += [w.at_line(start) for w in parsed.warnings]
        identity = parsed.profile.identity
        if identity in seen:
            earlier = seen[identity]
            plan.warnings.append(
                FieldProblem(
                    "name", f"same person as line {plan.lines[earlier]}; this row wins", start
                )
            )
            plan.profiles[earlier] = parsed.profile
            plan.lines[earlier] = start
        else:
            seen[identity] = len(plan.profiles)
            plan.profiles.append(parsed.profile)
            plan.lines.append(start)
    if problems:
        bad_lines = len({p.line for p in problems})
        raise InputFileError(
            str(path),
            problems,
            summary=f"{path}: {bad_lines} bad row(s); nothing was imported.",
        )
    return plan
