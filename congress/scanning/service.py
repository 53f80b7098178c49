"""The scanning service: files → worker processes → one SheetRecord (+ Marks) per side, one
transaction per batch, idempotent (ARCHITECTURE.md data flow 5).

Re-scanning is harmless: a file whose bytes were stored before (under any name) is reported as
already scanned; a sheet identity (nonce, sheet index) seen before is stored as a duplicate
(photocopy or double scan) and never counted. Secrecy (DOMAIN.md §8): records get random ids and
no timestamp of their own; nothing about a voter is read or stored.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ballots.layout import BallotLayout
from ballots.reading import Reader, SheetReading
from congress import audit, db
from congress.actor import Actor, Role
from congress.counting.counts import ensure_open, open_count
from congress.elections.layouts import round_layout
from congress.elections.service import candidate_name, get_election, get_round, round_candidates
from congress.errors import Conflict, CongressError
from congress.models import Mark, PrintedSheet, ScanBatch, SheetRecord, utcnow
from congress.scanning.records import Planned, identity_of, plan_side, reason_text
from congress.scanning.sources import ScanFile, keep_copy, load

DEFAULT_LABEL = "scan"
STORE_ATTEMPTS = 10
DEFAULT_BATCH = 100


@dataclass(frozen=True)
class Target:
    """The round being scanned into, resolved once per run."""

    election: str
    round_id: int
    round_no: int
    count_session_id: int
    layouts: dict[str, BallotLayout]
    candidates: dict[int, tuple[int, str]]  # STT → (candidate id, full name)


@dataclass(frozen=True)
class SideReport:
    """One side, as `congress scan --json` prints it."""

    source: str
    page: int
    sha256: str
    status: str  # valid | invalid | review | rejected | blank | duplicate | already_scanned
    election: str | None
    round: int | None
    sheet_index: int | None
    sheet_count: int | None
    validity: str | None
    reason: str
    marks: list[dict[str, Any]] = field(default_factory=list)
    record_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "page": self.page, "sha256": self.sha256, "status": self.status,
                "election": self.election, "round": self.round, "sheet_index": self.sheet_index,
                "sheet_count": self.sheet_count, "validity": self.validity, "reason": self.reason,
                "marks": self.marks}


def prepare(session: Session, actor: Actor, election_ref: str, round_no: int | None = None,
            label: str = DEFAULT_LABEL) -> Target:
    """Find the round, check it is printed and open, open (or find) the scan count session."""
    actor.require(Role.COUNTING, action="quét phiếu")
    election = get_election(session, election_ref)
    rnd = get_round(session, election, round_no)
    if not rnd.layout_hash:
        raise Conflict(f"Lần bầu thứ {rnd.number} của {election.code} chưa in phiếu; không có gì để quét.")
    ensure_open(rnd, "quét thêm phiếu")
    layout = round_layout(session, rnd)
    count = open_count(session, actor, rnd, label, "scan")
    names = {n: (c.id, candidate_name(c)) for n, c in round_candidates(session, rnd)}
    assert count.id is not None and rnd.id is not None
    return Target(election.code, rnd.id, rnd.number, count.id, {layout.layout_hash: layout}, names)


def _report_new(target: Target, f: ScanFile, page: int, planned: Planned, record_id: str) -> SideReport:
    code = planned.reading.get("code") or {}
    marks = [{"number": m["number"], "name": target.candidates.get(m["number"], (None, m["name"]))[1],
              "decision": m["decision"], "evidence": m["evidence"]} for m in planned.reading.get("marks", [])]
    proposal = planned.reading.get("proposal") or {}
    return SideReport(
        f.source, page, f.sha256, planned.status, code.get("election"), code.get("round_no"),
        code.get("sheet_index"), code.get("sheet_count"), proposal.get("status"),
        reason_text(planned.status, planned.reason, planned.detail), marks, record_id)


def _report_old(record: SheetRecord, f: ScanFile, target: Target) -> SideReport:
    code = (record.reading or {}).get("code") or {}
    return SideReport(f.source, record.page, f.sha256, "already_scanned", code.get("election"),
                      code.get("round_no"), record.sheet_index or None, record.sheet_count or None, None,
                      f"Đã quét trước đây ({record.source}, trạng thái {record.status}); không tính lại.",
                      [], record.id)


def stored_for(session: Session, target: Target, shas: Iterable[str]) -> dict[str, list[SheetRecord]]:
    """Records already stored in this count session for these file hashes."""
    wanted = list(set(shas))
    found: dict[str, list[SheetRecord]] = {}
    for start in range(0, len(wanted), 500):
        rows = session.exec(select(SheetRecord).where(
            SheetRecord.count_session_id == target.count_session_id,
            SheetRecord.image_sha256.in_(wanted[start:start + 500]))).all()  # type: ignore[attr-defined]
        for r in rows:
            found.setdefault(r.image_sha256, []).append(r)
    return {k: sorted(v, key=lambda r: r.page) for k, v in found.items()}


def _present(session: Session, column: Any, values: set[str], *where: Any) -> set[str]:
    """Those of `values` that `column` holds in the rows matching `where` (asked 500 at a time)."""
    wanted = sorted(values)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(session.exec(select(column).where(*where, column.in_(wanted[start:start + 500]))))
    return found


def store_batch(session: Session, actor: Actor, target: Target, label: str,
                items: list[tuple[ScanFile, tuple[SheetReading, ...]]]) -> list[SideReport]:
    """Store one batch of read files in the caller's transaction; returns one report per side."""
    # Only this batch's sheets are looked up (the count grows to thousands of sheets; each batch
    # asks about its own hundred).
    codes = [r.code for _, readings in items for r in readings if r.code is not None]
    identities = _present(session, SheetRecord.identity_key, {identity_of(c) for c in codes},
                          SheetRecord.count_session_id == target.count_session_id)
    printed = _present(session, PrintedSheet.nonce, {c.nonce for c in codes}, PrintedSheet.round_id == target.round_id)
    before = stored_for(session, target, (f.sha256 for f, _ in items))
    batch = ScanBatch(count_session_id=target.count_session_id, label=label[:200], station=actor.station,
                      operator=actor.username)
    session.add(batch)
    session.flush()
    reports: list[SideReport] = []
    records: list[SheetRecord] = []
    marks: list[dict[str, Any]] = []
    done: set[str] = set()
    for f, readings in items:
        if f.sha256 in before or f.sha256 in done:
            reports += [_report_old(r, f, target) for r in before.get(f.sha256, [])] or [
                SideReport(f.source, 0, f.sha256, "already_scanned", None, None, None, None, None,
                           "Cùng nội dung với một tệp khác trong lần quét này; không tính lại.")]
            continue
        done.add(f.sha256)
        for page, reading in enumerate(readings):
            planned = plan_side(reading, f.sha256, page, identities, printed)
            code = planned.reading.get("code") or {}
            record = SheetRecord(
                round_id=target.round_id, count_session_id=target.count_session_id, batch_id=batch.id,
                method="scan", source=f.source, page=page, image_sha256=f.sha256, content_key=planned.content_key,
                nonce=planned.nonce, identity_key=planned.identity_key, ballot_key=planned.nonce,
                layout_hash=code.get("layout_hash") or "", sheet_index=code.get("sheet_index") or 0,
                sheet_count=code.get("sheet_count") or 0,
                orientation=(planned.reading.get("registration") or {}).get("orientation") or 0,
                status=planned.status, reason=planned.reason,
                reading={**planned.reading, "detail": planned.detail},
            )
            records.append(record)
            if planned.status != "rejected":
                marks += [{"sheet_id": record.id, "number": m["number"],
                           "candidate_id": target.candidates.get(m["number"], (None, ""))[0],
                           "decision": m["decision"], "evidence": m["evidence"]}
                          for m in planned.reading.get("marks", [])]
            reports.append(_report_new(target, f, page, planned, record.id))
    session.add_all(records)
    session.flush()
    if marks:  # tens of names per side: one executemany, not an ORM object per name
        session.connection().execute(insert(Mark), marks)
    batch.sides = len(records)
    batch.finished_at = utcnow()
    session.add(batch)
    counts: dict[str, int] = {}
    for r in reports:
        counts[r.status] = counts.get(r.status, 0) + 1
    audit.record(session, actor, "scan.batch", "scanbatch", batch.id,
                 {"election": target.election, "round": target.round_no, "files": len(items), "sides": counts})
    return reports


@dataclass
class ScanRun:
    """Everything one `congress scan` did."""

    reports: list[SideReport] = field(default_factory=list)
    batches: int = 0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.reports:
            out[r.status] = out.get(r.status, 0) + 1
        return out


@dataclass
class _Staged:
    """A batch whose files are loaded and kept, and whose reading is under way."""

    chunk: list[Path]
    files: list[ScanFile]
    to_read: list[str]
    readings: Iterator[tuple[SheetReading, ...]]


def scan_files(engine: Engine, actor: Actor, target: Target, paths: list[Path], scans_dir: Path, *,
               workers: int | None = None, label: str = "", batch_size: int = DEFAULT_BATCH,
               on_batch: Callable[[list[SideReport], int], None] | None = None,
               should_stop: Callable[[], bool] = lambda: False, reader: Reader | None = None) -> ScanRun:
    """Scan `paths` in batches (one transaction each); stop between batches when asked.

    One pool of reading workers serves the whole run (the caller's `reader`, e.g. for a whole
    `--watch`, or one started here), and each batch is read while the one before it is stored.
    """
    run = ScanRun()
    size = max(1, batch_size)
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    own = reader is None
    active = Reader.for_files(target.layouts, len(paths), workers) if reader is None else reader
    try:
        staged: _Staged | None = None
        for chunk in chunks:
            if should_stop():
                break
            try:
                following = _stage(engine, target, chunk, scans_dir, active)
            except CongressError:  # an unreadable file: what was read before it is stored first
                if staged is not None:
                    _finish(engine, actor, target, staged, label, run, on_batch)
                raise
            if staged is not None:
                _finish(engine, actor, target, staged, label, run, on_batch)
            staged = following
        if staged is not None:
            _finish(engine, actor, target, staged, label, run, on_batch)
    finally:
        if own:
            active.close()
    return run


def _stage(engine: Engine, target: Target, chunk: list[Path], scans_dir: Path, reader: Reader) -> _Staged:
    """Load and keep the batch's files, and start reading those not stored before."""
    files: list[ScanFile] = []
    kept: dict[str, Path] = {}
    for path in chunk:
        f, data = load(path)
        files.append(f)
        if f.sha256 not in kept:
            kept[f.sha256] = keep_copy(scans_dir, f.sha256, data)
    with db.unit_of_work(engine) as session:
        known = stored_for(session, target, kept)
    to_read = [sha for sha in kept if sha not in known]
    return _Staged(chunk, files, to_read, reader.read([kept[s] for s in to_read]))


def _finish(engine: Engine, actor: Actor, target: Target, staged: _Staged, label: str, run: ScanRun,
            on_batch: Callable[[list[SideReport], int], None] | None) -> None:
    """Wait for the batch's readings and store them (one transaction)."""
    readings = dict(zip(staged.to_read, staged.readings, strict=True))
    items = [(f, readings.get(f.sha256, ())) for f in staged.files]
    chunk = staged.chunk
    batch_label = label or (str(chunk[0].parent) if chunk else "")
    reports = _store(engine, actor, target, batch_label, items)
    run.reports += reports
    run.batches += 1
    if on_batch:
        on_batch(reports, len(chunk))


def _store(engine: Engine, actor: Actor, target: Target, batch_label: str,
           items: list[tuple[ScanFile, tuple[SheetReading, ...]]]) -> list[SideReport]:
    # Another station may commit some of the same sheets first: each failed attempt means it made
    # progress, and the next attempt re-reads what is stored, so the retries converge.
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            with db.unit_of_work(engine) as session:
                return store_batch(session, actor, target, batch_label, items)
        except IntegrityError:
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise Conflict("Các trạm quét khác liên tục lưu cùng các tờ phiếu này; chạy lại lệnh quét.")
