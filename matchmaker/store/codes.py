"""The store's part for self-service: each event's join token (in the path
of the served link) and the attendees' personal codes, kept only as scrypt
hashes so that a copy of the store gives none of them away: one check costs
~35 ms, so trying the 31^8 codes of one person would take centuries. A
part of ``StoreTx``.

The salt is the event's (random, one per event), not each person's: a typed
code is checked by hashing it once and comparing with every code of the
event, where a salt per person would cost one slow hash per attendee. Codes
stored before scrypt (one salted SHA-256) are still accepted, and kept as
scrypt from their first use on (``upgrade_code``); one never used again is
replaced when the organiser gives its owner a new code."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sys
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

CODES = "codes"
TOKEN_BYTES = 24  # 192 bits
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a phone
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_salt() -> str:
    """An event's salt for its codes (one per event: see the top)."""
    return secrets.token_hex(16)


def clean_code(typed: str) -> str:
    """A code as typed (any case, with spaces or dashes) in its stored form."""
    return "".join(c for c in typed.upper() if c.isalnum())


# scrypt's cost: 2^13 x 8 x 128 bytes = 8 MiB and ~35 ms a check on this
# project's 2-core test machine (2^14 took 70 ms there, and a room of 1,000
# arriving in a minute then needed more than a core for codes alone). Costs
# travel with each hash: codes kept at 2^14 by earlier versions still check.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**13, 8, 1
SCRYPT = "scrypt"
# Two threads of their own hash for the whole process: each hash takes 16
# MiB, and the C library keeps that much in each thread that ever hashed
# (200 hashes from 32 threads: 496 MB resident; from these two: 48 MB).
_HASHING = ThreadPoolExecutor(2, thread_name_prefix="scrypt")
AHEAD_NICENESS = 5  # below the pages a room waits for, above the match book's keeper (10)


def _behind_the_pages() -> None:
    """The hashing-ahead thread yields to the threads answering pages: on
    Linux a thread has a priority of its own (elsewhere it keeps the process's)."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            thread = threading.get_native_id()
            niceness = os.getpriority(os.PRIO_PROCESS, thread) + AHEAD_NICENESS
            os.setpriority(os.PRIO_PROCESS, thread, niceness)


_AHEAD = ThreadPoolExecutor(  # ``ReadyCodes``' own
    1, thread_name_prefix="scrypt-ahead", initializer=_behind_the_pages
)
READY_DEPTH = 32  # codes hashed ahead: the first wave of a room arriving at once


def _hash(salt: str, code: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """``scrypt$N$r$p$hex``: the costs travel with the hash, so they can rise
    later. Only call in a ``_HASHING`` thread (see there)."""
    key = hashlib.scrypt(
        code.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32
    )
    return f"{SCRYPT}${n}${r}${p}${key.hex()}"


def _scrypt(salt: str, code: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    return _HASHING.submit(_hash, salt, code, n, r, p).result()


@dataclass(frozen=True)
class NewCode:
    """A personal code hashed before its transaction (``ready_code``), so
    that the slow hash never holds the store's lock."""

    code: str
    salt: str
    hash: str


def ready_code(salt: str | None) -> NewCode:
    """A new code hashed with the event's salt (``code_salt``), or with a
    new salt for an event that has no codes yet."""
    salt = salt or new_salt()
    code = new_code()
    return NewCode(code, salt, _scrypt(salt, code))


class ReadyCodes:
    """New codes hashed ahead of need once ``warm`` (``serve`` does), so an
    attendee saving does not wait for scrypt: up to ``depth`` for one salt,
    made one at a time in a thread of their own (a code being checked never
    queues behind them) and kept only in memory: a code is stored, as its
    hash, only once it is issued. Unwarmed, ``take`` hashes then and there.
    ``take`` with another salt (the event's codes were begun elsewhere, e.g.
    by the kiosk) drops the stock and begins again."""

    def __init__(self, depth: int = READY_DEPTH) -> None:
        self.depth = depth
        self._lock = threading.Lock()
        self._salt: str | None = None
        self._stock: deque[NewCode] = deque()
        self._warm = False
        self._making = False

    @property
    def ready(self) -> int:
        """How many codes are hashed and waiting."""
        return len(self._stock)

    def warm(self, salt: str | None) -> None:
        """Begin hashing ahead for ``salt`` (the event's, or None for a new one)."""
        with self._lock:
            self._warm = True
            self._use(salt)

    def take(self, salt: str | None) -> NewCode:
        """A new code for the event's ``salt`` (None: it has none yet), one
        hashed ahead if one is ready."""
        with self._lock:
            salt = self._use(salt)
            ready = self._stock.popleft() if self._stock else None
            self._refill()
        return ready or ready_code(salt)

    def _use(self, salt: str | None) -> str:
        if self._salt is None or (salt is not None and salt != self._salt):
            self._salt = salt or new_salt()
            self._stock.clear()
        self._refill()
        return self._salt

    def _refill(self) -> None:
        if self._warm and self._salt and not self._making and len(self._stock) < self.depth:
            try:
                _AHEAD.submit(self._make, self._salt)
            except RuntimeError:  # the interpreter is shutting down
                return
            self._making = True

    def _make(self, salt: str) -> None:
        code = new_code()
        try:
            made = NewCode(code, salt, _hash(salt, code))
        finally:
            with self._lock:
                self._making = False
        with self._lock:
            if salt == self._salt:
                self._stock.append(made)
            self._refill()


def _scrypt_costs(stored: str) -> tuple[int, int, int] | None:
    parts = stored.split("$")
    if len(parts) != 5 or parts[0] != SCRYPT or not all(x.isdigit() for x in parts[1:4]):
        return None
    n, r, p = (int(x) for x in parts[1:4])
    return (n, r, p) if 1 < n <= 2**20 and n & (n - 1) == 0 and 0 < r <= 32 and 0 < p <= 4 else None


def _sha256(salt: str, code: str) -> str:
    """How codes were kept before scrypt (still accepted)."""
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


class AttendeeTables:
    """Join tokens and personal codes, inside one transaction."""

    db: TinyDB

    def _event_doc(self, name: str) -> Document:  # provided by StoreTx
        raise NotImplementedError

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:  # provided by StoreTx
        raise NotImplementedError

    def join_token(self, event: str, fresh: bool = False) -> str:
        """The event's join token, made on first use, or made anew when
        ``fresh`` (the last one stops working)."""
        doc = self._event_doc(event)
        token = doc.get("token")
        if fresh or not isinstance(token, str):
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

    def issue_code(self, event: str, person_id: int, ready: NewCode | None = None) -> str:
        """A new personal code for the person (any earlier one stops working):
        ``ready`` when its salt is still the event's, else one hashed here."""
        table = self.db.table(CODES)
        if self.has_code(person_id):
            table.remove(Query().person == person_id)
        name = self._event_doc(event)["name"]
        salt = self.code_salt(name)
        if ready is None or ready.salt != (salt or ready.salt):
            ready = ready_code(salt)
        table.insert({"event": name, "person": person_id, "salt": ready.salt, "hash": ready.hash})
        return ready.code

    def code_salt(self, event: str) -> str | None:
        """The salt of the event's scrypt codes; None while it has none."""
        name = self._event_doc(event)["name"]
        for row in self._rows(CODES).values():  # each save asks: the first row answers
            if row["event"] == name and _scrypt_costs(row["hash"]) is not None:
                return str(row["salt"])
        return None

    def upgrade_code(self, event: str, person_id: int, typed: str) -> bool:
        """Keep the person's code as scrypt if it is still one SHA-256 and
        ``typed`` is it (it has just been used); True if it was upgraded."""
        code = clean_code(typed)
        table = self.db.table(CODES)
        name = self._event_doc(event)["name"]
        for row in table.search((Query().event == name) & (Query().person == person_id)):
            old = _scrypt_costs(row["hash"]) is None
            if old and hmac.compare_digest(row["hash"], _sha256(row["salt"], code)):
                salt = self.code_salt(name) or new_salt()
                table.update({"salt": salt, "hash": _scrypt(salt, code)}, doc_ids=[row.doc_id])
                return True
        return False

    def has_old_code(self, person_id: int) -> bool:
        """Whether the person's code is still kept as one SHA-256."""
        rows = self.db.table(CODES).search(Query().person == person_id)
        return any(_scrypt_costs(row["hash"]) is None for row in rows)

    def has_code(self, person_id: int) -> bool:
        return any(row["person"] == person_id for row in self._rows(CODES).values())

    def code_owner(self, event: str, typed: str, elsewhere: bool = False) -> int | None:
        """The person whose code this is, in this event; ``elsewhere``: at
        another event (a member coming back), the latest first. One slow
        hash per salt, so one per event with codes."""
        code = clean_code(typed)
        name = self._event_doc(event)["name"]
        here = Query().event == name
        rows = self.db.table(CODES).search(~here if elsewhere else here)
        hashed: dict[tuple[str, tuple[int, int, int]], str] = {}
        for row in sorted(rows, key=lambda row: -row.doc_id):
            salt, stored = row["salt"], row["hash"]
            costs = _scrypt_costs(stored)
            if costs is None:
                typed_hash = _sha256(salt, code)
            else:
                if (salt, costs) not in hashed:
                    hashed[salt, costs] = _scrypt(salt, code, *costs)
                typed_hash = hashed[salt, costs]
            if hmac.compare_digest(stored, typed_hash):
                return int(row["person"])
        return None

    def carry_code(self, event: str, earlier: int, person_id: int) -> None:
        """The code of ``earlier`` (a person at another event) is also
        ``person_id``'s in ``event``: a member keeps one code across events."""
        name = self._event_doc(event)["name"]
        table = self.db.table(CODES)
        for row in table.search(Query().person == earlier):
            table.insert(
                {"event": name, "person": person_id} | {"salt": row["salt"], "hash": row["hash"]}
            )

    def coded_people(self, event: str) -> set[int]:
        """Who in the event has a personal code (uses self-service)."""
        name = self._event_doc(event)["name"]
        return {int(row["person"]) for row in self.db.table(CODES).search(Query().event == name)}
