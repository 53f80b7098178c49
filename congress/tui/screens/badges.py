"""Thẻ đại biểu — choose the layout and who, print to PDF in a worker with a progress bar.

Printing goes through congress.badges.printing.print_badges (one transaction, the file written
last), the same as the CLI; reprinting one person revokes their old badge.
"""

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from sqlmodel import select
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Footer, Header, Input, Label, ProgressBar, Select, Static

from congress.badges import pdf
from congress.badges import service as badges
from congress.badges.printing import print_badges
from congress.congresses import get_congress
from congress.errors import CongressError
from congress.models import Delegation
from congress.registry.voting import categories_for
from congress.tui.screens.base import CongressScreen
from congress.vi import format_int

STEPS = 4  # select, issue, faces, render


class BadgesScreen(CongressScreen):
    TITLE_KEY = "mode.badges"
    HELP_KEY = "help.badges"
    BINDINGS: ClassVar = [Binding("ctrl+g", "print_badges", "key.print", id="badges.print")]

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Vertical(id="badges"):
            with Horizontal(classes="row"):
                yield Select([(t(f"badges.layout.{name}"), name) for name in pdf.LAYOUTS], value="a6",
                             allow_blank=False, id="b-layout")
                yield Select([], prompt=t("delegates.filter.delegation"), id="b-delegation")
                yield Select([], prompt=t("delegates.filter.category"), id="b-category")
            yield Label(t("badges.only"))
            yield Input(id="b-only")
            yield Checkbox(t("badges.reprint"), id="b-reprint")
            yield ProgressBar(total=STEPS, show_eta=False, id="b-progress")
            yield Static(id="b-status")
            yield Static(id="b-summary", classes="muted")
        yield Footer(compact=True)

    def refresh_data(self) -> None:
        t = self.t
        with self.read() as session:
            kind = get_congress(session).kind
            names = [d.name for d in session.exec(select(Delegation).order_by(Delegation.sort_order))]  # type: ignore[arg-type]
            rows = badges.badge_rows(session)
        live = sum(1 for r in rows if not r.get("revoked_at"))
        self.query_one("#b-delegation", Select).set_options([(n, n) for n in names])
        self.query_one("#b-category", Select).set_options([(t(f"category.{c}"), c) for c in categories_for(kind)])
        self.query_one("#b-summary", Static).update(t("badges.summary", live=format_int(live), total=format_int(len(rows))))

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def action_print_badges(self) -> None:
        only = [p.strip() for p in self.query_one("#b-only", Input).value.split(",") if p.strip()]
        out_dir = self.capp.settings.data_dir / "badges"
        name = f"the-dai-bieu-{datetime.now().strftime('%Y%m%d-%H%M%S')}.pdf"
        self.query_one("#b-progress", ProgressBar).update(progress=0)
        self.print_worker(self._value("#b-layout") or "a6", only, self._value("#b-delegation"),
                          self._value("#b-category"), self.query_one("#b-reprint", Checkbox).value, out_dir / name)

    def _step(self, text: str) -> None:
        self.query_one("#b-progress", ProgressBar).advance(1)
        self.query_one("#b-status", Static).update(text)

    @work(thread=True, exclusive=True, group="badges")
    def print_worker(self, layout: str, only: list[str], delegation: str | None, category: str | None,
                     reprint: bool, out: Path) -> None:
        t, call = self.t, self.app.call_from_thread
        out.parent.mkdir(parents=True, exist_ok=True)

        def progress(step: str, n: int) -> None:
            if step != "select":
                call(self._step, t(f"badges.step.{step}", n=format_int(n)))

        try:
            printed = print_badges(self.engine, self.actor, out, layout=layout, only=only, delegation=delegation,
                                   category=category, reprint=reprint or bool(only), progress=progress)
        except CongressError as exc:
            call(self.app.notify, str(exc), severity="error", timeout=8)
            call(self.query_one("#b-status", Static).update, str(exc))
            return
        issued, pages = printed.rows, printed.pages
        self.last_output = out
        call(self._step, t("badges.done", n=format_int(len(issued)), pages=format_int(pages), file=str(out)))
        call(self.refresh_data)
