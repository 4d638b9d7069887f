"""Why a pair scored what it did: typed reasons in plain words, naming the
people and topics they are about. Every front end shows ``Reason.text``;
the other fields let outputs and tests check what a reason claims."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from matchmaker.orientation import phrase as orientation_phrase
from matchmaker.scoring import COMPLEMENTS, COMPONENT_LABELS, WEIGHTS, Components, EventScorer

COMMON_SHARE = 0.25  # a topic listed by more than this share of people is "common"


class ReasonKind(StrEnum):
    SHARED_INTEREST = "shared-interest"
    BOTH_LEARNING = "both-learning"
    TEACHES = "teaches"
    SHARED_MOTIVATION = "shared-motivation"
    MOTIVATION_COMPLEMENT = "motivation-complement"
    ORIENTATION = "orientation"


TOPICAL = frozenset({ReasonKind.SHARED_INTEREST, ReasonKind.BOTH_LEARNING, ReasonKind.TEACHES})


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    text: str
    between: tuple[str, str]  # the two people it is about
    topic: str | None = None  # for the topical kinds
    source: str | None = None  # for "teaches": who can teach …
    target: str | None = None  # … whom

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "text": self.text,
            "topic": self.topic,
            "from": self.source,
            "to": self.target,
            "between": list(self.between),
        }


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def explain(scorer: EventScorer, a: int, b: int) -> list[Reason]:
    """Why ``a`` and ``b`` scored what they did, strongest reasons first."""
    pa, pb = scorer.profiles[a], scorer.profiles[b]
    between = (pa.name, pb.name)
    vocab, n = scorer.vocabulary, len(scorer)
    reasons: list[Reason] = []

    shared = sorted(
        set(scorer.topics[a].indices) & set(scorer.topics[b].indices),
        key=lambda t: (scorer.topic_counts[t], vocab.label(t).casefold()),
    )
    for topic in shared:
        count = int(scorer.topic_counts[topic])
        rare = "only " if count <= max(2, COMMON_SHARE * n) else ""
        label = vocab.label(topic)
        reasons.append(
            Reason(
                ReasonKind.SHARED_INTEREST,
                f"both are into {label} ({rare}{count} of {n} people are)",
                between,
                topic=label,
            )
        )

    for teacher, learner in ((a, b), (b, a)):
        reasons += _teaches(scorer, teacher, learner, between)

    catalogue = scorer.catalogue
    for m in pa.motivations:
        if m in pb.motivations:
            reasons.append(
                Reason(
                    ReasonKind.SHARED_MOTIVATION,
                    f"both are here for {catalogue.get(m).label.lower()}",
                    between,
                )
            )
    for first, second in COMPLEMENTS:
        for x, y in ((a, b), (b, a)):
            if scorer.tags[first][x] and scorer.tags[second][y]:
                text = _complement_phrase(first, scorer.profiles[x].name, scorer.profiles[y].name)
                reasons.append(Reason(ReasonKind.MOTIVATION_COMPLEMENT, text, between))
                break

    text = orientation_phrase(pa.name, pa.orientation, pb.name, pb.orientation)
    reasons.append(Reason(ReasonKind.ORIENTATION, text, between))
    return reasons


def _teaches(
    scorer: EventScorer, teacher: int, learner: int, between: tuple[str, str]
) -> list[Reason]:
    topics = sorted(
        set(scorer.teach[teacher].indices) & set(scorer.learn[learner].indices),
        key=lambda t: scorer.vocabulary.label(t).casefold(),
    )
    t, s = scorer.profiles[teacher].name, scorer.profiles[learner].name
    tutor = f" (and {t} learns by teaching)" if scorer.tags["tutoring"][teacher] else ""
    return [
        Reason(
            ReasonKind.TEACHES,
            f"{t} can teach {scorer.vocabulary.label(x)}, which {s} wants to learn{tutor}",
            between,
            topic=scorer.vocabulary.label(x),
            source=t,
            target=s,
        )
        for x in topics
    ]


def _complement_phrase(tag: str, x: str, y: str) -> str:
    if tag == "tutoring":
        return f"{x} learns by teaching and {y} is looking for training or support"
    return f"{x} sharpens ideas through debate and {y} wants feedback on their understanding"


def breakdown(parts: Components) -> str:
    """Where the points came from: "shared interests 35/35 · teaching … 26/30 …"."""
    points = parts.points()
    return " · ".join(
        f"{COMPONENT_LABELS[name]} {round(points[name])}/{round(100 * WEIGHTS[name])}"
        for name in points
    )
