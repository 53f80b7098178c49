"""Nhập phiếu bằng tay — semi-automatic counting: one ballot per line, typed by STT number.

The operator types what the ballot shows ("2 5" = names 2 and 5 struck; on a boxes ballot "1 -2 *3"
= agree 1, disagree 2, both boxes 3; "! reason" = an invalid ballot) and presses Enter. The line
becomes the JSON object of congress.counting.entries, which the service parses, judges and stores.
"""

import re
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Label, Static

from congress.counting import manual
from congress.counting.entries import Entry, entry_text, parse_entry
from congress.counting.lookup import round_context
from congress.tui.screens.base import CongressScreen

LOG_LINES = 12
DEFAULT_COUNT, DEFAULT_BATCH = "nhap-tay", "tap-1"
_TOKEN = re.compile(r"([-*]?)(\d+)$")


def typed_entry(text: str, form: str) -> dict:
    """The JSON object a typed line stands for; ValueError naming the token that is not a number."""
    text = text.strip()
    if text.startswith("!"):
        return {"invalid": text[1:].strip()}
    tokens = [tok for tok in re.split(r"[\s,;]+", text) if tok]
    if tokens in ([], ["0"], ["-"]):
        return {"struck": []} if form == "strike" else {}
    lists: dict[str, list[int]] = {}
    for token in tokens:
        found = _TOKEN.match(token)
        if found is None or (form == "strike" and found.group(1)):
            raise ValueError(token)
        key = "struck" if form == "strike" else {"": "agree", "-": "disagree", "*": "both"}[found.group(1)]
        lists.setdefault(key, []).append(int(found.group(2)))
    return lists


class ManualEntryScreen(CongressScreen):
    TITLE_KEY = "key.manual"
    HELP_KEY = "help.counting"
    BINDINGS: ClassVar = [Binding("escape", "back", "key.back", id="manual.back")]

    def __init__(self, code: str, round_no: int) -> None:
        super().__init__()
        self.code, self.round_no = code, round_no
        self.label = f"{code} lần {round_no}"
        self.form, self.names = "strike", ()  # type: tuple[str, tuple[str, ...]]
        self.entry_lines: list[str] = []
        self.entered = 0

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Vertical(id="manual"):
            yield Static(t("manual.title", label=self.label), classes="title")
            with Horizontal(classes="row"):
                yield Label(t("manual.count"))
                yield Input(DEFAULT_COUNT, id="m-count")
                yield Label(t("manual.batch"))
                yield Input(DEFAULT_BATCH, id="m-batch")
            yield Static(id="m-names", classes="muted")
            yield Input(id="m-entry")
            yield Static(id="m-preview")
            yield Static(id="m-total", classes="subtitle")
            yield Static(id="m-log")
            yield Static(t("manual.hint"), classes="muted")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#m-entry", Input).focus()

    def refresh_data(self) -> None:
        with self.read() as session:
            ctx = round_context(session, self.code, self.round_no)
            self.form, self.names = ctx.form, ctx.names
        self.query_one("#m-entry", Input).placeholder = self.t(f"manual.placeholder.{self.form}")
        self.query_one("#m-names", Static).update(
            self.t("manual.names", names=" · ".join(f"{i}. {n}" for i, n in enumerate(self.names, start=1))))

    def parse(self, text: str) -> Entry:
        """ValueError with a sentence when the line is not a ballot of this round."""
        try:
            obj = typed_entry(text, self.form)
        except ValueError as exc:
            raise ValueError(self.t("manual.bad_token", token=str(exc))) from None
        return parse_entry(obj, self.form, len(self.names))

    @on(Input.Changed, "#m-entry")
    def _typing(self, event: Input.Changed) -> None:
        preview = self.query_one("#m-preview", Static)
        if not event.value.strip():
            preview.update(self.t("manual.empty"))
            return
        try:
            entry = self.parse(event.value)
        except ValueError as exc:
            preview.update(f"[b $error]✗[/] {exc}")
            return
        preview.update(self.t("manual.preview", text=entry_text(entry.marks, self.form, entry.invalid)))

    @on(Input.Submitted, "#m-entry")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#m-preview", Static).update(self.t("manual.empty"))
            return
        try:
            entry = self.parse(event.value)
        except ValueError as exc:
            self.app.bell()
            self.app.notify(str(exc), title=self.t("app.error"), severity="error")
            return
        count = self.query_one("#m-count", Input).value
        batch = self.query_one("#m-batch", Input).value
        record = self.write(lambda s, a: manual.enter_ballot(
            s, a, round_context(s, self.code, self.round_no, freeze=True), entry, count_label=count, batch_label=batch))
        if record is None:
            return
        event.input.value = ""
        self.entered += 1
        text = entry_text(entry.marks, self.form, entry.invalid)
        self.entry_lines.insert(0, self.t("manual.entered", seq=record.entry_seq, text=text,
                                  status=self.t(f"status.{record.status}")))
        del self.entry_lines[LOG_LINES:]
        self.query_one("#m-log", Static).update("\n".join(self.entry_lines))
        self.query_one("#m-total", Static).update(self.t("manual.total", batch=batch.strip(), n=record.entry_seq))

    def action_back(self) -> None:
        self.dismiss()
