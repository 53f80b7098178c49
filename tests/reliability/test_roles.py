"""Accounts and roles through the real CLI (CONGRESS_USER / CONGRESS_PASSWORD), per the role table:

admin (all), secretariat (registry, elections, badges, sittings), checkin (check-in only),
counting (scan, review, enter, close/reopen count, minutes), viewer (read only).
Every audit event names the account and the station that acted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from congress import db
from congress.demo_accounts import DEMO_ACCOUNTS
from congress.models import AuditEvent, UserAccount

PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}
FORBIDDEN = 3  # congress.errors.Forbidden.exit_code

# Roles are decided in Python, not SQL: SQLite is enough (the PostgreSQL suite covers the services).
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def as_user(cli, monkeypatch):  # type: ignore[no-untyped-def]
    """Run a command as one of the demo accounts, from a named station."""

    def run(user: str, *args: str, station: str = "ban-1"):  # type: ignore[no-untyped-def]
        monkeypatch.setenv("CONGRESS_USER", user)
        monkeypatch.setenv("CONGRESS_PASSWORD", PASSWORDS[user])
        monkeypatch.setenv("CONGRESS_STATION", station)
        return cli(*args)

    return run


@pytest.fixture
def congress_with_accounts(cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    r = cli("demo", "--no-tui", "--delegates", "12", "--accounts")
    assert r.code == 0, r.err
    assert "MẬT KHẨU MẪU" in r.out and all(a.password in r.out for a in DEMO_ACCOUNTS)
    book = tmp_path / "them.csv"
    book.write_text("Mã,Họ,Tên đệm,Tên,Ngày sinh,Loại đại biểu,Đoàn đại biểu\n"
                    "X001,Đỗ,Văn,Ơn,01/02/1970,Chính thức,Đoàn Thử\n", encoding="utf-8-sig")
    entries = tmp_path / "nhap.jsonl"
    entries.write_text('{"struck": [1]}\n{"struck": [2, 3]}\n{"invalid": "ghi thêm tên"}\n', encoding="utf-8")
    return tmp_path


def test_demo_accounts_exist_with_their_roles_and_a_plain_demo_creates_none(cli, db_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo", "--no-tui", "--delegates", "3").code == 0
    with db.unit_of_work(db.engine_for(db_url)) as session:
        assert session.exec(select(UserAccount)).first() is None  # the plain demo asks nobody to log in
    assert cli("demo", "--no-tui", "--accounts").code == 0
    monkeypatch.delenv("CONGRESS_USER", raising=False)
    assert cli("demo", "--no-tui", "--accounts").code == FORBIDDEN  # now the database asks who you are
    monkeypatch.setenv("CONGRESS_USER", "admin")
    monkeypatch.setenv("CONGRESS_PASSWORD", "admin-demo-2025")
    assert cli("demo", "--no-tui", "--accounts").out.count("giữ nguyên") >= 1  # a second run changes nothing
    with db.unit_of_work(db.engine_for(db_url)) as session:
        roles = {a.username: a.role for a in session.exec(select(UserAccount))}
    assert roles == {"admin": "admin", "thuky": "secretariat", "diemdanh": "checkin", "kiemphieu": "counting",
                     "xem": "viewer"}


def test_once_accounts_exist_a_command_that_acts_needs_a_login(cli, congress_with_accounts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CONGRESS_USER", raising=False)
    r = cli("delegates", "import", str(congress_with_accounts / "them.csv"))
    assert r.code == FORBIDDEN and "CONGRESS_USER" in r.err
    monkeypatch.setenv("CONGRESS_USER", "admin")
    monkeypatch.setenv("CONGRESS_PASSWORD", "sai-mat-khau")
    r = cli("delegates", "import", str(congress_with_accounts / "them.csv"))
    assert r.code == FORBIDDEN and "Sai tên đăng nhập hoặc mật khẩu" in r.err


def test_once_accounts_exist_even_reading_needs_a_login(cli, congress_with_accounts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A curious operator without an account reads nothing: no delegate list, no results, no info."""
    monkeypatch.delenv("CONGRESS_USER", raising=False)
    monkeypatch.delenv("CONGRESS_PASSWORD", raising=False)
    for command in (("info",), ("delegates", "list", "--json"), ("attendance", "--json"), ("audit", "verify")):
        r = cli(*command)
        assert r.code == FORBIDDEN and "CONGRESS_USER" in r.err and r.out == "", command
    monkeypatch.setenv("CONGRESS_USER", "xem")
    monkeypatch.setenv("CONGRESS_PASSWORD", "xem-demo-2025")
    r = cli("delegates", "list", "--json")
    assert r.code == 0, r.err


def test_each_role_can_and_cannot_per_the_role_table(as_user, congress_with_accounts, db_url) -> None:  # type: ignore[no-untyped-def]
    book, entries = congress_with_accounts / "them.csv", congress_with_accounts / "nhap.jsonl"
    pdf = congress_with_accounts / "phieu.pdf"

    # check-in desk: neither the registry nor elections nor the count
    for args in (("delegates", "import", str(book)), ("election", "create", "--title", "BCH", "--seats", "2"),
                 ("users", "add", "moi", "--role", "viewer", "--password", "12345678")):
        r = as_user("diemdanh", *args)
        assert r.code == FORBIDDEN, (args, r.err)
    # viewer: changes nothing
    for args in (("delegates", "import", str(book)), ("election", "create", "--title", "BCH", "--seats", "2"),
                 ("backup", str(congress_with_accounts / "b.bin"))):
        r = as_user("xem", *args)
        assert r.code == FORBIDDEN, (args, r.err)
    assert as_user("xem", "info", "--json").code == 0

    # the secretariat runs the registry and the elections
    assert as_user("thuky", "delegates", "import", str(book)).code == 0
    r = as_user("thuky", "election", "create", "--title", "Ban Chấp hành", "--seats", "2", "--code", "THU",
                "--form", "strike")
    assert r.code == 0, r.err
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        assert as_user("thuky", "candidates", "add", "THU", "--name", name).code == 0
    assert as_user("thuky", "ballots", "print", "THU", "--out", str(pdf), "--copies", "3").code == 0
    # … but does not count, and neither does the check-in desk or the viewer
    for user in ("thuky", "diemdanh", "xem"):
        r = as_user(user, "enter", "THU", "--file", str(entries))
        assert r.code == FORBIDDEN, (user, r.err)
    # the counting committee counts and closes; it cannot import delegates
    assert as_user("kiemphieu", "delegates", "import", str(book)).code == FORBIDDEN
    r = as_user("kiemphieu", "enter", "THU", "--file", str(entries), station="may-kiem-2")
    assert r.code == 0, r.err
    for user in ("thuky", "diemdanh", "xem"):
        r = as_user(user, "close", "THU")
        assert r.code == FORBIDDEN, (user, r.err)
    assert as_user("diemdanh", "ballots", "issue", "THU", "--count", "3").code == FORBIDDEN
    assert as_user("thuky", "ballots", "issue", "THU", "--count", "3").code == 0
    r = as_user("kiemphieu", "close", "THU", station="may-kiem-2")
    assert r.code == 0, r.err
    for user in ("thuky", "diemdanh", "xem"):
        assert as_user(user, "reopen", "THU", "--reason", "thử").code == FORBIDDEN

    with db.unit_of_work(db.engine_for(db_url)) as session:
        events = list(session.exec(select(AuditEvent).order_by(AuditEvent.seq)))
    assert all(e.actor and e.station for e in events), [(e.seq, e.action) for e in events if not e.station]
    by_action = {e.action: (e.actor, e.station) for e in events}
    assert by_action["delegate.import"] == ("thuky", "ban-1")
    assert by_action["count.enter_file"] == ("kiemphieu", "may-kiem-2")
    # refused attempts leave no trace in the data
    assert not [e for e in events if e.actor in ("diemdanh", "xem")]
    assert json.loads(as_user("xem", "audit", "verify", "--json").out)["ok"]
