"""The store's part for self-service: each event's join token (in the path
of the served link) and the attendees' personal codes, kept only as salted
hashes so that a copy of the store gives none of them away. A part of ``StoreTx``."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from tinydb import Query, TinyDB
from tinydb.table import Document

CODES = "codes"
TOKEN_BYTES = 24  # 192 bits
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a phone
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(typed: str) -> str:
    """A code as typed (any case, with spaces or dashes) in its stored form."""
    return "".join(c for c in typed.upper() if c.isalnum())


def show_code(code: str) -> str:
    """ "ABCD-EFGH": easier to copy down."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


class AttendeeTables:
    """Join tokens and personal codes, inside one transaction."""

    db: TinyDB

    def _event_doc(self, name: str) -> Document:  # provided by StoreTx
        raise NotImplementedError

    def join_token(self, event: str) -> str:
        """The event's join token, made on first use."""
        doc = self._event_doc(event)
        token = doc.get("token")
        if not isinstance(token, str):
            token = secrets.token_urlsafe(TOKEN_BYTES)
            self.db.table("events").update({"token": token}, doc_ids=[doc.doc_id])
        return token

    def set_join_url(self, event: str, url: str) -> None:
        """Where ``serve`` last served the event, for the organiser's app to show."""
        doc = self._event_doc(event)
        self.db.table("events").update({"join_url": url}, doc_ids=[doc.doc_id])

    def join_url(self, event: str) -> str | None:
        url = self._event_doc(event).get("join_url")
        return url if isinstance(url, str) else None

    def issue_code(self, event: str, person_id: int) -> str:
        """A new personal code for the person (any earlier one stops working)."""
        code = new_code()
        salt = secrets.token_hex(8)
        table = self.db.table(CODES)
        table.remove(Query().person == person_id)
        name = self._event_doc(event)["name"]
        table.insert(
            {"event": name, "person": person_id, "salt": salt, "hash": _digest(salt, code)}
        )
        return code

    def has_code(self, person_id: int) -> bool:
        return self.db.table(CODES).contains(Query().person == person_id)

    def code_owner(self, event: str, typed: str) -> int | None:
        """The person whose code this is, in this event."""
        code = clean_code(typed)
        name = self._event_doc(event)["name"]
        for row in self.db.table(CODES).search(Query().event == name):
            if hmac.compare_digest(row["hash"], _digest(row["salt"], code)):
                return int(row["person"])
        return None

    def coded_people(self, event: str) -> set[int]:
        """Who in the event has a personal code (uses self-service)."""
        name = self._event_doc(event)["name"]
        return {int(row["person"]) for row in self.db.table(CODES).search(Query().event == name)}
