"""The command line: ``matchmaker [--db PATH] [COMMAND …]``.

Bad input is reported in one readable paragraph with exit status 2; a
traceback means a bug of ours.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from matchmaker import __version__
from matchmaker.catalogue import load_catalogue
from matchmaker.columns import parse_overrides
from matchmaker.demo import seed_demo
from matchmaker.errors import UserError
from matchmaker.event import Event, from_profiles, load_event
from matchmaker.exports import (
    csv_text,
    profiles_csv,
    seating_csv,
    seating_document,
    seating_markdown,
    seating_text,
)
from matchmaker.importer import ImportPlan, Progress, read_csv
from matchmaker.matches import find_person, rank_matches
from matchmaker.paths import default_db_path
from matchmaker.scoring import EventScorer
from matchmaker.seating import seat_event
from matchmaker.slips import SLIP_CUT, slips_text
from matchmaker.storage import atomic_write_text
from matchmaker.store import Store
from matchmaker.textout import dumps, table

BAD_INPUT = 2

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UserError as exc:
        print(f"matchmaker: {exc}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matchmaker",
        description="Pair peer learners whose goals fit, and warn about clashes.",
        parents=[db_option()],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--event", metavar="NAME", help="open this event in the app")
    parser.set_defaults(run=run_app, db=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: Command, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[db_option()], help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    command("demo", run_demo, "open the app on a throwaway copy of the demo event")

    sub = command("import", run_import, "import a sign-up CSV file into an event")
    sub.add_argument("file", metavar="FILE.csv", type=Path)
    sub.add_argument("--event", metavar="NAME", help="the event (default: the file's name)")
    sub.add_argument("--dry-run", action="store_true", help="check and show, write nothing")
    sub.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="take FIELD from COLUMN (repeatable), e.g. --map name='Full name'",
    )

    sub = command("people", run_people, "list an event's participants")
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="csv is the canonical format that import reads back",
    )

    sub = command("slips", run_slips, "one slip per person for a saved round (the last by default)")
    sub.add_argument("--event", metavar="NAME")
    sub.add_argument("--round", type=int, metavar="N", help="this saved round (default: the last)")
    sub.add_argument(
        "--output", metavar="FILE", type=Path, help="write to FILE instead of the terminal"
    )

    sub = command("pair", run_pair, "the best pairs or groups for the whole event")
    add_source(sub)
    sub.add_argument(
        "--size", type=int, default=2, metavar="K", help="group size, 2-8 (default 2: pairs)"
    )
    sub.add_argument(
        "--rounds", type=int, default=1, metavar="N", help="rounds with no repeat partners"
    )
    sub.add_argument(
        "--avoid-clashes", action="store_true", help="steer away from high-severity clashes"
    )
    sub.add_argument("--format", choices=("table", "json", "csv", "markdown"), default="table")
    sub.add_argument(
        "--save", action="store_true", help="store the rounds in the event (needs --event)"
    )

    sub = command("matches", run_matches, "one person's ranked matches, with reasons and warnings")
    sub.add_argument("person", metavar="PERSON", help="a name (or email) in the event")
    add_source(sub)
    sub.add_argument(
        "--top", type=non_negative, default=5, help="how many (0 = everyone; default 5)"
    )
    sub.add_argument("--format", choices=("table", "json"), default="table")

    sub = command("matrix", run_matrix, "the whole score matrix, for a spreadsheet or heat map")
    add_source(sub)
    sub.add_argument("--format", choices=("csv", "json"), default="csv")

    sub = command("motivations", run_motivations, "list the motivation catalogue")
    sub.add_argument("--format", choices=("table", "json"), default="table")
    return parser


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


def load_people(args: argparse.Namespace) -> Event:
    """The event from FILE.csv, or from the store with its rules and history."""
    if args.file is not None and args.event is not None:
        raise UserError("Give either FILE.csv or --event, not both.")
    if args.file is not None:
        plan = read_csv(args.file)
        for warning in plan.warnings:
            print(f"warning: {warning.describe(plan.path)}", file=sys.stderr)
        return from_profiles(args.file.stem, plan.profiles)
    store = open_store(args)
    return load_event(store, choose_event(store, args.event))


def open_store(args: argparse.Namespace) -> Store:
    return Store(args.db or default_db_path())


def choose_event(store: Store, requested: str | None) -> str:
    """The event asked for, or the only one there is."""
    names = store.event_names()
    if requested is not None:
        if requested not in names:
            known = ", ".join(repr(n) for n in names) or "none yet"
            raise UserError(
                f"There is no event called {requested!r} in {store.path} (events: {known})."
            )
        return requested
    if len(names) == 1:
        return names[0]
    if not names:
        raise UserError(f"The store {store.path} has no events yet; import a CSV file first.")
    raise UserError(
        f"The store {store.path} has several events; choose one with --event "
        f"({', '.join(repr(n) for n in names)})."
    )


# --- the app -----------------------------------------------------------------


def run_app(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.event is not None:
        choose_event(store, args.event)
    launch_app(store, args.event)
    return 0


def launch_app(store: Store, event: str | None) -> None:
    from matchmaker.ui.app import MatchmakerApp  # Textual loads only for the app

    store.events()  # a damaged store is reported here, before the screen opens
    MatchmakerApp(store, event).run()


def run_demo(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="matchmaker-demo-") as folder:
        store = Store(Path(folder) / "demo.json")
        launch_app(store, seed_demo(store))
    return 0


# --- import ------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    plan = read_csv(args.file, overrides=parse_overrides(args.map), progress=progress_bar())

    event = args.event or args.file.stem
    print(describe_plan(plan), file=sys.stderr)
    if args.dry_run:
        print(
            table(
                ["line", "name", "orientation", "interests", "motivations"],
                [
                    (line, p.name, p.orientation_word, p.interests, p.motivations)
                    for line, p in zip(plan.lines, plan.profiles, strict=True)
                ],
            )
        )
        print(
            f"Dry run: {len(plan.profiles)} people would be imported into {event!r}; nothing was written."
        )
        return 0
    result = open_store(args).upsert_people(event, plan.profiles)
    print(f"Imported into {event!r}: {result.added} added, {result.updated} updated.")
    return 0


def progress_bar() -> Progress | None:
    """A one-line bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = int(30 * done / max(total, 1))
        bar = "█" * filled + "░" * (30 - filled)
        end = "\n" if done >= total else ""
        print(f"\rReading {bar} {done:,}/{total:,} lines", end=end, file=sys.stderr, flush=True)

    return show


def describe_plan(plan: ImportPlan) -> str:
    lines = [
        f"Read {plan.path} as {plan.encoding}, {plan.delimiter}-separated.",
        "Columns: " + ", ".join(f"{column!r} -> {name}" for name, column in plan.columns.items()),
    ]
    if plan.ignored:
        lines.append("Ignored columns: " + ", ".join(repr(c) for c in plan.ignored))
    lines += [f"warning: {w.describe(plan.path)}" for w in plan.warnings]
    return "\n".join(lines)


# --- listings ------------------------------------------------------------------


def run_people(args: argparse.Namespace) -> int:
    store = open_store(args)
    people = store.people(choose_event(store, args.event))
    if args.format == "csv":
        sys.stdout.write(profiles_csv(p.profile for p in people))
        return 0
    if args.format == "json":
        records = []
        for person in people:
            record = person.profile.to_record()
            record["motivations"] = record["motivations"] + record.pop("other_motivations")
            record.pop("orientation_score")
            records.append(record)
        print(dumps({"people": records}))
    else:
        print(
            table(
                ["name", "orientation", "interests", "can teach", "wants to learn", "motivations"],
                [
                    (
                        p.name,
                        p.profile.orientation_word,
                        p.profile.interests,
                        p.profile.can_teach,
                        p.profile.want_to_learn,
                        len(p.profile.motivations),
                    )
                    for p in people
                ],
            )
        )
    return 0


def run_pair(args: argparse.Namespace) -> int:
    if args.save and args.event is None:
        raise UserError("--save stores the rounds in an event; name it with --event.")
    event = load_people(args)
    rules = event.rules(args.size, args.rounds, args.avoid_clashes)
    seating = seat_event(EventScorer(event.profiles), rules)
    title = f"Pairs for {event.name}"
    render = {
        "json": lambda: dumps(seating_document(seating)),
        "csv": lambda: seating_csv(seating).rstrip("\n"),
        "markdown": lambda: seating_markdown(seating, title),
        "table": lambda: seating_text(seating, title),
    }[args.format]
    print(render())
    for r in seating.rounds:
        for note in r.notes:
            print(f"note (round {r.number}): {note}", file=sys.stderr)
    if not event.people:
        print(f"note: {event.name} has nobody in it yet.", file=sys.stderr)
    if args.save:
        store = open_store(args)
        for r in seating.rounds:
            number = store.save_round(
                event.name, [[event.people[m] for m in t.members] for t in r.tables]
            )
            print(f"Saved round {r.number} as round {number} of {event.name!r}.", file=sys.stderr)
    return 0


def run_matches(args: argparse.Namespace) -> int:
    event = load_people(args)
    profiles = event.profiles
    person = find_person(profiles, args.person)
    scorer = EventScorer(profiles)
    matches = rank_matches(scorer, person, args.top)
    name = profiles[person].name
    if args.format == "json":
        print(dumps({"person": name, "matches": [m.as_dict() for m in matches]}))
        return 0
    print(f"Matches for {name} ({len(profiles)} people in {event.name}), best first:")
    for rank, match in enumerate(matches, 1):
        print(f"\n{rank:>3}. {match.profile.name} — {match.score}/100")
        print(f"       = {match.breakdown}")
        for reason in match.reasons:
            print(f"       + {reason}")
        for w in match.warnings:
            print(f"       ! {w.severity.value} {w.kind.value}: {w.message}")
            print(f"         → {w.advice}")
    if not matches:
        print("\nNobody else is in this event yet.")
    return 0


def run_matrix(args: argparse.Namespace) -> int:
    profiles = load_people(args).profiles
    matrix = EventScorer(profiles).matrix()
    names = [p.name for p in profiles]
    if args.format == "json":
        print(json.dumps({"people": names, "scores": matrix.tolist()}, ensure_ascii=False))
    else:
        sys.stdout.write(
            csv_text(
                ["name", *names], ([n, *row] for n, row in zip(names, matrix.tolist(), strict=True))
            )
        )
    return 0


def run_slips(args: argparse.Namespace) -> int:
    store = open_store(args)
    event = load_event(store, choose_event(store, args.event))
    text = slips_text(event, EventScorer(event.profiles), store.rounds(event.name), args.round)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            atomic_write_text(args.output, text)
        except OSError as exc:
            raise UserError(f"Cannot write {args.output}: {exc.strerror}.") from None
        print(f"Wrote {text.count(SLIP_CUT)} slips to {args.output}.", file=sys.stderr)
    return 0


def run_motivations(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    if args.format == "json":
        print(dumps({"motivations": [m.as_dict() for m in catalogue]}))
        return 0
    print(
        table(
            ["id", "label", "leaning", "source", "tags"],
            [
                (m.id, m.label, m.leaning.value, f"{m.source} #{m.source_item}", sorted(m.tags))
                for m in catalogue
            ],
        )
    )
    return 0
