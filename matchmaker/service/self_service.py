"""Self-service: what an attendee can do on their own device, and nothing
more. Every front end of the attendee app (served, kiosk, own terminal)
comes through here; each write is one store transaction (shared with the
writes that arrive with it: ``group_commit``). This module and
what it imports stay free of numpy and scipy: a served attendee process is
light and reads matches the organiser's side computed (``match_book``)."""

from __future__ import annotations

from dataclasses import dataclass

from matchmaker.core.clashes import opening_question
from matchmaker.core.community import PastEvent, WentWrong
from matchmaker.core.errors import UserError
from matchmaker.core.match_view import MatchView
from matchmaker.core.model import WISHES, PairRule, Person, PersonId, Status, Timer
from matchmaker.core.profiles import TEXT_MAX, Profile
from matchmaker.core.search import namesakes
from matchmaker.core.text import has_visible, long_answer, one_line
from matchmaker.service.group_commit import GroupCommit
from matchmaker.service.shared_ops import ensure_unique, rate_pairs, save_person, set_wish
from matchmaker.store.attempts import Attempts
from matchmaker.store.codes import ReadyCodes
from matchmaker.store.database import Store, StoreTx
from matchmaker.store.match_book import read_book

JOINS_PER_MINUTE = 5  # new people from one address: more is a flood, not a queue
# The one answer to a name that is taken, whoever has it and whether or not
# they have joined: a stranger learns nothing from it.
NO_CODE = "No code yet, or lost it? The organiser at the door gives you one."
SAME_NAME = (
    "Someone with this name is already on the list. If that is you, type the email you "
    "signed up with, or sign in with your personal code (signed up without an email? The "
    "organiser at the door gives you a code). If not, add something that tells you apart, "
    "such as an initial."
)
SAME_EMAIL = (
    "Someone on the list already uses this email. If that is you, join with the name you "
    "signed up with and this email, or sign in with your personal code."
)
CLOSED = "Joining is closed for this event. Ask the organiser at the door."
TAKEN_HERE = (
    "Welcome back! Someone at this event already has your name or email, so we cannot add "
    "you on our own: ask the organiser at the door."
)


@dataclass(frozen=True)
class Saved:
    person: Person
    code: str | None  # a new personal code, to show once; None when they had one


@dataclass(frozen=True)
class Start:
    """Where joining by name leads: a new profile, or (``claim``) the answers
    of the person who signed up beforehand, for them to see and change."""

    profile: Profile
    claim: PersonId | None


@dataclass(frozen=True)
class MyTable:
    """Where someone sits in the last saved round."""

    round: int
    table: int
    tablemates: tuple[str, ...]
    question: str  # to start with: from a warning between them, else the intake's
    timer: Timer | None


def wish_choice(choice: str) -> PairRule | None:
    """A front end's choice (``WISH_CHOICES``: wish, decline, or clear to
    take it back) as the wish to keep."""
    if choice == "clear":
        return None
    if choice not in (rule.value for rule in WISHES):
        raise UserError("Choose to meet them, not to sit with them, or take it back.")
    return PairRule(choice)


def show_code(code: str) -> str:
    """ "ABCD-EFGH": easier to copy down."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


class SelfService:
    """One event, as its attendees see it. ``arrive``: saving or signing in
    checks the person in (the served link and the kiosk are at the venue).
    ``joining``: newcomers may add themselves (the organiser can close it)."""

    def __init__(self, store: Store, event: str, arrive: bool = False, joining: bool = True):
        self.store = store
        self.event = event
        self.arrive = arrive
        self.joining = joining
        self.attempts = Attempts(store.path.with_name(f"{store.path.name}.tries"))
        self.commits = GroupCommit(store)  # saves and ratings arriving together: one write
        self.joins = Attempts(store.path.with_name(f"{store.path.name}.joins"), JOINS_PER_MINUTE)
        self.codes = ReadyCodes()  # newcomers' codes, hashed ahead (``warm``)

    def warm(self) -> None:
        """Begin hashing newcomers' codes before they come (``serve`` does,
        while the room is still quiet)."""
        with self.store.reading() as tx:
            self.codes.warm(tx.code_salt(self.event))

    # --- the link -------------------------------------------------------------------

    def join_token(self, fresh: bool = False) -> str:
        """The join link's token; ``fresh`` for a new one (each ``serve``
        unless the organiser keeps the link), so last time's link is dead."""
        with self.store.transaction() as tx:
            return tx.join_token(self.event, fresh)

    def publish(self, url: str) -> None:
        """Remember the join link, for the organiser's app (``j``)."""
        with self.store.transaction() as tx:
            tx.set_join_url(self.event, url)

    def join_url(self) -> str | None:
        with self.store.reading() as tx:
            return tx.join_url(self.event)

    # --- who is who -------------------------------------------------------------------

    def sign_in(self, code: str, address: str) -> Person:
        """The owner of a personal code; ``address`` has a few tries a minute.
        A code from another event brings its member back (``come_back``).
        A code kept as SHA-256 by an earlier version is kept as scrypt from now."""
        self.attempts.take(address)
        with self.store.reading() as tx:
            owner = tx.code_owner(self.event, code)
            earlier = tx.code_owner(self.event, code, elsewhere=True) if owner is None else None
            person = tx.person(owner) if owner is not None else None
            old = owner is not None and tx.has_old_code(owner)
        if earlier is not None:
            return self.commits.run(lambda tx: self.come_back(tx, PersonId(earlier)))
        if person is None:
            raise UserError("That code is not right. Check it and try again.", field="code")
        if old or (self.arrive and person.status is not Status.PRESENT):
            with self.store.transaction() as tx:
                tx.upgrade_code(self.event, person.id, code)
                if self.arrive:
                    tx.set_status([person.id], Status.PRESENT)
        return person

    def come_back(self, tx: StoreTx, earlier: PersonId) -> Person:
        """A member back with the code they got at another event (``earlier``
        their row there): their row here, or a new one with the answers they
        gave there, linked to that member (the code proves who they are). Never
        someone else's place: a name or email taken here by another member
        is refused. The code is theirs here too."""
        here = tx.row_of_member(self.event, earlier)
        status = Status.PRESENT if self.arrive else None
        if here is None:
            if not self.joining:
                raise UserError(CLOSED, field="code")
            profile = tx.person(earlier).profile
            if namesakes(tx.people_called(self.event, profile.name), profile.name):
                raise UserError(TAKEN_HERE, field="code")
            try:
                ensure_unique(tx, self.event, profile, None)
            except UserError:
                raise UserError(TAKEN_HERE, field="code") from None
            member = tx.member_of(earlier)
            here = tx.add_person(self.event, profile, status or Status.SIGNED_UP, True, member).id
        elif status is not None:
            tx.set_status([here], status)
        if not tx.has_code(here):
            tx.carry_code(self.event, earlier, here)
        return tx.person(here)

    def start(self, name: str, email: str = "", address: str = "local") -> Start:
        """Joining by name. A name nobody has: a new attendee. A taken name
        goes on only with the email on file of someone who signed up
        beforehand and has no code yet (a guess counts as a code try from
        ``address``); to anything else, one answer (``SAME_NAME``)."""
        name, email = one_line(name), one_line(email)
        if not has_visible(name):
            raise UserError("Please type your name first.", field="name")
        with self.store.reading() as tx:
            taken = namesakes(tx.people_called(self.event, name), name)
            if not taken:
                if not self.joining:
                    raise UserError(CLOSED, field="name")
                return Start(Profile(name, email=email), None)
            if email:
                self.attempts.take(address)
                for person in taken:
                    on_file = person.profile.email
                    same = bool(on_file) and on_file.casefold() == email.casefold()
                    if same and not tx.has_code(person.id):
                        return Start(person.profile, person.id)
        raise UserError(SAME_NAME, field="name")

    def person(self, person_id: PersonId) -> Person:
        with self.store.reading() as tx:
            return tx.person(person_id)

    def save(
        self,
        profile: Profile,
        person_id: PersonId | None,
        claim: bool = False,
        address: str = "local",
    ) -> Saved:
        """Add a new person (a few a minute from one ``address``), or change
        one's own profile (``claim``: take the place ``start`` led to, as long
        as nobody took it meanwhile). Nobody else may have a name that reads
        the same (``namesakes``) or the same email; neither refusal names
        who. A person without a code gets one, returned once."""
        if person_id is None:
            if not self.joining:
                raise UserError(CLOSED, field="name")
            try:
                self.joins.take(address)
            except UserError as error:
                raise UserError(str(error), field="name") from None
        with self.store.reading() as tx:
            needs_code = person_id is None or not tx.has_code(person_id)
            salt = tx.code_salt(self.event)
        ready = self.codes.take(salt) if needs_code else None  # hashed ahead, never under the lock

        def write(tx: StoreTx) -> Saved:
            if claim and person_id is not None and tx.has_code(person_id):
                raise UserError(
                    "Someone has just taken this place: sign in with your code.", field="name"
                )
            if namesakes(tx.people_called(self.event, profile.name), profile.name, person_id):
                raise UserError(SAME_NAME, field="name")
            status = Status.PRESENT if self.arrive else None
            try:
                person = save_person(tx, self.event, profile, person_id, status, person_id is None)
            except UserError as error:
                if error.field != "email":
                    raise
                raise UserError(SAME_EMAIL, field="email") from None
            code = None if tx.has_code(person.id) else tx.issue_code(self.event, person.id, ready)
            return Saved(tx.person(person.id), code)

        return self.commits.run(write)

    def wish(self, person_id: PersonId, other_id: PersonId, wish: PairRule | None) -> None:
        """Ask to meet someone (``PairRule.WISH``: a bonus when planning),
        decline them (``PairRule.DECLINE``: never seated together), or take
        either back (``None``). Private to the one who asks."""
        with self.store.transaction() as tx:
            set_wish(tx, self.event, person_id, other_id, wish)

    def wishes(self, person_id: int) -> dict[int, PairRule]:
        """Their own wishes: the other person's id → wish or decline."""
        with self.store.reading() as tx:
            return {
                c.b: c.rule
                for c in tx.constraints(self.event)
                if c.rule in WISHES and c.a == person_id
            }

    # --- what they see -----------------------------------------------------------------

    def matches(self, person_id: PersonId) -> list[MatchView] | None:
        """Their best matches as last computed; None until they are."""
        book = read_book(self.store, self.event)
        found = book.people.get(person_id) if book is not None else None
        return list(found) if found is not None else None

    def topics(self) -> list[str]:
        """The event's topics, most mentioned first (for completion)."""
        book = read_book(self.store, self.event)
        return list(book.topics) if book is not None else []

    def my_table(self, person_id: PersonId) -> MyTable | None:
        """Their table in the last saved round, if they sit at one (reads
        only that table: a room's phones ask every few seconds)."""
        with self.store.reading() as tx:
            saved = tx.saved_round(self.event)
            tables = enumerate(zip(saved.groups, saved.names, strict=True), 1) if saved else ()
            mine = next((t for t in tables if person_id in t[1][0]), None)
            if saved is None or mine is None:
                return None
            number, (ids, names) = mine
            me = tx.person(person_id).profile
            others = [tx.person(i).profile for i in ids if i != person_id and tx.has_person(i)]
            timer = tx.timer(self.event)
            pace = tx.options(self.event).pace  # the advice fits the evening's pace policy
        mates = tuple(n for i, n in zip(ids, names, strict=True) if i != person_id)
        question = opening_question(me, others, pace=pace)
        timer = timer if timer and timer.round == saved.number else None
        return MyTable(saved.number, number, mates, question, timer)

    def follow_up(self, person_id: PersonId, more: str, next_: str) -> None:
        """Their answers after the evening: "How can I contribute more
        effectively?" and "Did you meet again? What next?" (for the organiser)."""
        more, next_ = long_answer(more)[:TEXT_MAX], long_answer(next_)[:TEXT_MAX]
        if not (more or next_):
            raise UserError("Please answer at least one of the two questions.", field="more")

        def write(tx: StoreTx) -> None:
            if not tx.has_person(person_id):
                raise UserError("You are no longer on this event's list.", field="more")
            tx.add_follow_up(self.event, person_id, more, next_)

        self.commits.run(write)

    def my_follow_up(self, person_id: PersonId) -> tuple[str, str]:
        """Their own answers after this evening so far: (more, next), blank if none."""
        with self.store.reading() as tx:
            return tx.follow_ups(self.event).get(person_id, ("", ""))

    def my_history(self, person_id: PersonId) -> list[PastEvent]:
        """Their own other events, the latest first, whom they sat with there
        (names and contacts only where those partners consented), and what
        they answered after each."""
        with self.store.reading() as tx:
            return tx.history_of(person_id)

    def rate(
        self, person_id: PersonId, number: int, rating: int, reason: WentWrong | None = None
    ) -> int:
        """How their time at their table in round ``number`` went (1-5), for
        each tablemate, and after a low rating what went wrong (it makes
        their warnings of that kind graver at later events, for the
        organiser's eyes only); how many were rated."""

        def write(tx: StoreTx) -> int:
            saved = tx.saved_round(self.event, number)
            table = next((g for g in saved.groups if person_id in g), None) if saved else None
            if table is None:
                raise UserError(f"You did not sit at a table in round {number}.", field="round")
            mates = [i for i in table if i != person_id and tx.has_person(i)]
            pairs = [(person_id, m) for m in mates]
            return rate_pairs(tx, self.event, number, pairs, rating, reason, person_id)

        return self.commits.run(write)
