"""Why a pair scored what it did: typed reasons in plain words, naming the
people and topics they are about. They follow ``scoring.py`` relation by
relation (each topic under its strongest relation only), so every reason is
true of the two profiles and every point has one. Front ends show
``Reason.text``; the other fields let outputs and tests check the claim."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from matchmaker.core.orientation import in_step
from matchmaker.core.orientation import phrase as orientation_phrase
from matchmaker.core.problems import similar, telling_words
from matchmaker.core.profiles import Profile
from matchmaker.core.score_weights import (
    COMPONENT_LABELS,
    DEBATE,
    SEEKS_FEEDBACK,
    SEEKS_TRAINING,
    TUTORING,
    Weighting,
)
from matchmaker.core.scoring import Components, EventScorer

COMMON_SHARE = 0.25  # a topic listed by more than this share of people is "common"


class ReasonKind(StrEnum):
    SHARED_INTEREST = "shared-interest"
    BOTH_LEARNING = "both-learning"
    TEACHES = "teaches"
    SHARED_MOTIVATION = "shared-motivation"
    MOTIVATION_COMPLEMENT = "motivation-complement"
    ORIENTATION = "orientation"
    SHARED_PROBLEM = "shared-problem"

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria (``score_weights.CRITERIA``) a reason of this kind is about."""
        return _CRITERIA_OF[self]


_CRITERIA_OF = {
    ReasonKind.SHARED_INTEREST: ("topics",),
    ReasonKind.BOTH_LEARNING: ("learning", "topics"),
    ReasonKind.TEACHES: ("teaching",),
    ReasonKind.SHARED_MOTIVATION: ("motives",),
    ReasonKind.MOTIVATION_COMPLEMENT: ("motives",),
    ReasonKind.ORIENTATION: ("pace",),
    ReasonKind.SHARED_PROBLEM: ("problems",),
}


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    text: str
    between: tuple[str, str]  # the two people it is about
    topic: str | None = None  # for the topical kinds (a family's name for related topics)
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


class _Pair:
    """One pair's topics by role, read off the scorer's incidence rows."""

    def __init__(self, scorer: EventScorer, a: int, b: int):
        self.scorer, self.a, self.b = scorer, a, b
        self.names = (scorer.profiles[a].name, scorer.profiles[b].name)
        self._read: dict[tuple[str, int], frozenset[int]] = {}

    def topics(self, matrix: str, person: int) -> frozenset[int]:
        """A row read once per pair (the reasons ask for the same rows again and again)."""
        found = self._read.get((matrix, person))
        if found is None:
            found = self._read[matrix, person] = self.scorer.topic_set(matrix, person)
        return found

    def label(self, topic: int) -> str:
        return self.scorer.vocabulary.label(topic)

    def ordered(self, topics: Set[int]) -> list[int]:
        """Rarest first, then by name: the most telling topic leads."""
        counts = self.scorer.topic_counts
        return sorted(topics, key=lambda t: (counts[t], self.label(t).casefold()))


def explain(scorer: EventScorer, a: int, b: int) -> list[Reason]:
    """Why ``a`` and ``b`` scored what they did, strongest reasons first:
    only what the two share or exchange (pace when they are in step; other
    words on pace are a note, ``pace_note``). The criteria that count most
    tonight lead; those of a criterion that counts for nothing are left out."""
    pair = _Pair(scorer, a, b)
    reasons = _problems(pair) if scorer.shares["problems"] else []
    reasons += _teaching(pair)
    reasons += _study_partners(pair) + _shared_interests(pair) + _related(pair)
    reasons += _motivations(pair, in_common=bool(reasons) or _shared_problem(pair)[1])
    pa, pb = scorer.profiles[a], scorer.profiles[b]
    if in_step(pa.orientation, pb.orientation):
        text = orientation_phrase(pa.name, pa.orientation, pb.name, pb.orientation)
        reasons.append(Reason(ReasonKind.ORIENTATION, text, pair.names))
    weight = _emphasis(scorer.weighting, scorer.shares["orientation"] > 0)
    return sorted((r for r in reasons if weight[r.kind]), key=lambda r: -weight[r.kind])


@lru_cache(maxsize=32)  # a few evenings' weights at a time; asked once per pair explained
def _emphasis(weighting: Weighting, pace_counts: bool) -> dict[ReasonKind, int]:
    """How much each kind of reason counts tonight (0: not at all)."""
    values = {**weighting.values(), **({} if pace_counts else {"pace": 0})}
    return {kind: max(values[c] for c in kind.criteria) for kind in ReasonKind}


def pace_note(first: Profile, second: Profile) -> str | None:
    """What to know about two people's pace when it is no reason to pair them
    ("no process-or-result answer from Ada, so their pace is a guess")."""
    if in_step(first.orientation, second.orientation):
        return None
    return orientation_phrase(first.name, first.orientation, second.name, second.orientation)


def _shared_problem(pair: _Pair) -> tuple[frozenset[int], bool]:
    """The topics both problems name, and whether the problems overlap
    (such a topic, or like telling words: ``problems.py``)."""
    named = pair.topics("problems", pair.a) & pair.topics("problems", pair.b)
    words = [telling_words(pair.scorer.profiles[p].problem) for p in (pair.a, pair.b)]
    return named, bool(named) or bool(similar(words[:1], words[1:])[0, 0])


def _problems(pair: _Pair) -> list[Reason]:
    """The two answers to the problem question overlap."""
    s = pair.scorer
    pa, pb = s.profiles[pair.a], s.profiles[pair.b]
    named, overlap = _shared_problem(pair)
    if not overlap:
        return []
    about = f" ({join_words([pair.label(t) for t in pair.ordered(named)])})" if named else ""
    text = f"both are grappling with a like problem{about}: “{pa.problem}” and “{pb.problem}”"
    topic = pair.label(pair.ordered(named)[0]) if named else None
    return [Reason(ReasonKind.SHARED_PROBLEM, text, pair.names, topic=topic)]


def _teaching(pair: _Pair) -> list[Reason]:
    s = pair.scorer
    ways = {
        (x, y): pair.topics("teach", x) & pair.topics("learn", y)
        for x, y in ((pair.a, pair.b), (pair.b, pair.a))
    }
    both_ways = ways[pair.a, pair.b] & ways[pair.b, pair.a]
    reasons = [
        Reason(
            ReasonKind.TEACHES,
            f"{pair.names[0]} and {pair.names[1]} can each teach {pair.label(t)}, "
            "which the other wants to learn",
            pair.names,
            topic=pair.label(t),
            source=pair.names[0],
            target=pair.names[1],
        )
        for t in sorted(both_ways, key=pair.label)
    ]
    for (x, y), topics in ways.items():
        teacher, learner = s.profiles[x].name, s.profiles[y].name
        tutor = bool(s.tags[TUTORING][x]) and not s.tags[SEEKS_TRAINING][y]
        for t in sorted(topics - both_ways, key=lambda t: pair.label(t).casefold()):
            offers = "can teach" if t in pair.topics("teach_listed", x) else "offers help with"
            wants = (
                "wants to learn"
                if t in pair.topics("learn_listed", y)
                else "is grappling with (it is in the problem they named)"
            )
            aside = f" (and {teacher} learns by teaching)" if tutor else ""
            reasons.append(
                Reason(
                    ReasonKind.TEACHES,
                    f"{teacher} {offers} {pair.label(t)}, which {learner} {wants}{aside}",
                    pair.names,
                    topic=pair.label(t),
                    source=teacher,
                    target=learner,
                )
            )
    return reasons


def _how_many(pair: _Pair, topic: int) -> str:
    """How many list the topic, when both of the two list it; else how many
    name it anywhere (a problem, an offer): never fewer than the two."""
    s = pair.scorer
    listed = all(topic in pair.topics("listed", p) for p in (pair.a, pair.b))
    counts, verb = (s.topic_counts, "list") if listed else (s.known_counts, "name")
    count, n = int(counts[topic]), len(s)
    rare = "only " if count <= max(2, COMMON_SHARE * n) else ""
    return f"{rare}{count} of {n} people {verb} it"


def _study_partners(pair: _Pair) -> list[Reason]:
    """Topics both want to learn, from their lists or their problems (then
    said so: "grappling with" is a problem, "wants to learn" a list)."""
    both = pair.topics("pure_learn", pair.a) & pair.topics("pure_learn", pair.b)
    reasons = []
    for t in pair.ordered(both):
        listed = [t in pair.topics("learn_listed", p) for p in (pair.a, pair.b)]
        said = f"both want to learn {pair.label(t)}: study partners"
        if not any(listed):
            said = f"both are grappling with {pair.label(t)} (it is in both their problems)"
        elif not all(listed):
            learner, other = pair.names if listed[0] else pair.names[::-1]
            said = (
                f"{learner} wants to learn {pair.label(t)} and {other} is grappling with it "
                "(it is in the problem they named): study partners"
            )
        text = f"{said} ({_how_many(pair, t)})"
        reasons.append(Reason(ReasonKind.BOTH_LEARNING, text, pair.names, topic=pair.label(t)))
    return reasons


def _shared_topic_ids(pair: _Pair) -> Set[int]:
    """Topics both are into (or both can teach) that no stronger relation took."""
    only_into = (pair.topics("only_into", pair.a), pair.topics("only_into", pair.b))
    into = (pair.topics("into", pair.a), pair.topics("into", pair.b))
    teachers = pair.topics("only_teach", pair.a) & pair.topics("only_teach", pair.b)
    return (only_into[0] & into[1]) | (into[0] & only_into[1]) | teachers


def _shared_interests(pair: _Pair) -> list[Reason]:
    teachers = pair.topics("only_teach", pair.a) & pair.topics("only_teach", pair.b)
    return [
        Reason(
            ReasonKind.SHARED_INTEREST,
            f"both {'can teach' if t in teachers else 'are into'} {pair.label(t)} "
            f"({_how_many(pair, t)})",
            pair.names,
            topic=pair.label(t),
        )
        for t in pair.ordered(_shared_topic_ids(pair))
    ]


ROLES = {  # what a person said about a topic, strongest first
    "teach_listed": "can teach",
    "only_into": "is into",
    "offers": "offers help with",
    "learn_listed": "wants to learn",
    "problems": "is grappling with",
}


def _role(pair: _Pair, person: int, topic: int) -> str:
    for where, word in ROLES.items():
        if topic in pair.topics(where, person):
            return word
    return "is into"  # an interest that is also on their list to learn


def _related(pair: _Pair) -> list[Reason]:
    """Families both list topics of, with no topic of the family in common."""
    s = pair.scorer
    reasons = []
    strength = list(ROLES.values())

    def by_family(person: int) -> dict[str, list[int]]:
        """The person's topics of each family (read once, not once a family)."""
        found: dict[str, list[int]] = {}
        for topic in pair.topics("known", person):
            if topic in s.family_of:
                found.setdefault(s.family_of[topic], []).append(topic)
        return found

    def strongest_first(person: int, topics: list[int]) -> list[int]:
        return sorted(topics, key=lambda t: (strength.index(_role(pair, person, t)), pair.label(t)))

    of_a, of_b = by_family(pair.a), by_family(pair.b)
    for family in s.family_names:
        if family not in of_a or family not in of_b or set(of_a[family]) & set(of_b[family]):
            continue
        mine = strongest_first(pair.a, of_a[family])
        theirs = strongest_first(pair.b, of_b[family])
        x, y = mine[0], theirs[0]  # the strongest role first: teach, into, learn
        reasons.append(
            Reason(
                ReasonKind.SHARED_INTEREST,
                f"{pair.names[0]} {_role(pair, pair.a, x)} {pair.label(x)} and "
                f"{pair.names[1]} {_role(pair, pair.b, y)} {pair.label(y)}: related topics ({family})",
                pair.names,
                topic=family,
            )
        )
    return reasons


SOLVE_TOGETHER = "solve-together"  # said of two only with a topic or a problem in common


def _motivations(pair: _Pair, in_common: bool) -> list[Reason]:
    s = pair.scorer
    pa, pb = s.profiles[pair.a], s.profiles[pair.b]
    label = s.catalogue.get
    reasons = []
    for m in (m for m in pa.motivations if m in pb.motivations):
        mains = [p.name for p in (pa, pb) if p.main_motivation == m]
        main = (
            " (the main reason for both)"
            if len(mains) == 2
            else f" ({mains[0]}'s main reason)"
            if mains
            else ""
        )
        text = f"both are here for {label(m).aim}{main}"
        if m == SOLVE_TOGETHER and not in_common:
            text = (
                "both came to solve a problem with others, but have named no topic or "
                f"problem in common yet{main}"
            )
        reasons.append(Reason(ReasonKind.SHARED_MOTIVATION, text, pair.names))
    seen_families = set()
    # Close pairs of motives, those not shared outright first: they say the most.
    close = sorted(
        ((m, n) for m in pa.motivations for n in pb.motivations if s.catalogue.kin(m, n)),
        key=lambda mn: (mn[0] in pb.motivations) + (mn[1] in pa.motivations),
    )
    for m, n in close:
        family = s.catalogue.get(m).family
        if family not in seen_families:
            seen_families.add(family)
            reasons.append(
                Reason(
                    ReasonKind.SHARED_MOTIVATION,
                    f"close reasons for coming ({family}): {pa.name} is here for "
                    f"{label(m).aim}, {pb.name} for {label(n).aim}",
                    pair.names,
                )
            )
    return reasons + _complements(pair)


def _complements(pair: _Pair) -> list[Reason]:
    s = pair.scorer
    reasons = []
    for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
        topics = pair.topics("teach", x) & pair.topics("learn", y)
        if s.tags[TUTORING][x] and s.tags[SEEKS_TRAINING][y] and topics:
            named = join_words([pair.label(t) for t in sorted(topics, key=pair.label)])
            reasons.append(
                Reason(
                    ReasonKind.MOTIVATION_COMPLEMENT,
                    f"{s.profiles[x].name} learns by teaching and {s.profiles[y].name} "
                    f"is looking for training, in {named}",
                    pair.names,
                )
            )
    talk = _topics_to_talk_about(pair)
    for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
        if s.tags[DEBATE][x] and s.tags[SEEKS_FEEDBACK][y] and talk:
            reasons.append(
                Reason(
                    ReasonKind.MOTIVATION_COMPLEMENT,
                    f"{s.profiles[x].name} sharpens ideas through debate and "
                    f"{s.profiles[y].name} wants feedback on their understanding, "
                    f"for example of {pair.label(talk[0])}",
                    pair.names,
                )
            )
            break
    return reasons


def _topics_to_talk_about(pair: _Pair) -> list[int]:
    """Topics that weigh something in the pair's topical reasons: teaching,
    study partners or shared interests (debate ↔ feedback needs one)."""
    s = pair.scorer
    teaching = (pair.topics("teach", pair.a) & pair.topics("learn", pair.b)) | (
        pair.topics("learn", pair.a) & pair.topics("teach", pair.b)
    )
    partners = pair.topics("pure_learn", pair.a) & pair.topics("pure_learn", pair.b)
    weighed = {t for t in partners | _shared_topic_ids(pair) if s.rarity[t] > 0}
    return pair.ordered(teaching | weighed)


def breakdown(parts: Components, shares: dict[str, float]) -> str:
    """Where the points came from: "shared topics 35/35 · teaching … 26/30 …"
    (each component that counts tonight, of its share: ``EventScorer.shares``)."""
    points = parts.points(shares)
    return " · ".join(
        f"{COMPONENT_LABELS[name]} {round(points[name])}/{round(100 * shares[name])}"
        for name in points
    )
