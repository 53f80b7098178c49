"""Đại biểu — every delegate, search-as-you-type with or without diacritics, filters, changes."""

from typing import ClassVar

from sqlmodel import select
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Select, Static

from congress.congresses import get_congress
from congress.models import Delegation
from congress.registry.voting import categories_for, statuses_for
from congress.tui.delegate_index import DelegateRow, Filters, filter_rows, load_rows
from congress.tui.screens.base import CongressScreen
from congress.tui.widgets.fast_table import FastTable
from congress.vi import format_int


class DelegatesScreen(CongressScreen):
    TITLE_KEY = "mode.delegates"
    HELP_KEY = "help.delegates"
    BINDINGS: ClassVar = [
        Binding("ctrl+f", "focus_search", "key.search", id="delegates.search"),
        Binding("ctrl+n", "add", "key.add", id="delegates.add"),
        Binding("ctrl+o", "import_file", "key.import", id="delegates.import"),
        Binding("e", "edit", "key.edit", id="delegates.edit"),
        Binding("c", "credentials", "key.credentials", id="delegates.credentials"),
        Binding("ctrl+l", "clear_filters", "key.clear_filters", id="delegates.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DelegateRow] = []
        self.shown: list[DelegateRow] = []
        self.filters = Filters()
        self.cells: dict[int, tuple[str, ...]] = {}

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        yield Input(placeholder=t("delegates.search"), id="search")
        with Horizontal(id="delegate-filters"):
            yield Select[int]([], prompt=t("delegates.filter.delegation"), id="filter-delegation")
            yield Select[str]([], prompt=t("delegates.filter.category"), id="filter-category")
            yield Select[str]([], prompt=t("delegates.filter.status"), id="filter-status")
            yield Static(id="delegate-count")
        yield FastTable([t("delegates.col.code"), t("delegates.col.name"), t("delegates.col.delegation"),
                         t("delegates.col.category"), t("delegates.col.status")],
                        max_widths=[10, 32, 34, 14, 18], id="delegate-table")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._load_filters()
        self.query_one("#search", Input).focus()

    def _load_filters(self) -> None:
        t = self.t
        with self.read() as session:
            kind = get_congress(session).kind
            delegations = [(d.name, d.id) for d in session.exec(
                select(Delegation).order_by(Delegation.sort_order, Delegation.name))]  # type: ignore[arg-type]
        self.query_one("#filter-delegation", Select).set_options(
            [(name.removeprefix("Đoàn "), did) for name, did in delegations])
        self.query_one("#filter-category", Select).set_options([(t(f"category.{c}"), c) for c in categories_for(kind)])
        self.query_one("#filter-status", Select).set_options([(t(f"status.{s}"), s) for s in statuses_for(kind)])

    def refresh_data(self) -> None:
        with self.read() as session:
            self.rows = load_rows(session)
        t = self.t
        # Cells are formatted once per load; a keystroke only picks which to show.
        self.cells = {r.id: (r.code, r.name, r.delegation.removeprefix("Đoàn "), t(f"category.{r.category}"),
                             t(f"status.{r.status}")) for r in self.rows}
        self.query_one(FastTable).fit(list(self.cells.values()))
        self.apply_filters()

    # --- filtering -----------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.filters = Filters(event.value, self.filters.delegation_id, self.filters.category, self.filters.status)
        self.apply_filters()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        f = self.filters
        if event.select.id == "filter-delegation":
            self.filters = Filters(f.query, value, f.category, f.status)  # type: ignore[arg-type]
        elif event.select.id == "filter-category":
            self.filters = Filters(f.query, f.delegation_id, value, f.status)  # type: ignore[arg-type]
        elif event.select.id == "filter-status":
            self.filters = Filters(f.query, f.delegation_id, f.category, value)  # type: ignore[arg-type]
        self.apply_filters()

    @on(Input.Submitted, "#search")
    def _to_table(self) -> None:
        self.query_one(FastTable).focus()

    def apply_filters(self) -> None:
        self.shown = filter_rows(self.rows, self.filters)
        self.fill_table(self.shown)

    def fill_table(self, rows: list[DelegateRow]) -> None:
        t = self.t
        cells = self.cells
        self.query_one(FastTable).set_rows([cells[r.id] for r in rows])
        self.query_one("#delegate-count", Static).update(
            t("delegates.count", shown=format_int(len(rows)), total=format_int(len(self.rows))), layout=False)

    def selected(self) -> DelegateRow | None:
        cursor = self.query_one(FastTable).cursor
        return self.shown[cursor] if 0 <= cursor < len(self.shown) else None

    # --- actions -------------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_filters(self) -> None:
        for chooser in self.query(Select):
            chooser.clear()
        self.query_one("#search", Input).value = ""
        self.filters = Filters()
        self.apply_filters()

    def action_add(self) -> None:
        from congress.tui.screens.delegate_form import DelegateForm

        self.app.push_screen(DelegateForm(None), self._after_change)

    def action_edit(self) -> None:
        from congress.tui.screens.delegate_form import DelegateForm

        row = self.selected()
        if row is not None:
            self.app.push_screen(DelegateForm(row.id), self._after_change)

    def action_credentials(self) -> None:
        from congress.tui.screens.credentials import CredentialsForm

        row = self.selected()
        if row is not None:
            self.app.push_screen(CredentialsForm(row.id, row.name), self._after_change)

    def action_import_file(self) -> None:
        from congress.tui.screens.import_preview import ImportScreen

        self.app.push_screen(ImportScreen(), self._after_change)

    def _after_change(self, changed: bool | None) -> None:
        if changed:
            self.refresh_data()
