"""Plain-word reasons for a pair's score, naming people and topics."""

from __future__ import annotations

from matchmaker.scoring import COMPLEMENTS, COMPONENT_LABELS, WEIGHTS, Components, EventScorer

MAX_TOPICS = 3
COMMON_SHARE = 0.25  # a topic listed by more than this share of people is "common"


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _some(items: list[str]) -> str:
    shown = items[:MAX_TOPICS]
    rest = len(items) - len(shown)
    return join_words(shown + ([f"{rest} more"] if rest else []))


def explain(scorer: EventScorer, a: int, b: int) -> list[str]:
    """Why ``a`` and ``b`` scored what they did, strongest reasons first."""
    pa, pb = scorer.profiles[a], scorer.profiles[b]
    vocab, n = scorer.vocabulary, len(scorer)
    reasons: list[str] = []

    shared = sorted(
        set(scorer.topics[a].indices) & set(scorer.topics[b].indices),
        key=lambda t: (scorer.topic_counts[t], vocab.label(t).casefold()),
    )
    for topic in shared[:MAX_TOPICS]:
        count = int(scorer.topic_counts[topic])
        rare = "only " if count <= max(2, COMMON_SHARE * n) else ""
        reasons.append(f"both are into {vocab.label(topic)} ({rare}{count} of {n} people are)")
    if len(shared) > MAX_TOPICS:
        reasons.append(f"and {len(shared) - MAX_TOPICS} more shared topics")

    forward = _teaches(scorer, a, b)
    backward = _teaches(scorer, b, a)
    reasons += [r for r in (forward, backward) if r]
    if forward and backward:
        reasons.append("so they can teach each other")

    catalogue = scorer.catalogue
    common = [catalogue.get(m).label for m in pa.motivations if m in pb.motivations]
    if common:
        reasons.append(f"both are here for {join_words([c.lower() for c in common])}")
    for first, second in COMPLEMENTS:
        for x, y in ((a, b), (b, a)):
            if scorer.tags[first][x] and scorer.tags[second][y]:
                reasons.append(
                    _complement_phrase(first, scorer.profiles[x].name, scorer.profiles[y].name)
                )
                break

    reasons.append(_orientation_phrase(pa.name, pa.orientation, pb.name, pb.orientation))
    if not shared and not forward and not backward and not common:
        reasons.insert(0, "no shared topics, teaching or motivations")
    return reasons


def _teaches(scorer: EventScorer, teacher: int, learner: int) -> str:
    topics = sorted(
        set(scorer.teach[teacher].indices) & set(scorer.learn[learner].indices),
        key=lambda t: scorer.vocabulary.label(t).casefold(),
    )
    if not topics:
        return ""
    t, s = scorer.profiles[teacher].name, scorer.profiles[learner].name
    text = f"{t} can teach {_some([scorer.vocabulary.label(x) for x in topics])}, which {s} wants to learn"
    if scorer.tags["tutoring"][teacher]:
        text += f" (and {t} learns by teaching)"
    return text


def _complement_phrase(tag: str, x: str, y: str) -> str:
    if tag == "tutoring":
        return f"{x} learns by teaching and {y} is looking for training or support"
    return f"{x} sharpens ideas through debate and {y} wants feedback on their understanding"


def _orientation_phrase(a: str, oa: int | None, b: str, ob: int | None) -> str:
    if oa is None or ob is None:
        unknown = join_words([name for name, o in ((a, oa), (b, ob)) if o is None])
        return f"no process-or-result answer from {unknown}, so their pace is a guess"
    words = {1: "process", 2: "process", 3: "balanced", 4: "result", 5: "result"}
    wa, wb = words[oa], words[ob]
    distance = abs(oa - ob)
    if wa == wb:
        side = "balanced between process and result" if wa == "balanced" else f"{wa}-oriented"
        return f"both are {side}"
    if distance <= 1:
        return f"close on process vs result ({a}: {wa}, {b}: {wb})"
    if distance == 2:
        return f"some way apart on process vs result ({a}: {wa}, {b}: {wb})"
    return f"far apart on process vs result ({a}: {wa}, {b}: {wb})"


def breakdown(parts: Components) -> str:
    """Where the points came from: "shared interests 35/35 · teaching … 26/30 …"."""
    points = parts.points()
    return " · ".join(
        f"{COMPONENT_LABELS[name]} {round(points[name])}/{round(100 * WEIGHTS[name])}"
        for name in points
    )
