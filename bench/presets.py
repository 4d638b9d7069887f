"""One line per evening preset on the demo event: how long ``pair`` takes
through the service (median), the plan's total against the proven optimum
under the same weights (``exact.optimum_groups``, HiGHS; the plan as made,
before anyone is moved away from tablemates they share nothing with), how many tables
lead with the preset's criterion, and how different the plan is from the
standard one. Also ``--pace balance`` in threes: tables seating both sides.

Run with ``python -m bench.presets``; nothing here is a unit test."""

from __future__ import annotations

from collections import Counter

from bench.exact import optimum_groups
from bench.timing import Figure, median_seconds, record
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.paths import data_file
from matchmaker.core.score_weights import PRESETS
from matchmaker.service.session import EventSession

LEADS = {
    "standard": "shared-interest",
    "skill exchange": "teaches",
    "study partners": "both-learning",
    "meet people": "shared-motivation",
    "project tables": "shared-problem",
}


def main() -> None:
    session = EventSession.from_csv(str(data_file("demo.csv")))
    standard = {frozenset(t.members) for t in session.pair().rounds[0].tables}
    for name, weighting in PRESETS.items():
        seconds = median_seconds(lambda w=weighting: session.pair(weighting=w))
        (seated,) = session.pair(weighting=weighting).rounds
        scores = session.scorer_for(weighting, PacePolicy.SEPARATE).matrix()
        _, best = optimum_groups(scores, 2)
        # The plan's total before anyone was moved away from strangers (then pairs only).
        got = seated.best_total or seated.total
        leads = Counter(t.reasons[0].kind.value for t in seated.tables if t.reasons)
        changed = len({frozenset(t.members) for t in seated.tables} - standard)
        record(
            Figure(
                f"demo pairs, preset {name}",
                100 * got / best,
                "% of optimum",
                99,
                f"{seconds * 1000:.0f} ms median of 5; total {got} of {best}; "
                f"{leads[LEADS[name]]} of {len(seated.tables)} tables lead with "
                f"{LEADS[name]}; {changed} tables differ from standard",
                at_least=True,
            )
        )
    (mixed,) = session.pair(3, pace=PacePolicy.BALANCE).rounds
    sides = [
        {
            m.orientation.side
            for m in (session.event.profiles[x] for x in t.members)
            if m.orientation
        }
        for t in mixed.tables
    ]
    both = sum({"process", "result"} <= {s.value for s in found} for found in sides)
    record(
        Figure(
            "demo threes, pace balance: tables seating both sides",
            100 * both / len(mixed.tables),
            "%",
            100,
            f"{both} of {len(mixed.tables)}",
            at_least=True,
        )
    )


if __name__ == "__main__":
    main()
