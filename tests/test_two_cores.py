"""Half of a huge room's candidates is scored in a forked copy on a second
core: the result is the same either way, a copy's error reaches the caller,
and a copy that dies is made up for. Run in fresh interpreters, as forking
happens only in a program with one thread (pytest's workers have more)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import REPO


def run(script: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_the_second_half_runs_in_another_process_with_the_same_result() -> None:
    assert (
        run(
            """
            import os
            from matchmaker.pairing import two_cores
            assert two_cores.can_fork()
            me = os.getpid()
            first, second = two_cores.both(lambda x: (x * x, os.getpid()), 3, 4)
            assert first == (9, me) and second[0] == 16 and second[1] != me
            print("ok")
            """
        )
        == "ok"
    )


def test_an_error_in_the_copy_is_raised_here_and_a_dead_copy_is_made_up_for() -> None:
    assert run(
        """
            import os
            from matchmaker.pairing import two_cores
            me = os.getpid()

            def fails(x):
                if os.getpid() != me:
                    raise ValueError(f"bad part {x}")
                return x

            try:
                two_cores.both(fails, 1, 2)
            except ValueError as error:
                print(error)

            def dies(x):
                if os.getpid() != me:
                    os._exit(9)  # as if killed for memory
                return x + 1

            print(two_cores.both(dies, 1, 2))
            """
    ).splitlines() == ["bad part 2", "(2, 3)"]


def test_candidates_are_the_same_on_one_core_or_two() -> None:
    """Both halves here (another thread is running) or one in a copy: the
    same candidates, for a room above the size where the blocks are split."""
    assert (
        run(
            """
            import sys, threading
            import numpy as np
            from bench.synth import people
            from matchmaker.core.model import Rules
            from matchmaker.pairing import pairs, two_cores
            from matchmaker.pairing import weights as blocks
            from matchmaker.pairing.weights import Weights
            from matchmaker.pairing.best_partners import edge_list
            from matchmaker.core.scoring import EventScorer

            pairs.SPLIT_FROM, blocks.BLOCK_ENTRIES = 1000, 100_000  # split, in many blocks
            assert blocks.block_rows(room := 1500) == blocks.MIN_ROWS
            weights = Weights(EventScorer(people(room, seed=3)), Rules(2, 1, True), set())
            assert two_cores.can_fork()
            forked = edge_list(pairs.candidates(weights, np.arange(room), 12))
            busy = threading.Event()
            threading.Thread(target=busy.wait).start()
            assert not two_cores.can_fork()
            here = edge_list(pairs.candidates(weights, np.arange(room), 12))
            busy.set()
            pairs.SPLIT_FROM = 10**9
            unsplit = edge_list(pairs.candidates(weights, np.arange(room), 12))
            print(forked == here, len(forked) >= room * 6, len(set(forked) & set(unsplit)) > 0.9 * len(unsplit))
            """
        )
        == "True True True"
    )


def test_the_copy_ends_with_its_parent() -> None:
    """A parent killed outright (kill -9, out of memory) takes the copy with
    it, rather than leaving it to score half a room for nobody."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import multiprocessing, os, signal, time
                from matchmaker.pairing import two_cores
                me = os.getpid()

                def work(x):
                    if os.getpid() != me:
                        time.sleep(60)
                    else:
                        time.sleep(0.5)  # the copy is under way
                        print(multiprocessing.active_children()[0].pid, flush=True)
                        os.kill(me, signal.SIGKILL)

                two_cores.both(work, 1, 2)
                """
            ),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())  # not the whole output: the copy holds the pipe too
    parent.stdout.close()
    assert parent.wait() == -signal.SIGKILL
    copy = Path(f"/proc/{pid}")
    for _ in range(100):
        if not copy.exists() or "zombie" in (copy / "status").read_text():
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the copy outlived its parent")
