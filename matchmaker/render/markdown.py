"""Markdown for the organiser's notes and for printing, with user text
escaped so it is shown literally (also inside table cells)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from matchmaker.core.table_rules import HostPolicy

if TYPE_CHECKING:
    from matchmaker.core.model import PairOptions
    from matchmaker.core.overview import RoomOverview
    from matchmaker.pairing.seating import Seating


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


def md_escape(text: str) -> str:
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def seating_markdown(seating: Seating, title: str) -> str:
    lines = [f"# {md_escape(title)}", ""]
    for r in seating.rounds:
        lines += [
            f"## Round {r.number}",
            "",
            md_escape(r.quality().capitalize() + "."),
            "",
            "| Table | Members | Contact | Score | Why | Watch out |",
            "|---:|---|---|---:|---|---|",
        ]
        for t in r.tables:
            members = ", ".join(md_escape(seating.name(m)) for m in t.members)
            if t.problem:
                members += f" (around: {md_escape(t.problem)})"
            contact = ", ".join(
                f"{md_escape(seating.name(m))}: {md_escape(seating.profiles[m].shared_contact)}"
                for m in t.members
                if seating.profiles[m].shared_contact
            )
            why = "; ".join(md_escape(line) for line in t.reason_lines())
            # At a bigger table two pairs can share a warning: each names its pair.
            watch = "; ".join(
                md_escape(f"{w.summary if len(t.members) > 2 else w.headline}: {w.advice}")
                for w in t.warnings
            )
            lines.append(f"| {t.number} | {members} | {contact} | {t.score} | {why} | {watch} |")
        if r.unplaced:
            lines += [
                "",
                "Not seated: " + ", ".join(md_escape(seating.name(m)) for m in r.unplaced),
            ]
        lines += [*(f"- {md_escape(note)}" for note in r.notes), ""]
    return "\n".join(lines)


def overview_markdown(overview: RoomOverview, title: str) -> str:
    """``overview --format markdown``: the same numbers as the JSON, for notes."""
    lines = [f"# {md_escape(title)}", "", md_escape(overview.presence().capitalize() + "."), ""]
    lines += ["## Skills market", ""]
    if overview.topics:
        lines += [
            "| Topic | Want to learn | Can teach | Interested |",
            "|---|---:|---:|---:|",
            *(
                f"| {md_escape(t.topic)}{' (nobody teaches)' if t.unmet else ''} "
                f"| {t.want_to_learn} | {t.can_teach} | {t.interested} |"
                for t in overview.topics
            ),
            "",
        ]
    lines += [md_escape(overview.unmet_sentence()), ""]
    spread = overview.orientation
    lines += ["## Process or result", "", "| Orientation | People |", "|---|---:|"]
    lines += [f"| {word} | {count} |" for word, count in spread.counts().items()]
    lines += ["", md_escape(spread.clash_sentence()), "", "## Motivations", ""]
    for group in overview.motivations:
        lines += [f"### {md_escape(group.citation)}", "", "| Motivation | People |", "|---|---:|"]
        lines += [f"| {md_escape(m.label)} | {m.count} |" for m in group.counts]
        lines.append("")
    lines += [line for note in overview.motivation_notes() for line in (md_escape(note), "")]
    return "\n".join(lines).rstrip("\n") + "\n"


def evening_markdown(options: PairOptions) -> str:
    """What counts tonight, after the overview: the weights of each
    criterion, the pace policy and the table rules the plans keep."""
    weighting = options.weighting
    lines = [
        "## Tonight",
        "",
        md_escape(
            f"Weighted for {weighting.title}: {weighting.text()}; pace {options.pace.value}."
        ),
    ]
    if options.step_free:
        lines += ["", f"Step-free tables: {', '.join(map(str, options.step_free))}."]
    if options.host_policy is not HostPolicy.ANY:
        lines += ["", md_escape(f"Hosts: {options.host_policy.value} a table.")]
    return "\n".join(["", *lines, ""])
