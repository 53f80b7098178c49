"""Bầu cử — elections, their ordered candidate lists (with the surplus warning) and ballot printing."""

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from congress import db
from congress.elections import ballot_print, candidates, service
from congress.errors import CongressError
from congress.models import Delegate
from congress.tui.delegate_index import DelegateRow, Filters, filter_rows, load_rows
from congress.tui.screens.base import CongressScreen
from congress.tui.screens.forms import FormScreen


class ElectionsScreen(CongressScreen):
    TITLE_KEY = "mode.elections"
    HELP_KEY = "help.elections"
    BINDINGS: ClassVar = [
        Binding("ctrl+n", "create", "key.new_election", id="elections.create"),
        Binding("ctrl+a", "add_candidate", "key.add_candidate", id="elections.add_candidate"),
        Binding("ctrl+g", "print_ballots", "key.print_ballots", id="elections.print"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Horizontal(id="elections"):
            with Vertical(id="election-list"):
                table: DataTable[str] = DataTable(id="e-table", cursor_type="row")
                table.add_columns(t("elections.col.code"), t("elections.col.title"), t("elections.col.seats"),
                                  t("elections.col.state"))
                yield table
            with Vertical(id="candidate-list"):
                yield Static(id="e-warnings")
                ctable: DataTable[str] = DataTable(id="c-table", cursor_type="row")
                ctable.add_columns(t("elections.col.number"), t("elections.col.name"), t("elections.col.unit"))
                yield ctable
                yield Static(id="e-status", classes="muted")
        yield Footer(compact=True)

    def refresh_data(self) -> None:
        t = self.t
        table = self.query_one("#e-table", DataTable)
        keep = table.cursor_row
        table.clear()
        with self.read() as session:
            elections = service.list_elections(session)
            self.codes = [e.code for e in elections]
            for e in elections:
                rounds = service.rounds_of(session, e)
                state = t(f"round.{rounds[-1].status}") if rounds else t("round.none")
                table.add_row(e.code, e.title, str(e.seats), state)
        if self.codes:
            table.move_cursor(row=min(max(keep, 0), len(self.codes) - 1))
        self.show_candidates()

    def current(self) -> str | None:
        row = self.query_one("#e-table", DataTable).cursor_row
        return self.codes[row] if 0 <= row < len(self.codes) else None

    @on(DataTable.RowHighlighted, "#e-table")
    def _highlighted(self) -> None:
        self.show_candidates()

    def show_candidates(self) -> None:
        ctable = self.query_one("#c-table", DataTable)
        ctable.clear()
        code = self.current()
        if code is None:
            self.query_one("#e-warnings", Static).update(self.t("dashboard.no_elections"))
            return
        with self.read() as session:
            election = service.get_election(session, code)
            rows = candidates.list_candidates(session, election)
            warnings = candidates.list_warnings(session, election)
        for row in rows:
            ctable.add_row(str(row["number"]), row["name"], row["unit"])
        self.query_one("#e-warnings", Static).update(
            "\n".join(f"[b $warning]⚠[/] {w.message}" for w in warnings) or self.t("elections.list_ok"))

    # --- actions ----------------------------------------------------------------------------------

    def action_create(self) -> None:
        self.app.push_screen(ElectionForm(), lambda changed: self.refresh_data() if changed else None)

    def action_add_candidate(self) -> None:
        code = self.current()
        if code is not None:
            self.app.push_screen(CandidatePicker(code), lambda changed: self.show_candidates() if changed else None)

    def action_print_ballots(self) -> None:
        code = self.current()
        if code is not None:
            self.query_one("#e-status", Static).update(self.t("elections.printing"))
            self.print_worker(code, self.capp.settings.data_dir / "ballots" / f"{code}.pdf")

    @work(thread=True, exclusive=True, group="ballots")
    def print_worker(self, code: str, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            with db.unit_of_work(self.engine) as session:
                election = service.get_election(session, code)
                result = ballot_print.print_ballots(session, self.actor, election, out)
                # The whole size check of the printed list (DOMAIN.md §4): warned, never blocked.
                warnings = candidates.round_warnings(session, election,
                                                     service.get_round(session, election, result.round_no))
        except CongressError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", timeout=8)
            return
        for warning in warnings:
            self.app.call_from_thread(self.app.notify, warning.message, severity="warning", timeout=10)
        self.last_print = result
        self.app.call_from_thread(self.query_one("#e-status", Static).update, self.t("elections.printed", file=str(out)))
        self.app.call_from_thread(self.refresh_data)


class ElectionForm(FormScreen):
    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(classes="form-box"):
            yield Static(t("elections.new"), classes="title")
            yield Label(t("elections.col.title"))
            yield Input(id="n-title")
            yield Label(t("elections.col.seats"))
            yield Input(id="n-seats", type="integer")
            yield Static(t("form.hint"), classes="muted")

    def action_save(self) -> None:
        title = self.query_one("#n-title", Input).value
        seats_text = self.query_one("#n-seats", Input).value
        if not seats_text.isdigit():
            self.app.notify(self.t("elections.seats_needed"), severity="error")
            return
        if self.write(lambda s, a: service.create_election(s, a, title=title, seats=int(seats_text))) is not None:
            self.dismiss(True)


class CandidatePicker(FormScreen):
    """Type a name (with or without diacritics), Enter puts the first match on the list."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.rows: list[DelegateRow] = []
        self.matches: list[DelegateRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(self.t("elections.pick", code=self.code), classes="title")
            yield Input(id="p-query")
            yield Static(id="p-matches")

    def on_mount(self) -> None:
        with self.read() as session:
            self.rows = load_rows(session)
        self.query_one("#p-query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.matches = filter_rows(self.rows, Filters(query=event.value)) if event.value.strip() else []
        self.query_one("#p-matches", Static).update("\n".join(f"{r.name} — {r.delegation}" for r in self.matches[:8]))

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if not self.matches:
            return
        chosen = self.matches[0].id

        def add(session, actor):  # type: ignore[no-untyped-def]
            election = service.get_election(session, self.code)
            return candidates.add_from_delegates(session, actor, election, [session.get(Delegate, chosen)])

        if self.write(add) is not None:
            self.dismiss(True)
