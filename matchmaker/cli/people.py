"""``import`` and ``people``: getting people in and out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from matchmaker.core.community import CommunityMember
from matchmaker.core.errors import UserError
from matchmaker.core.import_plan import ImportPlan
from matchmaker.core.model import Progress
from matchmaker.core.text import printable as line
from matchmaker.render.documents import community_document, dumps, people_document
from matchmaker.render.spreadsheet import profiles_csv
from matchmaker.render.terminal import table
from matchmaker.service.workspace import Workspace


def parse_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``["name=Full name", "orientation="]`` → ``{"name": "Full name",
    "orientation": ""}``: an empty column says no column holds the field."""
    overrides = {}
    for pair in pairs:
        wanted, sep, column = pair.partition("=")
        if not sep or not wanted.strip():
            raise UserError(
                f"{pair!r}: write it as FIELD=COLUMN (or FIELD= for no column), "
                "e.g. --map name='Full name'.",
                field="columns",
            )
        overrides[wanted.strip()] = column.strip()
    return overrides


def run_import(args: argparse.Namespace) -> int:
    if args.all is not None:
        if args.file is not None:
            raise UserError("Give either FILE.csv or --all DIR, not both.", field="file")
        held = Workspace.at(args.db).import_all(args.all)
        print(f"Imported the community in {args.all}: {held} people rows.", file=sys.stderr)
        return 0
    if args.file is None:
        raise UserError("Give the sign-up FILE.csv to import (or --all DIR).", field="file")
    plan = Workspace.plan_import(args.file, parse_overrides(args.map), progress_bar())
    event = args.event or args.file.stem
    workspace = Workspace.at(args.db)
    print(describe_plan(plan), file=sys.stderr)
    for line_ in workspace.preview_import(event, plan).summary():
        print(line(line_), file=sys.stderr)
    if args.dry_run:
        print(
            table(
                ["line", "name", "orientation", "interests", "motivations"],
                [
                    (number, p.name, p.orientation_word, p.interests, p.motivations)
                    for number, p in zip(plan.lines, plan.profiles, strict=True)
                ],
            )
        )
        print(
            f"Dry run: {len(plan.profiles)} people would be imported into {line(event)!r}; "
            "nothing was written."
        )
        return 0
    result = workspace.commit_import(event, plan)
    print(f"Imported into {line(event)!r}: {result.added} added, {result.updated} updated.")
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
        "Columns: "
        + ", ".join(f"{line(column)!r} -> {name}" for name, column in plan.columns.items()),
    ]
    if plan.ignored:
        lines.append("Ignored columns: " + ", ".join(repr(line(c)) for c in plan.ignored))
    lines += [f"warning: {line(w.describe(plan.path))}" for w in plan.warnings]
    for note in plan.notes:
        lines.append(f"note: {line(note)}")
        if note.startswith("No column holds"):
            lines.append(
                "      (name it with --map FIELD=COLUMN, e.g. --map orientation='Journey?')"
            )
        elif note.startswith("Guessed "):
            lines.append("      (not so? --map FIELD= says no column holds it)")
    return "\n".join(lines)


def run_remove(args: argparse.Namespace) -> int:
    session = Workspace.at(args.db).session(args.event)
    person = session.person(session.find(args.name))
    session.remove_person(person.id)
    print(
        f"Removed {line(person.name)} from {line(session.name)!r}; saved rounds still show them.",
        file=sys.stderr,
    )
    return 0


def run_people(args: argparse.Namespace) -> int:
    workspace = Workspace.at(args.db)
    if args.all and args.event is not None:
        raise UserError("Give either --event or --all, not both.", field="event")
    people = [] if args.all else workspace.people(workspace.resolve(args.event))
    if args.private:
        print(
            "note: --private: every email is included, also of people who did not consent, "
            "and the organiser's notes.",
            file=sys.stderr,
        )
    if args.all:
        for maybe in workspace.likely_duplicates():
            a, b = maybe.first, maybe.second
            print(
                f"maybe one person: #{a.member} {line(a.name)} ({line('; '.join(a.events))}) and "
                f"#{b.member} {line(b.name)} ({line('; '.join(b.events))}), {maybe.why}: "
                f"matchmaker merge '#{a.member}' '#{b.member}' [--apart]",
                file=sys.stderr,
            )
        return print_community(workspace.community(), args.format, args.private)
    if args.format == "csv":
        sys.stdout.write(profiles_csv((p.profile for p in people), private=args.private))
    elif args.format == "json":
        print(dumps(people_document(people, private=args.private)))
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


def print_community(members: list[CommunityMember], form: str, private: bool) -> int:
    """``people --all``: each member once, with the events they are in."""
    if form == "csv":
        profiles = [m.person.profile for m in members]
        attended = {"events": ["; ".join(m.events) for m in members]}
        sys.stdout.write(profiles_csv(profiles, private, attended))
    elif form == "json":
        print(dumps(community_document(members, private)))
    else:
        rows = [(f"#{m.member}", m.name, len(m.events), m.events) for m in members]
        print(table(["member", "name", "events", "attended"], rows))
    return 0
