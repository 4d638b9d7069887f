"""The command line: ``matchmaker [--db PATH] [COMMAND …]``.

Parsing and rendering only; every operation goes through the application
layer (``Workspace`` and ``EventSession``). Bad input is reported in one
readable paragraph with exit status 2; a traceback means a bug of ours.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from contextlib import nullcontext

from matchmaker.core.errors import UserError
from matchmaker.core.many_objects import cycles_uncollected, left_to_the_exit

BAD_INPUT = 2

# Where each setting a core message may be about is changed on the command line.
FLAGS = {
    "size": "--size",
    "rounds": "--rounds",
    "round": "--round",
    "event": "--event",
    "columns": "--map FIELD=COLUMN",
    "store": "--db",
    "output": "--output",
    "top": "--top",
    "rating": "--rating",
    "code": "--code",
    "port": "--port",
    "preset": "--preset",
    "weights": "--weights",
    "pace": "--pace",
    "person": "PERSON",
    "hosts": "tables --hosts",
    "step_free": "tables --step-free",
}


def describe_error(error: UserError) -> str:
    """The message, pointing at the flag that changes what it is about."""
    flag = FLAGS.get(error.field or "")
    return f"matchmaker: {flag}: {error}" if flag else f"matchmaker: {error}"


# Modules whose commands stay open (the app, the attendee app): they keep the
# cycle collector; every other command pauses it (see ``many_objects``).
STAYS_OPEN = {"app", "attendee"}


def main(argv: Sequence[str] | None = None) -> int:
    from matchmaker.cli.parser import build_parser

    # Before numpy loads: our matrix products are thin (a dozen families, a
    # score of motives), where a second BLAS thread only spins and slows the
    # other core, which ``pairing.two_cores`` puts to better use (a user's
    # own setting wins).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    args = build_parser().parse_args(argv)
    module, function = args.run.split(":")
    try:
        run = getattr(importlib.import_module(f"matchmaker.cli.{module}"), function)
        with nullcontext() if module in STAYS_OPEN else cycles_uncollected():
            status: int = run(args)
        if argv is None and module not in STAYS_OPEN:
            left_to_the_exit()  # a process of its own (not a test calling main), about to end
        return status
    except UserError as error:
        print(describe_error(error), file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        reader_gone()  # e.g. `| head`: say nothing more
        return 0


def reader_gone() -> None:
    """Standard output's reader went away: what is still written there goes
    nowhere (instead of failing again at exit); standard error still speaks."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
