"""Limits the command line states in its help before anything heavy loads."""

from __future__ import annotations

MAX_SIZE = 8  # the largest group size
EVENT_NAME_MAX = 120  # characters in an event's name
