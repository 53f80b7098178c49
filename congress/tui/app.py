"""The Textual application: one app for the whole congress, keyboard-first.

Each workflow is a Textual *mode* (its own screen stack) opened with F2–F8 or 1–7; F1 shows help
for the current screen, Ctrl+P the command palette. Every change goes through the services in
one transaction, so quitting at any moment (even Ctrl+Q during a scan) loses nothing committed.

The app starts in the "login" mode. Where nobody needs to log in (no account yet, valid
CONGRESS_USER/CONGRESS_PASSWORD, or an actor handed in) it moves on before the first frame; else
the login screen asks, and "log out" in the command palette comes back to it with fresh screens.
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
from congress.errors import Forbidden
from congress.settings import Settings
from congress.tui import login
from congress.tui.commands import CongressCommands
from congress.tui.i18n import Translator, translate_bindings
from congress.tui.nav import WORKFLOWS, Workflow, may_open, workflow

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
    DEFAULT_MODE = "login"  # left at once when nobody needs to log in (on_mount)
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
        self.accounts_exist = False
        self.throttle = login.Throttle()
        self.login_user = ""    # what the login screen fills in and says when it opens
        self.login_notice = ""
        translate_bindings(self._bindings, self.t)
        self.COMMAND_PALETTE_DISPLAY = self.t("key.palette")  # the footer's palette label
        self.add_mode("login", _login_screen)
        for item in WORKFLOWS:
            self.add_mode(item.mode, _screen_factory(item))

    @property
    def actor(self) -> Actor:
        """Who acts: handed in, logged in, or the local administrator before accounts exist."""
        if self._actor is None:
            raise Forbidden(self.t("login.required"))
        return self._actor

    def role_label(self, role: Role) -> str:
        return self.t(f"role.{role.value}")

    @property
    def logged_in(self) -> bool:
        return self._actor is not None

    def on_load(self) -> None:
        # Before the first screen is built: who opens the interface decides what the login screen says.
        with Session(self.engine) as session:
            if self._actor is not None:
                self.accounts_exist = accounts.has_accounts(session)
                return
            found = login.opening(session, self.settings)
        self._actor, self.accounts_exist, self.login_user = found.actor, found.accounts_exist, found.user
        self.login_notice = self.t("login.environment_failed") if found.environment_failed else ""

    def on_mount(self) -> None:
        self._show_user()
        if self._actor is not None:
            self._enter(self._start)

    def _show_user(self) -> None:
        title = self.t("app.title")
        if self._actor is not None and self.accounts_exist:  # no account, no name to show: nothing changes
            title = self.t("app.user_title", title=title, user=self._actor.username,
                           role=self.role_label(self._actor.role))
        self.title = title

    def _enter(self, mode: str) -> None:
        """The first screen after opening or logging in: `mode` if the role may open it, else the dashboard."""
        if not self._refused(workflow(mode)):
            self.switch_mode(mode)
        else:
            self.switch_mode("dashboard")

    def _refused(self, item: Workflow) -> bool:
        """Whether the acting account may not open `item`; says why (as the command line would)."""
        actor = self.actor
        if may_open(actor.role, item):
            return False
        t = self.t
        self.notify(t("login.refused", user=actor.username, role=self.role_label(actor.role),
                      screen=t(f"mode.{item.mode}"), roles=", ".join(self.role_label(r) for r in item.roles)),
                    title=t("app.error"), severity="error", timeout=8)
        return True

    def log_in(self, username: str, password: str) -> bool:
        """Check the account; on success open the first screen with the account's role applied."""
        with Session(self.engine) as session:
            actor = login.check(session, username, password, self.settings.station)
        if actor is None:
            return False
        self.throttle.succeeded()
        self._actor = actor
        self._show_user()
        self._enter(self._start)
        self.notify(self.t("login.welcome", user=actor.username, role=self.role_label(actor.role)), timeout=4)
        return True

    def action_logout(self) -> None:
        """Back to the login screen; the next account gets every screen fresh (nothing of the last one's)."""
        if self._actor is None or not self.accounts_exist:
            return
        busy = self.busy_workers()
        if busy:
            self.notify(self.t("login.logout_busy", n=busy), severity="warning", timeout=6)
            return
        self._actor = None
        self._start = "dashboard"
        self.switch_mode("login")
        for item in WORKFLOWS:
            self.remove_mode(item.mode)
            self.add_mode(item.mode, _screen_factory(item))
        self._show_user()
        from congress.tui.screens.login import LoginScreen

        if isinstance(self.screen, LoginScreen):
            self.screen.reset(notice=self.t("login.logged_out"), problem=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Before a login no key leads anywhere but help and quit: not the screens, not the palette.
        return not (self._actor is None and action in ("go", "command_palette"))

    def action_go(self, mode: str) -> None:
        if self._actor is None or self._refused(workflow(mode)):
            return
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


def _login_screen() -> Screen:
    from congress.tui.screens.login import LoginScreen

    return LoginScreen()


def run_app(engine: Engine, settings: Settings, actor: Actor | None = None) -> None:
    from congress.tui.widgets.sheet_image import prime

    prime()  # textual-image asks the terminal its cell size: only possible before the app starts
    CongressApp(engine, settings, actor).run()
