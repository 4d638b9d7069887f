"""``overview``: the room at a glance — topics wanted and taught, process vs
result, motivations — as JSON for other tools or Markdown for notes."""

from __future__ import annotations

import argparse
import sys

from matchmaker.cli.pairing import open_source
from matchmaker.core.text import printable as line
from matchmaker.render.documents import dumps, overview_document
from matchmaker.render.markdown import evening_markdown, overview_markdown


def run_overview(args: argparse.Namespace) -> int:
    session = open_source(args)
    overview = session.overview()
    if args.format == "json":
        print(dumps(overview_document(overview)))
    else:
        sys.stdout.write(overview_markdown(overview, f"Overview of {session.name}"))
        sys.stdout.write(evening_markdown(session.event.options))
    if not overview.people:
        print(f"note: {line(session.name)} has nobody in it yet.", file=sys.stderr)
    return 0
