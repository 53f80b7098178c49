"""A 2,000-row import is one transaction: one audit event, and a failure at the end leaves nothing."""

from pathlib import Path

import pytest
from sqlmodel import func, select

from congress import db
from congress.congresses import create_congress
from congress.models import AuditEvent, Delegate, Delegation
from congress.registry import commit
from fixtures.make_fixtures import HEADER, delegates_rows, write_workbook


def big_workbook(folder: Path, count: int = 2000) -> Path:
    path = folder / "big.xlsx"
    write_workbook([], HEADER, [[n, *row] for n, row in enumerate(delegates_rows(seed=7, count=count), 1)], path)
    return path


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.exec(select(func.count()).select_from(model)).one()


def test_two_thousand_rows_commit_together(engine, actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = big_workbook(tmp_path)
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        create_congress(session, actor, name="Đại hội X", level="tinh", kind="delegates")
        events = _count(session, AuditEvent)
    with db.unit_of_work(engine) as session:
        report = commit.import_file(session, actor, path)
    assert len(report.created) == 2000
    with db.unit_of_work(engine) as session:
        assert _count(session, Delegate) == 2000
        assert _count(session, AuditEvent) == events + 1
        stamps = session.exec(select(func.count(func.distinct(Delegate.created_at)))).one()
        assert stamps == 1  # written by one commit, not row by row


def test_a_failure_after_the_rows_are_written_leaves_nothing(engine, actor, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = big_workbook(tmp_path, 300)
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        create_congress(session, actor, name="Đại hội X", level="tinh", kind="delegates")

    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(commit.audit, "record", fail)
    with pytest.raises(RuntimeError), db.unit_of_work(engine) as session:
        commit.import_file(session, actor, path)
        assert _count(session, Delegate) == 300  # pragma: no cover - never reached
    with db.unit_of_work(engine) as session:
        assert _count(session, Delegate) == 0 and _count(session, Delegation) == 0
