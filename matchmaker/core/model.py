"""The domain's values: people in an event, the organiser's rules, saved
rounds, and an event as the core works with it (profiles by position, with
rules and past meetings translated from stored ids to positions)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from itertools import combinations
from typing import Any, NewType

from matchmaker.core.community import FRESH_EVENTS, NEVER_AGAIN, HistoryPolicy, Meeting
from matchmaker.core.errors import UserError
from matchmaker.core.limits import EVENT_NAME_MAX, MAX_SIZE
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.profiles import Profile
from matchmaker.core.score_weights import STANDARD, Weighting
from matchmaker.core.table_rules import NO_TABLE_RULES, HostPolicy, TableRules

Pair = tuple[int, int]
Progress = Callable[[int, int], None]  # (lines read, lines in the file)
WENT_WELL = 4  # … and this or higher "met before and it went well"
RATINGS = range(1, 6)


def key(a: int, b: int) -> Pair:
    """A pair the same way round whichever way it was given."""
    return (a, b) if a < b else (b, a)


def event_name(name: str) -> str:
    """An event's name as it is stored and looked up: blanks collapsed."""
    name = " ".join(name.split())
    if not name:
        raise UserError("An event needs a name.", field="event")
    if len(name) > EVENT_NAME_MAX:
        raise UserError(f"An event name can be at most {EVENT_NAME_MAX} characters.", field="event")
    return name


class PairRule(StrEnum):
    LOCK = "lock"  # always together
    EXCLUDE = "exclude"  # never together
    # Wishes, private to who made them (stored as asker → other):
    WISH = "wish"  # asks to meet: a bonus, worth up to WISH_SHARE of the plan
    DECLINE = "decline"  # never seated together


WISHES = (PairRule.WISH, PairRule.DECLINE)
WISH_SHARE = 0.10  # a wished pair sits together when it costs at most this share of the total


class Status(StrEnum):
    """Where someone is on the evening: signed up, checked in, or gone home."""

    SIGNED_UP = "signed-up"
    PRESENT = "present"
    GONE = "gone"


# A person's id in the store: stable, never reused. Operations take these;
# a position (a row of the scorer) is a plain int, so the type checker tells
# the two apart.
PersonId = NewType("PersonId", int)


@dataclass(frozen=True)
class Person:
    id: PersonId
    profile: Profile
    status: Status = Status.SIGNED_UP
    # Added themselves (the attendee pages, the kiosk) and not yet checked in
    # at the door: the organiser's screens mark them until then.
    joined: bool = False

    @property
    def name(self) -> str:
        return self.profile.name


@dataclass(frozen=True)
class PairOptions:
    """The pairing board's choices, remembered per event: also the evening's
    weights and pace policy, which every plan and match list then follows."""

    size: int = 2
    rounds: int = 1
    avoid_clashes: bool = True
    weighting: Weighting = STANDARD
    pace: PacePolicy = PacePolicy.SEPARATE
    step_free: tuple[int, ...] = ()  # table numbers the organiser marked step-free
    host_policy: HostPolicy = HostPolicy.ANY
    hosts: tuple[int, ...] = ()  # person ids the organiser named as hosts
    history: HistoryPolicy = HistoryPolicy.FRESH  # who of those who met at other events meet again
    fresh_events: int = FRESH_EVENTS  # fresh partners: nobody met at one of this many last events

    def as_dict(self) -> dict[str, object]:
        """As stored."""
        return {
            "size": self.size,
            "rounds": self.rounds,
            "avoid_clashes": self.avoid_clashes,
            "weighting": self.weighting.as_dict(),
            "pace": self.pace.value,
            "step_free": list(self.step_free),
            "host_policy": self.host_policy.value,
            "hosts": list(self.hosts),
            "history": self.history.value,
            "fresh_events": self.fresh_events,
        }

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> PairOptions:
        """As stored (older stores have no weights, pace or table rules: none)."""
        pace, hosts = value.get("pace"), value.get("host_policy")
        history, fresh = value.get("history"), value.get("fresh_events")

        def numbers(key: str) -> tuple[int, ...]:
            found = value.get(key)
            return tuple(x for x in found if type(x) is int) if isinstance(found, list) else ()

        return cls(
            value.get("size", 2),
            value.get("rounds", 1),
            value.get("avoid_clashes", True),
            Weighting.from_dict(value.get("weighting")),
            PacePolicy(pace) if pace in set(PacePolicy) else PacePolicy.SEPARATE,
            numbers("step_free"),
            HostPolicy(hosts) if hosts in set(HostPolicy) else HostPolicy.ANY,
            numbers("hosts"),
            HistoryPolicy(history) if history in set(HistoryPolicy) else HistoryPolicy.FRESH,
            fresh if type(fresh) is int and fresh >= 0 else FRESH_EVENTS,
        )


@dataclass(frozen=True)
class Timer:
    """The round's countdown, shared by the projector and the attendees."""

    round: int
    minutes: int
    ends_at: float | None = None  # running: when it reaches zero (epoch seconds)
    left: float = 0.0  # paused or not started: seconds left

    def remaining(self, now: float) -> float:
        return max(0.0, self.ends_at - now) if self.ends_at is not None else self.left

    @property
    def running(self) -> bool:
        return self.ends_at is not None


@dataclass(frozen=True)
class Rating:
    """How a pair's time together went (1-5), naming the people by their
    identities in the event that reads it (the store keeps it by member, so
    it follows them to any later event)."""

    first: str  # Profile.identity
    second: str
    rating: int
    event: str
    round: int
    reason: str = ""  # what went wrong (``WentWrong``), asked after a rating of 2 or less
    by: str = ""  # the identity of who gave it ("": the organiser, for both)


@dataclass(frozen=True)
class EventInfo:
    name: str
    people: int
    rounds: int


@dataclass(frozen=True)
class Constraint:
    rule: PairRule
    a: int  # person ids (a wish: a asked about b)
    b: int


@dataclass(frozen=True)
class SavedRound:
    number: int
    groups: tuple[tuple[int, ...], ...]  # person ids, one tuple per table
    names: tuple[tuple[str, ...], ...]  # the names as they were when saved
    saved: float
    scores: tuple[int, ...] = ()  # each table's score when saved (older stores: none)


@dataclass(frozen=True)
class Rules:
    """What the organiser asked for, by person position."""

    size: int = 2
    rounds: int = 1
    avoid_clashes: bool = False
    locks: frozenset[Pair] = frozenset()
    excludes: frozenset[Pair] = frozenset()
    met: frozenset[Pair] = frozenset()  # pairs from rounds already saved
    mix: bool = False  # tables mix process and result, a balanced person as a bridge
    wishes: frozenset[Pair] = frozenset()  # someone asked to meet the other
    tables: TableRules = NO_TABLE_RULES  # languages, step-free tables, hosts
    past: tuple[tuple[Pair, Meeting], ...] = ()  # who met at another event: told at their table
    wary: tuple[tuple[int, frozenset[str]], ...] = ()  # warning kinds a person said went wrong

    def __post_init__(self) -> None:
        if not 2 <= self.size <= MAX_SIZE:
            raise UserError(
                f"The group size must be from 2 to {MAX_SIZE}, not {self.size}.", field="size"
            )
        if self.rounds < 1:
            raise UserError(
                f"The number of rounds must be at least 1, not {self.rounds}.", field="rounds"
            )


@dataclass(frozen=True)
class Event:
    """One event read in one go: its people in store order, and its rules
    and past meetings by position."""

    name: str
    people: tuple[Person, ...]
    locks: frozenset[Pair] = frozenset()
    excludes: frozenset[Pair] = frozenset()
    met: frozenset[Pair] = frozenset()  # pairs that shared a table in a saved round
    rounds: tuple[SavedRound, ...] = field(default=())
    options: PairOptions = PairOptions()
    timer: Timer | None = None
    ratings: tuple[Rating, ...] = ()  # every rating of a pair who are both here, any event
    wished: frozenset[Pair] = frozenset()  # one asked to meet the other (private)
    declined: frozenset[Pair] = frozenset()  # one declined the other: never together (private)
    past: tuple[tuple[Pair, Meeting], ...] = ()  # the latest meeting at another event, by pair
    wary: tuple[tuple[int, frozenset[str]], ...] = ()  # position -> kinds that went wrong before

    @cached_property
    def met_before(self) -> dict[Pair, Meeting]:
        """Pairs (positions) who shared a table at another event: when, the latest."""
        return dict(self.past)

    def with_history(self, policy: HistoryPolicy | None, events: int | None = None) -> Event:
        """The event under another history policy or window (None keeps the event's)."""
        if policy is None and events is None:
            return self
        options = replace(
            self.options,
            history=policy or self.options.history,
            fresh_events=self.options.fresh_events if events is None else events,
        )
        return replace(self, options=options)

    @cached_property
    def kept(self) -> frozenset[Pair]:
        """Under the policy "continue": pairs who rated their time together
        WENT_WELL or more, at any event, and have not met this evening."""
        if self.options.history is not HistoryPolicy.CONTINUE:
            return frozenset()
        return frozenset(p for p, r in self.rated.items() if r >= WENT_WELL) - self.met

    @cached_property
    def avoided(self) -> frozenset[Pair]:
        """Pairs not to seat together again: who met this evening, and who met
        at one of the last ``fresh_events`` other events (but the pairs kept)."""
        window = self.options.fresh_events
        recent = {pair for pair, meeting in self.past if meeting.age <= window}
        return self.met | (frozenset(recent) - self.kept)

    @cached_property
    def never(self) -> frozenset[Pair]:
        """Pairs who rated their time together 1 or 2, here or at any event:
        never seated together again."""
        return frozenset(pair for pair, r in self.rated.items() if r <= NEVER_AGAIN)

    @cached_property
    def rated(self) -> dict[Pair, int]:
        """The latest rating of each pair of people here, by positions."""
        if not self.ratings:  # nobody's identity is worked out (50,000 people: ~0.5 s)
            return {}
        at = {p.profile.identity: i for i, p in enumerate(self.people)}
        found: dict[Pair, int] = {}
        for r in self.ratings:
            if r.first in at and r.second in at and at[r.first] != at[r.second]:
                found[key(at[r.first], at[r.second])] = r.rating
        return found

    @property
    def checked_in(self) -> bool:
        """Has check-in started? Then only people present are seated."""
        return any(p.status is not Status.SIGNED_UP for p in self.people)

    def seated(self, everyone: bool = False) -> list[int]:
        """The positions to pair: the people present once check-in started
        (``everyone``: all but those gone), else everybody not gone."""
        if self.checked_in and not everyone:
            return [i for i, p in enumerate(self.people) if p.status is Status.PRESENT]
        return [i for i, p in enumerate(self.people) if p.status is not Status.GONE]

    @cached_property
    def position(self) -> dict[int, int]:
        """Person id -> position in ``people`` (and in the scorer's rows)."""
        return {person.id: index for index, person in enumerate(self.people)}

    def positions(self, ids: Iterable[int]) -> list[int]:
        """Positions of the ids still in the event (people may have left since)."""
        return [self.position[i] for i in ids if i in self.position]

    @cached_property
    def profiles(self) -> list[Profile]:
        return [p.profile for p in self.people]

    def rules(self, size: int = 2, rounds: int = 1, avoid_clashes: bool = False) -> Rules:
        """The organiser's rules, with pairs that went badly excluded too."""
        excludes = self.excludes | self.never | self.declined
        wishes = (self.wished | self.kept) - excludes
        return Rules(
            size,
            rounds,
            avoid_clashes,
            self.locks,
            excludes,
            self.avoided,
            wishes=wishes,
            tables=self.table_rules(),
            past=self.past,
            wary=self.wary,
        )

    def table_rules(self) -> TableRules:
        """The rules about whole tables, by position: the languages each can
        learn in, who needs step-free access, who hosts (offered, or named by
        the organiser), and the organiser's step-free tables and host policy."""
        named = set(self.options.hosts)
        return TableRules(
            languages=tuple(
                frozenset(lang.casefold() for lang in p.profile.languages) for p in self.people
            ),
            access=frozenset(i for i, p in enumerate(self.people) if p.profile.access),
            step_free=self.options.step_free,
            hosts=frozenset(
                i for i, p in enumerate(self.people) if p.id in named or p.profile.host
            ),
            host_policy=self.options.host_policy,
        )

    def saved_round(self, number: int | None = None) -> SavedRound | None:
        """Saved round ``number``, or the last one when None."""
        if number is None:
            return self.rounds[-1] if self.rounds else None
        return next((r for r in self.rounds if r.number == number), None)

    @classmethod
    def assemble(
        cls,
        name: str,
        people: Sequence[Person],
        constraints: Iterable[Constraint],
        rounds: Sequence[SavedRound],
        options: PairOptions = PairOptions(),
        timer: Timer | None = None,
        ratings: Sequence[Rating] = (),
        past: Sequence[tuple[Pair, Meeting]] = (),
        wary: Mapping[str, Iterable[str]] | None = None,
    ) -> Event:
        plain = cls(name, tuple(people))
        rules: dict[PairRule, set[Pair]] = {rule: set() for rule in PairRule}
        met: set[Pair] = set()
        for c in constraints:
            pair = plain.positions((c.a, c.b))
            if len(pair) == 2:
                rules[c.rule].add(key(*pair))
        for saved in rounds:
            for group in saved.groups:
                met.update(key(a, b) for a, b in combinations(plain.positions(group), 2))
        return cls(
            name,
            plain.people,
            frozenset(rules[PairRule.LOCK]),
            frozenset(rules[PairRule.EXCLUDE]),
            frozenset(met),
            tuple(rounds),
            options=options,
            timer=timer,
            ratings=tuple(ratings),
            wished=frozenset(rules[PairRule.WISH]),
            declined=frozenset(rules[PairRule.DECLINE]),
            past=tuple(past),
            wary=tuple(
                (i, frozenset(kinds))
                for i, p in enumerate(plain.people)
                if (kinds := wary.get(p.profile.identity))
            )
            if wary  # nobody's identity is worked out for none (50,000 people: 0.2 s)
            else (),
        )

    @classmethod
    def from_profiles(cls, name: str, profiles: Sequence[Profile]) -> Event:
        """An event read from a CSV file: no stored rules, positions as ids."""
        return cls(name, tuple(Person(PersonId(i), p) for i, p in enumerate(profiles)))
