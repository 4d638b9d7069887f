"""The organiser's note on a person ("Anything else we should know?"):
private to the organiser, never in a shared output, and the access needs it
tells of, flagged so the pairing board can show them on the person's table."""

from __future__ import annotations

import re

PRIVATE_FIELDS = ("notes",)  # kept out of every shared output
ACCESS_MARK = "♿"  # beside a name on the pairing board
ACCESS_FLAG = f"{ACCESS_MARK} access needs"  # in the board's words about a table
_ACCESS = re.compile(
    r"\b(?:wheel ?chairs?|step[- ]free|(?:in)?accessib(?:le|ility)|mobility|crutch(?:es)?|"
    r"walking (?:aid|frame|stick)|ramps?|no stairs|(?:cannot|can't|can not) (?:do|climb|use) "
    r"stairs|stairs are|lift|elevator|hearing (?:aid|loop|impaired)|deaf|hard of hearing|"
    r"blind|low vision|visually impaired|sign language|bsl|asl|guide dog|service dog)\b",
    re.IGNORECASE,
)


def tells_of_access_needs(note: str) -> bool:
    """Does the note ask for something about the room or the table? ("I use a
    wheelchair, please make sure the table is accessible")."""
    return bool(_ACCESS.search(note))
