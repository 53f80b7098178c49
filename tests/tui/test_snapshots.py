"""Snapshots of the main screens at 120×40 and on a small 80×24 terminal (fixed demo seed, no clock).

The picture does not depend on the database: snapshots run on the SQLite copy of the demo only
(the Pilot tests cover both backends).
"""

import shutil

import pytest

from congress.settings import Settings
from congress.tui.app import CongressApp
from tests.tui.pile import entered_by_hand

SIZES = [(120, 40), (80, 24)]


@pytest.fixture(params=["sqlite"])
def demo_url(tmp_path, sqlite_demo) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "congress.db"
    shutil.copyfile(sqlite_demo, path)
    return f"sqlite:///{path}"


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the first data load and the resize layout finish before the picture (stable under -n 2)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
@pytest.mark.parametrize("mode", ["dashboard", "delegates", "checkin", "badges", "elections"])
def test_main_screens(snap_compare, make_app, mode: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(start=mode), terminal_size=size, run_before=settle)


def test_delegates_filtered_without_diacritics(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(start="delegates"), press=list("nguyen"), terminal_size=(80, 24),
                        run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
@pytest.mark.parametrize("mode", ["counting", "results"])
def test_counting_and_results_screens(snap_compare, make_app, demo_engine, actor, mode: str,  # type: ignore[no-untyped-def]
                                      size: tuple[int, int]) -> None:
    entered_by_hand(demo_engine, actor)  # a round counted by hand: a tally, a table and a chart to show
    assert snap_compare(make_app(start=mode), terminal_size=size, run_before=settle)


@pytest.fixture
def login_app(with_accounts, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CONGRESS_PASSWORD", raising=False)
    return CongressApp(with_accounts, Settings(db_url=str(with_accounts.url), lang="vi", station="test-station",
                                               user=""))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_login_screen(snap_compare, login_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(login_app, terminal_size=size, run_before=settle)


def test_login_screen_after_a_wrong_password(snap_compare, login_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(login_app, press=[*"thuky", "enter", *"sai", "enter"], terminal_size=(80, 24),
                        run_before=settle)
