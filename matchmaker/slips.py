"""Slips to hand out after pairing: one per person, with their table, their
partners, what they share, and a question to ask each other."""

from __future__ import annotations

from matchmaker.clashes import find_clashes
from matchmaker.errors import UserError
from matchmaker.model import Event
from matchmaker.reasons import ReasonKind, explain
from matchmaker.scoring import EventScorer
from matchmaker.text import printable as line

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
    slips = []
    for table, group in enumerate(last.groups, 1):
        members = event.positions(group)
        for person in members:
            others = [o for o in members if o != person]
            slips.append(_slip(event, scorer, last.number, table, person, others))
    slips.sort(key=lambda pair: pair[0].casefold())
    return "".join(text for _, text in slips)


def _slip(
    event: Event, scorer: EventScorer, round_number: int, table: int, person: int, others: list[int]
) -> tuple[str, str]:
    me = event.people[person].profile
    lines = [SLIP_CUT, f"{line(me.name)} — round {round_number}, table {table}"]
    if not others:
        lines.append("With: nobody yet (your partners have left the event); ask the organiser.")
    partners = []
    for other in others:
        profile = event.people[other].profile
        contact = f" ({profile.shared_contact})" if profile.shared_contact else ""
        partners.append(line(profile.name + contact))
    if partners:
        lines.append("With: " + ", ".join(partners))
    for other in others:
        reasons = [
            r.text for r in explain(scorer, person, other) if r.kind is not ReasonKind.ORIENTATION
        ][:REASONS_ON_SLIP]
        if reasons:
            lines.append(line(f"You and {event.people[other].name}: " + "; ".join(reasons)))
    advice = [
        w.advice
        for o in others
        for w in find_clashes(me, event.people[o].profile, scorer.catalogue)
    ]
    lines.append(line(advice[0]) if advice else f"Ask each other: {OPENING_QUESTION}")
    return me.name, "\n".join(lines) + "\n\n"
