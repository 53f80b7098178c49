"""The `congress` command: init, demo, info, audit verify, and its error contract."""

import json
import subprocess
import sys

from sqlmodel import func, select

from congress import db
from congress.models import Delegate, Delegation


def test_init_creates_one_congress_and_refuses_a_second(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("init", "--name", "Đại hội đại biểu Đảng bộ xã Ea Tu lần thứ I", "--level", "xa",
            "--kind", "delegates", "--term", "2025-2030", "--start", "14/10/2025", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["name"] == "Đại hội đại biểu Đảng bộ xã Ea Tu lần thứ I"
    assert data["level"] == "xa" and data["kind"] == "delegates" and data["start_date"] == "2025-10-14"
    again = cli("init", "--name", "Khác", "--level", "xa", "--kind", "members")
    assert again.code != 0
    assert again.err.startswith("Lỗi: ") and "Traceback" not in again.err
    assert len(again.err.strip().splitlines()) == 1


def test_bad_level_and_date_are_one_sentence_errors(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("init", "--name", "X", "--level", "huyện", "--kind", "delegates")
    assert r.code == 2 and "Cấp 'huyện'" in r.err and "toan_quoc" in r.err
    r = cli("init", "--name", "X", "--level", "tinh", "--kind", "delegates", "--start", "32/13/2025")
    assert r.code == 2 and "--start" in r.err


def test_demo_builds_a_realistic_congress(cli, db_url) -> None:  # type: ignore[no-untyped-def]
    r = cli("demo", "--no-tui", "--delegates", "300", "--seed", "7")
    assert r.code == 0, r.err
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        people = session.exec(select(Delegate)).all()
        assert len(people) == 300
        assert session.exec(select(func.count()).select_from(Delegation)).one() >= 10
        categories = {p.category for p in people}
        assert categories == {"official", "ex_officio", "appointed", "alternate", "guest"}
        names = {p.given_name for p in people}
        assert len(names) > 30  # generated, not a fixed list of five
        letters = "".join(p.family_name + p.middle_name + p.given_name for p in people)
        assert all(ch in letters for ch in "ĐƯƠ")
    engine.dispose()
    info = cli("info", "--json")
    assert json.loads(info.out)["people"] == 300
    again = cli("demo", "--no-tui")  # a second demo keeps the existing congress
    assert again.code == 0 and "giữ nguyên" in again.out


def test_demo_is_reproducible_from_its_seed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from congress.cli import main

    rows = []
    for n in (1, 2):
        url = f"sqlite:///{tmp_path / f'd{n}.db'}"
        assert main(["--db", url, "demo", "--no-tui", "--delegates", "40", "--seed", "11"]) == 0
        engine = db.make_engine(url)
        with db.unit_of_work(engine) as session:
            rows.append([(d.family_name, d.middle_name, d.given_name, d.birth_date, d.category)
                         for d in session.exec(select(Delegate).order_by(Delegate.id))])
        engine.dispose()
    assert rows[0] == rows[1]


def test_audit_verify_after_demo(cli) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--no-tui", "--delegates", "20")
    r = cli("audit", "verify", "--json")
    assert r.code == 0
    data = json.loads(r.out)
    assert data["ok"] and data["events"] >= 2 and len(data["closing_hash"]) == 64


def test_uninitialised_database_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = subprocess.run([sys.executable, "-m", "congress", "--db", str(tmp_path / "none.db"), "info"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("Lỗi: ") and "congress init" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "none.db").exists()


def test_every_command_has_help() -> None:
    from congress.cli.app import cli as root

    def walk(group, path):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            assert command.help, f"{' '.join([*path, name])} has no help text"
            if hasattr(command, "commands"):
                walk(command, [*path, name])

    walk(root, ["congress"])
    proc = subprocess.run([sys.executable, "-m", "congress", "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "demo" in proc.stdout and "init" in proc.stdout
