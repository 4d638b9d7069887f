"""Writing results for spreadsheets and documents without letting user text
turn into formulas or markup."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from matchmaker.clashes import Warning
from matchmaker.profiles import FIELDS, Profile
from matchmaker.seating import Seating

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


def safe_cell(value: object) -> str:
    """OWASP's advice against CSV injection: a cell that a spreadsheet would
    read as a formula is prefixed with a single quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def unneutralise(cell: str) -> str:
    """Undo ``safe_cell`` on re-import, so an export reads back exactly as typed."""
    return (
        cell[1:]
        if cell.startswith("'") and cell[1:2] and cell[1:].startswith(_FORMULA_START)
        else cell
    )


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def md_escape(text: str) -> str:
    """User text inside Markdown, shown literally (also inside table cells)."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


# --- a seating plan in each format -------------------------------------------------


def seating_document(seating: Seating) -> dict[str, object]:
    """The ``pair --format json`` object, exactly as the command-line contract says."""
    return {
        "participants": len(seating.profiles),
        "rounds": [
            {
                "round": r.number,
                "groups": [
                    {
                        "table": t.number,
                        "members": [seating.name(m) for m in t.members],
                        "score": t.score,
                        "reasons": list(t.reasons),
                        "warnings": [w.as_dict() for w in t.warnings],
                    }
                    for t in r.tables
                ],
                "unpaired": [seating.name(m) for m in r.unplaced],
            }
            for r in seating.rounds
        ],
    }


def seating_csv(seating: Seating) -> str:
    """One row per person, for mail merges and spreadsheets; contact only with consent."""
    header = ["round", "table", "name", "contact", "partners", "table_score", "reasons", "warnings"]
    rows = []
    for r in seating.rounds:
        for t in r.tables:
            for m in t.members:
                partners = [seating.name(x) for x in t.members if x != m]
                rows.append(
                    [
                        r.number,
                        t.number,
                        seating.name(m),
                        seating.profiles[m].shared_contact,
                        "; ".join(partners),
                        t.score,
                        "; ".join(t.reasons),
                        _warning_line(t.warnings),
                    ]
                )
        for m in r.unplaced:
            rows.append(
                [
                    r.number,
                    "",
                    seating.name(m),
                    seating.profiles[m].shared_contact,
                    "",
                    "",
                    "",
                    "not seated",
                ]
            )
    return csv_text(header, rows)


def seating_markdown(seating: Seating, title: str) -> str:
    lines = [f"# {md_escape(title)}", ""]
    for r in seating.rounds:
        lines += [
            f"## Round {r.number}",
            "",
            "| Table | Members | Contact | Score | Why | Watch out |",
            "|---:|---|---|---:|---|---|",
        ]
        for t in r.tables:
            members = ", ".join(md_escape(seating.name(m)) for m in t.members)
            contact = ", ".join(
                f"{md_escape(seating.name(m))}: {md_escape(seating.profiles[m].shared_contact)}"
                for m in t.members
                if seating.profiles[m].shared_contact
            )
            why = "; ".join(md_escape(x) for x in t.reasons)
            watch = "; ".join(
                md_escape(f"{w.severity.value} {w.kind.value}: {w.advice}") for w in t.warnings
            )
            lines.append(f"| {t.number} | {members} | {contact} | {t.score} | {why} | {watch} |")
        if r.unplaced:
            lines += [
                "",
                "Not seated: " + ", ".join(md_escape(seating.name(m)) for m in r.unplaced),
            ]
        lines += [*(f"- {md_escape(note)}" for note in r.notes), ""]
    return "\n".join(lines)


def seating_text(seating: Seating, title: str) -> str:
    """The readable terminal listing of ``pair --format table``."""
    out = [f"{title}: {len(seating.profiles)} participants"]
    for r in seating.rounds:
        out.append(f"\nRound {r.number}")
        for t in r.tables:
            names = " + ".join(seating.name(m) for m in t.members)
            out.append(f"  Table {t.number:>3}  {t.score:>3}/100  {names}")
            out += [f"      + {reason}" for reason in t.reasons]
            for w in t.warnings:
                out.append(
                    f"      ! {w.severity.value} {w.kind.value} ({' & '.join(w.between)}): {w.advice}"
                )
        if r.unplaced:
            out.append("  Not seated: " + ", ".join(seating.name(m) for m in r.unplaced))
        out += [f"  note: {note}" for note in r.notes]
    return "\n".join(out)


def _warning_line(warnings: Sequence[Warning]) -> str:
    return "; ".join(
        f"{w.severity.value} {w.kind.value}: {' & '.join(w.between)}" for w in warnings
    )


def profiles_csv(profiles: Iterable[Profile]) -> str:
    """People as the canonical CSV that ``matchmaker import`` reads back."""
    header = list(FIELDS)
    rows = (
        [
            p.name,
            p.email,
            "yes" if p.share_contact else "no",
            "; ".join(p.interests),
            "; ".join(p.can_teach),
            "; ".join(p.want_to_learn),
            "; ".join((*p.motivations, *p.other_motivations)),
            int(p.orientation) if p.orientation else "",
            p.brings_me,
            p.contribute,
        ]
        for p in profiles
    )
    return csv_text(header, rows)
