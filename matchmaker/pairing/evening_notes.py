"""What a plan says about the evening's choices: the weights it was made
under and which criteria brought its points; when tables mix process and
result on purpose, how many do and how many the room allows; and how it
keeps the rules about whole tables (languages, hosts, step-free tables)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from matchmaker.core.orientation import PacePolicy, Side
from matchmaker.core.score_weights import COMPONENT_LABELS, Weighting
from matchmaker.core.scoring import EventScorer
from matchmaker.core.table_rules import HostPolicy, TableRules
from matchmaker.pairing.weights import within_blocks


def evening_notes(scorer: EventScorer, groups: Sequence[Sequence[int]]) -> list[str]:
    """Nothing for a standard evening; else the weights, what counted, the mix."""
    notes = []
    if scorer.weighting != Weighting() or scorer.pace is not PacePolicy.SEPARATE:
        notes.append(
            f"Weighted for {scorer.weighting.title}: {scorer.weighting.text()}; "
            f"pace {scorer.pace.value}."
        )
        counted = criteria_points(scorer, groups)
        whole = sum(counted.values())
        if whole > 0:
            shares = sorted(counted.items(), key=lambda item: -item[1])
            notes.append(
                "What counted: "
                + ", ".join(
                    f"{COMPONENT_LABELS[name]} {100 * points / whole:.0f} %"
                    for name, points in shares
                    if points > 0
                )
                + " of the points."
            )
    if scorer.pace is PacePolicy.BALANCE and groups:
        notes.append(mix_note(scorer, groups))
    return notes


def criteria_points(scorer: EventScorer, groups: Sequence[Sequence[int]]) -> dict[str, float]:
    """The points each component brought, over every pair seated together
    (the components of a batch of tables at once: ``weights.within_blocks``)."""
    names = list(scorer.shares)

    def points(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """people × people × components, in points."""
        parts = scorer.components(rows, cols)
        return np.stack(
            [
                100 * scorer.shares[name] * np.asarray(sparse.csr_matrix(parts[name]).toarray())
                for name in names
            ],
            axis=-1,
        )

    totals = np.zeros(len(names))
    for values in within_blocks(points, [g for g in groups if len(g) > 1]):
        totals += values[np.triu_indices(len(values), 1)].sum(axis=0)
    return dict(zip(names, totals.tolist(), strict=True))


def mix_note(scorer: EventScorer, groups: Sequence[Sequence[int]]) -> str:
    """How many tables seat both process and result people (and how many of
    those a balanced person as a bridge), against what the room allows."""
    side = [None if p.orientation is None else p.orientation.side for p in scorer.profiles]
    sides_at = [{side[m] for m in g} for g in groups]
    both = sum({Side.PROCESS, Side.RESULT} <= s for s in sides_at)
    bridged = sum({Side.PROCESS, Side.RESULT, Side.BALANCED} <= s for s in sides_at)
    seated = [side[m] for g in groups for m in g]
    process, result = seated.count(Side.PROCESS), seated.count(Side.RESULT)
    most = min(process, result, len(groups))
    line = (
        f"Process and result mixed on purpose: {both} of {len(groups)} tables seat both "
        f"sides ({bridged} with a balanced person as a bridge)"
    )
    if both < len(groups):
        line += (
            f"; the room allows {most} ({process} process-minded and {result} "
            "result-minded people here)"
        )
    return line + "."


def table_rule_notes(rules: TableRules, groups: Sequence[Sequence[int]]) -> list[str]:
    """How the plan keeps the rules about whole tables, said once."""
    if not groups:
        return []
    notes = []
    spoken = Counter(found for g in groups if (found := rules.language(g)))
    if spoken:
        counts = ", ".join(f"{lang.title()} at {count}" for lang, count in spoken.most_common())
        notes.append(f"Every table shares a language to learn in: {counts}.")
    policy = rules.host_policy
    if policy is not HostPolicy.ANY:
        hosted = sum(any(p in rules.hosts for p in g) for g in groups)
        said = {
            HostPolicy.ONE: "exactly one at every table",
            HostPolicy.AT_LEAST_ONE: "at least one at every table",
            HostPolicy.AT_MOST_ONE: "never two at a table",
        }[policy]
        notes.append(f"Hosts: {said} ({hosted} of {len(groups)} tables have one).")
    if rules.access:
        numbers = [n for n, g in enumerate(groups, 1) if any(p in rules.access for p in g)]
        notes.append(
            f"The {len(rules.access)} {'person' if len(rules.access) == 1 else 'people'} "
            f"needing step-free access sit at step-free table{'s' if len(numbers) > 1 else ''} "
            f"{', '.join(map(str, numbers))}."
        )
    return notes
