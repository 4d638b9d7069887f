"""JSON documents for other tools, exactly as the command-line contract says."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from matchmaker.core.model import Status
from matchmaker.core.notes import PRIVATE_FIELDS

if TYPE_CHECKING:
    from matchmaker.core.community import CommunityMember
    from matchmaker.core.matches import Match
    from matchmaker.core.model import Person
    from matchmaker.core.overview import RoomOverview
    from matchmaker.pairing.seating import Seating


def dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def dump(document: object, stream: TextIO) -> None:
    """``dumps`` and a newline, written to ``stream`` as it is made: a
    million people's plan is 800 MB of text, and made whole first it and
    its pieces took 3 GB."""
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    stream.flush()


def seating_document(seating: Seating) -> dict[str, object]:
    """``pair --format json``."""
    return {
        "participants": len(seating.profiles),
        "rounds": [
            {
                "round": r.number,
                "groups": [
                    {
                        "table": t.number,
                        "members": [seating.name(m) for m in t.members],
                        "score": t.score,
                        "reasons": [reason.as_dict() for reason in t.reasons],
                        "warnings": [w.as_dict() for w in t.warnings],
                        "notes": list(t.notes),
                        # a project table's shared problem, only on evenings that weigh them
                        **({"problem": t.problem} if t.problem else {}),
                        # pairs who met at another event, when any did
                        **({"met_before": list(t.met_before)} if t.met_before else {}),
                    }
                    for t in r.tables
                ],
                "unpaired": [seating.name(m) for m in r.unplaced],
            }
            for r in seating.rounds
        ],
    }


def matches_document(person: str, matches: list[Match]) -> dict[str, object]:
    """``matches --format json``."""
    return {"person": person, "matches": [m.as_dict() for m in matches]}


def people_document(people: list[Person], private: bool = False) -> dict[str, object]:
    """``people --format json``: the canonical fields, motivations as ids
    (free-text answers after them), orientation as a word, and whether they
    are here; an email only where its owner consented, unless ``private``."""
    return {"people": person_records(people, private)}


def person_records(people: list[Person], private: bool) -> list[dict[str, object]]:
    """Each person as ``people --format json`` prints them."""
    records = []
    for person in people:
        record = person.profile.to_record()
        record["motivations"] = [
            *person.profile.motivations,
            *person.profile.other_motivations,
        ]
        record.pop("other_motivations")
        record.pop("orientation_score")
        if not private:
            if not person.profile.share_contact:
                record["email"] = ""
            for key in PRIVATE_FIELDS:
                record.pop(key)
        record["present"] = person.status is Status.PRESENT
        records.append(record)
    return records


def community_document(members: list[CommunityMember], private: bool = False) -> dict[str, object]:
    """``people --all --format json``: each member as ``people`` prints a
    person (their latest answers, contacts only where consented unless
    ``private``), with the events they are in instead of being here."""
    records = person_records([m.person for m in members], private)
    for record, member in zip(records, members, strict=True):
        record.pop("present")
        record["events"] = list(member.events)
    return {"people": records}


def overview_document(overview: RoomOverview) -> dict[str, object]:
    """``overview --format json``: topics most wanted first, motivations most
    chosen first (every catalogue entry, also those nobody chose)."""
    return {
        "people": overview.people,
        "present": overview.present,
        "orientation": overview.orientation.counts(),
        "topics": [
            {
                "topic": t.topic,
                "interested": t.interested,
                "can_teach": t.can_teach,
                "want_to_learn": t.want_to_learn,
            }
            for t in overview.topics
        ],
        "unmet": [{"topic": t.topic, "want_to_learn": t.want_to_learn} for t in overview.unmet],
        "motivations": [
            {"id": m.id, "label": m.label, "count": m.count} for m in overview.motivation_counts()
        ],
    }
