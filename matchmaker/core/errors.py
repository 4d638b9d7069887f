"""Errors a user can cause, carrying where the problem is, so the command line
can print one readable paragraph (exit 2) and the app a notification."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One bad value: which field, what is wrong, and (once known) where."""

    field: str
    problem: str
    line: int | None = None

    def at_line(self, line: int) -> FieldProblem:
        return FieldProblem(self.field, self.problem, line)

    @property
    def sentence(self) -> str:
        """As a form shows it under its field: "Email 'x' is not an email address." """
        return f"{self.field.replace('_', ' ').capitalize()} {self.problem}."

    def describe(self, source: str | None = None) -> str:
        where = ":".join(str(part) for part in (source, self.line) if part is not None)
        text = f"{self.field}: {self.problem}"
        return f"{where}: {text}" if where else text


class UserError(Exception):
    """Bad input from the user; the message is meant to be read by them.

    ``field`` names the setting the problem is about ("size", "columns",
    "store"), so each front end can point at its own way of changing it
    (a command-line flag, a control on screen); the message never does."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class InvalidProfile(UserError):
    """A profile failed validation; ``problems`` lists every bad field."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(p.describe() for p in problems))


class InputFileError(UserError):
    """A file the user gave us cannot be used; every problem is listed."""

    def __init__(
        self,
        path: str,
        problems: list[FieldProblem] | None = None,
        summary: str = "",
        field: str | None = None,
    ):
        self.path = path
        self.problems = problems or []
        lines = [summary] if summary else []
        lines += [p.describe(path) for p in self.problems]
        super().__init__("\n".join(lines), field)


class StoreError(UserError):
    """The store file is damaged, too new, or otherwise unusable as it is."""
