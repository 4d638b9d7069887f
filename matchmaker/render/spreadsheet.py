"""CSV for spreadsheets and mail merges, without letting user text turn into
formulas (OWASP's advice against CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from matchmaker.core.profiles import FIELDS, PUBLIC_FIELDS, Profile

if TYPE_CHECKING:
    from matchmaker.pairing.seating import Seating

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKED = (*_FORMULA_START, "'")


def safe_cell(value: object) -> str:
    """A cell that a spreadsheet would read as a formula is prefixed with a
    single quote, and so is one that begins with a quote of its own (a
    spreadsheet shows it as typed; re-import takes exactly one quote off)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_MARKED) else text


def unneutralise(cell: str) -> str:
    """Undo ``safe_cell`` when re-importing our own export."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_MARKED) else cell


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def seating_csv(seating: Seating) -> str:
    """One row per person; contact only with consent."""
    header = ["round", "table", "name", "contact", "partners", "table_score", "reasons", "warnings"]
    rows: list[list[object]] = []
    for r in seating.rounds:
        for t in r.tables:
            reasons = "; ".join(t.reason_lines())
            warnings = "; ".join(w.summary for w in t.warnings)
            for m in t.members:
                partners = "; ".join(seating.name(x) for x in t.members if x != m)
                contact = seating.profiles[m].shared_contact
                rows.append(
                    [
                        r.number,
                        t.number,
                        seating.name(m),
                        contact,
                        partners,
                        t.score,
                        reasons,
                        warnings,
                    ]
                )
        for m in r.unplaced:
            contact = seating.profiles[m].shared_contact
            rows.append([r.number, "", seating.name(m), contact, "", "", "", "not seated"])
    return csv_text(header, rows)


def profiles_csv(
    profiles: Iterable[Profile],
    private: bool = False,
    extra: Mapping[str, Sequence[object]] | None = None,
) -> str:
    """People as the canonical CSV that ``import`` reads back; an email only
    where its owner consented and no organiser's notes (not even the column,
    so a re-import never empties them), unless ``private`` (the organiser's
    backup). ``extra`` columns (one value per person) come last."""
    fields = FIELDS if private else PUBLIC_FIELDS

    def row(p: Profile) -> list[object]:
        cells: dict[str, object] = {
            "name": p.name,
            "email": p.email if private else p.shared_contact,
            "share_contact": "yes" if p.share_contact else "no",
            "interests": "; ".join(p.interests),
            "can_teach": "; ".join(p.can_teach),
            "want_to_learn": "; ".join(p.want_to_learn),
            "motivations": "; ".join((*p.motivations, *p.other_motivations)),
            "orientation": int(p.orientation) if p.orientation else "",
            "brings_me": p.brings_me,
            "contribute": p.contribute,
            "main_motivation": p.main_motivation or "",
            "problem": p.problem,
            "notes": p.notes,
            "languages": "; ".join(p.languages),
            "access": "yes" if p.access else "no",
            "host": "yes" if p.host else "no",
        }
        return [cells[f] for f in fields]

    if not extra:
        return csv_text(list(fields), (row(p) for p in profiles))
    columns = zip(*extra.values(), strict=True)  # each person's extra values
    rows = ([*row(p), *more] for p, more in zip(profiles, columns, strict=True))
    return csv_text([*fields, *extra], rows)
