"""Tư cách đại biểu — a credentials (or membership status) decision with its reason."""

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from congress.congresses import get_congress
from congress.registry import credentials
from congress.registry import delegates as registry
from congress.registry.voting import statuses_for
from congress.tui.screens.forms import FormScreen


class CredentialsForm(FormScreen):
    def __init__(self, delegate_id: int, name: str) -> None:
        super().__init__()
        self.delegate_id = delegate_id
        self.person = name

    def compose(self) -> ComposeResult:
        t = self.t
        with self.read() as session:
            kind = get_congress(session).kind
            current = registry.get_delegate(session, self.delegate_id).status
        with Vertical(classes="form-box"):
            yield Static(t("cred.title", name=self.person), classes="title")
            yield Select([(t(f"status.{s}"), s) for s in statuses_for(kind)], value=current, allow_blank=False,
                         id="c-status")
            yield Label(t("cred.reason"))
            yield Input(id="c-reason")
            yield Static(t("form.hint"), classes="muted")

    def action_save(self) -> None:
        status = str(self.query_one("#c-status", Select).value)
        reason = self.query_one("#c-reason", Input).value
        delegate_id = self.delegate_id
        saved = self.write(lambda s, a: credentials.set_status(s, a, delegate_id, status, reason))
        if saved is not None:
            self.app.notify(self.t("cred.saved", name=self.person, status=self.t(f"status.{status}")))
            self.dismiss(True)
