"""Participants (home): everyone in the event, filterable as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from matchmaker.core.model import Person, Status
from matchmaker.core.search import PeopleIndex
from matchmaker.ui.base import AppScreen, EventChanged
from matchmaker.ui.dialogs import ConfirmScreen
from matchmaker.widgets.badges import JOINED_MARK, JOINED_NOTE

TOP_TOPICS = 3
FILTER_DELAY = 0.12  # seconds of quiet typing before the list is filtered
# Rows shown at once: a DataTable fills at ~10 µs… 100 µs a row, so a 10,000-person
# cohort shows its first thousand and the filter finds the rest in milliseconds.
MAX_ROWS = 1000


def short_list(items: tuple[str, ...], limit: int = TOP_TOPICS) -> Text:
    shown = ", ".join(items[:limit])
    more = f" +{len(items) - limit}" if len(items) > limit else ""
    return Text(shown + more)


class PeopleScreen(AppScreen[None]):
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("n", "new", "New"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("m", "matches", "Matches"),
        Binding("p", "board", "Pair"),
        Binding("o", "overview", "Overview"),
        Binding("i", "import", "Import"),
        Binding("c", "checkin", "Check-in"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter by name or topic (fuzzy) …", id="filter")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Static("", id="people-status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#people", DataTable)
        table.add_column("Here", key="here", width=4)
        table.add_column("Name", key="name", width=22)
        table.add_column("Orientation", key="orientation", width=11)
        table.add_column("Interests", key="interests", width=25)
        table.add_column("Can teach", key="teach", width=20)
        table.add_column("Wants to learn", key="learn", width=20)
        table.add_column("Motives", key="motivations", width=7)
        self.query_one("#filter", Input).display = False
        self._timer: Timer | None = None
        table.focus()

    @on(EventChanged)
    def event_changed(self) -> None:
        """Another process (the door's kiosk, attendees' phones, a command)
        changed the event: shown now if this list is on show, else on return."""
        if self.is_current:
            self.reload()

    def on_screen_resume(self) -> None:
        """Shown for the first time, or again after a form or dialog: read the event."""
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the event again (after an edit) and show it, keeping the filter."""
        self.people: list[Person] = list(self.mm.session.event.people)
        self.index = PeopleIndex([p.profile for p in self.people])
        self.apply_filter(self.query_one("#filter", Input).value, select)

    def apply_filter(self, query: str, select: int | None = None) -> None:
        self.shown_query = query  # what the list shows now (the box may be ahead)
        table = self.query_one("#people", DataTable)
        keep = self.index.filter(query)
        current = select if select is not None else self.selected_id()
        table.clear()
        for i in keep[:MAX_ROWS]:
            person = self.people[i]
            table.add_row(*self._cells(person), key=str(person.id))
        if current is not None and str(current) in table.rows:
            table.move_cursor(row=table.get_row_index(str(current)))
        total = len(self.people)
        shown = f"{len(keep)} of {total} shown" if query.strip() else f"{total} people"
        if len(keep) > MAX_ROWS:
            shown += f" · listing the first {MAX_ROWS:,}: press / and type to find anyone"
        if joined := sum(p.joined for p in self.people):
            shown += f" · {JOINED_MARK} {joined} {JOINED_NOTE} (c checks them in)"
        if not total:
            shown = "Nobody here yet: press n to add the first person, or i to import a CSV file"
        self.query_one("#people-status", Static).update(Content(shown))

    @staticmethod
    def _cells(person: Person) -> tuple[Text, ...]:
        p = person.profile
        here = Text({Status.PRESENT: "✓", Status.GONE: "gone"}.get(person.status, ""))
        if person.joined:
            here.append(f"{' ' if here else ''}{JOINED_MARK}", style="bold yellow")
        return (
            here,
            Text(p.name),
            Text(p.orientation_word or "—"),
            short_list(p.interests),
            short_list(p.can_teach, 2),
            short_list(p.want_to_learn, 2),
            Text(str(len(p.motivations) + len(p.other_motivations)), justify="right"),
        )

    def selected_id(self) -> int | None:
        table = self.query_one("#people", DataTable)
        if table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(row_key.value) if row_key.value is not None else None

    def selected_person(self) -> Person | None:
        chosen = self.selected_id()
        return next((p for p in self.people if p.id == chosen), None)

    # --- filtering ------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FILTER_DELAY, lambda: self.apply_filter(event.value))

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one("#people", DataTable).focus()

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display and (box.has_focus or box.value):
            box.value = ""
            box.display = False
            self.apply_filter("")
            self.query_one("#people", DataTable).focus()
        else:
            self.mm.leave_event()

    # --- actions on people ------------------------------------------------------

    @on(DataTable.RowSelected, "#people")
    def row_chosen(self) -> None:
        self.action_edit()

    def action_new(self) -> None:
        from matchmaker.ui.intake import IntakeScreen

        self.app.push_screen(IntakeScreen(None), self.saved)

    def action_edit(self) -> None:
        from matchmaker.ui.intake import IntakeScreen

        person = self.selected_person()
        if person is not None:
            self.app.push_screen(IntakeScreen(person), self.saved)

    def saved(self, person_id: int | None) -> None:
        """Back from the form: put the cursor on whoever was just saved."""
        if person_id is not None:
            self.reload(select=person_id)

    def action_matches(self) -> None:
        from matchmaker.ui.matches import MatchesScreen

        person = self.selected_person()
        if person is not None:
            self.app.push_screen(MatchesScreen(person.id))

    def action_board(self) -> None:
        from matchmaker.ui.board import BoardScreen

        self.app.push_screen(BoardScreen())

    def action_checkin(self) -> None:
        from matchmaker.ui.checkin import CheckInScreen

        self.app.push_screen(CheckInScreen())

    def action_overview(self) -> None:
        from matchmaker.ui.overview import OverviewScreen

        self.app.push_screen(OverviewScreen())

    def action_import(self) -> None:
        from matchmaker.ui.importing import ImportScreen

        self.app.push_screen(ImportScreen())

    @work
    async def action_delete(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        question = Content.assemble("Delete ", (person.name, "bold"), " from this event?")
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            self.mm.session.remove_person(person.id)
            self.mm.refresh_title()
            self.reload()
            self.notify(f"Deleted {person.name}", markup=False)
