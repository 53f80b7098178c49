"""Kết quả — a round's result: the table and the bar chart, the elected and ties, the ballots; record
the ballots issued, close (or reopen) the count, write the minutes, export XLSX/CSV/JSON and slides (PDF, PPTX),
and open the full-screen projection for the hall.

Everything shown comes from congress.counting.results.round_report (the result is provisional until
the count is closed); documents are written by congress.documents in a thread worker.
"""

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Select, Static

from congress import audit
from congress.counting import close
from congress.counting.lookup import round_context
from congress.counting.projection import projection
from congress.counting.results import RoundReport, round_report
from congress.documents.minutes import write_minutes
from congress.documents.results_export import FORMATS, export_results, publish
from congress.documents.slides import write_slides
from congress.documents.slides_pptx import write_slides_pptx
from congress.elections.ballot_print import issue_ballots
from congress.elections.service import get_election
from congress.errors import CongressError
from congress.tui.screens.base import CongressScreen
from congress.tui.screens.prompts import AskModal, ConfirmModal
from congress.tui.widgets.bar_chart import BarChart
from congress.tui.widgets.round_picker import RoundPicker
from congress.vi import format_int, format_percent


def report_lines(report: RoundReport, t: Callable[..., str]) -> tuple[str, str, str]:
    """(status, facts, outcome) texts of a report, in the interface language."""
    r, acc = report.result, report.result.accounting
    status = t(f"results.status.{report.status}")
    issued = t("results.not_recorded") if report.issued is None else format_int(report.issued)
    facts = [f"{report.ctx.election.title} — {t('results.count', count=report.count.label)}",
             f"{report.denominator.label}: [b]{format_int(report.denominator.value)}[/b]",
             t("results.ballots", issued=issued, returned=format_int(acc.returned), valid=format_int(acc.valid),
               invalid=format_int(acc.invalid)) + (t("results.review", n=format_int(acc.review)) if acc.review else "")]
    outcome = [f"[b]{t('results.outcome', outcome=r.outcome.label)}[/b]"]
    if r.elected:
        outcome.append(t("results.elected_list", names="; ".join(f"{c.name} ({format_int(c.votes)})" for c in r.elected)))
    if r.tied:
        outcome.append("[b $warning]" + t("results.tie", names="; ".join(
            f"{c.name} ({format_int(c.votes)})" for c in r.tied)) + "[/]")
    outcome += [f"[b $error]⚠[/] {t('results.problem', text=p)}" for p in report.problems]
    return status, "\n".join(facts), "\n".join(outcome)


class ResultsScreen(CongressScreen):
    TITLE_KEY = "mode.results"
    HELP_KEY = "help.results"
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (100, "-wide")]  # chart beside or below the table
    BINDINGS: ClassVar = [
        Binding("g", "issued", "key.issued", id="results.issued"),
        Binding("k", "close_count", "key.close_count", id="results.close"),
        Binding("o", "reopen", "key.reopen", id="results.reopen"),
        Binding("b", "minutes", "key.minutes", id="results.minutes"),
        Binding("x", "export", "key.export", id="results.export"),
        Binding("s", "slides", "key.slides", id="results.slides"),
        Binding("p", "projection", "key.projection", id="results.projection"),
        # Listed in the F1 help, not the footer (already full at 120 columns).
        Binding("w", "slides_pptx", "key.slides_pptx", id="results.slides_pptx", show=False),
        Binding("r", "refresh", "key.refresh", id="results.refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: RoundReport | None = None
        self.last_written: list[Path] = []

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Vertical(id="results"):
            yield RoundPicker(t("counting.round"), id="res-round")
            yield Static(id="res-status")
            yield Static(id="res-facts")
            with Horizontal(id="res-body"):
                table: DataTable[str] = DataTable(id="res-table", cursor_type="row", zebra_stripes=True)
                table.add_columns(t("results.col.number"), t("results.col.name"), t("results.col.votes"),
                                  t("results.col.percent"), t("results.col.result"))
                yield table
                yield BarChart(id="res-chart")
            yield Static(id="res-outcome")
            yield Static(id="res-file", classes="muted")
        yield Footer(compact=True)

    @property
    def choice(self) -> tuple[str, int] | None:
        return self.query_one(RoundPicker).choice

    def refresh_data(self) -> None:
        with self.read() as session:
            self.query_one(RoundPicker).load(session)
            choice = self.choice
            self.report, problem = None, self.t("counting.no_round")
            if choice is not None:
                try:
                    self.report = round_report(session, round_context(session, *choice))
                except CongressError as exc:
                    problem = str(exc)
        self.show(problem)

    @on(Select.Changed, "#res-round")
    def _round_changed(self) -> None:
        self.refresh_data()

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, problem: str) -> None:
        table, chart = self.query_one("#res-table", DataTable), self.query_one(BarChart)
        table.clear()
        status = self.query_one("#res-status", Static)
        status.remove_class("result-final", "result-provisional")
        report = self.report
        if report is None:
            status.update("")
            chart.show((), 0.5)
            self.query_one("#res-facts", Static).update(self.t("results.none", reason=problem))
            self.query_one("#res-outcome", Static).update("")
            return
        state, facts, outcome = report_lines(report, self.t)
        status.update(state)
        status.add_class("result-final" if report.final else "result-provisional")
        self.query_one("#res-facts", Static).update(facts)
        self.query_one("#res-outcome", Static).update(outcome)
        for c in report.result.candidates:
            verdict = self.t("results.elected") if c.elected else self.t("results.tied") if c.tied else ""
            table.add_row(str(c.number), c.name, format_int(c.votes), format_percent(c.percent, report.places), verdict)
        proj = projection(report)
        chart.show(proj.bars, proj.threshold_share)

    # --- changes ------------------------------------------------------------------------------------

    def _label(self) -> str:
        choice = self.choice
        return f"{choice[0]} lần {choice[1]}" if choice else ""

    def action_issued(self) -> None:
        choice = self.choice
        if choice is None:
            return
        current = str(self.report.issued) if self.report and self.report.issued is not None else ""

        def answered(text: str | None) -> None:
            if text is None or not text.strip():
                return
            if not text.strip().isdigit():
                self.app.notify(self.t("results.issued_hint"), severity="error")
                return
            n = int(text)
            if self.write(lambda s, a: issue_ballots(s, a, get_election(s, choice[0]), n, round_no=choice[1])):
                self.app.notify(self.t("results.issued_saved", n=format_int(n)))
                self.refresh_data()

        self.app.push_screen(AskModal(self.t("results.issued_title", label=self._label()),
                                      self.t("results.issued_hint"), current, integer=True), answered)

    def action_close_count(self) -> None:
        choice = self.choice
        if choice is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and self.write(lambda s, a: close.close_round(s, a, round_context(s, *choice))) is not None:
                self.app.notify(self.t("results.closed", label=self._label()))
                self.refresh_data()

        self.app.push_screen(ConfirmModal(self.t("results.close_confirm", label=self._label())), answered)

    def action_reopen(self) -> None:
        choice = self.choice
        if choice is None:
            return

        def answered(reason: str | None) -> None:
            if reason is None or not reason.strip():
                return
            if self.write(lambda s, a: close.reopen_round(s, a, round_context(s, *choice), reason) or True):
                self.app.notify(self.t("results.reopened", label=self._label()))
                self.refresh_data()

        self.app.push_screen(AskModal(self.t("results.reopen_title", label=self._label()),
                                      self.t("review.reason_hint")), answered)

    # --- documents ----------------------------------------------------------------------------------

    def action_minutes(self) -> None:
        self._document("minutes")

    def action_export(self) -> None:
        self._document("export")

    def action_slides(self) -> None:
        self._document("slides")

    def action_slides_pptx(self) -> None:
        self._document("slides_pptx")

    def _document(self, what: str) -> None:
        if self.choice is None:
            return
        self.query_one("#res-file", Static).update(self.t("results.writing", what=self.t(f"results.what.{what}")))
        self.document_worker(what, *self.choice)

    @work(thread=True, exclusive=True, group="documents")
    def document_worker(self, what: str, code: str, round_no: int) -> None:
        folder = self.capp.settings.data_dir / "documents"
        try:
            with Session(self.engine) as session:
                report = round_report(session, round_context(session, code, round_no))
                closing = audit.closing_hash(session)
            stem = f"{code}-lan-{round_no}"
            folder.mkdir(parents=True, exist_ok=True)
            if what == "minutes":
                out = folder / f"bien-ban-kiem-phieu-{stem}.pdf"
                written = [publish(out, lambda tmp: write_minutes(report, closing, tmp), closing)]
            elif what == "slides":
                out = folder / f"trinh-chieu-{stem}.pdf"
                written = [publish(out, lambda tmp: write_slides(projection(report), tmp), closing)]
            elif what == "slides_pptx":
                out = folder / f"trinh-chieu-{stem}.pptx"
                written = [publish(out, lambda tmp: write_slides_pptx(report, tmp), closing)]
            else:
                written = export_results(report, list(FORMATS), folder / f"ket-qua-{stem}", closing)
        except (CongressError, OSError) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), title=self.t("app.error"), severity="error", timeout=8)
            self.app.call_from_thread(self.query_one("#res-file", Static).update, str(exc))
            return
        self.last_written = written
        text = self.t("results.written", what=self.t(f"results.what.{what}"), file=", ".join(str(p) for p in written))
        self.app.call_from_thread(self.query_one("#res-file", Static).update, text)

    def action_projection(self) -> None:
        if self.choice is not None:
            from congress.tui.screens.projection import ProjectionScreen

            self.app.push_screen(ProjectionScreen(*self.choice))
