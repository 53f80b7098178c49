"""What every workflow screen shares: the database, the acting account, translation, errors."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Engine
from sqlmodel import Session
from textual.screen import Screen

from congress import db
from congress.actor import Actor
from congress.errors import CongressError
from congress.tui.i18n import Translator, translate_bindings

if TYPE_CHECKING:
    from congress.tui.app import CongressApp

T = TypeVar("T")


class ServiceMixin:
    """Call services in one unit of work; a CongressError becomes a notification, not a crash."""

    @property
    def capp(self) -> "CongressApp":
        return cast("CongressApp", cast(Any, self).app)

    @property
    def engine(self) -> Engine:
        return self.capp.engine

    @property
    def t(self) -> Translator:
        return self.capp.t

    @property
    def actor(self) -> Actor:
        return self.capp.actor

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        with Session(self.engine) as session:
            yield session

    def write(self, change: Callable[[Session, Actor], T]) -> T | None:
        """Run `change(session, actor)` in one transaction; show its error and return None on failure."""
        try:
            with db.unit_of_work(self.engine) as session:
                return change(session, self.actor)
        except CongressError as exc:
            self.capp.notify(str(exc), title=self.t("app.error"), severity="error", timeout=8)
            return None


class CongressScreen(ServiceMixin, Screen[None]):
    """A workflow screen: bindings described by catalogue keys, translated when built."""

    TITLE_KEY = "app.title"
    HELP_KEY = ""  # catalogue key of the screen's help text (F1)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self._bindings, self.t)  # screens are built inside the running app

    def on_mount(self) -> None:
        # Runs after the subclass's on_mount (Textual dispatches down the MRO from the subclass).
        self.sub_title = self.t(self.TITLE_KEY)
        self._loaded = True
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read what the screen shows (on F5-style refresh and when the screen is shown again)."""

    def on_screen_resume(self) -> None:
        if getattr(self, "_loaded", False):
            self.refresh_data()
