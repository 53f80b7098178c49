"""kill -9 during a `congress scan` batch run, then scan again: every acknowledged side kept, none twice.

A side is acknowledged when `congress scan --json` has printed it: that happens only after its batch
committed. After each kill the database must hold every acknowledged side, pass `PRAGMA
integrity_check` and verify its audit chain; every kept image must be whole under its final name.
After the resumed scan, every printed sheet is stored exactly once (no duplicates, no losses) and
the resumed run reports the earlier sides as already scanned.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from congress import db
from congress.models import AuditEvent, SheetRecord
from tests.reliability.ballot_setup import PrintedRound, build_round
from tests.reliability.crash import Tally, audit_problems, count_rows, delays, fresh_copy, integrity
from tests.reliability.zygote import Zygote

CI_RUNS, LONG_RUNS = 50, 150  # issue 9: at least 50 kill -9 runs in CI
CI_SHEETS, LONG_SHEETS = 6, 20


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    z = Zygote()
    yield z
    z.close()


def _stored(path: Path) -> list[SheetRecord]:
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        with db.unit_of_work(engine) as session:
            return list(session.exec(select(SheetRecord)))
    finally:
        engine.dispose()


def _acknowledged(out: Path) -> set[str]:
    """sha256 of every side the killed run printed (its batch had committed)."""
    seen = set()
    for line in out.read_text(errors="replace").splitlines():
        if line.startswith("{") and line.endswith("}"):
            side = json.loads(line)
            seen.add(side["sha256"])
    return seen


def _kept_images_whole(data_dir: Path) -> list[str]:
    bad = []
    for kept in (data_dir / "scans").glob("*"):
        if kept.suffix == ".part":
            continue  # a temporary file of an interrupted write: never under a final name
        if hashlib.sha256(kept.read_bytes()).hexdigest() != kept.stem:
            bad.append(kept.name)
    return bad


def crash_series(zygote: Zygote, printed: PrintedRound, tmp_path: Path, runs: int, seed: int) -> Tally:
    files = len(printed.files)
    shas = {hashlib.sha256(f.read_bytes()).hexdigest() for f in printed.files}

    def argv(path: Path) -> list[str]:
        return ["--db", str(path), "scan", "BCH", str(printed.scans), "--workers", "1", "--batch", "2", "--json"]

    probe = fresh_copy(printed.db_path, tmp_path / "probe")
    status, seconds = zygote.timed(argv(probe), probe.parent)
    assert status == 0 and len(_stored(probe)) == files
    window_ms = seconds * 1000 * 1.1

    tally = Tally()
    for n, delay in enumerate(delays(seed, runs, window_ms)):
        path = fresh_copy(printed.db_path, tmp_path / f"run{n:03d}")
        status = zygote.kill_after(argv(path), path.parent, delay)
        tally.runs += 1
        tally.finished_first += status == 0
        tally.killed += status != 0
        where = f"run {n} (kill after {delay * 1000:.0f} ms, exit {status})"
        outs = list(path.parent.glob("out-*"))  # none when the kill came before the output was opened
        acknowledged = _acknowledged(outs[0]) if outs else set()
        if integrity(path) != "ok":
            tally.problems.append(f"{where}: integrity_check {integrity(path)}")
        stored = {r.image_sha256 for r in _stored(path)}
        if lost := acknowledged - stored:
            tally.problems.append(f"{where}: {len(lost)} acknowledged sides lost")
        if status == 0 and stored != shas:
            tally.problems.append(f"{where}: finished but {len(stored)} of {files} sides stored")
        if problems := audit_problems(path):
            tally.problems.append(f"{where}: audit chain {problems[:2]}")
        if bad := _kept_images_whole(path.parent / "congress-data"):
            tally.problems.append(f"{where}: partial kept images {bad}")
        for out in outs:
            out.rename(out.with_name("killed-" + out.name))
        # Resume: the same command again, to completion.
        if zygote.run(argv(path), path.parent) != 0:
            tally.problems.append(f"{where}: the resumed scan failed: {next(path.parent.glob('out-*')).read_text()[-300:]}")
            continue
        records = _stored(path)
        by_sha = [r.image_sha256 for r in records]
        identities = [r.identity_key for r in records if r.identity_key]
        if sorted(by_sha) != sorted(shas) or len(set(identities)) != len(identities):
            tally.problems.append(f"{where}: after resuming {len(records)} records for {files} sheets")
        if any(r.status == "duplicate" for r in records):
            tally.problems.append(f"{where}: a resumed side was taken for a photocopy")
        resumed = _acknowledged(next(path.parent.glob("out-*")))
        if resumed != shas:
            tally.problems.append(f"{where}: the resumed run did not report every file")
        batches = count_rows(path, AuditEvent, AuditEvent.action == "scan.batch")
        if batches < 1 or integrity(path) != "ok" or audit_problems(path):
            tally.problems.append(f"{where}: damaged after resuming ({batches} batch events)")
    return tally


def test_kill_9_during_a_scan_batch_then_resume(zygote: Zygote, tmp_path: Path) -> None:
    printed = build_round(tmp_path / "round", CI_SHEETS)
    tally = crash_series(zygote, printed, tmp_path, CI_RUNS, seed=2025)
    print(tally.line(f"scan ({CI_SHEETS} sheets, batches of 2)"))
    assert tally.problems == []
    assert tally.killed > 0, "no run was killed mid-way: the kill window is wrong and the test proves nothing"


@pytest.mark.slow
def test_kill_9_during_a_scan_many_times(zygote: Zygote, tmp_path: Path) -> None:
    printed = build_round(tmp_path / "round", LONG_SHEETS)
    tally = crash_series(zygote, printed, tmp_path, LONG_RUNS, seed=1945)
    print(tally.line(f"scan ({LONG_SHEETS} sheets, batches of 2)"))
    assert tally.problems == []
    assert tally.killed > 0
