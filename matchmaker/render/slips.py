"""Slips to hand out after pairing: one per person, written to them ("you
can teach C++, which Hiroshi wants to learn"), with their table, their
partners, what they share, and a question to ask each other."""

from __future__ import annotations

import re

from matchmaker.core.clashes import opening_question
from matchmaker.core.errors import UserError
from matchmaker.core.model import Event
from matchmaker.core.problems import QUESTION
from matchmaker.core.reasons import ReasonKind, explain
from matchmaker.core.scoring import EventScorer
from matchmaker.core.text import printable as line
from matchmaker.pairing.seating import Seating, saved_seating

SLIP_CUT = "✂ " + "- " * 30
REASONS_ON_SLIP = 3


def slips_text(event: Event, scorer: EventScorer, number: int | None = None) -> str:
    """Every person's slip for saved round ``number`` (default: the last),
    alphabetically by name."""
    if not event.rounds:
        raise UserError(f"{event.name!r} has no saved round yet: pair the room and save a round.")
    last = event.saved_round(number)
    if last is None:
        saved = ", ".join(str(r.number) for r in event.rounds)
        raise UserError(
            f"{event.name!r} has no saved round {number} (saved rounds: {saved}).", field="round"
        )
    seating = saved_seating(event, scorer, last)
    slips = []
    for table in seating.rounds[0].tables:
        for person in table.members:
            if person < len(scorer):  # people removed since get no slip
                others = [o for o in table.members if o != person]
                slips.append(
                    _slip(
                        seating, scorer, (last.number, table.number), person, others, table.problem
                    )
                )
    slips.sort(key=lambda pair: pair[0].casefold())
    return "".join(text for _, text in slips)


def _slip(
    seating: Seating,
    scorer: EventScorer,
    where: tuple[int, int],
    person: int,
    others: list[int],
    problem: str | None,
) -> tuple[str, str]:
    """One slip; a project table's names its shared problem and the source
    text's question about problems."""
    me = seating.profiles[person]
    round_number, table = where
    lines = [SLIP_CUT, f"{line(me.name)} — round {round_number}, table {table}"]
    if not others:
        lines.append("With: nobody yet (your partners have left the event); ask the organiser.")
    partners = []
    for other in others:
        profile = seating.profiles[other]
        contact = f" ({profile.shared_contact})" if profile.shared_contact else ""
        partners.append(line(profile.name + contact))
    if partners:
        lines.append("With: " + ", ".join(partners))
    here = [o for o in others if o < len(scorer)]
    for other in here:
        reasons = [
            r.text for r in explain(scorer, person, other) if r.kind is not ReasonKind.ORIENTATION
        ][:REASONS_ON_SLIP]
        if reasons:
            said = "; ".join(to_reader(r, me.name, seating.name(other)) for r in reasons)
            lines.append(line(f"You and {seating.name(other)}: {said}"))
    if problem:
        lines.append(line(f"Your table's shared problem: {problem}. Ask: “{QUESTION}”"))
    others_here = [seating.profiles[o] for o in here]
    lines.append(line(opening_question(me, others_here, scorer.catalogue, scorer.pace)))
    return me.name, "\n".join(lines) + "\n\n"


# The verbs the reasons put after a person's name, as they read after "you".
_SECOND_PERSON = {"is": "are", "has": "have", "was": "were"}
_READER, _OTHER = "\x00r\x00", "\x00o\x00"  # names are never control characters
_AFTER_READER = re.compile(re.escape(_READER) + r"(?:('s)(?!\w)| (\w+))?")


def to_reader(text: str, reader: str, other: str) -> str:
    """A reason as its reader reads it: their name becomes "you" and their
    verb agrees ("you are", "you want"), "Ana's main reason" becomes "your
    main reason"; the other's name stays whole, even when one name holds
    the other ("Mo" beside "Mo Saleh")."""
    for name, mark in sorted(((reader, _READER), (other, _OTHER)), key=lambda n: -len(n[0])):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", mark, text)

    def swap(found: re.Match[str]) -> str:
        if found.group(1):
            return "your"
        verb = found.group(2)
        return "you" if verb is None else "you " + _SECOND_PERSON.get(verb, _plain(verb))

    said = _AFTER_READER.sub(swap, text).replace(_OTHER, other)
    said = said.replace("you want feedback on their", "you want feedback on your")
    return said.replace(
        "you are grappling with (it is in the problem they named)",
        "you are grappling with (it is in the problem you named)",
    )


def _plain(verb: str) -> str:
    """ "wants" -> "want", "teaches" -> "teach"; other words as they are."""
    if verb in ("and", "for", "as", "its") or not verb.endswith("s"):
        return verb
    return verb[:-2] if verb.endswith(("ches", "shes", "sses")) else verb[:-1]
