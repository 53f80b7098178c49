"""Manual entry (kiểm phiếu bán tự động): a file of JSON lines, or one ballot at a time from the TUI.

Each ballot becomes a SheetRecord(method="manual", ballot_key random, entry_seq) with one Mark row
per name — the same records a scan produces, so both paths meet in one counter. A file is one
batch and one transaction; entering the same file into the same count again changes nothing.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, func, select

from congress import audit
from congress.actor import Actor, Role
from congress.counting.counts import ensure_open, open_count
from congress.counting.entries import Entry, entry_text, parse_lines
from congress.counting.lookup import RoundContext
from congress.errors import Conflict, CongressError
from congress.models import Mark, ScanBatch, SheetRecord, new_random_id, utcnow
from congress.vi import clean

MANUAL = "manual"


@dataclass(frozen=True)
class EntryReport:
    count_label: str
    batch_label: str
    ballots: int
    valid: int
    invalid: int
    already_entered: bool = False


def read_entry_file(path: Path) -> tuple[str, str]:
    """(text, sha256) of an entry file; a missing or non-UTF-8 file is one clear error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CongressError(f"Không đọc được tệp {path}: {exc.strerror}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CongressError(f"{path}: không phải văn bản UTF-8 (byte {exc.start}).") from None
    return text, hashlib.sha256(data).hexdigest()


def enter_file(session: Session, actor: Actor, ctx: RoundContext, path: Path, *, count_label: str,
               batch_label: str | None = None) -> EntryReport:
    """Parse the whole file first (nothing is written on a bad line), then store it as one batch."""
    actor.require(Role.COUNTING, action="nhập phiếu")
    ensure_open(ctx.round, "nhập thêm phiếu")
    text, digest = read_entry_file(path)
    entries = parse_lines(text, ctx.form, len(ctx.names), path.name)
    count = open_count(session, actor, ctx.round, count_label, MANUAL)
    label = clean(batch_label) or path.stem
    first_key = _content_key(digest, entries[0].line)
    if session.exec(select(SheetRecord.id).where(SheetRecord.count_session_id == count.id,
                                                 SheetRecord.content_key == first_key)).first():
        return EntryReport(count.label, label, len(entries), 0, 0, already_entered=True)
    batch = _new_batch(session, actor, count.id, label)
    records, marks = [], []
    for seq, entry in enumerate(entries, start=1):
        record, rows = _build(ctx, count.id, batch, entry, seq, path.name, _content_key(digest, entry.line))
        records.append(record)
        marks += rows
    _save(session, records, marks)
    valid = sum(r.status == "valid" for r in records)
    invalid = sum(r.status == "invalid" for r in records)
    batch.sides, batch.finished_at = len(entries), utcnow()
    session.add(batch)
    audit.record(session, actor, "count.enter_file", "round", ctx.round.id, {
        "election": ctx.election.code, "round": ctx.round.number, "count": count.label, "batch": label,
        "file": path.name, "sha256": digest, "ballots": len(entries), "valid": valid, "invalid": invalid,
    })
    return EntryReport(count.label, label, len(entries), valid, invalid)


def enter_ballot(session: Session, actor: Actor, ctx: RoundContext, entry: Entry, *, count_label: str,
                 batch_label: str) -> SheetRecord:
    """One ballot typed at the TUI, appended to the named batch of the named count."""
    actor.require(Role.COUNTING, action="nhập phiếu")
    ensure_open(ctx.round, "nhập thêm phiếu")
    count = open_count(session, actor, ctx.round, count_label, MANUAL)
    label = clean(batch_label)
    batch = session.exec(select(ScanBatch).where(ScanBatch.count_session_id == count.id,
                                                 ScanBatch.label == label)).first()
    if batch is None:
        batch = _new_batch(session, actor, count.id, label)
    seq = 1 + (session.exec(select(func.max(SheetRecord.entry_seq)).where(SheetRecord.batch_id == batch.id)).one() or 0)
    record, rows = _build(ctx, count.id, batch, entry, seq, "", None)
    _save(session, [record], rows)
    batch.sides, batch.finished_at = seq, utcnow()
    session.add(batch)
    audit.record(session, actor, "count.enter_ballot", "round", ctx.round.id, {
        "election": ctx.election.code, "round": ctx.round.number, "count": count.label, "batch": label,
        "seq": seq, "status": record.status,
    })
    return record


def _content_key(digest: str, line: int) -> str:
    return f"m:{digest}:{line}"


def _new_batch(session: Session, actor: Actor, count_id: int | None, label: str) -> ScanBatch:
    if not label:
        raise CongressError("Tên tập phiếu (--batch) không được để trống.")
    clash = session.exec(select(ScanBatch).where(ScanBatch.count_session_id == count_id,
                                                 ScanBatch.label == label)).first()
    if clash is not None:
        raise Conflict(f"Lần kiểm này đã có tập phiếu '{label}'; đặt tên tập khác (--batch).")
    batch = ScanBatch(count_session_id=count_id or 0, label=label, station=actor.station, operator=actor.username)
    session.add(batch)
    session.flush()
    return batch


def _build(ctx: RoundContext, count_id: int | None, batch: ScanBatch, entry: Entry, seq: int, source: str,
           content_key: str | None) -> tuple[SheetRecord, list[Mark]]:
    verdict = entry.judge(ctx.form, ctx.seats)
    record = SheetRecord(
        id=new_random_id(), round_id=ctx.round.id or 0, count_session_id=count_id or 0, batch_id=batch.id or 0,
        method=MANUAL, source=source, content_key=content_key, ballot_key=new_random_id(), layout_hash=ctx.round.layout_hash,
        sheet_index=1, sheet_count=1, status=verdict.status.value,
        reason=verdict.reason.value if verdict.reason else "",
        reading={"entry": entry.raw, "detail": verdict.detail or "", "text": entry_text(entry.marks, ctx.form, entry.invalid)},
        entry_seq=seq,
    )
    marks = [Mark(sheet_id=record.id, number=number, candidate_id=ctx.candidate_ids[number - 1], decision=mark.value)
             for number, mark in sorted(entry.marks.items())]
    return record, marks


def _save(session: Session, records: list[SheetRecord], marks: list[Mark]) -> None:
    """Sheets first, then their marks (two flushes keep the foreign keys satisfied on every backend)."""
    session.add_all(records)
    session.flush()
    session.add_all(marks)
    session.flush()
