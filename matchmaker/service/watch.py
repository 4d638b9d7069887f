"""Whether the open event changed on disk, for front ends that show it live.

Another process may write the event at any time: the door's kiosk, an
attendee's phone, ``checkin``/``seat``/``leave`` in another shell. One
``EventWatcher`` per open event looks at the store file's stamp (a
``stat``: cheap enough every second); when it changed, the session reads
the event again, once, and every subscriber is told — unless what was
written is what the session already holds (its own write)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matchmaker.service.session import EventSession

LOOK_SECONDS = 1.0  # how often a front end asks: a change shows within two seconds

Subscriber = Callable[[], None]


class EventWatcher:
    def __init__(self, session: EventSession) -> None:
        self.session = session
        self._stamp = self._current_stamp()
        session.reload()  # after the stamp: a write in between is seen at the first look
        self._subscribers: list[Subscriber] = []

    def _current_stamp(self) -> str:
        return self.session.stamp()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` after each change; the result unsubscribes."""
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def stale(self) -> bool:
        """Was the store written since the last look? (A ``stat``: a front
        end may ask on its own thread, and ``look`` elsewhere when so.)"""
        return self._current_stamp() != self._stamp

    def look(self) -> bool:
        """Read the event again if the store was written since the last look,
        and tell the subscribers when it differs from what the session held.
        True when they were told. Reading 10,000 people takes a good part of
        a second: a front end calls this off its screen's thread."""
        stamp = self._current_stamp()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        before = self.session.event
        if self.session.reload() == before:
            return False
        for subscriber in list(self._subscribers):
            subscriber()
        return True
