"""The room at a glance, counted: who wants to learn what and who can teach
it, how the room splits between the journey and the destination (and the
clashes that split implies), and which motivations bring people.

Topics are counted after the same merge as matching (``event_vocabulary``),
so "Pyhton" and "python" are one topic, and with matching's view of who
teaches and who learns: a topic named in an answer to "How can you
contribute?" counts as one the person can teach, and one named in "What
problem are you grappling with?" as one they want to learn (never one they
teach). Each person counts once per topic and column.

Pure counts and their words; the screens and ``render/`` lay them out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import combinations

from matchmaker.core.catalogue import Catalogue, load_catalogue
from matchmaker.core.orientation import Orientation, Side, clash_rank
from matchmaker.core.profiles import Profile
from matchmaker.core.topics import Vocabulary, event_vocabulary

HIGH, MEDIUM = 3, 2  # ``orientation.clash_rank`` of a high and a medium clash


def people(count: int) -> str:
    """ "1 person", "3 people"."""
    return f"{count:,} {'person' if count == 1 else 'people'}"


@dataclass(frozen=True)
class TopicCount:
    """One topic (by its most common spelling) and how many people relate to it how."""

    topic: str
    interested: int  # list it among their interests
    can_teach: int  # list it under can teach, or offer it in "How can you contribute?"
    want_to_learn: int  # list it under want to learn, or name it as their problem

    @property
    def unmet(self) -> bool:
        """Someone wants to learn it and nobody can teach it."""
        return self.want_to_learn > 0 and self.can_teach == 0

    def sentence(self) -> str:
        """The topic's numbers in words, for a screen reader."""
        wants = (
            "nobody wants to learn it"
            if not self.want_to_learn
            else f"{self.want_to_learn:,} {'wants' if self.want_to_learn == 1 else 'want'} "
            "to learn it"
        )
        teach = "nobody can teach it" if not self.can_teach else f"{self.can_teach:,} can teach it"
        into = f", {self.interested:,} {'is' if self.interested == 1 else 'are'} into it"
        return f"{self.topic}: {wants}, {teach}{into if self.interested else ''}."


@dataclass(frozen=True)
class OrientationSpread:
    """How many are on each side of process vs result, and the pairs that
    would get a process-vs-result warning if they sat together."""

    process: int
    balanced: int
    result: int
    unknown: int  # never answered
    high: int  # pairs at the two ends of the scale (all journey with all destination)
    medium: int  # other pairs across the two sides

    @property
    def clash_pairs(self) -> int:
        return self.high + self.medium

    def counts(self) -> dict[str, int]:
        """``{"process", "balanced", "result", "unknown"}``, in that order."""
        return {
            Side.PROCESS.value: self.process,
            Side.BALANCED.value: self.balanced,
            Side.RESULT.value: self.result,
            "unknown": self.unknown,
        }

    def clash_sentence(self) -> str:
        """The clashes the split implies, in words."""
        if not self.clash_pairs:
            return (
                "Nobody would clash on pace: the room has no one on "
                + ("either side." if not (self.process or self.result) else "the other side.")
                + self.guess_sentence()
            )
        ends = "all journey with all destination"
        if self.high == self.clash_pairs:
            high = f", all of them high ({ends})"
        else:
            high = f", {self.high:,} of them high ({ends})" if self.high else ""
        line = (
            f"{people(self.process)} on the journey side and {self.result:,} on the destination "
            f"side make {self.clash_pairs:,} {'pair' if self.clash_pairs == 1 else 'pairs'} who "
            f"would get a process-vs-result warning if seated together{high}."
        )
        if self.balanced:
            line += f" The {people(self.balanced)} in balance clash with nobody on pace."
        return line + self.guess_sentence()

    def guess_sentence(self) -> str:
        """How many paces are guesses: nobody asked them, so no clash is flagged."""
        if not self.unknown:
            return ""
        some = "person" if self.unknown == 1 else "people"
        return (
            f" The pace of {self.unknown:,} {some} is a guess (no process-or-result answer): "
            "no clash with them is flagged."
        )


SIDE_WORDS = {
    "process": "Process (the journey)",
    "balanced": "Balanced",
    "result": "Result (the destination)",
    "unknown": "Not answered",
}


@dataclass(frozen=True)
class MotivationCount:
    id: str
    label: str
    count: int  # people who chose it
    position: int  # the entry's place in the catalogue

    def sentence(self) -> str:
        return f"{self.label}: {people(self.count)}."


@dataclass(frozen=True)
class MotivationGroup:
    """The catalogue entries from one source text, most chosen first."""

    source: str  # the catalogue's key for the text
    citation: str  # the text, as cited
    counts: tuple[MotivationCount, ...]


@dataclass(frozen=True)
class RoomOverview:
    people: int
    present: int
    checked_in: bool  # False: nobody has been checked in, so everyone counts as present
    orientation: OrientationSpread
    # Most wanted first; among equally wanted, the fewest teachers first (the
    # gaps), then the most interested, then by name.
    topics: tuple[TopicCount, ...]
    motivations: tuple[MotivationGroup, ...]  # by source text, in the catalogue's order
    free_text_motivations: int  # people with a reason that matches no catalogue entry
    no_motivation: int  # people who gave no reason at all

    @property
    def wanted(self) -> tuple[TopicCount, ...]:
        return tuple(t for t in self.topics if t.want_to_learn)

    @property
    def unmet(self) -> tuple[TopicCount, ...]:
        """Wanted topics nobody can teach, most wanted first."""
        return tuple(t for t in self.topics if t.unmet)

    def motivation_counts(self) -> list[MotivationCount]:
        """Every catalogue entry, most chosen first (ties in the catalogue's order)."""
        every = [m for group in self.motivations for m in group.counts]
        return sorted(every, key=lambda m: (-m.count, m.position))

    def presence(self) -> str:
        if not self.people:
            return "Nobody here yet"
        if not self.checked_in:
            return f"{people(self.people)} (all count as present until check-in)"
        return f"{people(self.people)}, {self.present:,} present"

    def summary(self) -> str:
        """One line: the room, its topics, the gaps and the pace clashes."""
        unmet, clashes = len(self.unmet), self.orientation.clash_pairs
        return (
            f"{self.presence()} · {len(self.wanted):,} topics wanted, {unmet:,} with nobody "
            f"to teach · {clashes:,} possible pace {'clash' if clashes == 1 else 'clashes'}"
        )

    def unmet_sentence(self) -> str:
        if not self.unmet:
            if not self.wanted:
                return "Nobody has said what they want to learn yet."
            return "Every topic someone wants to learn has someone who can teach it."
        names = ", ".join(f"{t.topic} ({t.want_to_learn:,})" for t in self.unmet)
        return f"Wanted, and nobody can teach: {names}. Recruit a teacher, or plan a short talk."

    def motivation_notes(self) -> list[str]:
        notes = []
        if self.free_text_motivations:
            notes.append(
                f"{people(self.free_text_motivations)} gave a reason in their own words "
                "(not counted above)."
            )
        if self.no_motivation:
            notes.append(f"{people(self.no_motivation)} gave no reason for coming.")
        return notes


def room_overview(
    profiles: Sequence[Profile],
    present: Collection[int] | None = None,
    vocabulary: Vocabulary | None = None,
    catalogue: Catalogue | None = None,
) -> RoomOverview:
    """The overview of ``profiles``. ``present`` holds the positions of the
    people checked in; None (no check-in yet) counts everyone as present.
    The counts are of everyone signed up. ``vocabulary`` must be the event's
    (``event_vocabulary(profiles)``, also the scorer's); built when None."""
    catalogue = catalogue or load_catalogue()
    vocabulary = vocabulary if vocabulary is not None else event_vocabulary(profiles)
    size = len(vocabulary)
    interested, teach, learn = [0] * size, [0] * size, [0] * size
    for p in profiles:
        said = vocabulary.said(p)
        for topic in said.interests:
            interested[topic] += 1
        for topic in said.teaches:
            teach[topic] += 1
        for topic in said.learns:
            learn[topic] += 1
    topics = sorted(
        (TopicCount(vocabulary.label(t), interested[t], teach[t], learn[t]) for t in range(size)),
        key=lambda t: (-t.want_to_learn, t.can_teach, -t.interested, t.topic.casefold(), t.topic),
    )
    positions = range(len(profiles))
    return RoomOverview(
        people=len(profiles),
        present=len(profiles) if present is None else len(set(present) & set(positions)),
        checked_in=present is not None,
        orientation=orientation_spread(profiles),
        topics=tuple(topics),
        motivations=motivation_groups(profiles, catalogue),
        free_text_motivations=sum(1 for p in profiles if p.other_motivations),
        no_motivation=sum(1 for p in profiles if not p.motivations and not p.other_motivations),
    )


def orientation_spread(profiles: Sequence[Profile]) -> OrientationSpread:
    """Counts per side, and the pace clashes between every two people, by the
    same rule as the warnings (``orientation.clash_rank``)."""
    levels = Counter(p.orientation for p in profiles if p.orientation is not None)
    sides = Counter(o.side for o in levels.elements())
    clashes: Counter[int] = Counter()
    for a, b in combinations(Orientation, 2):
        clashes[clash_rank(a, b)] += levels[a] * levels[b]
    return OrientationSpread(
        process=sides[Side.PROCESS],
        balanced=sides[Side.BALANCED],
        result=sides[Side.RESULT],
        unknown=sum(1 for p in profiles if p.orientation is None),
        high=clashes[HIGH],
        medium=clashes[MEDIUM],
    )


def citation(source: str) -> str:
    """A source as cited, without the path of its file in the repository."""
    return re.sub(r",\s*seeds/\S+\s*$", "", source)


def motivation_groups(
    profiles: Sequence[Profile], catalogue: Catalogue
) -> tuple[MotivationGroup, ...]:
    """Every catalogue entry with how many chose it, grouped by source text."""
    chosen = Counter(m for p in profiles for m in set(p.motivations))
    sources = list(dict.fromkeys(m.source for m in catalogue))
    groups = []
    for source in sources:
        entries = [(i, m) for i, m in enumerate(catalogue) if m.source == source]
        counts = sorted(
            (MotivationCount(m.id, m.label, chosen[m.id], i) for i, m in entries),
            key=lambda m: -m.count,  # stable: ties keep the catalogue's order
        )
        groups.append(
            MotivationGroup(source, citation(catalogue.sources.get(source, source)), tuple(counts))
        )
    return tuple(groups)
