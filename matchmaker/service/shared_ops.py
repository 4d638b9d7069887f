"""The writes both doors make, each written once: the organiser's session
(``EventSession``) and an attendee's self-service (``SelfService``) call
these inside their own transaction. Light, like self-service: no numpy."""

from __future__ import annotations

from collections.abc import Sequence

from matchmaker.core.community import NEVER_AGAIN, WentWrong
from matchmaker.core.errors import UserError
from matchmaker.core.model import RATINGS, WISHES, PairRule, Person, Status
from matchmaker.core.profiles import Profile
from matchmaker.store.database import StoreTx


def ensure_unique(tx: StoreTx, event: str, profile: Profile, person_id: int | None) -> None:
    """Nobody else in the event may have the same email, or the same name
    where there is none."""
    for other in tx.people_known_as(event, profile.identity):
        if other.profile.identity == profile.identity and other.id != person_id:
            what = "email" if profile.email else "name"
            raise UserError(
                f"{other.name} is already in this event with this {what}; "
                "edit their profile instead",
                field=what,
            )


def save_person(
    tx: StoreTx,
    event: str,
    profile: Profile,
    person_id: int | None,
    status: Status | None,
    joined: bool = False,
) -> Person:
    """Add a person (``person_id`` None) or change one; ``status``, when
    given, is theirs afterwards (a walk-in, an attendee at the venue);
    ``joined``: someone new added themselves (the organiser's screens mark
    them until they are checked in at the door)."""
    ensure_unique(tx, event, profile, person_id)
    if person_id is None:
        return tx.add_person(event, profile, status or Status.SIGNED_UP, joined)
    tx.members(event, [person_id])
    tx.update_person(person_id, profile)
    if status is not None:
        tx.set_status([person_id], status)
    return tx.person(person_id)


def rate_pairs(
    tx: StoreTx,
    event: str,
    number: int,
    pairs: Sequence[tuple[int, int]],
    rating: int,
    reason: WentWrong | None = None,
    by: int | None = None,
) -> int:
    """How the time together of each pair (ids) in saved round ``number``
    went, 1-5, kept by their members across events; every pair must have
    sat at one table. With a rating of NEVER_AGAIN or less, what went wrong
    (``reason``), said by ``by`` (an id; None: the organiser, for both).
    How many pairs were rated."""
    if rating not in RATINGS:
        raise UserError(f"A rating is 1 to 5, not {rating}.", field="rating")
    if reason is not None and rating > NEVER_AGAIN:
        raise UserError(
            f"What went wrong is asked after a rating of {NEVER_AGAIN} or less.", field="reason"
        )
    event = tx.event_name(event)
    saved = tx.saved_round(event, number)
    if saved is None:
        raise UserError(f"There is no saved round {number}.", field="round")
    tables = [set(group) for group in saved.groups]
    for a, b in pairs:
        first, second = tx.person(a), tx.person(b)  # refused if one is no longer in the store
        if not any({a, b} <= table for table in tables):
            raise UserError(
                f"{first.name} and {second.name} did not sit together in round {number}."
            )
    tx.add_ratings(event, number, pairs, rating, reason.value if reason else "", by)
    return len(pairs)


def set_wish(tx: StoreTx, event: str, asker: int, other: int, wish: PairRule | None) -> None:
    """``asker`` asks to meet ``other``, declines them, or takes that back
    (``None``); both must be in the event. Only the asker and the organiser's
    plan know: nothing the other person sees says so."""
    if wish is not None and wish not in WISHES:
        raise UserError(f"{wish.value!r} is not a wish; ask to meet or decline.", field="wish")
    try:
        tx.members(event, [asker, other])
    except UserError:
        raise UserError("Both people must be in this event.", field="person") from None
    tx.set_wish(event, asker, other, wish)
