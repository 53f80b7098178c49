"""The login screen, driven by keys: once the database has accounts the interface asks who you are.

Right and wrong passwords (one message whether the name exists or not), the wait after repeated
failures, a role refused a screen, log-out from the command palette, the environment's credentials,
and a database without accounts opening straight on the dashboard as before.
"""

from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from textual.widgets import Input

from congress.actor import Role
from congress.demo_accounts import DEMO_ACCOUNTS
from congress.settings import Settings
from congress.tui.app import CongressApp
from congress.tui.commands import CongressCommands
from congress.tui.login import FIRST_WAIT, FREE_ATTEMPTS, wait_after
from tests.tui.keys import run_command

PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}


# Accounts are checked in Python and the login screen reads one row: most of these run on SQLite only
# (the first test runs on both databases).
sqlite_only = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)


@pytest.fixture
def login_app(with_accounts: Engine, monkeypatch: pytest.MonkeyPatch) -> Callable[..., CongressApp]:
    """The app as `congress` opens it: no actor handed in, credentials (if any) from the environment."""
    monkeypatch.delenv("CONGRESS_PASSWORD", raising=False)

    def build(user: str = "", password: str | None = None, lang: str = "vi") -> CongressApp:
        if password is not None:
            monkeypatch.setenv("CONGRESS_PASSWORD", password)
        settings = Settings(db_url=str(with_accounts.url), lang=lang, station="ban-1", user=user)
        return CongressApp(with_accounts, settings)

    return build


async def type_login(pilot, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the login form as a person would: name, Enter, password, Enter."""
    app = pilot.app
    app.screen.query_one("#login-user", Input).value = ""
    app.screen.query_one("#login-user", Input).focus()
    await pilot.press(*user, "enter", *password, "enter")
    await pilot.pause()


def message(app: CongressApp) -> str:
    return str(app.screen.query_one("#login-message").render())


def palette(app: CongressApp) -> list[str]:
    """What the command palette offers on the current screen."""
    return [text for text, _help, _run in CongressCommands(app.screen)._commands()]


def notices(app: CongressApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_with_accounts_the_app_opens_on_the_login_screen_and_the_right_password_opens_the_dashboard(
        login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_mode == "login" and not app.logged_in
        assert app.screen.query_one("#login-password", Input).password  # typed characters are masked
        await pilot.press("f3", "f8")  # no screen opens before a login
        await pilot.pause()
        assert app.current_mode == "login"
        await type_login(pilot, "thuky", PASSWORDS["thuky"])
        assert app.current_mode == "dashboard"
        assert app.actor.username == "thuky" and app.actor.role is Role.SECRETARIAT and app.actor.station == "ban-1"
        assert app.title == "Đại hội · thuky (Thư ký đại hội)"
        assert "Đại hội đại biểu Đảng bộ tỉnh Bình Minh" in str(app.screen.query_one("#congress-name").render())
        assert app.screen_stack[0].__class__.__name__ == "DashboardScreen"


@sqlite_only
async def test_a_wrong_password_and_an_unknown_name_get_the_same_message(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_login(pilot, "thuky", "sai-mat-khau")
        wrong_password = message(app)
        assert wrong_password == "Sai tên đăng nhập hoặc mật khẩu."
        assert app.current_mode == "login" and not app.logged_in
        assert app.screen.query_one("#login-password", Input).value == ""  # nothing typed stays behind
        assert app.focused is app.screen.query_one("#login-password", Input)
        await type_login(pilot, "khong-co-ai", "sai-mat-khau")
        assert message(app) == wrong_password  # never says whether the name exists
        await type_login(pilot, "", "")
        assert message(app) == "Gõ tên đăng nhập."


@sqlite_only
async def test_repeated_failures_make_the_next_try_wait(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app()
    now = [1000.0]
    app.throttle.clock = lambda: now[0]

    async def retry(pilot, password: str) -> None:  # type: ignore[no-untyped-def]
        await pilot.press(*password, "enter")  # the name stays, the cursor waits in the password field
        await pilot.pause()

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_login(pilot, "ai", "x")  # any name counts: the brake is the station's, not a name's
        await type_login(pilot, "xem", "x")
        for _ in range(FREE_ATTEMPTS - 3):
            await retry(pilot, "x")
        assert message(app) == "Sai tên đăng nhập hoặc mật khẩu."
        await retry(pilot, "x")
        assert message(app) == (f"Sai tên đăng nhập hoặc mật khẩu. Đã sai {FREE_ATTEMPTS} lần liên tiếp: "
                                f"đợi {FIRST_WAIT} giây rồi thử lại.")
        # While waiting even the right password is not checked.
        await retry(pilot, PASSWORDS["xem"])
        assert not app.logged_in and f"đợi {FIRST_WAIT} giây" in message(app)
        now[0] += FIRST_WAIT - 2
        await retry(pilot, PASSWORDS["xem"])
        assert not app.logged_in and "đợi 2 giây" in message(app)
        now[0] += 2
        await retry(pilot, "x")  # one more failure: twice as long
        assert f"Đã sai {FREE_ATTEMPTS + 1} lần liên tiếp: đợi {2 * FIRST_WAIT} giây" in message(app)
        now[0] += 2 * FIRST_WAIT
        await retry(pilot, PASSWORDS["xem"])
        assert app.logged_in and app.actor.role is Role.VIEWER
        assert app.throttle.failures == 0  # a success starts the count again


def test_the_wait_doubles_and_is_capped() -> None:
    assert [wait_after(n) for n in range(1, FREE_ATTEMPTS)] == [0] * (FREE_ATTEMPTS - 1)
    assert [wait_after(FREE_ATTEMPTS + k) for k in range(4)] == [FIRST_WAIT * 2 ** k for k in range(4)]
    assert wait_after(100) == 300


@sqlite_only
async def test_a_role_is_refused_the_screens_it_may_not_use(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_login(pilot, "diemdanh", PASSWORDS["diemdanh"])
        assert app.current_mode == "dashboard" and app.actor.role is Role.CHECKIN
        await pilot.press("f7")  # counting: the counting committee's
        await pilot.pause()
        assert app.current_mode == "dashboard"
        assert ("Tài khoản 'diemdanh' (Điểm danh) không được phép mở màn hình Kiểm phiếu; "
                "cần vai trò: Ban kiểm phiếu.") in notices(app)
        await pilot.press("f4")  # badges: the secretariat's
        await pilot.pause()
        assert app.current_mode == "dashboard"
        assert any("màn hình Thẻ đại biểu" in n for n in notices(app))
        assert "[strike]F7/6 Kiểm phiếu[/strike]" in app.screen._workflow_keys()
        offered = palette(app)
        assert "Chuyển đến: Điểm danh" in offered and "Chuyển đến: Kiểm phiếu" not in offered
        assert "Đăng xuất" in offered
        await pilot.press("f5")  # the check-in desk is its own
        await pilot.pause()
        assert app.current_mode == "checkin"
        await pilot.press("f8")  # results: everyone reads them
        await pilot.pause()
        assert app.current_mode == "results"


@sqlite_only
async def test_a_viewer_reads_but_the_services_refuse_its_changes(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_login(pilot, "xem", PASSWORDS["xem"])
        await pilot.press("f6")
        await pilot.pause()
        assert app.current_mode == "elections"
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Ban thử", "tab", "3", "ctrl+s")
        await pilot.pause()
        assert any("không được phép tạo cuộc bầu cử" in n for n in notices(app))


@sqlite_only
async def test_log_out_from_the_command_palette_returns_to_the_login_screen(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_login(pilot, "thuky", PASSWORDS["thuky"])
        await pilot.press("f3")
        await pilot.pause()
        delegates_screen = app.screen
        await run_command(pilot, "dang xuat")
        assert app.current_mode == "login" and not app.logged_in
        assert message(app) == "Đã đăng xuất." and app.title == "Đại hội"
        assert app.screen.query_one("#login-user", Input).value == ""
        await pilot.press("f3", "ctrl+p")  # neither a screen nor the palette without a login
        await pilot.pause()
        assert app.current_mode == "login" and app.screen.__class__.__name__ == "LoginScreen"
        await type_login(pilot, "kiemphieu", PASSWORDS["kiemphieu"])
        assert app.current_mode == "dashboard" and app.actor.username == "kiemphieu"
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen is not delegates_screen  # the next account gets fresh screens


@sqlite_only
async def test_environment_credentials_still_open_the_interface_directly(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app(user="kiemphieu", password=PASSWORDS["kiemphieu"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_mode == "dashboard" and app.actor.role is Role.COUNTING
        await pilot.press("f7")
        await pilot.pause()
        assert app.current_mode == "counting"


@sqlite_only
async def test_wrong_environment_credentials_open_the_login_screen_with_the_name_filled_in(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app(user="thuky", password="sai-mat-khau")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_mode == "login"
        assert app.screen.query_one("#login-user", Input).value == "thuky"
        assert "CONGRESS_USER/CONGRESS_PASSWORD không đăng nhập được" in message(app)
        assert app.focused is app.screen.query_one("#login-password", Input)
        await pilot.press(*PASSWORDS["thuky"], "enter")
        await pilot.pause()
        assert app.current_mode == "dashboard" and app.actor.username == "thuky"


@sqlite_only
async def test_without_accounts_the_demo_opens_straight_away(demo_engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CONGRESS_PASSWORD", raising=False)
    app = CongressApp(demo_engine, Settings(db_url=str(demo_engine.url), station="ban-1", user=""))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_mode == "dashboard" and app.title == "Đại hội"
        assert app.actor.role is Role.ADMIN
        assert "Đăng xuất" not in palette(app)  # nobody to log out
        app.action_logout()
        await pilot.pause()
        assert app.current_mode == "dashboard" and app.logged_in


@sqlite_only
async def test_the_login_screen_speaks_english_with_lang_en(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app(lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.sub_title == "Log in"
        await type_login(pilot, "thuky", "wrong-password")
        assert message(app) == "Wrong user name or password."


@sqlite_only
async def test_help_on_the_login_screen_lists_only_what_works_there(login_app) -> None:  # type: ignore[no-untyped-def]
    app = login_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        keys = str(app.screen.query_one("#help-keys").render())
        assert "Thoát" in keys and "Tổng quan" not in keys and "Kiểm phiếu" not in keys
        assert "Đăng xuất" in str(app.screen.query_one("#help-text").render())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_congress_without_credentials_opens_the_interface_to_log_in(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`congress` (no command) used to stop with an error once accounts existed; now the TUI asks."""
    opened: list = []
    monkeypatch.setattr("congress.tui.app.run_app", lambda engine, settings, actor=None: opened.append(actor))
    assert cli("demo", "--no-tui", "--delegates", "3", "--accounts").code == 0
    monkeypatch.delenv("CONGRESS_USER", raising=False)
    monkeypatch.delenv("CONGRESS_PASSWORD", raising=False)
    r = cli()
    assert r.code == 0, r.err
    assert opened == [None]  # the login screen decides
    monkeypatch.setenv("CONGRESS_USER", "thuky")
    monkeypatch.setenv("CONGRESS_PASSWORD", PASSWORDS["thuky"])
    assert cli().code == 0
    assert opened[-1].username == "thuky" and opened[-1].role is Role.SECRETARIAT
