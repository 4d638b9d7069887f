"""The store's community: every person row has a member (who they are
across events), kept in the ``members`` table by the identities that lead
to them. A part of ``StoreTx``.

Stores from before members existed get theirs when people are next added
(``adopt_members``, by an import or an intake): the same identity in several
events becomes one member. It is part of that change, committed whole or not
at all, so a kill mid-way loses nothing; until then readers work the same
members out (``memberships``) without writing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Document

from matchmaker.core.community import CommunityMember, Meeting, PastEvent, PastPartner
from matchmaker.core.errors import UserError
from matchmaker.core.model import Pair, Person, key
from matchmaker.core.profiles import Profile
from matchmaker.core.text import email_key, name_key
from matchmaker.store.derived import every_row, first_with
from matchmaker.store.history import FOLLOW_UPS
from matchmaker.store.roster import person_of

MEMBERS, PEOPLE = "members", "people"
Rows = Mapping[str, Mapping[str, Any]]


def identity_of(row: Mapping[str, Any]) -> str:
    """The identity of a stored person row (its email, or its name)."""
    return Profile.from_record(row["profile"]).identity


def member_index(members: Rows) -> dict[str, int]:
    """Identity -> member, for every identity a member is known by."""
    return {k: int(m) for m, row in members.items() for k in row["keys"]}


def assign(people: Rows, members: Rows) -> tuple[dict[int, int], dict[int, str]]:
    """Every person row's member (id -> member id), and the members to add
    (member id -> identity) for rows without one, in the order of their ids:
    what ``adopt_members`` writes, so readers and writers agree."""
    mapping = {int(i): row["member"] for i, row in people.items() if "member" in row}
    if len(mapping) == len(people):
        return mapping, {}
    index = member_index(members)
    added: dict[int, str] = {}
    next_id = 1 + max(map(int, members), default=0)
    for number in sorted(int(i) for i, row in people.items() if "member" not in row):
        identity = identity_of(people[str(number)])
        if identity not in index:
            index[identity], added[next_id] = next_id, identity
            next_id += 1
        mapping[number] = index[identity]
    return mapping, added


def _has_member(row: Mapping[str, Any]) -> bool:
    return "member" in row


class MemberTables:
    """Members across events, inside one transaction."""

    db: TinyDB

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:  # provided by StoreTx
        raise NotImplementedError

    if TYPE_CHECKING:  # provided by RatingTables, after this class in StoreTx's order

        def rekey_ratings(self) -> None: ...

        def merge_ratings(self, keep: int, other: int) -> None: ...

        def rating_of_seats(self) -> Callable[[int, int, str, int], int | None]: ...

    def event_name(self, name: str) -> str:  # provided by StoreTx
        raise NotImplementedError

    # --- who is who -----------------------------------------------------------

    def adopt_members(self) -> None:
        """Give every person row without a member one: the member of its
        identity, or a new member; and ratings kept by identity are kept by
        member (``rekey_ratings``). Nothing is written when all are."""
        people = self._rows(PEOPLE)
        if not every_row(people, _has_member):
            self._adopt(people)
        self.rekey_ratings()

    def _adopt(self, people: Rows) -> None:
        added = assign(people, self._rows(MEMBERS))[1]
        for member, identity in added.items():
            self.db.table(MEMBERS).insert(Document({"keys": [identity]}, doc_id=member))
        missing = [int(i) for i, row in self._rows(PEOPLE).items() if "member" not in row]
        index = member_index(self._rows(MEMBERS))

        def adopt(row: MutableMapping[str, Any]) -> None:
            row["member"] = index[identity_of(row)]

        self.db.table(PEOPLE).update(adopt, doc_ids=missing)

    def member_for(self, identity: str) -> int:
        """The member known by ``identity`` (a returning person), or a new
        one: for a row being added, without reading every row of the store."""
        found = first_with(self._rows(MEMBERS), "keys", identity)
        if found is not None:
            return int(found)
        return int(self.db.table(MEMBERS).insert({"keys": [identity]}))

    def memberships(self) -> dict[int, int]:
        """Each person row's member (person id -> member id)."""
        return assign(self._rows(PEOPLE), self._rows(MEMBERS))[0]

    def community(self) -> list[CommunityMember]:
        """Every member with a row in some event: their latest row, and their
        events in the order the events were made; by name."""
        rows, mapping = self._rows(PEOPLE), self.memberships()
        made = {e["name"]: e.get("created", 0.0) for e in self._rows("events").values()}
        rows_of: dict[int, list[int]] = defaultdict(list)
        for number in sorted(mapping):
            rows_of[mapping[number]].append(number)
        found = []
        for member, numbers in rows_of.items():
            person = person_of(numbers[-1], rows[str(numbers[-1])])
            events = sorted({rows[str(n)]["event"] for n in numbers}, key=lambda e: made.get(e, 0))
            found.append(CommunityMember(member, person, tuple(events)))
        return sorted(found, key=lambda m: (m.name.casefold(), m.member))

    def row_of_member(self, event: str, person: int) -> int | None:
        """The row in ``event`` of the member that ``person`` (a row at any
        event) is, if the member is in it."""
        event = self.event_name(event)
        mapping, rows = self.memberships(), self._rows(PEOPLE)
        member = mapping.get(person)
        mine = (n for n, m in sorted(mapping.items()) if m == member)
        return next((n for n in mine if rows[str(n)]["event"] == event), None)

    def member_of(self, person: int) -> int:
        """The member a person row is (written now if it was not yet)."""
        self.adopt_members()
        return int(self._rows(PEOPLE)[str(person)]["member"])

    # --- past meetings ----------------------------------------------------------

    def past_meetings(self, event: str, people: Sequence[Person]) -> list[tuple[Pair, Meeting]]:
        """The latest meeting at another event of each pair of ``people``
        (positions), with its rating if the pair gave one; the events are
        aged by their last saved round (1: the most recent)."""
        event = self.event_name(event)
        elsewhere = [r for r in self._rows("rounds").values() if r["event"] != event]
        if not elsewhere:
            return []
        mapping = self.memberships()
        here = {mapping[p.id]: i for i, p in enumerate(people) if p.id in mapping}
        last: dict[str, float] = defaultdict(float)
        for saved in elsewhere:
            last[saved["event"]] = max(last[saved["event"]], saved.get("saved", 0.0))
        age = {name: k for k, name in enumerate(sorted(last, key=lambda n: -last[n]), 1)}
        rating = self.rating_of_seats()
        found: dict[Pair, Meeting] = {}
        for saved in elsewhere:
            for group in saved["groups"]:
                seated = [(here[mapping[x]], x) for x in group if mapping.get(x) in here]
                for (a, x), (b, y) in combinations(seated, 2):
                    if a == b:
                        continue
                    meeting = Meeting(
                        saved["event"],
                        saved.get("saved", 0.0),
                        saved["number"],
                        rating(x, y, saved["event"], saved["number"]),
                        age[saved["event"]],
                    )
                    pair = key(a, b)
                    if pair not in found or meeting.saved > found[pair].saved:
                        found[pair] = meeting
        return sorted(found.items())

    def history_of(self, person: int) -> list[PastEvent]:
        """A person's (an id) other events, the latest first: whom they sat
        with at each, by name and contact only where that partner consented
        to share their contact, how the pair rated it, and what the person
        answered after it."""
        rows, mapping = self._rows(PEOPLE), self.memberships()
        member = mapping.get(person)
        if member is None:
            return []
        here = rows[str(person)]["event"]
        mine = {number for number, m in mapping.items() if m == member}
        made = {e["name"]: e.get("created", 0.0) for e in self._rows("events").values()}
        events = {rows[str(n)]["event"] for n in mine} - {here}
        when = {event: made.get(event, 0.0) for event in events}
        partners: dict[str, list[PastPartner]] = defaultdict(list)
        rating = self.rating_of_seats()
        for saved in sorted(self._rows("rounds").values(), key=lambda r: r["number"]):
            if saved["event"] not in events:
                continue
            for group, names in zip(saved["groups"], saved["names"], strict=True):
                seat = next((x for x in group if x in mine), None)
                if seat is None:
                    continue
                when[saved["event"]] = max(when[saved["event"]], saved.get("saved", 0.0))
                for other, name in zip(group, names, strict=True):
                    row = rows.get(str(other))
                    if other == seat or row is None:
                        continue  # someone removed since: nothing to show of them
                    shares = bool(row["profile"].get("share_contact"))
                    partners[saved["event"]].append(
                        PastPartner(
                            name if shares else "",
                            row["profile"].get("email", "") if shares else "",
                            saved["number"],
                            rating(seat, other, saved["event"], saved["number"]),
                        )
                    )
        answers = {
            r["event"]: (r["more"], r["next"])
            for r in self._rows(FOLLOW_UPS).values()
            if r["person"] in mine and r["event"] in events
        }
        found = [
            PastEvent(e, when[e], tuple(partners[e]), *answers.get(e, ("", ""))) for e in events
        ]
        return sorted(found, key=lambda p: (-p.when, p.event))

    # --- the organiser's decisions ------------------------------------------------

    def kept_apart(self) -> set[frozenset[int]]:
        """Pairs of members the organiser said are two people."""
        rows = self._rows(MEMBERS)
        return {frozenset((int(m), o)) for m, row in rows.items() for o in row.get("apart", ())}

    def keep_apart(self, first: int, second: int) -> None:
        """Two members are two people: never offered as a duplicate again."""
        self.adopt_members()
        table = self.db.table(MEMBERS)
        for one, other in ((first, second), (second, first)):
            row = self._member_row(one)
            table.update({"apart": sorted({*row.get("apart", ()), other})}, doc_ids=[one])

    def merge_members(self, keep: int, other: int) -> None:
        """``other`` is ``keep``: their rows and identities become ``keep``'s.
        Refused when both are in one event (an event lists a person once)."""
        self.adopt_members()
        if keep == other:
            raise UserError("These are the same member already.", field="person")
        kept, gone = self._member_row(keep), self._member_row(other)
        rows = self._rows(PEOPLE)
        theirs = [int(i) for i, row in rows.items() if row["member"] == other]
        mine = {row["event"] for row in rows.values() if row["member"] == keep}
        shared = sorted(mine & {rows[str(i)]["event"] for i in theirs})
        if shared:
            raise UserError(
                f"Both are in {shared[0]!r}, so they are two people there; remove one "
                "from that event first, or keep them apart.",
                field="person",
            )
        apart = {*kept.get("apart", ()), *gone.get("apart", ())} - {keep, other}
        merged = {"keys": sorted({*kept["keys"], *gone["keys"]}), "apart": sorted(apart)}
        self.db.table(MEMBERS).update(merged, doc_ids=[keep])
        self.db.table(MEMBERS).remove(doc_ids=[other])
        self.db.table(PEOPLE).update({"member": keep}, doc_ids=theirs)
        self.merge_ratings(keep, other)

    def find_members(self, text: str) -> list[int]:
        """The members ``text`` names: ``#N``, or an email or a name of one
        of their rows (names compared as everywhere: ``name_key``)."""
        mapping = self.memberships()
        if text.startswith("#") and text[1:].isdigit():
            return [int(text[1:])] if int(text[1:]) in set(mapping.values()) else []
        email = email_key(text)
        name = name_key(text)
        rows = self._rows(PEOPLE)
        return sorted(
            {
                member
                for number, member in mapping.items()
                if name_key(rows[str(number)]["profile"]["name"]) == name
                or email_key(rows[str(number)]["profile"].get("email", "")) == email
            }
        )

    def _member_row(self, member: int) -> dict[str, Any]:
        row = self._rows(MEMBERS).get(str(member))
        if row is None:
            raise UserError(f"There is no member #{member}.", field="person")
        return row
