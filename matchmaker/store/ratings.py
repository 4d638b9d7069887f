"""Ratings across events, kept by member (who people are across events),
so that a rating follows its people to any later event, through a change
of email and a merge of two members. A part of ``StoreTx``.

Stores from before kept ratings by the people's identities (the email, or
the name). Readers resolve those to members as they read (``rater``);
``adopt_members`` rewrites them by member in the first transaction that
adds people, merges two members or rates, whole or not at all, so a kill
mid-way leaves the store as it was."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any

from tinydb import TinyDB

from matchmaker.core.community import NEVER_AGAIN, WentWrong
from matchmaker.core.model import Person, Rating
from matchmaker.store.derived import every_row
from matchmaker.store.members import MEMBERS, PEOPLE, identity_of, member_index

RATED = "ratings"
WHO = ("first", "second", "by")  # the fields of a rating that name someone
Rater = Callable[[object], int | None]


def _by_member(row: Mapping[str, Any]) -> bool:
    """A rating kept by member ids, not by identities of old."""
    return not any(isinstance(row.get(w), str) for w in WHO)


class RatingTables:
    """Ratings by member, inside one transaction."""

    db: TinyDB

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:  # provided by StoreTx
        raise NotImplementedError

    def event_name(self, name: str) -> str:  # provided by StoreTx
        raise NotImplementedError

    def memberships(self) -> dict[int, int]:  # provided by MemberTables
        raise NotImplementedError

    def adopt_members(self) -> None:  # provided by MemberTables
        raise NotImplementedError

    def rater(self) -> Rater:
        """A stored rating's first, second or by as a member: a member as
        stored, or an identity of old through the identities each member is
        known by (its keys, and its rows'); None for nobody known."""
        index: dict[str, int] = {}

        def member(value: object) -> int | None:
            if isinstance(value, int):
                return value
            if not index:
                rows, mapping = self._rows(PEOPLE), self.memberships()
                index.update({identity_of(rows[str(n)]): m for n, m in mapping.items()})
                index.update(member_index(self._rows(MEMBERS)))
            return index.get(str(value))

        return member

    def _rated(self) -> list[dict[str, Any]]:
        rows = self._rows(RATED)
        return [rows[k] for k in sorted(rows, key=int)]

    def ratings(self, people: Sequence[Person]) -> list[Rating]:
        """Every rating, at any event, between two of these people, oldest
        first, naming them by their identities here."""
        rated = self._rated()
        if not rated:
            return []
        mapping, member = self.memberships(), self.rater()
        here: dict[int | None, str] = {
            mapping[p.id]: p.profile.identity for p in people if p.id in mapping
        }
        found = []
        for d in rated:
            first, second = here.get(member(d["first"])), here.get(member(d["second"]))
            if first is None or second is None:
                continue
            by = here.get(member(d["by"]), "") if d.get("by") else ""
            reason = d.get("reason", "")
            found.append(Rating(first, second, d["rating"], d["event"], d["round"], reason, by))
        return found

    def wary(self, event: str, people: Sequence[Person]) -> dict[str, set[str]]:
        """The warning kinds each of these people (by identity here) said
        went wrong at another event (a rating of NEVER_AGAIN or less, with
        what went wrong): the one who rated, or both of a pair the organiser rated."""
        rated = self._rated()
        if not rated:
            return {}
        event, mapping, member = self.event_name(event), self.memberships(), self.rater()
        here: dict[int | None, str] = {
            mapping[p.id]: p.profile.identity for p in people if p.id in mapping
        }
        found: dict[str, set[str]] = {}
        for d in rated:
            reason = d.get("reason")
            if d["rating"] > NEVER_AGAIN or d["event"] == event or reason not in set(WentWrong):
                continue
            kind = WentWrong(reason).kind
            for who in [d["by"]] if d.get("by") else [d["first"], d["second"]]:
                identity = here.get(member(who))
                if kind is not None and identity is not None:
                    found.setdefault(identity, set()).add(kind)
        return found

    def add_ratings(
        self,
        event: str,
        number: int,
        pairs: Iterable[tuple[int, int]],
        rating: int,
        reason: str = "",
        by: int | None = None,
    ) -> None:
        """How each pair (person ids) rated their time in round ``number``,
        kept by their members; ``by``: who said it (None: the organiser)."""
        self.adopt_members()  # every row has its member from here on
        people, event = self._rows(PEOPLE), self.event_name(event)
        table = self.db.table(RATED)
        for a, b in pairs:
            first, second = sorted((people[str(a)]["member"], people[str(b)]["member"]))
            row: dict[str, Any] = {"first": first, "second": second, "rating": rating}
            row |= {"event": event, "round": number, "when": time.time()}
            row |= {"reason": reason} if reason else {}
            row |= {"by": people[str(by)]["member"]} if by is not None else {}
            table.insert(row)

    def rekey_ratings(self) -> None:
        """Ratings kept by identity (before members) kept by member from
        now; those naming nobody known are left as they are."""
        rows = self._rows(RATED)
        if every_row(rows, _by_member):
            return
        old = [k for k, d in rows.items() if not _by_member(d)]
        member = self.rater()

        def rekey(row: MutableMapping[str, Any]) -> None:
            found = {w: member(row[w]) for w in WHO if isinstance(row.get(w), str) and row[w]}
            if all(m is not None for m in found.values()):
                row.update(found)

        self.db.table(RATED).update(rekey, doc_ids=[int(k) for k in old])

    def merge_ratings(self, keep: int, other: int) -> None:
        """Ratings of member ``other`` become ``keep``'s (they are one person)."""

        def merge(row: MutableMapping[str, Any]) -> None:
            for w in WHO:
                if row.get(w) == other:
                    row[w] = keep

        mine = [int(k) for k, d in self._rows(RATED).items() if other in (d.get(w) for w in WHO)]
        self.db.table(RATED).update(merge, doc_ids=mine)

    def rating_of_seats(self) -> Callable[[int, int, str, int], int | None]:
        """The latest rating two people (ids) gave their time at a round of an event."""
        mapping, member = self.memberships(), self.rater()
        rated = {
            (frozenset((member(d["first"]), member(d["second"]))), d["event"], d["round"]): d[
                "rating"
            ]
            for d in self._rated()
        }

        def rating(a: int, b: int, event: str, number: int) -> int | None:
            if not rated or a not in mapping or b not in mapping:
                return None
            return rated.get((frozenset((mapping[a], mapping[b])), event, number))

        return rating
