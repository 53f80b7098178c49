"""Nhập danh sách — a workbook in two phases: the preview (row by row) first, then the commit."""

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import get_current_worker

from congress import db
from congress.errors import CongressError
from congress.registry.commit import ImportRefused, import_file, preview_file
from congress.registry.preview import Preview
from congress.tui.screens.forms import FormScreen


class ImportScreen(FormScreen):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "import.commit", id="import.commit"),
        Binding("escape", "cancel", "key.cancel", id="import.cancel"),
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.preview: Preview | None = None
        self.previewed_path: Path | None = None

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(classes="form-box", id="import-box"):
            yield Static(t("import.title"), classes="title")
            yield Label(t("import.path"))
            yield Input(self.initial_path, id="import-path")
            yield Static(id="import-summary")
            table: DataTable[str] = DataTable(id="import-rows", cursor_type="row")
            table.add_columns(t("import.col.row"), t("import.col.state"), t("import.col.name"), t("import.col.message"))
            yield table
            yield Static(t("import.hint"), classes="muted")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.load_preview(Path(event.value.strip()).expanduser())

    @work(thread=True, exclusive=True, group="import-preview")
    def load_preview(self, path: Path) -> None:
        """Reading and classifying a large workbook takes a moment: never on the input loop."""
        try:
            with self.read() as session:
                preview = preview_file(session, path)
        except CongressError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", timeout=8)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_preview, path, preview)

    def show_preview(self, path: Path, preview: Preview) -> None:
        t = self.t
        self.preview, self.previewed_path = preview, path
        c = preview.counts
        self.query_one("#import-summary", Static).update(t(
            "import.summary", new=c["new"], update=c["update"], same=c["unchanged"], warning=c["warning"],
            error=c["error"]))
        table = self.query_one("#import-rows", DataTable)
        table.clear()
        for row in preview.rows:
            message = "; ".join(f"{i.column}: {i.reason}" if i.column else i.reason for i in row.issues)
            table.add_row(str(row.row), t(f"import.state.{row.state}"), row.name, message)
        table.focus()

    def action_save(self) -> None:
        """Commit exactly what was previewed: the service previews again inside the transaction."""
        if self.preview is None or self.previewed_path is None:
            self.app.notify(self.t("import.preview_first"), severity="warning")
            return
        path = self.previewed_path
        try:
            with db.unit_of_work(self.engine) as session:
                report = import_file(session, self.actor, path)
        except ImportRefused:
            self.app.notify(self.t("import.blocked"), severity="error", timeout=8)
            return
        except CongressError as exc:
            self.app.notify(str(exc), severity="error", timeout=8)
            return
        self.app.notify(self.t("import.committed", summary=self.t(
            "import.summary", new=len(report.created), update=len(report.updated),
            same=report.preview.counts["unchanged"], warning=report.preview.counts["warning"], error=0)))
        self.dismiss(True)
