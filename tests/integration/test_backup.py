"""Backup and restore round-trip the congress on both databases; the audit chain survives."""

import json

from sqlmodel import func, select

from congress import db
from congress.models import Delegate, Delegation


def _counts(db_url: str) -> tuple[int, int]:
    engine = db.engine_for(db_url)
    with db.unit_of_work(engine) as session:
        return (session.exec(select(func.count()).select_from(Delegate)).one(),
                session.exec(select(func.count()).select_from(Delegation)).one())


def test_backup_then_restore_returns_the_database_to_the_copy(cli, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo", "--no-tui", "--delegates", "40").code == 0
    before = _counts(db_url)
    out = tmp_path / "backup.bin"
    r = cli("backup", str(out), "--json")
    assert r.code == 0, r.err
    report = json.loads(r.out)
    assert report["size"] > 0 and out.exists() and not (tmp_path / "backup.bin.partial").exists()

    with db.unit_of_work(db.engine_for(db_url)) as session:  # a change made after the backup
        session.add(Delegation(name="Đoàn thêm sau sao lưu"))
    assert _counts(db_url)[1] == before[1] + 1

    refused = cli("restore", str(out))
    assert refused.code == 2 and "--force" in refused.err
    r = cli("restore", str(out), "--force")
    assert r.code == 0, r.err
    assert "nguyên vẹn" in r.out
    assert _counts(db_url) == before
    assert json.loads(cli("audit", "verify", "--json").out)["ok"]


def test_backup_refuses_to_overwrite_and_restore_refuses_garbage(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--no-tui", "--delegates", "5")
    existing = tmp_path / "old.bin"
    existing.write_bytes(b"keep me")
    r = cli("backup", str(existing))
    assert r.code == 2 and "đã có" in r.err and existing.read_bytes() == b"keep me"
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"not a backup at all")
    r = cli("restore", str(garbage), "--force")
    assert r.code == 2 and "garbage.bin" in r.err
    assert json.loads(cli("info", "--json").out)["people"] == 5
