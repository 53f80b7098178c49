"""The Textual application: one app for the whole congress, keyboard-first."""

from pathlib import Path

from sqlalchemy import Engine
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header

from congress.settings import Settings
from congress.tui.i18n import Translator
from congress.tui.screens.dashboard import Dashboard

STYLES = Path(__file__).with_name("styles")


class CongressApp(App[None]):
    """App factory target used by the CLI, the Pilot tests and the snapshot tests."""

    CSS_PATH = [STYLES / "app.tcss"]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, engine: Engine, settings: Settings) -> None:
        super().__init__()
        self.engine = engine
        self.settings = settings
        self.t = Translator(settings.lang)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Dashboard(self.engine, self.t, id="dashboard")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.t("app.title")


def run_app(engine: Engine, settings: Settings) -> None:
    CongressApp(engine, settings).run()
