"""The application layer's door to one store: its events, and sessions on
them. Every front end (command line, organiser app, attendee app) comes in
here; none of them touches the store or the files itself."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from matchmaker.core.errors import UserError
from matchmaker.core.import_plan import ImportChanges, ImportPlan, UpsertResult
from matchmaker.core.model import (
    EventInfo,
    Person,
    Progress,
    event_name,
)
from matchmaker.core.paths import data_file, default_db_path
from matchmaker.store.database import Store

if TYPE_CHECKING:
    from matchmaker.core.community import CommunityMember, LikelyDuplicate
    from matchmaker.service.self_service import SelfService
    from matchmaker.service.session import EventSession
    from matchmaker.store.database import StoreTx

DEMO_EVENT = "Peer Learning Night"


def demo_csv() -> Path:
    return Path(str(data_file("demo.csv")))


class Workspace:
    """One store file and what can be done with its events."""

    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def at(cls, path: str | Path | None = None, by_row: bool = False) -> Workspace:
        """The store at ``path``, else ``$MATCHMAKER_DB`` or the user data
        folder; ``by_row``: for a command about a few people (``Store``)."""
        return cls(Store(Path(path) if path is not None else default_db_path(), by_row=by_row))

    @property
    def path(self) -> Path:
        return self.store.path

    # --- events -----------------------------------------------------------------

    def events(self) -> list[EventInfo]:
        with self.store.reading() as tx:
            return tx.events()

    def event_names(self) -> list[str]:
        with self.store.reading() as tx:
            return tx.event_names()

    def has_event(self, name: str) -> bool:
        with self.store.reading() as tx:
            return tx.has_event(name)

    def create_event(self, name: str) -> str:
        with self.store.transaction() as tx:
            return tx.create_event(name)

    def rename_event(self, old: str, new: str) -> str:
        with self.store.transaction() as tx:
            return tx.rename_event(old, new)

    def delete_event(self, name: str) -> None:
        with self.store.transaction() as tx:
            tx.delete_event(name)

    def people(self, name: str) -> list[Person]:
        """An event's people, in the order they joined."""
        with self.store.reading() as tx:
            return tx.people(name)

    def community(self) -> list[CommunityMember]:
        """Every member of the store's community, with the events they are in."""
        with self.store.reading() as tx:
            return tx.community()

    def likely_duplicates(self) -> list[LikelyDuplicate]:
        """Members who may be one person, for the organiser to merge or keep apart."""
        from matchmaker.core.community import likely_duplicates

        with self.store.reading() as tx:
            return likely_duplicates(tx.community(), tx.kept_apart())

    def merge_members(self, keep: str, other: str, apart: bool = False) -> tuple[int, int]:
        """Two members (each ``#N``, an email or a name) are one person — the
        second becomes the first — or, ``apart``, two people; their numbers."""
        with self.store.transaction() as tx:
            first, second = self._member(tx, keep), self._member(tx, other)
            if apart:
                tx.keep_apart(first, second)
            else:
                tx.merge_members(first, second)
            return first, second

    @staticmethod
    def _member(tx: StoreTx, text: str) -> int:
        found = tx.find_members(text)
        if len(found) != 1:
            raise UserError(
                f"{text!r} names {'no member' if not found else f'{len(found)} members'} of "
                "the community; give their email or their number (#N, as people --all shows).",
                field="person",
            )
        return found[0]

    def export_all(self, folder: Path, private: bool = False) -> list[Path]:
        """The whole community into ``folder``: season.json (what ``import_all``
        reads) and, for spreadsheets, people.csv, rounds.csv and ratings.csv;
        emails only where consented and no notes, unless ``private``."""
        from matchmaker.service.season_files import write_season

        with self.store.reading() as tx:
            season = tx.season(private)
        return write_season(folder, season, private)

    def import_all(self, folder: Path) -> int:
        """A community exported by ``export_all`` into this empty store; how
        many people rows it held."""
        from matchmaker.service.season_files import SEASON, read_season

        season = read_season(folder)
        try:
            with self.store.transaction() as tx:
                return tx.load_season(season)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UserError(
                f"{folder / SEASON} is not a community as export --all writes it "
                f"({type(exc).__name__}: {exc}); nothing was imported.",
                field="file",
            ) from None

    def resolve(self, requested: str | None) -> str:
        """The event asked for, or the only one there is."""
        names = self.event_names()
        if requested is not None:
            wanted = event_name(requested)
            if wanted not in names:
                known = ", ".join(repr(n) for n in names) or "none yet"
                raise UserError(
                    f"There is no event called {requested!r} in {self.path} (events: {known}).",
                    field="event",
                )
            return wanted
        if len(names) == 1:
            return names[0]
        if not names:
            raise UserError(f"The store {self.path} has no events yet; import a CSV file first.")
        raise UserError(
            f"The store {self.path} has several events; choose one "
            f"({', '.join(repr(n) for n in names)}).",
            field="event",
        )

    def session(self, name: str | None = None) -> EventSession:
        """A session on the event (or on the only one there is)."""
        from matchmaker.service.session import EventSession  # numpy and scipy load only here

        return EventSession(self.store, self.resolve(name))

    def self_service(
        self, name: str | None = None, arrive: bool = False, joining: bool = True
    ) -> SelfService:
        """The event as its attendees see it (light: no numpy or scipy)."""
        from matchmaker.service.self_service import SelfService

        return SelfService(self.store, self.resolve(name), arrive, joining)

    # --- the match book -------------------------------------------------------------

    def refresh_book(self, event: str) -> bool:
        """Compute the attendees' match book again if the store changed
        since; True if it did (what ``keep_book`` does every second)."""
        from matchmaker.service.match_book_keeper import refresh_book

        return bool(refresh_book(self.session(event)))

    @contextmanager
    def keep_book(self, event: str) -> Iterator[None]:
        """While the block runs, the attendees' match book follows every
        change to the store (the organiser's side computes it; attendees'
        light processes only read it)."""
        from matchmaker.service.match_book_keeper import BookKeeper

        keeper = BookKeeper(self.session(event))
        keeper.start()
        try:
            yield
        finally:
            keeper.stop()

    @contextmanager
    def keep_book_apart(self, event: str) -> Iterator[None]:
        """``keep_book`` in a process of its own: its scoring never holds the
        interpreter of a server answering a room of phones."""
        import multiprocessing  # here: a command at the door need not load it

        keeper = multiprocessing.get_context("spawn").Process(
            target=_keep_book_until_stopped, args=(str(self.path), event), daemon=True
        )
        keeper.start()
        try:
            yield
        finally:
            keeper.terminate()  # the book is replaced whole: a stop mid-write loses nothing
            keeper.join(10)

    # --- importing ----------------------------------------------------------------

    @staticmethod
    def plan_import(
        path: str | Path,
        overrides: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> ImportPlan:
        """Read and check a whole file; nothing is written."""
        from matchmaker.imports.importer import read_csv  # the importer loads only to import

        return read_csv(path, overrides=overrides, progress=progress)

    def preview_import(self, event: str, plan: ImportPlan) -> ImportChanges:
        """Who the plan would add to the event, and who it would change how."""
        with self.store.reading() as tx:
            existing = tx.people(event) if tx.has_event(event) else []
        from matchmaker.imports.importer import import_changes

        return import_changes([p.profile for p in existing], plan)

    def commit_import(self, event: str, plan: ImportPlan) -> UpsertResult:
        """Everyone in the plan, added or updated in one write (the event is
        created if it is new); only the fields the file has change."""
        from matchmaker.imports.importer import refuse_stored_look_alikes

        with self.store.transaction() as tx:
            existing = tx.people(event) if tx.has_event(event) else []
            refuse_stored_look_alikes([p.profile for p in existing], plan)  # checked again here
            return tx.upsert_people(event, plan.profiles, plan.fields)

    def load_demo(self) -> str:
        """The demo event (40 fictional attendees), added or refreshed."""
        self.commit_import(DEMO_EVENT, self.plan_import(demo_csv()))
        return DEMO_EVENT


def _keep_book_until_stopped(db: str, event: str) -> None:
    """The book keeper's process (``Workspace.keep_book_apart``): at a
    lower priority, so that on a laptop of two cores the pages ``serve``
    answers come before the book (which only says when it is late). It
    ends with ``serve``, even one killed outright (no orphan keeps scoring)."""
    if hasattr(os, "nice"):  # not on Windows
        os.nice(10)
    import multiprocessing

    parent = multiprocessing.parent_process()
    assert parent is not None  # only ever started by ``keep_book_apart``
    with Workspace.at(db).keep_book(event):
        parent.join()
