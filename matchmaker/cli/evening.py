"""``checkin``, ``seat``, ``leave``, ``wish``, ``tables``, ``feedback`` and
``report``: the evening itself, from the door to the notes afterwards."""

from __future__ import annotations

import argparse
import sys

from matchmaker.core.community import WentWrong
from matchmaker.core.errors import UserError
from matchmaker.core.model import PairRule, Status
from matchmaker.core.table_rules import HostPolicy
from matchmaker.core.text import printable as line
from matchmaker.render.documents import dumps
from matchmaker.render.terminal import table
from matchmaker.service.evening import TableChange
from matchmaker.service.session import EventSession
from matchmaker.service.workspace import Workspace


def _session(args: argparse.Namespace) -> EventSession:
    return Workspace.at(args.db).session(args.event)


def _count(session: EventSession) -> str:
    here, everyone = session.attendance()
    return f"{here} of {everyone} here."


def run_checkin(args: argparse.Namespace) -> int:
    # names only: a large store's index is read, not the whole store
    session = Workspace.at(args.db, by_row=not args.list).session(args.event)
    if args.list:
        present, absent = session.here()
        if args.format == "json":
            print(dumps({"present": [p.name for p in present], "absent": [p.name for p in absent]}))
        else:
            rows = [(p.name, p.status.value) for p in (*present, *absent)]
            print(table(["name", "status"], rows))
            print(_count(session))
        return 0
    if not args.names:
        raise UserError("Name the people to check in (or ask for the list).")
    people = [session.find(name) for name in args.names]
    status = Status.GONE if args.out else Status.PRESENT
    names = session.check_in(people, status)
    verb = "Checked out" if args.out else "Checked in"
    print(f"{verb}: {', '.join(line(n) for n in names)}. {_count(session)}", file=sys.stderr)
    return 0


def _changes(changes: list[TableChange], waiting: list[str], number: int) -> None:
    for change in changes:
        names = ", ".join(line(n) for n in change.names) or "nobody now"
        print(f"Round {number}, table {change.number}: {names}")
    for name in waiting:
        print(f"note: no table could take {line(name)}; they join the next round.", file=sys.stderr)


def run_seat(args: argparse.Namespace) -> int:
    session = _session(args)
    people = [session.find(name) for name in args.names]
    changes, waiting = session.seat_latecomers(people)
    _changes(changes, waiting, session.event.rounds[-1].number)
    return 0


def run_leave(args: argparse.Namespace) -> int:
    session = _session(args)
    person = session.person(session.find(args.name))
    changes, waiting = session.leave(person.id)
    print(f"{line(person.name)} has left; nobody else moved.", file=sys.stderr)
    if session.event.rounds:
        _changes(changes, waiting, session.event.rounds[-1].number)
    return 0


def run_feedback(args: argparse.Namespace) -> int:
    session = _session(args)
    pair = [session.person(session.find(name)) for name in args.people]
    reason = WentWrong(args.reason) if args.reason is not None else None
    session.rate_table(args.round, [p.id for p in pair], args.rating, reason)
    names = " and ".join(line(p.name) for p in pair)
    advice = " They will not be seated together again." if args.rating <= 2 else ""
    print(f"Noted: {names} rated round {args.round} {args.rating}/5.{advice}", file=sys.stderr)
    return 0


def run_report(args: argparse.Namespace) -> int:
    # The report loads scoring and pairing (numpy, scipy): the door's
    # ``checkin`` in this module does not wait for them.
    from matchmaker.render.report import event_report
    from matchmaker.render.report_document import Audience, report_text

    session = _session(args)
    report = event_report(session.event, session.scorer)
    sys.stdout.write(report_text(report, Audience(args.audience), args.format))
    return 0


def run_wish(args: argparse.Namespace) -> int:
    """The organiser records an attendee's wish (or their own, for two people)."""
    session = _session(args)
    asker, other = (session.person(session.find(name)) for name in args.people)
    wish = None if args.clear else PairRule.DECLINE if args.decline else PairRule.WISH
    session.set_wish(asker.id, other.id, wish)
    done = {
        None: "no longer asks about",
        PairRule.WISH: "asks to meet",
        PairRule.DECLINE: "declines",
    }[wish]
    print(f"{line(asker.name)} {done} {line(other.name)} (private).", file=sys.stderr)
    return 0


def run_tables(args: argparse.Namespace) -> int:
    """Set and show the rules about whole tables (step-free tables, hosts)."""
    session = _session(args)
    named = set(session.event.options.hosts)
    ids = {name: session.find(name) for name in args.host + args.not_host}
    named |= {ids[name] for name in args.host}
    named -= {ids[name] for name in args.not_host}
    step_free = None
    if args.step_free is not None:
        try:
            step_free = [int(t) for t in args.step_free.replace(" ", "").split(",") if t]
        except ValueError:
            raise UserError(
                f"{args.step_free!r} is not a list of table numbers, e.g. 1,2,5.", field="step_free"
            ) from None
    hosts = sorted(named) if args.host or args.not_host else None
    policy = HostPolicy(args.hosts) if args.hosts else None
    options = session.set_table_rules(step_free, policy, hosts)
    rules = session.event.table_rules()
    free = ", ".join(map(str, options.step_free)) or "none"
    print(f"Step-free tables: {free}")
    print(f"Hosts: {options.host_policy.value}; {len(rules.hosts)} hosting", end="")
    print(
        f" ({', '.join(line(session.event.people[p].name) for p in sorted(rules.hosts))})"
        if rules.hosts
        else ""
    )
    return 0
