"""Reading CSV files as spreadsheets and form tools really write them:
UTF-8 with or without a byte-order mark, or Windows-1252 from Excel; comma,
semicolon or tab as the delimiter; quoted newlines; very long cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from matchmaker.errors import InputFileError

csv.field_size_limit(64 * 1024 * 1024)
DELIMITERS = (",", ";", "\t")
SAMPLE_RECORDS = 50


@dataclass(frozen=True)
class CsvText:
    path: Path
    text: str
    encoding: str  # "UTF-8" or "Windows-1252"
    delimiter: str

    @property
    def delimiter_name(self) -> str:
        return {",": "comma", ";": "semicolon", "\t": "tab"}[self.delimiter]

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Each record with the line it starts on (quoted newlines counted)."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        line = 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + 1


def read_csv_text(path: Path) -> CsvText:
    text, encoding = _decode(path, _read_bytes(path))
    if not text.strip():
        raise InputFileError(
            str(path), summary=f"{path}:1: the file is empty; expected a header row."
        )
    return CsvText(path, text, encoding, _choose_delimiter(text))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(str(path), summary=f"{path}: no such file.") from None
    except IsADirectoryError:
        raise InputFileError(str(path), summary=f"{path}: is a folder, not a CSV file.") from None
    except OSError as exc:
        raise InputFileError(
            str(path), summary=f"{path}: cannot be read ({exc.strerror})."
        ) from None


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    """UTF-8 (a byte-order mark is dropped), else Windows-1252 as Excel saves."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise InputFileError(
                str(path),
                summary=(
                    f"{path}:{line}: byte 0x{raw[utf8_error.start]:02x} is neither UTF-8 nor "
                    "Windows-1252. Save the file as CSV UTF-8 and import it again; nothing was imported."
                ),
            ) from None


def _choose_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns and keeps
    the following records the same width. (csv.Sniffer guesses wrong on small
    semicolon files whose answers contain commas.)"""
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            sample = [row for _, row in zip(range(SAMPLE_RECORDS), reader, strict=False)]
        except csv.Error:
            continue
        if not sample or len(sample[0]) < 2:
            continue
        width = len(sample[0])
        rows = [r for r in sample[1:] if any(cell.strip() for cell in r)]
        consistent = sum(len(r) == width for r in rows) / len(rows) if rows else 1.0
        score = (consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best
