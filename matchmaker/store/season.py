"""The whole community as one document, to back up and move (``export
--all`` / ``import --all``): members, events with their people and saved
rounds, and ratings. People and ratings are by member number (never by
person ids, which are the store's own, nor by identities, which hold
emails), so a document read into an empty store and written out again is
the same. A part of ``StoreTx``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from matchmaker.core.errors import UserError
from matchmaker.core.notes import PRIVATE_FIELDS
from matchmaker.core.profiles import Profile
from matchmaker.store.codes import CODES
from matchmaker.store.history import FOLLOW_UPS
from matchmaker.store.members import MEMBERS, PEOPLE, identity_of
from matchmaker.store.shape import shape_problem

FORMAT, VERSION = "peer-matchmaker-season", 2
READS = (1, 2)  # version 1 had no timers, joined flags, codes, pairs or answers
CODE, AFTER = ("salt", "hash"), ("more", "next", "when")  # a code's and an answer's fields
LINK = ("token", "join_url")  # the event's join link: a private export keeps it working
REMOVED = 0  # a seat of someone removed since (no person row has id 0)


class SeasonTables:
    """The community as a document, and back, inside one transaction."""

    db: TinyDB

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:  # provided by StoreTx
        raise NotImplementedError

    def memberships(self) -> dict[int, int]:  # provided by MemberTables
        raise NotImplementedError

    def rater(self) -> Callable[[object], int | None]:  # provided by RatingTables
        raise NotImplementedError

    def _by_person(self, table: str) -> dict[int, list[dict[str, Any]]]:
        """A table's rows by the person row they belong to, in their order."""
        found: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for _, row in sorted(self._rows(table).items(), key=lambda kv: int(kv[0])):
            found[int(row["person"])].append(row)
        return found

    def season(self, private: bool = False) -> dict[str, Any]:
        """Everything of the community, in a stable order; emails only where
        their owner consented, and no notes, personal codes (hashes), pairs
        (locks, exclusions, wishes), answers after the evening or join
        links, unless ``private``."""
        rows, mapping, member = self._rows(PEOPLE), self.memberships(), self.rater()
        members = self._rows(MEMBERS)
        events = sorted(
            self._rows("events").values(), key=lambda e: (e.get("created", 0), e["name"])
        )
        codes, answers = self._by_person(CODES), self._by_person(FOLLOW_UPS)
        people: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for number in sorted(mapping):
            row = rows[str(number)]
            person = {
                "member": mapping[number],
                "status": row.get("status", "signed-up"),
                "joined": bool(row.get("joined", False)),
                "profile": _shared(row["profile"], private),
            }
            if private:  # sign-in secrets and answers only they and the organiser see
                person["codes"] = [_pick(c, CODE) for c in codes.get(number, [])]
                person["after"] = [_pick(a, AFTER) for a in answers.get(number, [])]
            people[row["event"]].append(person)
        pairs: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for _, c in sorted(self._rows("constraints").items(), key=lambda kv: int(kv[0])):
            a, b = mapping.get(c["a"]), mapping.get(c["b"])
            if private and a is not None and b is not None:
                pairs[c["event"]].append({"rule": c["rule"], "a": a, "b": b})
        rounds: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for saved in sorted(self._rows("rounds").values(), key=lambda r: (r["event"], r["number"])):
            tables = [
                [{"member": mapping.get(i), "name": n} for i, n in zip(g, names, strict=True)]
                for g, names in zip(saved["groups"], saved["names"], strict=True)
            ]
            rounds[saved["event"]].append(
                {
                    "number": saved["number"],
                    "saved": saved.get("saved", 0.0),
                    "scores": saved.get("scores", []),
                    "tables": tables,
                }
            )
        ratings = [
            {
                "event": r["event"],
                "round": r["round"],
                "first": first,
                "second": second,
                "rating": r["rating"],
                "reason": r.get("reason", ""),
                "by": member(r["by"]) if r.get("by") else None,
                "when": r.get("when"),
            }
            for _, r in sorted(self._rows("ratings").items(), key=lambda kv: int(kv[0]))
            if None not in (first := member(r["first"]), second := member(r["second"]))
        ]
        return {
            "format": FORMAT,
            "version": VERSION,
            "members": [  # a member not written yet (a store from before members): no row
                {"member": m, "apart": row.get("apart", []), **_keys(row, private)}
                for m in sorted({*map(int, members), *mapping.values()})
                for row in [members.get(str(m), {"keys": []})]
            ],
            "events": [
                {
                    "name": e["name"],
                    "created": e.get("created", 0.0),
                    "options": e.get("options"),
                    "timer": e.get("timer"),
                    "people": people[e["name"]],
                    "rounds": rounds[e["name"]],
                }
                | ({"pairs": pairs[e["name"]]} | _pick(e, LINK) if private else {})
                for e in events
            ],
            "ratings": ratings,
        }

    def load_season(self, season: dict[str, Any]) -> int:
        """A season document (``season``) into this empty store; how many
        people rows it held. Refused when the store has events already."""
        if self._rows("events"):
            raise UserError(
                "import --all restores a whole community into an empty store; this one has "
                "events already. Choose a new store with --db.",
                field="store",
            )
        seat: dict[tuple[str, int], int] = {}
        for event in season["events"]:
            name = event["name"]
            kept = {k: event.get(k) for k in ("options", "timer", *LINK)}
            self.db.table("events").insert(
                {"name": name, "created": event["created"]}
                | {k: v for k, v in kept.items() if v is not None}
            )
            for person in event["people"]:
                row = {"event": name, "profile": person["profile"], "status": person["status"]}
                row |= {"joined": True} if person.get("joined") else {}
                number = self.db.table(PEOPLE).insert(row | {"member": person["member"]})
                seat[name, person["member"]] = number
                for code in person.get("codes", []):
                    self.db.table(CODES).insert({"event": name, "person": number} | code)
                for answer in person.get("after", []):
                    self.db.table(FOLLOW_UPS).insert({"event": name, "person": number} | answer)
            for pair in event.get("pairs", []):
                a, b = seat[name, pair["a"]], seat[name, pair["b"]]
                self.db.table("constraints").insert(
                    {"event": name, "rule": pair["rule"]} | {"a": a, "b": b}
                )
            for saved in event["rounds"]:
                groups = [
                    [seat.get((name, s["member"]), REMOVED) for s in t] for t in saved["tables"]
                ]
                names = [[s["name"] for s in t] for t in saved["tables"]]
                self.db.table("rounds").insert(
                    {"event": name, "number": saved["number"], "saved": saved["saved"]}
                    | {"groups": groups, "names": names, "scores": saved["scores"]}
                )
        rows = self._rows(PEOPLE)
        for member in season["members"]:
            mine = {identity_of(r) for r in rows.values() if r["member"] == member["member"]}
            keys = sorted(mine | set(member.get("keys", [])))
            self.db.table(MEMBERS).insert(
                Document({"keys": keys, "apart": member["apart"]}, doc_id=member["member"])
            )
        for r in season["ratings"]:
            self.db.table("ratings").insert(
                {"first": r["first"], "second": r["second"], "rating": r["rating"]}
                | {"event": r["event"], "round": r["round"]}
                | ({"reason": r["reason"]} if r["reason"] else {})
                | ({"by": r["by"]} if r["by"] is not None else {})
                | ({"when": r["when"]} if r.get("when") is not None else {})
            )
        problem = shape_problem(self.db.storage.read() or {})
        if problem is not None:
            raise UserError(f"It does not make a store: {problem}.", field="store")
        return len(seat)


def _pick(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Those of ``fields`` that ``row`` has, in that order."""
    return {field: row[field] for field in fields if field in row}


def _shared(record: dict[str, Any], private: bool) -> dict[str, Any]:
    """A stored profile as the export writes it (normalised)."""
    profile = Profile.from_record(record).to_record()
    if not private:
        if not profile["share_contact"]:
            profile["email"] = ""
        for field in PRIVATE_FIELDS:
            profile[field] = ""
    return profile


def _keys(row: dict[str, Any], private: bool) -> dict[str, Any]:
    """The identities a member is known by: they hold emails, so only in a private export."""
    return {"keys": row["keys"]} if private else {}
