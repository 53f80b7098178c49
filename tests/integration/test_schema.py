"""Migrations create exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import congress.models  # noqa: F401
from congress import db


def test_migrations_match_the_models(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == [], f"models and migrations differ: run python -m congress.migrations.regen ({diff[:3]})"


def test_every_table_exists_after_upgrade(engine) -> None:  # type: ignore[no-untyped-def]
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrate_twice_is_a_no_op(engine) -> None:  # type: ignore[no-untyped-def]
    db.migrate(engine)
    db.migrate(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0001"


def test_sqlite_runs_wal_full_sync_and_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_unit_of_work_rolls_back_everything_on_error(engine, actor) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import func, select

    from congress.congresses import create_congress
    from congress.models import Delegation

    try:
        with db.unit_of_work(engine) as session:
            create_congress(session, actor, name="Đại hội thử", level="tinh", kind="delegates")
            session.add(Delegation(name="Đoàn A"))
            session.flush()
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    with db.unit_of_work(engine) as session:
        assert session.exec(select(func.count()).select_from(Delegation)).one() == 0
