"""Xem xét phiếu — the counting committee's review queue: the crop of the sheet beside the machine's
proposal, the decision by key. Decisions go through congress.counting.review.decide (logged, beside
the machine's reading, never over it); what the queue holds is the service's review_queue."""

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from congress.counting import review
from congress.counting.lookup import RoundContext, round_context
from congress.errors import CongressError
from congress.models import SheetRecord
from congress.scanning.images import row_crop, sheet_preview
from congress.tui.screens.base import CongressScreen
from congress.tui.screens.prompts import AskModal
from congress.tui.widgets.sheet_image import SheetImage

STRIKE_MARKS = {"g": "struck", "k": "kept"}
BOX_MARKS = {"a": "agree", "d": "disagree", "b": "both", "n": "none"}


class ReviewScreen(CongressScreen):
    TITLE_KEY = "key.review"
    HELP_KEY = "help.counting"
    BINDINGS: ClassVar = [
        Binding("v", "decide('valid')", "key.valid", id="review.valid"),
        Binding("i", "invalid", "key.invalid", id="review.invalid"),
        Binding("x", "decide('rejected')", "key.reject", id="review.reject"),
        Binding("g", "mark('struck')", "key.struck", id="review.struck"),
        Binding("k", "mark('kept')", "key.kept", id="review.kept"),
        Binding("a", "mark('agree')", "key.agree", id="review.agree"),
        Binding("d", "mark('disagree')", "key.disagree", id="review.disagree"),
        Binding("b", "mark('both')", "key.both", id="review.both"),
        Binding("n", "mark('none')", "key.none", id="review.none"),
        Binding("space", "next_row", "key.next_row", id="review.next_row"),
        Binding("escape", "back", "key.back", id="review.back"),
    ]

    def __init__(self, code: str, round_no: int) -> None:
        super().__init__()
        self.code, self.round_no = code, round_no
        self.items: list[review.ReviewItem] = []
        self.names: tuple[str, ...] = ()
        self.form = ""
        self.label = f"{code} lần {round_no}"
        self.row_index = 0
        self.chosen: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        yield Static(t("review.title", label=self.label), classes="title", id="r-title")
        with Horizontal(id="review"):
            with Vertical(id="r-left"):
                table: DataTable[str] = DataTable(id="r-queue", cursor_type="row")
                table.add_columns(t("review.col.position"), t("review.col.proposal"), t("review.col.reason"))
                yield table
            with Vertical(id="r-right"):
                yield SheetImage(id="r-image")
                yield Static(id="r-proposal")
                yield Static(id="r-row", classes="subtitle")
                yield Static(id="r-chosen")
        yield Footer(compact=True)

    def context(self, session) -> RoundContext:  # type: ignore[no-untyped-def]
        return round_context(session, self.code, self.round_no)

    def refresh_data(self) -> None:
        table = self.query_one("#r-queue", DataTable)
        keep = max(table.cursor_row, 0)
        with self.read() as session:
            ctx = self.context(session)
            self.names, self.form = ctx.names, ctx.form
            self.items = review.review_queue(session, ctx)
        table.clear()
        for item in self.items:
            table.add_row(item.position, self.t(f"status.{item.proposal}"), item.reason)
        if self.items:
            table.move_cursor(row=min(keep, len(self.items) - 1))
            table.focus()
        self.select_item()

    # --- the current sheet ---------------------------------------------------------------------------

    @property
    def item(self) -> review.ReviewItem | None:
        row = self.query_one("#r-queue", DataTable).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def uncertain_rows(self) -> list[int]:
        item = self.item
        return [n for n, m in sorted(item.marks.items()) if m == "uncertain"] if item else []

    @on(DataTable.RowHighlighted, "#r-queue")
    def _highlighted(self) -> None:
        self.select_item()

    def select_item(self) -> None:
        self.row_index, self.chosen = 0, {}
        item = self.item
        if item is None:
            self.query_one(SheetImage).show_text(self.t("review.empty"))
            for widget_id in ("#r-proposal", "#r-row", "#r-chosen"):
                self.query_one(widget_id, Static).update("")
            return
        lines = [f"[b]{self.t(f'review.kind.{item.kind}')}[/b] — {item.reason}"]
        for number, mark in sorted(item.marks.items()):
            name = self.names[number - 1] if 1 <= number <= len(self.names) else "?"
            shown = f"[b $warning]{self.t('mark.uncertain')}[/]" if mark == "uncertain" else self.t(f"mark.{mark}")
            lines.append(f"{number}. {name}: {shown}")
        self.query_one("#r-proposal", Static).update("\n".join(lines))
        self.show_row()

    def show_row(self) -> None:
        item, rows = self.item, self.uncertain_rows()
        number = rows[self.row_index] if rows and self.row_index < len(rows) else None
        if number is not None:
            keys = self.t(f"review.keys.{self.form}")
            mark = self.t(f"mark.{self.chosen.get(number, 'uncertain')}")
            self.query_one("#r-row", Static).update(self.t(
                "review.row", number=number, name=self.names[number - 1], mark=mark, keys=keys))
        else:
            self.query_one("#r-row", Static).update("")
        chosen = ", ".join(f"{n}: {self.t(f'mark.{m}')}" for n, m in sorted(self.chosen.items()))
        self.query_one("#r-chosen", Static).update(self.t("review.chosen", marks=chosen) if chosen else "")
        if item is not None:
            self.load_picture(item.sheet_id, number)

    @work(thread=True, exclusive=True, group="crop")
    def load_picture(self, sheet_id: str, number: int | None) -> None:
        """Decoding and aligning the kept image takes a moment: never on the input loop."""
        scans_dir = self.capp.settings.data_dir / "scans"
        picture = self.query_one(SheetImage)
        try:
            with self.read() as session:
                record = session.get(SheetRecord, sheet_id)
                if record is None or record.method == "manual":
                    self.app.call_from_thread(picture.show_text, self.t("review.no_picture"))
                    return
                png = row_crop(session, scans_dir, record, number) if number else \
                    sheet_preview(session, scans_dir, record, 800)
        except CongressError as exc:
            self.app.call_from_thread(picture.show_text, str(exc))
            return
        where = record.source.rsplit("/", 1)[-1] + f" · {record.page + 1}"
        self.app.call_from_thread(picture.show_png, png, where + (f" · {number}" if number else ""))

    # --- decisions -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark" and parameters:
            allowed = STRIKE_MARKS if self.form == "strike" else BOX_MARKS
            return None if parameters[0] not in allowed.values() else True
        return True

    def action_mark(self, mark: str) -> None:
        rows = self.uncertain_rows()
        if not rows:
            return
        number = rows[min(self.row_index, len(rows) - 1)]
        self.chosen[number] = mark
        self.row_index = min(self.row_index + 1, len(rows) - 1) if len(self.chosen) < len(rows) else self.row_index
        self.show_row()

    def action_next_row(self) -> None:
        rows = self.uncertain_rows()
        if rows:
            self.row_index = (self.row_index + 1) % len(rows)
            self.show_row()

    def action_decide(self, status: str, reason: str = "") -> None:
        item = self.item
        if item is None:
            return
        missing = [n for n in self.uncertain_rows() if n not in self.chosen]
        if status == "valid" and missing:
            self.app.notify(self.t("review.need_marks", numbers=", ".join(map(str, missing))), severity="warning")
            return
        marks = dict(self.chosen) if status == "valid" else {}
        decided = self.write(lambda s, a: review.decide(s, a, self.context(s), item.sheet_id, status, reason=reason,
                                                        marks=marks))
        if decided is not None:
            self.app.notify(self.t("review.decided", status=self.t(f"status.{status}"), position=item.position))
            self.refresh_data()

    def action_invalid(self) -> None:
        item = self.item
        if item is None:
            return
        prefill = item.reason if item.kind == "confirm_invalid" else ""

        def answered(reason: str | None) -> None:
            if reason is not None and reason.strip():
                self.action_decide("invalid", reason)

        self.app.push_screen(AskModal(self.t("review.reason"), self.t("review.reason_hint"), prefill), answered)

    def action_back(self) -> None:
        self.dismiss()
