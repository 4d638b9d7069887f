"""What a phone keeps between pages: a small state (who is signed in, a
join under way, a message to show once) in a cookie the browser holds but
cannot forge — JSON signed with HMAC-SHA256 under a secret made for each
``serve`` — and the CSRF token every form posts back, derived from it."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from typing import Any

COOKIE = "matchmaker"
NONCE = "n"  # the state's random key: the CSRF token is its MAC


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs states into cookie values and checks them back."""

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def _mac(self, purpose: str, text: str) -> str:
        digest = hmac.new(self.secret, f"{purpose}:{text}".encode(), hashlib.sha256).digest()
        return _encode(digest)

    def sign(self, state: dict[str, Any]) -> str:
        body = _encode(json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode())
        return f"{body}.{self._mac('state', body)}"

    def unsign(self, value: str | None) -> dict[str, Any]:
        """The state in a cookie; a new, empty one for a missing, forged or
        old (another ``serve``'s) cookie."""
        if value and value.count(".") == 1:
            body, mac = value.split(".")
            if _same(mac, self._mac("state", body)):
                try:
                    state = json.loads(_decode(body))
                except (ValueError, binascii.Error):
                    state = None
                if isinstance(state, dict) and isinstance(state.get(NONCE), str):
                    return state
        return {NONCE: secrets.token_urlsafe(16)}

    def csrf(self, state: dict[str, Any]) -> str:
        """The token a form of this state carries: another site can neither
        read it nor make it."""
        return self._mac("csrf", str(state[NONCE]))

    def csrf_ok(self, state: dict[str, Any], sent: str) -> bool:
        return _same(self.csrf(state), sent)


def _same(expected: str, sent: str) -> bool:
    """In constant time, for any text sent (compare_digest refuses a str
    with other than ASCII in it)."""
    return hmac.compare_digest(expected.encode(), sent.encode("utf-8", "surrogateescape"))
