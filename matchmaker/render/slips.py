"""Slips to hand out after pairing: one per person, with their table, their
partners, what they share, and a question to ask each other."""

from __future__ import annotations

from matchmaker.core.clashes import find_clashes
from matchmaker.core.errors import UserError
from matchmaker.core.model import Event
from matchmaker.core.reasons import ReasonKind, explain
from matchmaker.core.scoring import EventScorer
from matchmaker.core.text import printable as line
from matchmaker.pairing.seating import Seating, saved_seating

SLIP_CUT = "✂ " + "- " * 30
REASONS_ON_SLIP = 3
# The intake questions from the Peeragogy text, for pairs with nothing to watch out for.
OPENING_QUESTION = "“What brings you here?” and “How can you contribute?”"


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
                slips.append(_slip(seating, scorer, last.number, table.number, person, others))
    slips.sort(key=lambda pair: pair[0].casefold())
    return "".join(text for _, text in slips)


def _slip(
    seating: Seating,
    scorer: EventScorer,
    round_number: int,
    table: int,
    person: int,
    others: list[int],
) -> tuple[str, str]:
    me = seating.profiles[person]
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
            lines.append(line(f"You and {seating.name(other)}: " + "; ".join(reasons)))
    advice = [
        w.advice
        for o in here
        for w in find_clashes(me, seating.profiles[o], scorer.catalogue, scorer.pace)
    ]
    lines.append(line(advice[0]) if advice else f"Ask each other: {OPENING_QUESTION}")
    return me.name, "\n".join(lines) + "\n\n"
