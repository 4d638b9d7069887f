"""One event read in one go, for every front end: a snapshot of the event,
a scorer kept until profiles change, people found by id (names resolved
once, at the edge), and the transaction every write goes through (one lock,
one atomic write, the snapshot refreshed from what it wrote). Scoring loads
numpy and scipy where first used: opening the app on the list of people
loads neither."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Self

from matchmaker.core.errors import UserError
from matchmaker.core.model import Event, Person, PersonId, Status
from matchmaker.core.orientation import PacePolicy
from matchmaker.core.profiles import Profile
from matchmaker.core.score_weights import Weighting
from matchmaker.core.search import find_person, namesakes
from matchmaker.store.database import Store, StoreTx

if TYPE_CHECKING:
    from matchmaker.core.scoring import EventScorer
    from matchmaker.core.topics_near import TopicsNear


NEAR_FROM = 5000  # people from which one person's matches do not build the whole room's scorer


class EventSnapshot:
    """An event in the store (or read from a CSV file, with ``store`` None:
    everything can be looked at, nothing saved)."""

    def __init__(self, store: Store | None, name: str, event: Event | None = None):
        self.store = store
        self.name = name
        self._event = event
        # A board's pairing runs in a thread (and one that was cancelled runs on): a
        # read that began before a write must never be kept after it (issue 22).
        self._reading = threading.Lock()
        self._scorer: EventScorer | None = None
        self._scored: list[Profile] | None = None  # the profiles the scorer was built for
        self._near: TopicsNear | None = None  # their topics keyed, for one person's matches
        self._around: EventScorer | None = None  # the last one's scorer (``scorer_around``)
        self.notes: list[str] = []  # things worth telling from reading the source

    @classmethod
    def from_csv(cls, path: str | Path) -> Self:
        from matchmaker.imports.importer import read_csv  # the CSV reader loads only for a file

        plan = read_csv(path)
        session = cls(None, Path(path).stem, Event.from_profiles(Path(path).stem, plan.profiles))
        session.notes = [w.describe(plan.path) for w in plan.warnings]
        return session

    # --- reading ------------------------------------------------------------------

    @property
    def event(self) -> Event:
        event = self._event
        return event if event is not None else self.reload()

    def reload(self) -> Event:
        """Read the event again (another process may have changed it)."""
        if self.store is None:
            assert self._event is not None  # read from a file when made
            return self._event
        with self._reading, self.store.reading() as tx:
            return self._take(tx)

    def _take(self, tx: StoreTx) -> Event:
        event = self._event = tx.event(self.name)
        self.name = event.name
        return event

    @property
    def stored(self) -> bool:
        """False for an event read from a CSV file: nothing can be saved."""
        return self.store is not None

    def stamp(self) -> str:
        """Changes whenever anyone writes the store (another window, a
        command, the kiosk): a screen whose stamp differs is out of date."""
        return self.store.stamp() if self.store is not None else ""

    @property
    def scorer(self) -> EventScorer:
        """Built once per set of profiles (rules and rounds do not rebuild
        it), scoring under the evening's weights and pace policy."""
        options = self.event.options
        return self.scorer_for(options.weighting, options.pace)

    def scorer_for(self, weighting: Weighting, pace: PacePolicy) -> EventScorer:
        """The room scored under other weights or another pace policy."""
        from matchmaker.core.scoring import EventScorer

        profiles = self.event.profiles
        if self._scorer is None or self._scored != profiles:
            self._scorer = EventScorer(profiles)
            self._scored = profiles
        return self._scorer.weighted(weighting, pace)

    def scorer_around(self, position: int) -> EventScorer:
        """The room scored as far as the matches of the person at
        ``position`` need (the topics around theirs: ``topics_near``), under
        the evening's weights; the whole room's scorer when it is built, or
        cheap enough to build and keep (fewer than ``NEAR_FROM`` people)."""
        from matchmaker.core.scoring import EventScorer
        from matchmaker.core.topics_near import TopicsNear

        profiles, options = self.event.profiles, self.event.options
        built = self._scorer is not None and self._scored == profiles
        if built or len(profiles) < NEAR_FROM:
            return self.scorer_for(options.weighting, options.pace)
        if self._near is None or self._near.profiles != profiles:
            self._near, self._around = TopicsNear(profiles), None
        vocabulary = self._near.vocabulary(position)
        if self._around is None:
            self._around = EventScorer(profiles, vocabulary=vocabulary)
        else:  # everything but the topics is the last one's
            self._around = self._around.around(vocabulary)
        return self._around.weighted(options.weighting, options.pace)

    def find(self, wanted: str) -> PersonId:
        """A person's id from a name or email, as typed at the edge (with
        suggestions when unknown; namesakes are told apart by email)."""
        if self._event is None and self.store is not None:  # not read yet: only names and emails
            with self.store.reading() as tx:
                entries = tx.entries_like(self.name, wanted)
            return entries[find_person([e for _, e in entries], wanted)][0]
        return self.event.people[find_person(self.event.profiles, wanted)].id

    def attendance(self) -> tuple[int, int]:
        """How many of the event's people are here, and how many it has."""
        if self._event is None and self.store is not None:
            with self.store.reading() as tx:
                return tx.attendance(self.name)
        people = self.event.people
        return sum(p.status is Status.PRESENT for p in people), len(people)

    def person(self, person_id: PersonId) -> Person:
        """Someone in this event, by id."""
        position = self.event.position.get(person_id)
        if position is None:
            raise UserError(f"Person #{person_id} is not in {self.name!r}.", field="person")
        return self.event.people[position]

    def namesake(self, profile: Profile, person_id: PersonId | None = None) -> Person | None:
        """Someone else in the event with this profile's name who is another
        person (another email): the organiser is asked before adding a second."""
        others = namesakes(self.event.people, profile.name, besides=person_id)
        return next((p for p in others if p.profile.identity != profile.identity), None)

    def _position(self, person: PersonId) -> int:
        """Where someone (an id) is in the scorer's rows."""
        return self.event.position[self.person(person).id]

    def _write(self) -> _Transaction:
        if self.store is None:
            raise UserError(
                f"{self.name!r} was read from a file; import it into an event to save changes.",
                field="event",
            )
        return _Transaction(self)


class _Transaction:
    """A store transaction after which the session's snapshot is read again
    when next needed: the state just written is kept in this process, so
    that costs no parsing, and a command that only writes (a check-in at
    the door) builds nobody's profile."""

    def __init__(self, session: EventSnapshot):
        self.session = session
        assert session.store is not None
        self._context = session.store.transaction()

    def __enter__(self) -> StoreTx:
        self.tx = self._context.__enter__()
        return self.tx

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: object
    ) -> None:
        try:
            self._context.__exit__(kind, error, trace)  # type: ignore[arg-type]
        finally:
            with self.session._reading:  # after any read begun before this write
                self.session._event = None  # read again when next needed (cheap: the state is kept)
