"""``history``: the community's memory of an event's people — who met at
other events, and the event's policy about them; ``merge``: two members
who are one person (or, ``--apart``, two); ``export --all``: the whole
community to back up or move."""

from __future__ import annotations

import argparse
import sys

from matchmaker.core.community import HistoryPolicy
from matchmaker.core.questions import CONTRIBUTE_MORE, WHAT_NEXT
from matchmaker.core.text import printable as line
from matchmaker.service.workspace import Workspace


def run_history(args: argparse.Namespace) -> int:
    session = Workspace.at(args.db).session(args.event)
    if args.policy is not None or args.fresh_events is not None:
        policy = HistoryPolicy(args.policy or session.event.options.history)
        session.set_history(policy, args.fresh_events)
    options = session.event.options
    print(f"{line(session.name)}: {options.history.describe(options.fresh_events)}.")
    met = session.met_before()
    for first, second, meeting in met:
        print(f"  {line(first)} and {line(second)} {line(meeting.text)}")
    if not met:
        print("  Nobody here has met anyone here at another event.")
    answers = session.follow_ups()
    if answers:
        print(f"After the evening ({CONTRIBUTE_MORE} / {WHAT_NEXT}):")
    for name, more, next_ in answers:
        print(f"  {line(name)}: {line(more) or '-'} / {line(next_) or '-'}")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    workspace = Workspace.at(args.db)
    first, second = workspace.merge_members(args.people[0], args.people[1], args.apart)
    if args.apart:
        print(f"Kept #{first} and #{second} apart: two people, not offered again.", file=sys.stderr)
    else:
        print(f"Merged #{second} into #{first}: one person at every event.", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    if args.private:
        print(
            "note: --private: every email is included, also of people who did not consent, "
            "and the organiser's notes.",
            file=sys.stderr,
        )
    for path in Workspace.at(args.db).export_all(args.all, args.private):
        print(f"Wrote {path}.", file=sys.stderr)
    return 0
