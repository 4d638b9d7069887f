"""The command-line contract (DESIGN.md), as argparse parsers."""

from __future__ import annotations

import argparse
from pathlib import Path

from matchmaker import __version__
from matchmaker.core.community import FRESH_EVENTS, HistoryPolicy, WentWrong
from matchmaker.core.limits import MAX_SIZE
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.score_weights import CRITERIA, MOST, PRESETS
from matchmaker.core.table_rules import HostPolicy


def db_option() -> argparse.ArgumentParser:
    """``--db`` for the top level and every command (a fresh parent each time:
    argparse shares parent actions, and a shared default would leak)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=argparse.SUPPRESS,
        help="the store file (default: $MATCHMAKER_DB or the user data folder)",
    )
    return parent


def non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def add_source(sub: argparse.ArgumentParser) -> None:
    """``[FILE.csv | --event NAME]``: people from a CSV file or a stored event."""
    sub.add_argument(
        "file", metavar="FILE.csv", type=Path, nargs="?", help="read people from this CSV file"
    )
    sub.add_argument("--event", metavar="NAME", help="or take them from this event in the store")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matchmaker",
        description="Pair peer learners whose goals fit, and warn about clashes.",
        parents=[db_option()],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--event", metavar="NAME", help="open this event in the app")
    parser.set_defaults(run="app:run_app", db=None)
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: str, help: str) -> argparse.ArgumentParser:
        """``run`` is "module:function" in ``matchmaker.cli``, imported only
        when the command runs (``--help`` stays fast)."""
        sub = subcommands.add_parser(name, parents=[db_option()], help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    command("demo", "app:run_demo", "open the app on a throwaway copy of the demo event")

    sub = command("import", "people:run_import", "import a sign-up CSV file into an event")
    sub.add_argument("file", metavar="FILE.csv", type=Path, nargs="?")
    sub.add_argument(
        "--all",
        metavar="DIR",
        type=Path,
        help="instead, a whole community that export --all wrote, into an empty store",
    )
    sub.add_argument("--event", metavar="NAME", help="the event (default: the file's name)")
    sub.add_argument("--dry-run", action="store_true", help="check and show, write nothing")
    sub.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="take FIELD from COLUMN (repeatable), e.g. --map name='Full name'",
    )

    sub = command("people", "people:run_people", "list an event's participants")
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument(
        "--all",
        action="store_true",
        help="the whole community: each person once, with the events they are in",
    )
    sub.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="csv is the canonical format that import reads back",
    )
    sub.add_argument(
        "--private",
        action="store_true",
        help="include every email, also of people who did not consent (the organiser's backup)",
    )

    sub = command(
        "slips", "pairing:run_slips", "one slip per person for a saved round (the last by default)"
    )
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument("--round", type=int, metavar="N", help="this saved round (default: the last)")
    sub.add_argument(
        "--output", metavar="FILE", type=Path, help="write to FILE instead of the terminal"
    )

    sub = command("pair", "pairing:run_pair", "the best pairs or groups for the whole event")
    add_source(sub)
    sub.add_argument(
        "--size",
        type=int,
        default=2,
        metavar="K",
        help=f"group size, 2-{MAX_SIZE} (default 2: pairs)",
    )
    sub.add_argument(
        "--rounds", type=int, default=1, metavar="N", help="rounds with no repeat partners"
    )
    sub.add_argument(
        "--avoid-clashes", action="store_true", help="steer away from high-severity clashes"
    )
    sub.add_argument(
        "--preset",
        metavar="NAME",
        help=f"the evening's weights: {', '.join(PRESETS)} (default: the event's, or standard)",
    )
    sub.add_argument(
        "--weights",
        metavar="topics=N,motives=N,pace=N",
        help=f"how much each criterion counts, 0-{MOST} ({', '.join(CRITERIA)}); "
        "changes the preset's",
    )
    sub.add_argument(
        "--pace",
        choices=[p.value for p in PacePolicy],
        help="process vs result: keep apart (separate, the standard), mix on purpose with a "
        "balanced bridge (balance), or leave out (ignore)",
    )
    sub.add_argument(
        "--history",
        choices=[p.value for p in HistoryPolicy],
        help="who met at other events: fresh partners (the standard: nobody who met at one of "
        "the last --fresh-events events) or continue (pairs who rated it 4 or 5 sit together "
        "where the room allows)",
    )
    sub.add_argument(
        "--fresh-events",
        type=non_negative,
        metavar="N",
        help=f"fresh partners: how many of the last events count (default {FRESH_EVENTS})",
    )
    sub.add_argument("--format", choices=("table", "json", "csv", "markdown"), default="table")
    sub.add_argument(
        "--save",
        action="store_true",
        help="store the rounds in the event (needs --event), and the preset, weights, pace "
        "and history policy",
    )
    sub.add_argument(
        "--everyone",
        action="store_true",
        help="seat everyone not gone, also those not checked in (once check-in has started)",
    )

    sub = command(
        "matches", "pairing:run_matches", "one person's ranked matches, with reasons and warnings"
    )
    sub.add_argument("person", metavar="PERSON", help="a name (or email) in the event")
    add_source(sub)
    sub.add_argument(
        "--top", type=non_negative, default=5, help="how many (0 = everyone; default 5)"
    )
    sub.add_argument("--format", choices=("table", "json"), default="table")

    sub = command(
        "matrix", "pairing:run_matrix", "the whole score matrix, for a spreadsheet or heat map"
    )
    add_source(sub)
    sub.add_argument("--format", choices=("csv", "json"), default="csv")

    sub = command(
        "overview",
        "overview:run_overview",
        "the room at a glance: topics wanted and taught, process vs result, motivations",
    )
    add_source(sub)
    sub.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="markdown",
        help="markdown (the default) for notes, json for other tools",
    )

    sub = command(
        "remove", "people:run_remove", "take someone out of an event (saved rounds keep them)"
    )
    sub.add_argument("name", metavar="NAME", help="their name (or email)")
    sub.add_argument("--event", metavar="NAME")

    sub = command("checkin", "evening:run_checkin", "check people in at the door (or out)")
    sub.add_argument("names", metavar="NAME", nargs="*", help="names (or emails)")
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument("--out", action="store_true", help="they left: mark them gone")
    sub.add_argument("--list", action="store_true", help="who is here and who is not")
    sub.add_argument("--format", choices=("table", "json"), default="table")

    sub = command("seat", "evening:run_seat", "seat latecomers into the last saved round")
    sub.add_argument("names", metavar="NAME", nargs="+")
    sub.add_argument("--event", metavar="NAME")

    sub = command("leave", "evening:run_leave", "someone went home: re-seat their tablemate")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--event", metavar="NAME")

    sub = command(
        "wish",
        "evening:run_wish",
        "PERSON asks to meet OTHER (a bonus when pairing), or declines them (never together); "
        "private",
    )
    sub.add_argument("people", metavar="PERSON", nargs=2, help="who asks, then whom about")
    sub.add_argument("--event", metavar="NAME")
    choice = sub.add_mutually_exclusive_group()
    choice.add_argument("--decline", action="store_true", help="never seat them together")
    choice.add_argument("--clear", action="store_true", help="take the wish back")

    sub = command(
        "tables",
        "evening:run_tables",
        "rules about whole tables: which are step-free, and hosts at each (kept by every plan)",
    )
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument(
        "--step-free",
        metavar="N,N",
        help="the table numbers with step-free access ('' for none); people who need it sit there",
    )
    sub.add_argument(
        "--hosts",
        choices=[p.value for p in HostPolicy],
        help="hosts at each table: any (default), at-least-one, at-most-one or one",
    )
    sub.add_argument(
        "--host", action="append", default=[], metavar="NAME", help="name a host (repeatable)"
    )
    sub.add_argument(
        "--not-host", action="append", default=[], metavar="NAME", help="no longer a named host"
    )

    sub = command("feedback", "evening:run_feedback", "how a pair's time together went, 1-5")
    sub.add_argument("people", metavar="PERSON", nargs=2)
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument("--round", type=int, required=True, metavar="N")
    sub.add_argument("--rating", type=int, required=True, metavar="1-5")
    sub.add_argument(
        "--reason",
        choices=[w.value for w in WentWrong],
        help="with a rating of 2 or less, what went wrong: their warnings of that kind are "
        "graver at later events (the organiser's eyes only)",
    )

    sub = command(
        "history",
        "community:run_history",
        "who of an event's people met at other events, and the event's policy about them",
    )
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument(
        "--policy",
        choices=[p.value for p in HistoryPolicy],
        help="keep it with the event: fresh partners (the standard) or continue good pairs",
    )
    sub.add_argument(
        "--fresh-events",
        type=non_negative,
        metavar="N",
        help=f"fresh partners: how many of the last events count (default {FRESH_EVENTS})",
    )

    sub = command(
        "merge",
        "community:run_merge",
        "two members of the community are one person (people --all offers likely ones)",
    )
    sub.add_argument(
        "people",
        metavar="PERSON",
        nargs=2,
        help="#N (people --all), an email or a name; the second becomes the first",
    )
    sub.add_argument(
        "--apart", action="store_true", help="they are two people: never offer them again"
    )

    sub = command("report", "evening:run_report", "the evening to send: who came, the tables")
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument("--format", choices=["markdown", "html"], default="markdown")
    sub.add_argument(
        "--for",
        dest="audience",
        choices=["organisers", "attendees"],
        default="organisers",
        help="attendees: without scores, ratings or anything private",
    )

    sub = command("serve", "attendee:run_serve", "serve the attendee pages to phones")
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this computer only; "
        "0.0.0.0 or this computer's address for phones on the network)",
    )
    sub.add_argument("--port", type=int, default=8765, help="default 8765")
    sub.add_argument(
        "--closed",
        action="store_true",
        help="nobody new may join: only people already on the list (and their codes) get in",
    )
    sub.add_argument(
        "--keep-link",
        action="store_true",
        help="serve the last join link again (default: a new link each time, the old one stops)",
    )

    sub = command("kiosk", "attendee:run_kiosk", "the attendee app on a terminal at the door")
    sub.add_argument("--event", metavar="NAME")

    sub = command("me", "attendee:run_me", "the attendee app for yourself, with your code")
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument("--code", required=True, help="your personal code")

    sub = command(
        "export",
        "community:run_export",
        "the whole community (people, events, rounds, ratings) as JSON and CSV, to back up or move",
    )
    sub.add_argument("--all", metavar="DIR", type=Path, required=True, help="the folder to write")
    sub.add_argument(
        "--private",
        action="store_true",
        help="include every email, also of people who did not consent, and the organiser's notes",
    )

    sub = command("motivations", "catalogue:run_motivations", "list the motivation catalogue")
    sub.add_argument("--format", choices=("table", "json"), default="table")
    return parser
