"""One event for the organiser (``EventSession``): on the snapshot
(``snapshot``) and the evening's operations (``evening``), its matches,
plans, overview and every other write, each one transaction. Scoring and
pairing (numpy, scipy) are imported where first used: opening the app on
the list of people loads neither."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from matchmaker.core.community import HistoryPolicy, Meeting
from matchmaker.core.errors import UserError
from matchmaker.core.import_plan import ImportPlan, UpsertResult
from matchmaker.core.model import (
    PairOptions,
    PairRule,
    Person,
    PersonId,
    Status,
    key,
)
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.profiles import Profile
from matchmaker.core.score_weights import Weighting
from matchmaker.core.table_rules import HostPolicy
from matchmaker.service.evening import LiveOperations
from matchmaker.store.storage import atomic_write_text

if TYPE_CHECKING:  # scoring, pairing and their numpy and scipy load when first used
    import numpy as np

    from matchmaker.core.matches import Match
    from matchmaker.core.overview import RoomOverview
    from matchmaker.pairing.round_review import RoundReview
    from matchmaker.pairing.seating import SeatedRound, Seating
    from matchmaker.store.database import StoreTx

RoundProgress = Callable[[int, int], None]


class EventSession(LiveOperations):
    """One event, for the organiser: everything ``EventSnapshot`` reads,
    the evening's operations (``LiveOperations``), matches, plans, the
    overview, and every other write, each one transaction."""

    def matches(
        self, person: PersonId, top: int | None = 5, organiser: bool = False
    ) -> list[Match]:
        """Someone's (an id) best matches first, each with whether they met
        before and it went well; for the ``organiser``, warnings graver where
        one of the two said that kind went wrong at an earlier event."""
        from matchmaker.core.matches import describe_many, ranking

        me = self._position(person)
        scorer = self.scorer_around(me)
        ranked = ranking(scorer, me, top or None, self._gone())
        return [
            self._with_history(me, match, organiser) for match in describe_many(scorer, me, ranked)
        ]

    def _with_history(self, me: int, match: Match, organiser: bool = False) -> Match:
        """A match with its pair's history: a good rating, the last meeting
        elsewhere, and (``organiser``) what went wrong before."""
        from matchmaker.core.community import graver_if_wary

        met = self.event.met_before.get(key(me, match.index))
        warnings = match.warnings
        if organiser:
            wary, pair = dict(self.event.wary), (me, match.index)
            warnings = tuple(graver_if_wary(w, self.event.profiles, pair, wary) for w in warnings)
        went_well = self.went_well(me, match.index)
        return replace(match, went_well=went_well, met=met, warnings=warnings)

    def ranking(self, person: PersonId) -> list[tuple[PersonId, int]]:
        """Everyone else's (id, score), best first, but those gone home;
        nothing explained yet."""
        from matchmaker.core.matches import ranking

        people = self.event.people
        ranked = ranking(self.scorer, self._position(person), without=self._gone())
        return [(people[i].id, score) for i, score in ranked]

    def _gone(self) -> list[int]:
        return [i for i, p in enumerate(self.event.people) if p.status is Status.GONE]

    def describe(self, person: PersonId, other: PersonId, score: int) -> Match:
        """One match (ids) explained: reasons, warnings, points, and their history."""
        from matchmaker.core.matches import describe_many

        me, them = self._position(person), self._position(other)
        (match,) = describe_many(self.scorer, me, [(them, score)])
        return self._with_history(me, match)

    def matrix(self) -> np.ndarray:
        return self.scorer.matrix()

    def pair(
        self,
        size: int = 2,
        rounds: int = 1,
        avoid_clashes: bool = False,
        on_round: RoundProgress | None = None,
        everyone: bool = False,
        weighting: Weighting | None = None,
        pace: PacePolicy | None = None,
        history: HistoryPolicy | None = None,
        fresh_events: int | None = None,
    ) -> Seating:
        """The best plan for the room under the event's rules and history, its
        rounds numbered as they will be saved. Once check-in has started only
        the people present are seated (``everyone``: all but those gone).
        The weights, pace policy and history policy (who of those who met at
        other events meet again) are the evening's unless given."""
        from matchmaker.pairing.seating import seat_event

        options = self.event.options
        pace = pace or options.pace
        if avoid_clashes and pace is not PacePolicy.SEPARATE:
            raise UserError(
                f"Avoiding clashes keeps process and result apart, which pace {pace.value} "
                "does not ask for; choose one.",
                field="pace",
            )
        scorer = self.scorer_for(weighting or options.weighting, pace)
        event = self.event.with_history(history, fresh_events)
        rules = replace(event.rules(size, rounds, avoid_clashes), mix=pace is PacePolicy.BALANCE)
        among = event.seated(everyone)
        return seat_event(scorer, rules, on_round, self._last_round_seen() + 1, among)

    def saved_rounds(self) -> list[Seating]:
        """Rounds saved earlier, as they were: the same tables and scores, and
        people removed since shown by the name they had."""
        from matchmaker.pairing.seating import saved_seating

        return [saved_seating(self.event, self.scorer, saved) for saved in self.event.rounds]

    def slips(self, number: int | None = None) -> str:
        from matchmaker.render.slips import slips_text

        return slips_text(self.event, self.scorer, number)

    # --- the overview ---------------------------------------------------------------

    def overview(self) -> RoomOverview:
        """The room at a glance, without those gone home; once check-in has
        started, with how many of the rest are here."""
        from matchmaker.core.overview import room_overview

        event = self.event
        scorer = self._scorer if self._scored == event.profiles else None  # reused when built
        vocabulary = scorer.vocabulary if scorer is not None else None
        staying = [p for p in event.people if p.status is not Status.GONE]
        present = None
        if event.checked_in:
            present = [k for k, p in enumerate(staying) if p.status is Status.PRESENT]
        profiles = [p.profile for p in staying]
        return room_overview(profiles, present=present, vocabulary=vocabulary)

    def round_reviews(self, plan: Seating | None = None) -> list[RoundReview]:
        """Every saved round and the rounds of ``plan`` (planned, not saved
        yet, and seating someone), reviewed, in the order of their numbers."""
        from matchmaker.pairing.round_review import review_round

        reviews = []
        if plan is not None:
            reviews = [review_round(plan, r, saved=False) for r in plan.rounds if r.tables]
        for seating in self.saved_rounds():
            seated = seating.rounds[0]
            reviews.append(review_round(seating, seated, True, self.round_ratings(seated.number)))
        return sorted(reviews, key=lambda r: (r.number, not r.saved))

    def what_counted(self, seated: SeatedRound | None = None) -> list[str]:
        """The evening's weights and pace policy, and which criteria brought
        the points of ``seated`` (else the last saved round); nothing on a
        standard evening."""
        from matchmaker.pairing.evening_notes import evening_notes

        if seated is None:
            saved = self.saved_rounds()
            seated = saved[-1].rounds[0] if saved else None
        people = len(self.scorer)
        tables = seated.tables if seated is not None else ()
        return evening_notes(self.scorer, [[m for m in t.members if m < people] for t in tables])

    def round_ratings(self, number: int) -> tuple[int, ...]:
        """The ratings (1-5) pairs gave their time together in saved round
        ``number`` of this event."""
        return tuple(
            r.rating for r in self.event.ratings if r.event == self.name and r.round == number
        )

    # --- writing ------------------------------------------------------------------

    def save_profile(
        self, profile: Profile, person_id: PersonId | None = None, status: Status | None = None
    ) -> Person:
        """Add a person (``person_id`` None; a walk-in is present at once) or
        change one, in one write. Nobody else in the event may have the same
        email, or the same name where there is none."""
        from matchmaker.service.shared_ops import save_person

        with self._write() as tx:
            return save_person(tx, self.name, profile, person_id, status)

    def commit_import(self, plan: ImportPlan) -> UpsertResult:
        """Everyone in a checked file, added or updated in one write (nobody
        whose name only looks like someone's already here)."""
        from matchmaker.imports.importer import refuse_stored_look_alikes

        with self._write() as tx:
            refuse_stored_look_alikes([p.profile for p in tx.people(self.name)], plan)
            return tx.upsert_people(self.name, plan.profiles, plan.fields)

    def remove_person(self, person_id: PersonId) -> None:
        """Take someone out of the event; saved rounds keep their name."""
        with self._write() as tx:
            tx.members(self.name, [person_id])
            tx.delete_person(person_id)

    def set_rule(self, rule: PairRule | None, a: PersonId, b: PersonId) -> None:
        """Lock or exclude the people ``a`` and ``b`` (ids), or clear their
        rule with None."""
        first, second = self.person(a), self.person(b)
        with self._write() as tx:
            tx.set_rule(self.name, rule, first.id, second.id)

    def set_wish(self, asker: PersonId, other: PersonId, wish: PairRule | None) -> None:
        """The organiser records that person ``asker`` asks to meet or declines
        person ``other`` (person ids), or takes it back (``None``); as an
        attendee does for themself (``SelfService.wish``)."""
        from matchmaker.service.shared_ops import set_wish

        with self._write() as tx:
            set_wish(tx, self.name, asker, other, wish)

    def set_table_rules(
        self,
        step_free: Sequence[int] | None = None,
        host_policy: HostPolicy | None = None,
        hosts: Sequence[int] | None = None,
    ) -> PairOptions:
        """The organiser's rules about whole tables, kept with the event: the
        table numbers that are step-free, the host policy, and the people
        (ids) named as hosts beside those who offered. None keeps one as is."""
        if step_free is not None and any(t < 1 for t in step_free):
            raise UserError("Tables are numbered from 1.", field="step_free")
        options = self.event.options
        chosen = replace(
            options,
            step_free=options.step_free if step_free is None else tuple(sorted(set(step_free))),
            host_policy=host_policy or options.host_policy,
            hosts=options.hosts if hosts is None else tuple(sorted(set(hosts))),
        )
        self._store_options(chosen)
        return chosen

    def set_history(self, policy: HistoryPolicy, fresh_events: int | None = None) -> PairOptions:
        """The event's policy about people who met at other events (and the
        window of fresh partners), kept with the event for every plan."""
        chosen = self.event.with_history(policy, fresh_events).options
        self._store_options(chosen)
        return chosen

    def follow_ups(self) -> list[tuple[str, str, str]]:
        """What people answered after the evening: (name, how they could
        contribute more effectively, whether they met again / what next)."""
        with self._write() as tx:  # a stored event (one from a file has no answers)
            answers = tx.follow_ups(self.name)
        people, at = self.event.people, self.event.position
        found = [(people[at[i]].name, *a) for i, a in answers.items() if i in at]
        return sorted(found, key=lambda f: f[0].casefold())

    def met_before(self) -> list[tuple[str, str, Meeting]]:
        """The pairs of this event's people who met at another event (names,
        their latest meeting), the most recent first."""
        people = self.event.people
        found = [(people[a].name, people[b].name, m) for (a, b), m in self.event.past]
        return sorted(found, key=lambda f: (-f[2].saved, f[0].casefold(), f[1].casefold()))

    def save_round(self, seated: SeatedRound) -> int:
        """Store one planned round; its number."""
        return self.save_rounds([seated])[0]

    def save_rounds(self, rounds: Sequence[SeatedRound]) -> list[int]:
        """Store planned rounds in one write, with their tables' names and
        scores as they are now. Refused if a round was saved since this plan
        was made (another window or command): pair again, so that nobody
        meets twice. Rounds are saved in order, under the numbers planned."""
        if not any(t.members for r in rounds for t in r.tables):
            raise UserError("There is nobody seated to save.", field="round")
        with self._write() as tx:
            last = max((r.number for r in tx.rounds(self.name)), default=0)
            if last > self._last_round_seen():
                raise UserError(
                    f"Round {last} was saved meanwhile (by another window or command); pair "
                    "again so that nobody meets twice, then save.",
                    field="round",
                )
            if [r.number for r in rounds] != list(range(last + 1, last + 1 + len(rounds))):
                raise UserError(f"Save round {last + 1} first: rounds are saved in order.")
            return self._write_rounds(tx, rounds)

    def _write_rounds(self, tx: StoreTx, rounds: Sequence[SeatedRound]) -> list[int]:
        """Planned rounds into the store, with their tables' people (by id,
        with their names as they are now) and scores; their numbers."""
        people = self.event.people
        return [
            tx.save_round(
                self.name,
                [[people[m] for m in t.members] for t in r.tables],
                [t.score for t in r.tables],
            )
            for r in rounds
        ]

    def _last_round_seen(self) -> int:
        return max((r.number for r in self.event.rounds), default=0)

    def pair_and_save(
        self,
        size: int = 2,
        rounds: int = 1,
        avoid_clashes: bool = False,
        on_round: RoundProgress | None = None,
        everyone: bool = False,
        weighting: Weighting | None = None,
        pace: PacePolicy | None = None,
        history: HistoryPolicy | None = None,
        fresh_events: int | None = None,
    ) -> tuple[Seating, list[int]]:
        """Plan and save under one lock, so a second saver sees this one's
        rounds; weights, a pace or a history policy given become the evening's."""
        with self._write() as tx:
            self._take(tx)
            seating = self.pair(
                size,
                rounds,
                avoid_clashes,
                on_round,
                everyone,
                weighting,
                pace,
                history,
                fresh_events,
            )
            options = self.event.with_history(history, fresh_events).options
            chosen = replace(
                options, weighting=weighting or options.weighting, pace=pace or options.pace
            )
            if chosen != self.event.options:
                tx.set_options(self.name, chosen)
            return seating, self._write_rounds(tx, seating.rounds)


def write_file(path: Path, text: str) -> Path:
    """A document for people to open (an export, slips): written whole or not
    at all, readable like any other document."""
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror}.", field="output") from None
    return path


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix`` … when that exists: an
    export never replaces an earlier one."""
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def export(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """A new file in ``folder`` (never over an earlier export); its path."""
    return write_file(free_path(folder, stem, suffix), text)
