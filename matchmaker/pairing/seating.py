"""From a pairing plan to what organisers see: numbered tables, each with its
score, the reasons in words, and the warnings to read before people sit down."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from matchmaker.core.clashes import Severity, Warning, find_clashes
from matchmaker.core.community import Meeting, graver_if_wary
from matchmaker.core.model import Event, Pair, Rules, SavedRound, key
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.profiles import Profile
from matchmaker.core.reasons import Reason, ReasonKind, explain, pace_note
from matchmaker.core.score_weights import STANDARD, Weighting
from matchmaker.core.scoring import EventScorer
from matchmaker.pairing import RoundPlan, arrange, group_scores
from matchmaker.pairing.evening_notes import evening_notes, table_rule_notes
from matchmaker.pairing.fewest_clashes import EXACT_CLASH_LIMIT
from matchmaker.pairing.weights import SubsetSource

REASONS_PER_PAIR_IN_GROUP = 2


@dataclass(frozen=True)
class Table:
    number: int
    members: tuple[int, ...]  # indices into the event's profiles
    score: int
    reasons: tuple[Reason, ...]  # ``between`` says which two of the table each is about
    warnings: tuple[Warning, ...]
    problem: str | None = None  # the problem the table shares, when problems count tonight
    notes: tuple[str, ...] = ()  # about pace, where it is no reason ("… their pace is a guess")
    met_before: tuple[str, ...] = ()  # "Ada and Alan met at jan in January 2026 (rated 5)"

    def reason_lines(self) -> list[str]:
        """The reasons as lines; at a bigger table each names its two people."""
        if len(self.members) <= 2:
            return [r.text for r in self.reasons]
        return [f"{r.between[0]} & {r.between[1]}: {r.text}" for r in self.reasons]


@dataclass(frozen=True)
class SeatedRound:
    number: int
    tables: tuple[Table, ...]
    unplaced: tuple[int, ...]
    notes: tuple[str, ...]
    best_total: int = 0  # the tables' total before anyone was moved away from strangers

    @property
    def total(self) -> int:
        return sum(t.score for t in self.tables)

    @property
    def lowest(self) -> int | None:
        return min((t.score for t in self.tables), default=None)

    def quality(self) -> str:
        """One line on how good the round is, for every output."""
        if not self.tables:
            return "no tables"
        line = f"lowest table {self.lowest}/100, total {self.total}"
        if self.best_total and self.best_total != self.total:
            # Totals of tables of different sizes: compared, never as a share.
            line += (
                f" ({self.best_total} before moving people away from tablemates "
                "they share nothing with)"
            )
        return line


@dataclass(frozen=True)
class Seating:
    profiles: Sequence[Profile]
    rounds: tuple[SeatedRound, ...]
    weighting: Weighting = STANDARD  # the evening's weights and pace policy it was made under
    pace: PacePolicy = PacePolicy.SEPARATE

    def name(self, index: int) -> str:
        return self.profiles[index].name


def seat_event(
    scorer: EventScorer,
    rules: Rules,
    on_round: Callable[[int, int], None] | None = None,
    first: int = 1,
    among: Sequence[int] | None = None,
) -> Seating:
    """The plan for every round, numbered from ``first`` (the next round to
    save), seating only the people ``among`` when given (those present)."""
    names = [p.name for p in scorer.profiles]
    if among is None or len(among) == len(scorer):
        plans = arrange(scorer, rules, names, on_round, first)
    else:
        subset = SubsetSource(scorer, among)
        local = [names[p] for p in among]
        plans = [
            subset.back(plan)
            for plan in arrange(subset, subset.rules(rules), local, on_round, first)
        ]
    rounds = tuple(describe_round(scorer, plan, rules) for plan in plans)
    return Seating(scorer.profiles, rounds, scorer.weighting, scorer.pace)


def describe_round(scorer: EventScorer, plan: RoundPlan, rules: Rules) -> SeatedRound:
    past, wary = dict(rules.past), dict(rules.wary)
    tables = tuple(
        describe_table(scorer, number, group, score, past, wary)
        for number, (group, score) in enumerate(zip(plan.groups, plan.scores, strict=True), 1)
    )
    return SeatedRound(
        plan.number,
        tables,
        tuple(plan.unplaced),
        tuple(_notes(scorer, plan, rules, tables)),
        plan.best_total,
    )


def describe_table(
    scorer: EventScorer,
    number: int,
    members: Sequence[int],
    score: int,
    past: Mapping[Pair, Meeting] | None = None,
    wary: Mapping[int, frozenset[str]] | None = None,
) -> Table:
    """A table in words. Members beyond the scorer's people (someone removed
    since a round was saved) are shown, but only the others are explained;
    pairs who met at another event (``past``) are told so in the notes."""
    members = tuple(members)
    pairs = [(a, b) for a, b in combinations(members, 2) if max(a, b) < len(scorer)]
    if len(pairs) == 1:
        reasons = explain(scorer, *pairs[0])
    else:
        reasons = [
            reason for a, b in pairs for reason in explain(scorer, a, b)[:REASONS_PER_PAIR_IN_GROUP]
        ]
    warnings = sorted(
        (
            graver_if_wary(w, scorer.profiles, (a, b), wary or {})
            for a, b in pairs
            for w in find_clashes(
                scorer.profiles[a], scorer.profiles[b], scorer.catalogue, scorer.pace
            )
        ),
        key=lambda w: -w.severity.rank,
    )
    problem = _common_problem(scorer, reasons) if scorer.shares["problems"] else None
    notes = tuple(n for a, b in pairs if (n := pace_note(scorer.profiles[a], scorer.profiles[b])))
    who, past = scorer.profiles, past or {}
    met = tuple(
        f"{who[a].name} and {who[b].name} {past[key(a, b)].text}"
        for a, b in pairs
        if key(a, b) in past
    )
    return Table(number, members, score, tuple(reasons), tuple(warnings), problem, notes, met)


def _common_problem(scorer: EventScorer, reasons: Sequence[Reason]) -> str | None:
    """What a project table is named by: the topic most of its shared
    problems name, else the shorter of the first two like problems."""
    shared = [r for r in reasons if r.kind is ReasonKind.SHARED_PROBLEM]
    topics = Counter(r.topic for r in shared if r.topic)
    if topics:
        return min(topics, key=lambda t: (-topics[t], t.casefold()))
    if not shared:
        return None
    by_name = {p.name: p.problem for p in scorer.profiles}
    return min((by_name[n] for n in shared[0].between), key=len)


def reseat_round(scorer: EventScorer, number: int, groups: Sequence[Sequence[int]]) -> SeatedRound:
    """A round after a hand edit: tables keep their numbers, scores are redone."""
    scores = group_scores(scorer, groups)
    tables = tuple(
        describe_table(scorer, n, tuple(group), score)
        for n, (group, score) in enumerate(zip(groups, scores, strict=True), 1)
    )
    return SeatedRound(number, tables, (), ())


def _notes(
    scorer: EventScorer, plan: RoundPlan, rules: Rules, tables: Sequence[Table]
) -> list[str]:
    name = [p.name for p in scorer.profiles]
    notes = list(plan.notes) + evening_notes(scorer, plan.groups)
    notes += table_rule_notes(rules.tables, plan.groups)
    seated = sum(len(t.members) for t in tables) + len(plan.unplaced)
    if seated == 1 and not tables:
        notes.append(f"Only {name[plan.unplaced[0]]} so far: nobody to pair with yet.")
    if plan.uneven:
        sizes = sorted({len(t.members) for t in tables}, reverse=True)
        notes.append(
            f"{seated} people do not make groups of {rules.size}; "
            f"made groups of {' and '.join(str(s) for s in sizes)}."
        )
    if plan.moved:
        notes.append(
            f"Moved {plan.moved} {'person' if plan.moved == 1 else 'people'} away from "
            "tablemates they share nothing with."
        )
    for person in plan.unplaced if seated > 1 else ():
        notes.append(
            f"{name[person]} could not be seated without meeting someone again or an excluded partner."
        )
    if rules.wishes:  # private: how many, never who
        granted = sum(
            key(a, b) in rules.wishes for t in tables for a, b in combinations(t.members, 2)
        )
        notes.append(f"Wishes to meet: {granted} of {len(rules.wishes)} seated together.")
    for a, b in plan.broken:
        notes.append(
            f"{name[a]} and {name[b]} share a table despite an exclusion or an earlier meeting."
        )
    if rules.avoid_clashes:
        notes.extend(_kept_clashes(plan, tables))
    return notes


def _kept_clashes(plan: RoundPlan, tables: Sequence[Table]) -> list[str]:
    """Each high clash seated although asked to avoid them: "could not avoid"
    only when no seating of the round within the rules has fewer (proven by
    ``fewest_clashes``); otherwise that a seating without it was not found."""
    kept = [(t, w) for t in tables for w in t.warnings if w.severity is Severity.HIGH]
    fewest = plan.fewest_clashes
    if fewest is not None and fewest >= len(kept):
        why = (
            f"no seating of this round within the rules has fewer than {fewest} high "
            f"clash{'es' if fewest != 1 else ''}"
        )
        return [
            f"Could not avoid the high {w.kind.value} clash between {w.between[0]} and "
            f"{w.between[1]} (table {t.number}): {why}."
            for t, w in kept
        ]
    seated = sum(len(t.members) for t in tables) + len(plan.unplaced)
    unchecked = (
        f" (rooms over {EXACT_CLASH_LIMIT} are not checked)" if seated > EXACT_CLASH_LIMIT else ""
    )
    return [
        f"Found no seating without the high {w.kind.value} clash between {w.between[0]} and "
        f"{w.between[1]} (table {t.number}); one may exist{unchecked}."
        for t, w in kept
    ]


def saved_seating(event: Event, scorer: EventScorer, saved: SavedRound) -> Seating:
    """A saved round as a one-round plan: people still in the event by their
    position, anyone removed since appended by the name saved; table scores
    as saved (recomputed only for rounds saved before scores were kept)."""
    profiles = list(event.profiles)
    groups = []
    for ids, names in zip(saved.groups, saved.names, strict=True):
        members = []
        for person, name in zip(ids, names, strict=True):
            if person in event.position:
                members.append(event.position[person])
            else:
                profiles.append(Profile(f"{name} (removed)"))
                members.append(len(profiles) - 1)
        groups.append(tuple(members))
    scores = list(saved.scores) or group_scores(
        scorer, [[m for m in g if m < len(scorer)] for g in groups]
    )
    tables = tuple(  # a table emptied by leavers keeps its number, shown no more
        describe_table(scorer, n, group, score, event.met_before, dict(event.wary))
        for n, (group, score) in enumerate(zip(groups, scores, strict=True), 1)
        if group
    )
    return Seating(profiles, (SeatedRound(saved.number, tables, (), ()),))
