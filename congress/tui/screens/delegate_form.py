"""Thêm / sửa đại biểu — one person's registry fields, saved through the registry service."""

from sqlmodel import select
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from congress.congresses import get_congress
from congress.models import Delegation
from congress.registry import delegates as registry
from congress.registry.voting import categories_for
from congress.tui.screens.forms import FormScreen
from congress.vi import format_date, full_name

TEXT_FIELDS = ("family_name", "middle_name", "given_name", "birth", "gender", "code", "title", "unit")


class DelegateForm(FormScreen):
    def __init__(self, delegate_id: int | None) -> None:
        super().__init__()
        self.delegate_id = delegate_id

    def compose(self) -> ComposeResult:
        t = self.t
        with self.read() as session:
            kind = get_congress(session).kind
            delegations = [d.name for d in session.exec(
                select(Delegation).order_by(Delegation.sort_order, Delegation.name))]  # type: ignore[arg-type]
            values: dict[str, object] = {}
            title = t("form.add_title")
            if self.delegate_id is not None:
                d = registry.get_delegate(session, self.delegate_id)
                birth = format_date(d.birth_date) if d.birth_date else (str(d.birth_year) if d.birth_year else "")
                values = {"family_name": d.family_name, "middle_name": d.middle_name, "given_name": d.given_name,
                          "birth": birth, "gender": d.gender, "code": d.code or "", "title": d.title, "unit": d.unit,
                          "category": d.category,
                          "delegation": session.get(Delegation, d.delegation_id).name if d.delegation_id else None}
                title = t("form.edit_title", name=full_name(d.family_name, d.middle_name, d.given_name))
        with VerticalScroll(classes="form-box"):
            yield Static(title, classes="title")
            for name in TEXT_FIELDS:
                yield Label(t(f"form.{name}"))
                yield Input(str(values.get(name, "") or ""), id=f"f-{name}")
            yield Label(t("delegates.col.category"))
            yield Select([(t(f"category.{c}"), c) for c in categories_for(kind)], id="f-category",
                         value=values.get("category") or categories_for(kind)[0], allow_blank=False)
            yield Label(t("delegates.col.delegation"))
            yield Select([(n, n) for n in delegations], id="f-delegation",
                         value=values.get("delegation") or Select.NULL)
            yield Static(t("form.hint"), classes="muted")

    def on_mount(self) -> None:
        self.query_one("#f-family_name", Input).focus()

    def collected(self) -> dict[str, object]:
        fields: dict[str, object] = {name: self.query_one(f"#f-{name}", Input).value for name in TEXT_FIELDS}
        fields["birth"] = fields["birth"] or None
        fields["category"] = self.query_one("#f-category", Select).value
        delegation = self.query_one("#f-delegation", Select).value
        fields["delegation"] = None if delegation is Select.NULL else delegation
        return fields

    def action_save(self) -> None:
        fields = self.collected()
        if self.delegate_id is None:
            saved = self.write(lambda s, a: registry.add_delegate(s, a, **fields))
        else:
            delegate_id = self.delegate_id
            saved = self.write(lambda s, a: registry.edit_delegate(s, a, delegate_id, **fields))
        if saved is not None:
            self.app.notify(self.t("form.saved", name=full_name(saved.family_name, saved.middle_name, saved.given_name)))
            self.dismiss(True)
