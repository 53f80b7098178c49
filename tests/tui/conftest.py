"""TUI fixtures: a small demo congress on each backend and an app factory bound to it.

The demo is built once per test session and backend (a template), and each test gets a copy: a
file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL. Input cursors do not blink in
tests, so a snapshot never depends on when the picture is taken.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import select
from textual.widgets import Input

from congress import db
from congress.actor import Actor, Role
from congress.demo import DemoSize, build_demo
from congress.demo_accounts import create_demo_accounts
from congress.models import UserAccount
from congress.settings import Settings
from congress.tui.app import CongressApp
from tests.conftest import BACKENDS

DEMO = DemoSize(delegates=60, seed=3)
BUILDER = Actor("tester", Role.ADMIN, "test-station")


def _build_demo(url: str) -> None:
    engine = db.make_engine(url)
    with db.unit_of_work(engine) as session:
        build_demo(session, BUILDER, DEMO)
    engine.dispose()  # SQLite: the last connection closing checkpoints the WAL into the file


@pytest.fixture(scope="session")
def sqlite_demo(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tui-demo") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    _build_demo(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_demo(pg_server, pg_template: str) -> str:  # type: ignore[no-untyped-def]
    name = f"tui_demo_{os.getpid()}"
    admin = create_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {pg_template}'))
    admin.dispose()
    _build_demo(pg_server.url(name))
    return name


@pytest.fixture(params=BACKENDS)
def demo_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh copy of the demo database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "congress.db"
        shutil.copyfile(request.getfixturevalue("sqlite_demo"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_demo")
    name = f"{template}_{os.urandom(4).hex()}"
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield server.url(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def demo_engine(demo_url: str) -> Iterator[Engine]:
    engine = db.make_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cursor blink: a blink timer firing between two snapshots made them differ under load."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("CONGRESS_DATA", str(folder))
    return folder


@pytest.fixture
def make_app(demo_engine: Engine, actor: Actor) -> Callable[..., CongressApp]:
    def build(start: str = "dashboard", lang: str = "vi") -> CongressApp:
        return CongressApp(demo_engine, Settings(db_url=str(demo_engine.url), lang=lang, station="test-station"),
                           actor=actor, start=start)

    return build


@pytest.fixture(scope="session")
def demo_account_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The demo accounts made once through the service (argon2 is deliberately slow), then copied."""
    engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'accounts.db'}")
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        create_demo_accounts(session, BUILDER)
        rows = [a.model_dump(exclude={"id"}) for a in session.exec(select(UserAccount))]
    engine.dispose()
    return rows


@pytest.fixture
def with_accounts(demo_engine: Engine, demo_account_rows: list[dict]) -> Engine:
    """The demo database with the demo accounts (admin, thuky, diemdanh, kiemphieu, xem): a login is needed."""
    with db.unit_of_work(demo_engine) as session:
        session.add_all(UserAccount(**row) for row in demo_account_rows)
    return demo_engine
