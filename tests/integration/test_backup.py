"""Backup and restore round-trip the congress on both databases; the audit chain survives."""

import json

from sqlmodel import func, select

from congress import db
from congress.models import AuditEvent, Delegate, Delegation


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


def test_a_restored_copy_re_tallies_to_the_same_result(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The backup is proven by counting again: the restored database gives the same result, to the vote."""
    from tests.integration.counting_setup import bch_ready, write_lines

    bch_ready(cli, engine, tmp_path, pile="pile.jsonl")
    before = json.loads(cli("results", "BCH", "--json").out)
    assert sum(c["votes"] for c in before["candidates"]) > 0
    out = tmp_path / "sao-luu.bin"
    assert cli("backup", str(out)).code == 0
    # After the backup the count changes (a second pile is entered into the same count) ...
    extra = write_lines(tmp_path / "extra.jsonl", [{"struck": []}, {"struck": []}])
    assert cli("enter", "BCH", "--file", str(extra)).code == 0
    assert json.loads(cli("results", "BCH", "--json").out) != before
    # ... and restoring the backup brings back exactly the result it held.
    assert cli("restore", str(out), "--force").code == 0
    assert json.loads(cli("results", "BCH", "--json").out) == before


def test_the_backup_report_counts_the_rows_of_every_table(cli, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The report names every table with the rows the copy holds, on PostgreSQL as on SQLite (never -1)."""
    from sqlalchemy import inspect, text

    assert cli("demo", "--no-tui", "--delegates", "12").code == 0
    r = cli("backup", str(tmp_path / "copy.bin"), "--json")
    assert r.code == 0, r.err
    tables = json.loads(r.out)["tables"]
    engine = db.engine_for(db_url)
    names = inspect(engine).get_table_names()
    with engine.connect() as conn:
        live = {name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in names}
    live[AuditEvent.__tablename__] -= 1  # the backup itself is logged once the copy is made
    assert {name: tables[name] for name in names} == live
    assert tables["delegate"] == 12 and tables["alembic_version"] == 1
    assert all(count >= 0 for count in tables.values())


def test_copy_row_counts_reads_the_rows_of_a_plain_dump() -> None:
    from congress.backup import copy_row_counts
    from congress.errors import CongressError

    dump = ["SET client_encoding = 'UTF8';\n", "COPY public.delegate (id, name) FROM stdin;\n",
            "1\tNguyễn Văn An\n", "2\tdòng\\nhai\n", "\\.\n", "COPY public.\"empty\" (id) FROM stdin;\n", "\\.\n",
            "SELECT pg_catalog.setval('public.delegate_id_seq', 2, true);\n"]
    assert copy_row_counts(dump) == {"delegate": 2, "empty": 0}
    try:
        copy_row_counts(dump[:3])
    except CongressError as exc:
        assert "delegate" in str(exc)
    else:
        raise AssertionError("a truncated COPY block must be named")
