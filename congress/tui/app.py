"""The Textual application: one app for the whole congress, keyboard-first.

Each workflow is a Textual *mode* (its own screen stack) opened with F2–F8 or 1–7; F1 shows help
for the current screen, Ctrl+P the command palette. Every change goes through the services in
one transaction, so quitting at any moment (even Ctrl+Q during a scan) loses nothing committed.
"""

import importlib
from pathlib import Path
from typing import ClassVar

from sqlalchemy import Engine
from sqlmodel import Session
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from congress import accounts
from congress.actor import Actor, Role
from congress.errors import CongressError
from congress.settings import Settings
from congress.tui.commands import CongressCommands
from congress.tui.i18n import Translator, translate_bindings
from congress.tui.nav import WORKFLOWS, Workflow

STYLES = Path(__file__).with_name("styles")


def _screen_factory(item: Workflow):  # type: ignore[no-untyped-def]
    module_name, class_name = item.screen.split(":")

    def build() -> Screen:
        module = importlib.import_module(f"congress.tui.screens.{module_name}")
        return getattr(module, class_name)()

    return build


class CongressApp(App[None]):
    """App factory target used by the CLI, the Pilot tests and the snapshot tests."""

    CSS_PATH: ClassVar = [STYLES / "app.tcss"]
    COMMANDS: ClassVar = App.COMMANDS | {CongressCommands}
    ENABLE_COMMAND_PALETTE = True
    DEFAULT_MODE = "dashboard"
    BINDINGS: ClassVar = [
        Binding("ctrl+q", "request_quit", "key.quit", id="app.quit", priority=True),
        Binding("ctrl+c", "ctrl_c", "key.ctrl_c", show=False, id="app.ctrl_c"),
        Binding("f1", "help", "key.help", id="app.help"),
        # Seven workflow keys do not fit a footer beside each screen's own keys: F1 help and the
        # command palette list them, and the dashboard shows them.
        *(Binding(f"{w.fkey},{w.digit}", f"go('{w.mode}')", f"mode.{w.mode}", id=f"go.{w.mode}",
                  show=False) for w in WORKFLOWS),
    ]

    def __init__(self, engine: Engine, settings: Settings, actor: Actor | None = None,
                 start: str = "dashboard") -> None:
        super().__init__()
        self.engine = engine
        self.settings = settings
        self.t = Translator(settings.lang)
        self._actor = actor
        self._start = start
        self._quit_armed = False
        translate_bindings(self._bindings, self.t)
        self.COMMAND_PALETTE_DISPLAY = self.t("key.palette")  # the footer's palette label
        for item in WORKFLOWS:
            self.add_mode(item.mode, _screen_factory(item))

    @property
    def actor(self) -> Actor:
        """Who acts: given, or the local administrator before accounts exist (accounts.current_actor)."""
        if self._actor is None:
            try:
                with Session(self.engine) as session:
                    self._actor = accounts.current_actor(session, self.settings)
            except CongressError as exc:
                # Without a valid login the interface still opens, read only: services refuse changes.
                self.notify(self.t("app.readonly", reason=str(exc)), severity="warning", timeout=10)
                self._actor = Actor(self.settings.user or "viewer", Role.VIEWER, self.settings.station)
        return self._actor

    def on_mount(self) -> None:
        self.title = self.t("app.title")
        if self._start != self.DEFAULT_MODE:
            self.switch_mode(self._start)

    def action_go(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_help(self) -> None:
        from congress.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_ctrl_c(self) -> None:
        # Ctrl+C copies in inputs; elsewhere it tells how to quit. Nothing is pending: data is safe.
        self.notify(self.t("app.ctrl_c"), timeout=4)

    def busy_workers(self) -> int:
        return sum(1 for worker in self.workers if worker.is_running)

    def action_request_quit(self) -> None:
        """Quit; while a worker runs, ask for a second press (its finished items are already saved)."""
        busy = self.busy_workers()
        if busy and not self._quit_armed:
            self._quit_armed = True
            self.notify(self.t("app.quit_busy", n=busy), severity="warning", timeout=6)
            return
        self.exit()


def run_app(engine: Engine, settings: Settings, actor: Actor | None = None) -> None:
    from congress.tui.widgets.sheet_image import prime

    prime()  # textual-image asks the terminal its cell size: only possible before the app starts
    CongressApp(engine, settings, actor).run()
