"""Import a sign-up CSV from inside the app: a path, then a preview — which
column became which field (each can be changed), loud notes about what is
missing, who is new and who changes — then confirm or cancel. What is
imported is exactly the file and the choice of columns on show."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from matchmaker.core.import_plan import ImportChanges, ImportPlan, UpsertResult
from matchmaker.core.profiles import FIELDS
from matchmaker.service.workspace import Workspace
from matchmaker.ui.base import AppModal, user_error

PREVIEW_ROWS = 5
NO_COLUMN = ""  # a field the organiser says no column holds


class ImportScreen(AppModal[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.plan: ImportPlan | None = None
        self.choices: dict[str, str] = {}  # field -> column, as the organiser set them

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label(
                "Import people from a CSV file (Google Forms, Eventbrite, Meetup, a spreadsheet)"
            )
            yield Input(placeholder="path/to/signups.csv, then enter", id="path")
            yield Static("", id="mapping")
            with Grid(id="columns"):
                for name in FIELDS:
                    yield Label(name.replace("_", " "))
                    yield Select[str]([], prompt="(no column)", id=f"column-{name}")
            yield DataTable(id="preview", show_cursor=False)
            yield Static("", id="import-problems", classes="problem")
            with Horizontal(classes="buttons docked"):  # in view however long the preview
                yield Button("Import", variant="primary", id="confirm", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#preview", DataTable).display = False
        self.query_one("#columns", Grid).display = False
        self.query_one("#path", Input).focus()

    # --- reading -------------------------------------------------------------------

    @on(Input.Submitted, "#path")
    def load(self) -> None:
        self.choices = {}
        self.read()

    @on(Input.Changed, "#path")
    def path_edited(self, event: Input.Changed) -> None:
        """A preview is only good for the file it read."""
        if self.plan is not None and event.value.strip() != self._typed_path:
            self.plan = None
            self.query_one("#confirm", Button).disabled = True
            self.query_one("#mapping", Static).update("The path changed: press enter to read it.")

    def read(self) -> None:
        self.plan = None
        self._typed_path = self.query_one("#path", Input).value.strip()
        self.query_one("#confirm", Button).disabled = True
        self.query_one("#import-problems", Static).update("")
        self.query_one("#mapping", Static).update("Reading …")
        self.read_in_background(Path(self._typed_path).expanduser(), dict(self.choices))

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def read_in_background(
        self, path: Path, choices: dict[str, str]
    ) -> tuple[ImportPlan, ImportChanges]:
        plan = Workspace.plan_import(path, choices)
        return plan, self.mm.workspace.preview_import(self.mm.session.name, plan)

    @on(Worker.StateChanged)
    def read_done(self, message: Worker.StateChanged) -> None:
        if message.worker.group != "import":
            return
        if message.state is WorkerState.ERROR:
            error = user_error(message.worker)
            self.query_one("#mapping", Static).update("")
            self.query_one("#preview", DataTable).display = False
            self.query_one("#import-problems", Static).update(Content(str(error)))
        elif message.state is WorkerState.SUCCESS:
            plan, changes = message.worker.result  # type: ignore[misc]
            self.show_plan(plan, changes)

    @on(Select.Changed)
    def column_chosen(self, event: Select.Changed) -> None:
        """The organiser picked another column for a field: read again with it."""
        if self.plan is None or not (event.select.id or "").startswith("column-"):
            return
        name = (event.select.id or "").removeprefix("column-")
        value = event.value if isinstance(event.value, str) else NO_COLUMN
        if value == self.plan.columns.get(name, NO_COLUMN):
            return  # what the plan already has (the pickers being filled in)
        self.choices[name] = value
        self.read()

    # --- showing -------------------------------------------------------------------

    def show_plan(self, plan: ImportPlan, changes: ImportChanges) -> None:
        self.plan = plan
        lines = [
            f"{len(plan.profiles)} people found ({plan.encoding}, {plan.delimiter}-separated). "
            "Each field's column is below; change any of them.",
            *(f"Note: {note}" for note in plan.notes),
            *(f"warning: {w.describe(plan.path)}" for w in plan.warnings[:5]),
        ]
        if len(plan.warnings) > 5:
            lines.append(f"… and {len(plan.warnings) - 5} more warnings")
        lines += changes.summary()
        self.query_one("#mapping", Static).update(Content("\n".join(lines)))
        with self.prevent(Select.Changed):  # filling the pickers is not a choice
            for name in FIELDS:
                select = self.query_one(f"#column-{name}", Select)
                select.set_options([(header, header) for header in plan.headers if header])
                chosen = plan.columns.get(name)
                select.value = chosen if chosen in plan.headers and chosen else Select.NULL
        self.query_one("#columns", Grid).display = True
        self._preview(plan)
        confirm = self.query_one("#confirm", Button)
        confirm.disabled = not plan.profiles
        confirm.focus()

    def _preview(self, plan: ImportPlan) -> None:
        preview = self.query_one("#preview", DataTable)
        preview.clear(columns=True)
        preview.add_columns("line", "name", "email", "interests", "orientation")
        for line, p in list(zip(plan.lines, plan.profiles, strict=True))[:PREVIEW_ROWS]:
            preview.add_row(
                Text(str(line)),
                Text(p.name),
                Text(p.email),
                Text("; ".join(p.interests)),
                Text(p.orientation_word or "—"),
            )
        preview.display = True

    # --- importing -----------------------------------------------------------------

    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        if self.plan is None:
            return
        self.query_one("#confirm", Button).disabled = True
        self.query_one("#mapping", Static).update("Importing …")
        self.write_in_background(self.plan)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-write")
    def write_in_background(self, plan: ImportPlan) -> UpsertResult:
        return self.mm.session.commit_import(plan)

    @on(Worker.StateChanged)
    def write_done(self, message: Worker.StateChanged) -> None:
        if message.worker.group != "import-write":
            return
        if message.state is WorkerState.ERROR:
            self.mm.report(user_error(message.worker))
            self.query_one("#confirm", Button).disabled = False
        elif message.state is WorkerState.SUCCESS:
            result: UpsertResult = message.worker.result  # type: ignore[assignment]
            self.mm.refresh_title()
            self.dismiss()
            self.notify(f"Imported {result.added} new and updated {result.updated} people.")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss()
