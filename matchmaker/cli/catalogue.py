"""``motivations``: the catalogue, without loading any event (so it starts fast)."""

from __future__ import annotations

import argparse

from matchmaker.core.catalogue import load_catalogue
from matchmaker.render.documents import dumps
from matchmaker.render.terminal import table


def run_motivations(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    if args.format == "json":
        print(dumps({"motivations": [m.as_dict() for m in catalogue]}))
        return 0
    print(
        table(
            ["id", "label", "leaning", "source", "tags"],
            [
                (
                    m.id,
                    m.label,
                    m.leaning.value if m.leaning else "—",
                    f"{m.source} #{m.source_item}",
                    sorted(m.tags),
                )
                for m in catalogue
            ],
        )
    )
    return 0
