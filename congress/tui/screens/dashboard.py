"""Tổng quan — the congress at a glance."""

from sqlalchemy import Engine
from sqlmodel import Session, func, select
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from congress.congresses import get_congress
from congress.models import Delegate, Delegation
from congress.tui.i18n import Translator
from congress.vi import format_int

VOTING_CATEGORIES = ("official", "ex_officio", "appointed", "member")


class Dashboard(Vertical):
    def __init__(self, engine: Engine, t: Translator, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.engine = engine
        self.t = t

    def compose(self) -> ComposeResult:
        yield Static(id="congress-name", classes="title")
        yield Static(id="congress-facts")
        yield Static(id="congress-counts")

    def on_mount(self) -> None:
        self.refresh_facts()

    def refresh_facts(self) -> None:
        t = self.t
        with Session(self.engine) as session:
            congress = get_congress(session)
            people = session.exec(select(func.count()).select_from(Delegate)).one()
            voters = session.exec(
                select(func.count()).select_from(Delegate).where(Delegate.category.in_(VOTING_CATEGORIES))  # type: ignore[attr-defined]
            ).one()
            delegations = session.exec(select(func.count()).select_from(Delegation)).one()
        self.query_one("#congress-name", Static).update(congress.name)
        self.query_one("#congress-facts", Static).update(
            f"{t(f'dashboard.kind.{congress.kind}')} · {t('dashboard.level')}: {congress.level} · "
            f"{t('dashboard.term')}: {congress.term}"
        )
        self.query_one("#congress-counts", Static).update(
            f"{t('dashboard.people')}: {format_int(people)}   "
            f"{t('dashboard.voters')}: {format_int(voters)}   "
            f"{t('dashboard.delegations')}: {format_int(delegations)}"
        )
