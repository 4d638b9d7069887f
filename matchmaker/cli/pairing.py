"""``pair``, ``matches``, ``matrix`` and ``slips``: the room's plan and one
person's view of it, from a stored event or straight from a CSV file."""

from __future__ import annotations

import argparse
import json
import sys

from matchmaker.cli import reader_gone
from matchmaker.core.community import HistoryPolicy
from matchmaker.core.errors import UserError
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.score_weights import Weighting, preset
from matchmaker.core.text import printable as line
from matchmaker.render.documents import dump, dumps, matches_document, seating_document
from matchmaker.render.markdown import seating_markdown
from matchmaker.render.slips import SLIP_CUT
from matchmaker.render.spreadsheet import csv_text, seating_csv
from matchmaker.render.terminal import matches_text, seating_text
from matchmaker.service.session import EventSession, write_file
from matchmaker.service.workspace import Workspace


def open_source(args: argparse.Namespace) -> EventSession:
    """The event from FILE.csv, or from the store with its rules and history."""
    if args.file is not None and args.event is not None:
        raise UserError("Give either FILE.csv or --event, not both.")
    if args.file is not None:
        session = EventSession.from_csv(args.file)
        for note in session.notes:
            print(f"warning: {line(note)}", file=sys.stderr)
        return session
    return Workspace.at(args.db).session(args.event)


def run_pair(args: argparse.Namespace) -> int:
    if args.save and args.event is None:
        raise UserError("Saving stores the rounds in an event; name the event.", field="event")
    session = open_source(args)
    weighting = preset(args.preset) if args.preset is not None else None
    if args.weights is not None:
        weighting = (weighting or session.event.options.weighting).changed(args.weights)
    pace = PacePolicy(args.pace) if args.pace is not None else None
    history = HistoryPolicy(args.history) if args.history is not None else None
    chosen = {
        "everyone": args.everyone,
        "weighting": weighting,
        "pace": pace,
        "history": history,
        "fresh_events": args.fresh_events,
    }
    if args.save:
        seating, numbers = session.pair_and_save(
            args.size, args.rounds, args.avoid_clashes, **chosen
        )
    else:
        seating = session.pair(args.size, args.rounds, args.avoid_clashes, **chosen)
        numbers = []
    event = session.event
    if event.checked_in and not args.everyone:
        present = len(event.seated())
        print(f"note: pairing {present} present of {len(event.people)}.", file=sys.stderr)
    title = f"Pairs for {session.name}"
    if seating.weighting != Weighting() or seating.pace is not PacePolicy.SEPARATE:
        title += f" — {seating.weighting.title} ({seating.weighting.text()}; pace {seating.pace})"
    render = {
        "csv": lambda: seating_csv(seating).rstrip("\n"),
        "markdown": lambda: seating_markdown(seating, title),
        "table": lambda: seating_text(seating, title),
    }.get(args.format)
    try:
        if render is None:  # JSON, written as it is made (a huge room's is hundreds of MB)
            dump(seating_document(seating), sys.stdout)
        else:
            print(render(), flush=True)
    except BrokenPipeError:  # `| head`: what was saved and the notes are still said
        reader_gone()
    for r in seating.rounds:
        for note in (r.quality(), *r.notes):
            print(f"note (round {r.number}): {line(note)}", file=sys.stderr)
    if not session.event.people:
        print(f"note: {line(session.name)} has nobody in it yet.", file=sys.stderr)
    for r, number in zip(seating.rounds, numbers, strict=False):
        print(
            f"Saved round {r.number} as round {number} of {line(session.name)!r}.", file=sys.stderr
        )
    return 0


def run_matches(args: argparse.Namespace) -> int:
    session = open_source(args)
    person = session.find(args.person)
    matches = session.matches(person, args.top, organiser=True)
    name = session.person(person).name
    if args.format == "json":
        print(dumps(matches_document(name, matches)))
    else:
        print(matches_text(name, session.name, len(session.event.people), matches))
    return 0


def run_matrix(args: argparse.Namespace) -> int:
    session = open_source(args)
    matrix = session.matrix().tolist()
    names = [p.name for p in session.event.people]
    if args.format == "json":
        print(json.dumps({"people": names, "scores": matrix}, ensure_ascii=False))
    else:
        rows = ([n, *row] for n, row in zip(names, matrix, strict=True))
        sys.stdout.write(csv_text(["name", *names], rows))
    return 0


def run_slips(args: argparse.Namespace) -> int:
    text = Workspace.at(args.db).session(args.event).slips(args.round)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_file(args.output, text)
        print(f"Wrote {text.count(SLIP_CUT)} slips to {args.output}.", file=sys.stderr)
    return 0
