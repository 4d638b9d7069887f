"""Import a sign-up CSV from inside the app: path, a preview of how columns
map to fields and the first rows, then confirm or cancel."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Label, Static
from textual.worker import Worker, WorkerState

from matchmaker.model import ImportPlan, UpsertResult
from matchmaker.ui.base import AppModal, user_error
from matchmaker.workspace import Workspace

PREVIEW_ROWS = 5


class ImportScreen(AppModal[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.plan: ImportPlan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(
                "Import people from a CSV file (Google Forms, Eventbrite, Meetup, a spreadsheet)"
            )
            yield Input(placeholder="path/to/signups.csv, then enter", id="path")
            yield Static("", id="mapping")
            yield DataTable(id="preview", show_cursor=False)
            yield Static("", id="import-problems", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Import", variant="primary", id="confirm", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#preview", DataTable).display = False
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def load(self, event: Input.Submitted) -> None:
        self.plan = None
        self.query_one("#confirm", Button).disabled = True
        self.query_one("#preview", DataTable).display = False
        self.query_one("#import-problems", Static).update("")
        self.query_one("#mapping", Static).update("Reading …")
        self.read_in_background(Path(event.value.strip()).expanduser())

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def read_in_background(self, path: Path) -> ImportPlan:
        return Workspace.plan_import(path)

    @on(Worker.StateChanged)
    def read_done(self, message: Worker.StateChanged) -> None:
        if message.worker.group != "import":
            return
        if message.state is WorkerState.ERROR:
            error = user_error(message.worker)
            self.query_one("#mapping", Static).update("")
            self.query_one("#import-problems", Static).update(Content(str(error)))
        elif message.state is WorkerState.SUCCESS:
            self.show_plan(message.worker.result)  # type: ignore[arg-type]

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        mapping = ", ".join(f"{column} → {field}" for field, column in plan.columns.items())
        ignored = f"\nIgnored columns: {', '.join(plan.ignored)}" if plan.ignored else ""
        warnings = "".join(f"\nwarning: {w.describe(plan.path)}" for w in plan.warnings[:5])
        if len(plan.warnings) > 5:
            warnings += f"\n… and {len(plan.warnings) - 5} more warnings"
        self.query_one("#mapping", Static).update(
            Content(
                f"{len(plan.profiles)} people found ({plan.encoding}, {plan.delimiter}-separated). "
                f"Columns: {mapping}{ignored}{warnings}"
            )
        )
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
        confirm = self.query_one("#confirm", Button)
        confirm.disabled = not plan.profiles
        confirm.focus()

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
