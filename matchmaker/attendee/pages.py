"""The attendee's pages, each concern in a module of its own: joining and
the intake (``join_pages``), the evening (``evening_pages``), and after it
(``after_pages``), over the plumbing they share (``page_kit``). Each calls
the self-service, the operations the kiosk uses."""

from __future__ import annotations

from matchmaker.attendee.after_pages import AfterPages
from matchmaker.attendee.evening_pages import EveningPages
from matchmaker.attendee.join_pages import JoinPages


class Pages(JoinPages, EveningPages, AfterPages):
    """Every page of one event's served link (``serve`` routes to them)."""
