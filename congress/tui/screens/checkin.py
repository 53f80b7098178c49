"""Điểm danh — the desk: one always-focused input; a scanner's code + Enter checks in, typing searches.

The decision, its event and its Vietnamese message all come from congress.checkin.service.scan;
this screen only shows them big, rings the bell on a refusal and keeps the counts live.
"""

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Static

from congress.badges import tokens
from congress.checkin import attendance, service, sittings
from congress.checkin.decision import Direction
from congress.tui.delegate_index import DelegateRow, Filters, filter_rows, load_rows
from congress.tui.screens.base import CongressScreen
from congress.tui.widgets.desk_result import DeskResult
from congress.vi import format_int

MATCHES_SHOWN = 8


def looks_like_code(text: str) -> bool:
    """A wedge scanner types the badge code: the fixed prefix, then letters and digits."""
    return tokens.normalise(text).startswith(tokens.PREFIX)


class CheckinScreen(CongressScreen):
    TITLE_KEY = "mode.checkin"
    HELP_KEY = "help.checkin"
    BINDINGS: ClassVar = [
        Binding("ctrl+r", "toggle_direction", "key.direction", id="checkin.direction"),
        Binding("ctrl+t", "toggle_sitting", "key.sitting", id="checkin.sitting"),
        Binding("escape", "clear", "key.clear", id="checkin.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.direction = Direction.ENTRY
        self.rows: list[DelegateRow] = []
        self.matches: list[DelegateRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="desk"):
            with Horizontal(id="desk-top"):
                yield Static(id="desk-sitting")
                yield Static(id="desk-direction")
                yield Static(id="desk-counts")
            yield Input(placeholder=self.t("checkin.placeholder"), id="desk-input")
            yield DeskResult(id="desk-result")
            yield Static(id="desk-matches")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DeskResult).idle(self.t("checkin.ready"))
        self.query_one("#desk-input", Input).focus()

    def refresh_data(self) -> None:
        with self.read() as session:
            self.rows = load_rows(session)
            summary = attendance.summary(session)
        self._show_counts(summary)
        self._show_direction()
        self.query_one("#desk-input", Input).focus()

    def _show_counts(self, summary: dict) -> None:
        t = self.t
        sitting = summary["sitting"]
        if sitting is None or not sitting["open"]:
            self.query_one("#desk-sitting", Static).update(t("checkin.no_sitting"))
        else:
            self.query_one("#desk-sitting", Static).update(t("checkin.sitting", n=sitting["number"], name=sitting["name"]))
        self.query_one("#desk-counts", Static).update(t(
            "checkin.counts", present=format_int(summary["present_now_voting"]), voters=format_int(summary["voters"]),
            everyone=format_int(summary["present_now"])))

    def _show_direction(self) -> None:
        self.query_one("#desk-direction", Static).update(self.t(f"checkin.direction.{self.direction.value}"))

    # --- the one input ----------------------------------------------------------------------------

    def on_descendant_blur(self) -> None:
        # The desk input keeps the focus: a scan must never land in another widget.
        if self.app.screen is self:
            self.call_after_refresh(self.query_one("#desk-input", Input).focus)

    @on(Input.Changed, "#desk-input")
    def _typing(self, event: Input.Changed) -> None:
        text = event.value
        if not text.strip() or looks_like_code(text):
            self.matches = []
            self.query_one("#desk-matches", Static).update("")
            return
        self.matches = filter_rows(self.rows, Filters(query=text))
        lines = [f"{r.name} — {r.delegation}" for r in self.matches[:MATCHES_SHOWN]]
        more = len(self.matches) - MATCHES_SHOWN
        if more > 0:
            lines.append(self.t("checkin.more", n=more))
        self.query_one("#desk-matches", Static).update("\n".join(lines) or self.t("checkin.no_match"))

    @on(Input.Submitted, "#desk-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value
        event.input.value = ""
        if not text.strip():
            return
        if looks_like_code(text) or not self.matches:
            self.check_in(text)
        elif len(self.matches) == 1:
            self.admit(self.matches[0])
        else:
            event.input.value = text  # keep the query so the operator can narrow it down
            self.query_one(DeskResult).idle(self.t("checkin.narrow", n=len(self.matches)))

    def check_in(self, raw: str) -> None:
        direction = self.direction
        self._show_result(self.write(
            lambda s, a: service.scan(s, a, raw, station=self.capp.settings.station, direction=direction)))

    def _show_result(self, result: service.ScanResult | None) -> None:
        if result is None:
            return
        d = result.decision
        person = result.delegate or {}
        self.query_one(DeskResult).show(d.outcome.value, d.kind, person.get("name", ""), person.get("delegation", ""),
                                        d.message)
        if not d.accepted:
            self.app.bell()
        self.refresh_data()

    def admit(self, row: DelegateRow) -> None:
        """Exactly one person matches the typed name: check them in (or out) without a badge."""
        direction = self.direction
        self._show_result(self.write(
            lambda s, a: service.admit(s, a, row.id, station=self.capp.settings.station, direction=direction)))
        self.query_one("#desk-matches", Static).update("")

    # --- actions ----------------------------------------------------------------------------------

    def action_clear(self) -> None:
        self.query_one("#desk-input", Input).value = ""
        self.query_one(DeskResult).idle(self.t("checkin.ready"))

    def action_toggle_direction(self) -> None:
        self.direction = Direction.EXIT if self.direction is Direction.ENTRY else Direction.ENTRY
        self._show_direction()

    def action_toggle_sitting(self) -> None:
        """Close the open sitting, or open the next one."""
        def toggle(session, actor):  # type: ignore[no-untyped-def]
            current = sittings.open_sitting_now(session)
            if current is not None:
                return sittings.close_sitting(session, actor, current.number)
            numbers = [s.number for s in sittings.list_sittings(session)]
            number = max(numbers, default=0) + 1
            return sittings.open_sitting(session, actor, number, self.t("checkin.sitting_name", n=number))

        if self.write(toggle) is not None:
            self.refresh_data()
