"""Tổng quan — the congress at a glance: who is here, the next denominator, elections, alerts."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Static

from congress.tui.facts import DashboardFacts, gather
from congress.tui.i18n import Translator
from congress.tui.nav import WORKFLOWS, may_open
from congress.tui.screens.base import CongressScreen
from congress.vi import format_int


def _n(value: int | None) -> str:
    return "—" if value is None else format_int(value)


class DashboardScreen(CongressScreen):
    TITLE_KEY = "mode.dashboard"
    HELP_KEY = "help.dashboard"
    BINDINGS: ClassVar = [Binding("r", "refresh", "key.refresh", id="dashboard.refresh")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static(id="congress-name", classes="title")
            yield Static(id="congress-facts")
            with Horizontal(id="dashboard-panels"):
                with Vertical(classes="panel", id="panel-attendance"):
                    yield Static(self.t("dashboard.attendance"), classes="subtitle")
                    yield Static(id="congress-counts")
                    yield Static(id="attendance")
                    yield Static(id="denominator")
                with Vertical(classes="panel", id="panel-elections"):
                    yield Static(self.t("dashboard.elections"), classes="subtitle")
                    yield Static(id="elections")
                with Vertical(classes="panel", id="panel-alerts"):
                    yield Static(self.t("dashboard.alerts"), classes="subtitle")
                    yield Static(id="alerts")
            yield Static(self._workflow_keys(), id="workflow-keys")
        yield Footer(compact=True)

    def _workflow_keys(self) -> str:
        """Where everything is: the F-keys (and digits) of every workflow; struck through where the
        account's role may not open it."""
        role = self.actor.role
        keys = (f"{w.fkey.upper()}/{w.digit} {self.t(f'mode.{w.mode}')}" for w in WORKFLOWS)
        return "   ".join(key if may_open(role, w) else f"[strike]{key}[/strike]"
                           for key, w in zip(keys, WORKFLOWS, strict=True))

    def refresh_data(self) -> None:
        with self.read() as session:
            facts = gather(session)
        self.show(facts)

    def action_refresh(self) -> None:
        self.refresh_data()

    def _level(self, f: DashboardFacts) -> str:
        vi_name, en_name = f.level_names
        return (en_name if self.t.lang == "en" else vi_name) or f.level

    def show(self, f: DashboardFacts) -> None:
        t = self.t
        self.query_one("#congress-name", Static).update(f.name)
        self.query_one("#congress-facts", Static).update(
            f"{t(f'dashboard.kind.{f.kind}')} · {t('dashboard.level')}: {self._level(f)} · {t('dashboard.term')}: {f.term}"
        )
        self.query_one("#congress-counts", Static).update(
            f"{t('dashboard.people')}: {format_int(f.people)}\n"
            f"{t('dashboard.voters')}: {format_int(f.voters)}\n"
            f"{t('dashboard.delegations')}: {format_int(f.delegations)}"
        )
        sitting = t("dashboard.sitting", name=f.sitting) if f.sitting else t("dashboard.no_sitting")
        self.query_one("#attendance", Static).update(
            f"{t('dashboard.summoned')}: {format_int(f.summoned)} · {t('dashboard.present')}: {_n(f.present)} · "
            f"{t('dashboard.absent')}: {_n(f.absent)}\n{sitting}"
        )
        denominator = format_int(f.denominator) if f.denominator is not None else t("dashboard.denominator_na")
        self.query_one("#denominator", Static).update(f"{t('dashboard.denominator')}: [b]{denominator}[/b]")
        self.query_one("#elections", Static).update(self._elections_text(f, t))
        self.query_one("#alerts", Static).update(self._alerts_text(f, t))

    @staticmethod
    def _elections_text(f: DashboardFacts, t: Translator) -> str:
        if not f.elections:
            return t("dashboard.no_elections")
        lines = []
        for e in f.elections:
            state = t(f"round.{e.round_status}") if e.round_status else t("round.none")
            lines.append(f"[b]{e.code}[/b] {e.title} ({e.seats}) — {state}")
        return "\n".join(lines)

    @staticmethod
    def _alerts_text(f: DashboardFacts, t: Translator) -> str:
        alerts = []
        if f.review:
            alerts.append("[b $warning]⚠[/] " + t("dashboard.alert.review", n=format_int(f.review)))
        if f.rejected:
            alerts.append("[b $error]⚠[/] " + t("dashboard.alert.duplicate", n=format_int(f.rejected)))
        if f.refused:
            alerts.append("[b $warning]⚠[/] " + t("dashboard.alert.refused", n=format_int(f.refused)))
        return "\n".join(alerts) if alerts else t("dashboard.no_alerts")
