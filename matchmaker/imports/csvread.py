"""Reading CSV files as spreadsheets and form tools really write them:
UTF-8 with or without a byte-order mark, UTF-16 or UTF-32 with one, or
Windows-1252 from Excel; comma, semicolon or tab as the delimiter; quoted
newlines; long cells. Parsing is strict: a quote left open is reported at the
line where it opened, never allowed to swallow the rows after it."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from matchmaker.core.errors import InputFileError

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
        reader = csv.reader(
            io.StringIO(self.text, newline=""), delimiter=self.delimiter, strict=True
        )
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputFileError(
                    str(self.path),
                    summary=(f"{self.path}:{line}: {_quote_problem(exc)}; nothing was imported."),
                ) from None
            yield line, row
            line = reader.line_num + 1

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + 1


def _quote_problem(error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        return "a quote opened in this row is never closed (the rest of the file would be one cell)"
    return f"the row is not valid CSV ({error}); check its quotes"


BOMS = (  # longest first: the UTF-32 little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


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
    """By its byte-order mark (UTF-8, 16 or 32), else UTF-16 told by its zero
    bytes, else UTF-8, else Windows-1252 as Excel saves."""
    wide = _utf16_without_mark(raw)
    if wide is not None:
        try:
            return raw.decode(wide), "UTF-16 (no byte-order mark)"
        except UnicodeDecodeError:
            raise InputFileError(
                str(path),
                summary=(
                    f"{path}: looks like UTF-16 without a byte-order mark but does not read as "
                    "such; save it as CSV UTF-8 and import it again; nothing was imported."
                ),
            ) from None
    for bom, codec, name in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), name
            except UnicodeDecodeError as exc:
                raise InputFileError(
                    str(path),
                    summary=(
                        f"{path}: starts like {name} but byte {exc.start} is not; save it "
                        "as CSV UTF-8 and import it again; nothing was imported."
                    ),
                ) from None
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise InputFileError(
            str(path),
            summary=(
                f"{path}:{line}: holds zero bytes, which no text file does: it is not a CSV "
                "file, or is saved in an encoding we cannot tell. Save it as CSV UTF-8 and "
                "import it again; nothing was imported."
            ),
        )
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


def _utf16_without_mark(raw: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when every other byte of the start is zero, as
    in latin text saved as UTF-16 without a byte-order mark."""
    start = raw[:4096]
    if len(start) < 4 or any(start.startswith(bom) for bom, _, _ in BOMS):
        return None
    even, odd = start[0::2], start[1::2]
    if odd.count(0) >= 0.9 * len(odd) and 0 not in even:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and 0 not in odd:
        return "utf-16-be"
    return None


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
