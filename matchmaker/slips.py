"""Slips to hand out after pairing: one per person, with their table, their
partners, what they share, and a question to ask each other."""

from __future__ import annotations

from collections.abc import Sequence

from matchmaker.clashes import find_clashes
from matchmaker.errors import UserError
from matchmaker.event import Event
from matchmaker.reasons import explain
from matchmaker.scoring import EventScorer
from matchmaker.store import SavedRound

SLIP_CUT = "✂ " + "- " * 30
REASONS_ON_SLIP = 3
# The intake questions from the Peeragogy text, for pairs with nothing to watch out for.
OPENING_QUESTION = "“What brings you here?” and “How can you contribute?”"


def slips_text(
    event: Event, scorer: EventScorer, rounds: Sequence[SavedRound], number: int | None = None
) -> str:
    """Every person's slip for saved round ``number`` (default: the last),
    alphabetically by name."""
    if not rounds:
        raise UserError(
            f"{event.name!r} has no saved round yet: save one on the pairing board, "
            "or run `matchmaker pair --event NAME --save`."
        )
    chosen = [r for r in rounds if number is None or r.number == number]
    if not chosen:
        saved = ", ".join(str(r.number) for r in rounds)
        raise UserError(f"{event.name!r} has no saved round {number} (saved rounds: {saved}).")
    last = chosen[-1]
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
    lines = [SLIP_CUT, f"{me.name} — round {round_number}, table {table}"]
    if not others:
        lines.append("With: nobody yet (your partners have left the event); ask the organiser.")
    partners = []
    for other in others:
        profile = event.people[other].profile
        contact = f" ({profile.shared_contact})" if profile.shared_contact else ""
        partners.append(profile.name + contact)
    if partners:
        lines.append("With: " + ", ".join(partners))
    for other in others:
        reasons = [r for r in explain(scorer, person, other) if "process" not in r][
            :REASONS_ON_SLIP
        ]
        if reasons:
            lines.append(f"You and {event.people[other].name}: " + "; ".join(reasons))
    advice = [
        w.advice
        for o in others
        for w in find_clashes(me, event.people[o].profile, scorer.catalogue)
    ]
    lines.append(advice[0] if advice else f"Ask each other: {OPENING_QUESTION}")
    return me.name, "\n".join(lines) + "\n\n"
