"""The kiosk's PIN slows guessing down: three wrong tries are free (a typo),
then each wrong try makes the next wait twice as long, up to a minute, so a
six-digit PIN takes weeks to find at the kiosk instead of minutes."""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable

FREE_TRIES = 3  # wrong tries before any wait
FIRST_WAIT = 2.0  # seconds after the first wrong try past the free ones …
LONGEST_WAIT = 60.0  # … doubling each time up to this


class PinGuard:
    def __init__(self, pin: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.pin = pin
        self.clock = clock
        self.wrong = 0
        self.open_at = 0.0  # the clock's time from which a try is heard

    def wait_left(self) -> float:
        """Seconds before the next try is heard (0 when it is)."""
        return max(0.0, self.open_at - self.clock())

    def attempt(self, typed: str) -> bool:
        """True when ``typed`` is the PIN and no wait is running; a try during
        a wait is not heard at all (it neither opens nor counts)."""
        if self.wait_left() > 0:
            return False
        if hmac.compare_digest(typed.encode(), self.pin.encode()):
            self.wrong = 0
            return True
        self.wrong += 1
        if self.wrong > FREE_TRIES:
            wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** (self.wrong - FREE_TRIES - 1))
            self.open_at = self.clock() + wait
        return False
