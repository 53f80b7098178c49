"""Đăng nhập — the first screen once the database has accounts: user name, masked password, Enter.

A refusal says the same thing whatever was wrong (unknown name, disabled account, wrong password);
after a few failures in a row the next try waits (congress.tui.login.Throttle).
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Header, Input, Label, Static

from congress.tui.screens.base import CongressScreen


class LoginScreen(CongressScreen):
    TITLE_KEY = "login.title"
    HELP_KEY = "help.login"

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Vertical(id="login-box"):
            yield Static(t("login.title"), classes="title")
            yield Static(t("login.intro"), classes="muted")
            yield Label(t("login.user"))
            yield Input(id="login-user", max_length=64)
            yield Label(t("login.password"))
            yield Input(id="login-password", password=True, max_length=256)
            yield Static(id="login-message")
            yield Static(t("login.hint"), classes="muted")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        app = self.capp
        self.reset(app.login_user, app.login_notice)

    def reset(self, user: str = "", notice: str = "", problem: bool = True) -> None:
        """Empty the form (keeping a user name to fill in) and say `notice`; focus what to type next."""
        self.query_one("#login-user", Input).value = user
        self.query_one("#login-password", Input).value = ""
        self.say(notice, problem)
        self.query_one("#login-password" if user else "#login-user", Input).focus()

    def say(self, text: str, problem: bool = True) -> None:
        message = self.query_one("#login-message", Static)
        message.update(text)
        message.set_class(bool(text) and problem, "login-problem")

    @on(Input.Submitted, "#login-user")
    def _user_entered(self) -> None:
        self.query_one("#login-password", Input).focus()

    @on(Input.Submitted, "#login-password")
    def _password_entered(self) -> None:
        self.attempt()

    def attempt(self) -> None:
        user_box, password_box = self.query_one("#login-user", Input), self.query_one("#login-password", Input)
        user, password = user_box.value.strip(), password_box.value
        if not user:
            self.say(self.t("login.need_user"))
            user_box.focus()
            return
        throttle = self.capp.throttle
        wait = throttle.remaining()
        if wait:  # not even checked: a guess made while waiting is no guess at all
            self.say(self.t("login.wait", n=throttle.failures, seconds=wait))
            return
        password_box.value = ""  # the typed password does not stay in the widget either way
        if self.capp.log_in(user, password):
            self.say("")
            return
        wait = throttle.failed()
        failed = self.t("login.failed")
        self.say(f"{failed} {self.t('login.wait', n=throttle.failures, seconds=wait)}" if wait else failed)
        password_box.focus()
