"""Trình chiếu — the result for the hall: full screen, large, high contrast, updating itself.

The data is congress.counting.projection (the same the PDF slides draw). Bars are drawn two lines
tall with a blank line between, the elected in bold with ★; Escape returns to the results.
"""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from congress.counting.lookup import round_context
from congress.counting.projection import projection
from congress.counting.results import round_report
from congress.errors import CongressError
from congress.tui.screens.base import CongressScreen
from congress.tui.widgets.bar_chart import BarChart

REFRESH_SECONDS = 5.0  # a provisional result keeps moving while the count is open


class ProjectionScreen(CongressScreen):
    TITLE_KEY = "key.projection"
    HELP_KEY = "help.results"
    BINDINGS: ClassVar = [
        Binding("escape,q", "back", "key.back", id="projection.back"),
        Binding("r", "refresh", "key.refresh", id="projection.refresh", show=False),
    ]

    def __init__(self, code: str, round_no: int) -> None:
        super().__init__()
        self.code, self.round_no = code, round_no

    def compose(self) -> ComposeResult:
        with Vertical(id="projection"):
            yield Static(id="p-title")
            yield Static(id="p-subtitle")
            yield Static(id="p-facts")
            yield BarChart(spacing=1, id="p-chart")
            yield Static(id="p-outcome")
            yield Static(self.t("projection.hint"), id="p-hint")

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self.refresh_data)

    def refresh_data(self) -> None:
        try:
            with self.read() as session:
                proj = projection(round_report(session, round_context(session, self.code, self.round_no)))
        except CongressError as exc:
            self.query_one("#p-title", Static).update(str(exc))
            return
        self.query_one("#p-title", Static).update(proj.title)
        self.query_one("#p-subtitle", Static).update(proj.subtitle)
        self.query_one("#p-facts", Static).update(f"{proj.denominator_text}\n{proj.ballots_text}")
        self.query_one(BarChart).show(proj.bars, proj.threshold_share)
        elected = f"\n{proj.elected_text}" if proj.elected_text else ""
        self.query_one("#p-outcome", Static).update(f"{proj.outcome}{elected}\n{proj.percent_basis}")

    def action_refresh(self) -> None:
        self.refresh_data()

    def action_back(self) -> None:
        self.dismiss()
