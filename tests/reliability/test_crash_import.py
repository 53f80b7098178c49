"""kill -9 during `congress delegates import`, then run it again: nothing lost, nothing doubled.

Each run copies a fresh congress, forks a real `congress delegates import` process (tests/reliability/
zygote.py), SIGKILLs it after a seeded random delay, and checks the file the way a restarted
computer finds it: the import is all or nothing (0 or every row), `PRAGMA integrity_check` is ok,
the audit chain verifies; then it runs the import again and checks that every row is there exactly
once, and that a third run changes nothing.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from congress import db
from congress.demo import delegation_names, random_person
from congress.models import AuditEvent, Delegate
from tests.reliability.crash import (
    Tally,
    audit_problems,
    count_rows,
    delays,
    fresh_copy,
    integrity,
    new_congress_db,
)
from tests.reliability.zygote import Zygote

CI_RUNS, LONG_RUNS = 50, 200
CI_ROWS, LONG_ROWS = 150, 2000


def write_workbook(path: Path, rows: int, seed: int = 7) -> Path:
    """A delegates CSV (UTF-8 with BOM, as Excel saves it) with `rows` distinct people, each with a code."""
    rng = random.Random(seed)
    delegations = delegation_names()
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Mã", "Họ", "Tên đệm", "Tên", "Ngày sinh", "Giới tính", "Đoàn đại biểu", "Loại đại biểu"])
        for n in range(1, rows + 1):
            p = random_person(rng)
            out.writerow([f"DB{n:05d}", p["family_name"], p["middle_name"], p["given_name"],
                          p["birth_date"].strftime("%d/%m/%Y"), p["gender"], rng.choice(delegations), "Chính thức"])
    return path


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    z = Zygote()
    yield z
    z.close()


def _codes(path: Path) -> tuple[int, int]:
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        with db.unit_of_work(engine) as session:
            total = session.exec(select(func.count()).select_from(Delegate)).one()
            distinct = session.exec(select(func.count(func.distinct(Delegate.code)))).one()
            return total, distinct
    finally:
        engine.dispose()


def crash_series(zygote: Zygote, tmp_path: Path, runs: int, rows: int, seed: int) -> Tally:
    template = new_congress_db(tmp_path / "template.db")
    book = write_workbook(tmp_path / "dai-bieu.csv", rows)
    # Fit the kill window to this machine: one complete import, timed; kills land over 0-120 % of it.
    probe = fresh_copy(template, tmp_path / "probe")
    status, seconds = zygote.timed(["--db", str(probe), "delegates", "import", str(book)], probe.parent)
    assert status == 0 and count_rows(probe, Delegate) == rows
    window_ms = seconds * 1000 * 1.2

    tally = Tally()
    for n, delay in enumerate(delays(seed, runs, window_ms)):
        path = fresh_copy(template, tmp_path / f"run{n:03d}")
        argv = ["--db", str(path), "delegates", "import", str(book)]
        status = zygote.kill_after(argv, path.parent, delay)
        tally.runs += 1
        acknowledged = status == 0
        tally.finished_first += acknowledged
        tally.killed += not acknowledged
        where = f"run {n} (kill after {delay * 1000:.0f} ms, exit {status})"
        if integrity(path) != "ok":
            tally.problems.append(f"{where}: integrity_check {integrity(path)}")
        found = count_rows(path, Delegate)
        if found not in (0, rows) or (acknowledged and found != rows):
            tally.problems.append(f"{where}: {found} of {rows} delegates after the crash (all or nothing)")
        if problems := audit_problems(path):
            tally.problems.append(f"{where}: audit chain {problems[:2]}")
        # Resume: run the same import again, to completion.
        if zygote.run(argv, path.parent) != 0:
            tally.problems.append(f"{where}: the resumed import failed: {sorted(path.parent.glob('out-*'))[-1].read_text()[-300:]}")
            continue
        total, distinct = _codes(path)
        imports = count_rows(path, AuditEvent, AuditEvent.action == "delegate.import")
        if (total, distinct) != (rows, rows) or imports != 1:
            tally.problems.append(f"{where}: after resuming {total} delegates, {distinct} codes, {imports} import events")
        if integrity(path) != "ok" or audit_problems(path):
            tally.problems.append(f"{where}: damaged after resuming")
    return tally


def test_kill_9_during_a_delegates_import_then_resume(zygote: Zygote, tmp_path: Path) -> None:
    tally = crash_series(zygote, tmp_path, CI_RUNS, CI_ROWS, seed=2025)
    print(tally.line(f"delegates import ({CI_ROWS} rows)"))
    assert tally.problems == []
    assert tally.killed > 0, "no run was killed mid-way: the kill window is wrong and the test proves nothing"


@pytest.mark.slow
def test_kill_9_during_a_2000_row_import_many_times(zygote: Zygote, tmp_path: Path) -> None:
    tally = crash_series(zygote, tmp_path, LONG_RUNS, LONG_ROWS, seed=1945)
    print(tally.line(f"delegates import ({LONG_ROWS} rows)"))
    assert tally.problems == []
    assert tally.killed > 0
