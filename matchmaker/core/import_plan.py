"""What importing a file would do: the profiles read from it (with their
lines and notes), and the changes they would make to an event."""

from __future__ import annotations

from dataclasses import dataclass, field

from matchmaker.core.errors import FieldProblem
from matchmaker.core.profiles import Profile


@dataclass(frozen=True)
class UpsertResult:
    added: int
    updated: int


@dataclass
class ImportPlan:
    """What a file would import: profiles with their line numbers, and notes."""

    path: str
    columns: dict[str, str]  # field -> the column header it came from
    ignored: list[str]
    encoding: str = "UTF-8"
    delimiter: str = "comma"
    profiles: list[Profile] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    typed_names: list[str] = field(default_factory=list)  # each name as the file wrote it
    warnings: list[FieldProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth saying loudly (a missing column)
    fields: frozenset[str] = frozenset()  # profile fields the file has a column for
    exported: bool = False  # our own canonical export: its formula marks are undone
    headers: list[str] = field(default_factory=list)  # the file's columns, in order


@dataclass(frozen=True)
class ImportChanges:
    """What importing a plan would do to an event, person by person."""

    added: list[str]
    changed: list[tuple[str, list[str]]]  # name, the fields that change
    unchanged: int

    def summary(self, shown: int = 10) -> list[str]:
        """Lines for a person to read: who is new, who changes and how."""

        def some(names: list[str]) -> str:
            more = f" and {len(names) - shown:,} more" if len(names) > shown else ""
            return ", ".join(names[:shown]) + more

        lines = []
        if self.added:
            lines.append(f"New: {len(self.added):,} ({some(self.added)})")
        if self.changed:
            described = [f"{name} ({', '.join(fields)})" for name, fields in self.changed]
            lines.append(f"Changed: {len(self.changed):,}: {some(described)}")
        lines.append(f"Unchanged: {self.unchanged:,}")
        return lines
