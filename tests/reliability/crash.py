"""Shared pieces of the kill -9 tests: seeded delays, a fresh SQLite congress, and the checks after a crash."""

from __future__ import annotations

import random
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import func, select

from congress import audit, db
from congress.actor import Actor, Role
from congress.congresses import create_congress

ADMIN = Actor("tester", Role.ADMIN, "crash-test")


def new_congress_db(path: Path) -> Path:
    """A migrated SQLite database holding one congress (no accounts: the local operator is admin)."""
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        create_congress(session, ADMIN, name="Đại hội thử va chạm", level="tinh", kind="delegates",
                        organisation="Đảng bộ tỉnh Thử", start_date=date(2025, 10, 14))
    engine.dispose()
    return path


def fresh_copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "congress.db"
    shutil.copyfile(template, target)
    return target


def integrity(path: Path) -> str:
    """PRAGMA integrity_check on the file as a fresh connection finds it (WAL replayed)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def audit_problems(path: Path) -> list[str]:
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        with db.unit_of_work(engine) as session:
            return [f"{p.seq}: {p.what}" for p in audit.verify(session)]
    finally:
        engine.dispose()


def count_rows(path: Path, model, *where) -> int:  # type: ignore[no-untyped-def]
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        with db.unit_of_work(engine) as session:
            return session.exec(select(func.count()).select_from(model).where(*where)).one()
    finally:
        engine.dispose()


@dataclass
class Tally:
    """What a series of kill -9 runs saw, for the report."""

    runs: int = 0
    killed: int = 0  # the command was still running when SIGKILL came
    finished_first: int = 0  # it finished (acknowledged) before the kill
    problems: list[str] = field(default_factory=list)

    def line(self, what: str) -> str:
        return (f"{what}: {self.runs} runs, {self.killed} killed mid-way, {self.finished_first} finished first, "
                f"{len(self.problems)} problems")


def delays(seed: int, runs: int, max_ms: float) -> list[float]:
    """Seeded kill delays in seconds, spread uniformly over 0..max_ms."""
    rng = random.Random(seed)
    return [rng.uniform(0, max_ms) / 1000 for _ in range(runs)]
