"""Review (xem xét phiếu): the counting committee's queue and decisions.

A decision is appended beside the machine's reading, never over it; the latest one is in force.
Every decision names who made it and when, and goes into the audit log in the same transaction.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from ballots.rules import Mark, Status
from ballots.rules.marks import ALLOWED
from congress import audit
from congress.actor import Actor, Role
from congress.counting.assemble import assemble, stored_validity
from congress.counting.counts import count_sessions, ensure_open
from congress.counting.entries import resolve_reason
from congress.counting.lookup import RoundContext
from congress.errors import CongressError, NotFound
from congress.models import CountSession, ReviewDecision, ScanBatch, SheetRecord
from congress.models import Mark as MarkRow

DECISIONS = ("valid", "invalid", "rejected")


@dataclass(frozen=True)
class ReviewItem:
    """One sheet waiting for the committee: where it is, what the machine proposes and why."""

    sheet_id: str
    count: str
    batch: str
    position: str
    kind: str  # "review" (the count depends on it) | "confirm_invalid" (a proposed invalid to confirm)
    proposal: str  # the machine's status
    reason: str  # the proposal's reason, in Vietnamese
    marks: dict[int, str]  # STT -> mark read
    evidence: dict[int, dict]  # STT -> the reader's measurements
    uncertain: tuple[str, ...]  # "STT. name" of the names the reader could not decide
    crop: str  # path of the stored image (or crop) to show, "" when none

    def to_json(self) -> dict:
        return {"sheet": self.sheet_id, "count": self.count, "batch": self.batch, "position": self.position,
                "kind": self.kind, "proposal": self.proposal, "reason": self.reason,
                "marks": {str(k): v for k, v in self.marks.items()},
                "evidence": {str(k): v for k, v in self.evidence.items()},
                "uncertain": list(self.uncertain), "crop": self.crop}


def review_queue(session: Session, ctx: RoundContext) -> list[ReviewItem]:
    """Sheets of the round still waiting: ballots in review, and scanned invalid proposals to confirm."""
    items: list[ReviewItem] = []
    for count in count_sessions(session, ctx.round):
        batches = {b.id: b.label for b in session.exec(select(ScanBatch).where(ScanBatch.count_session_id == count.id))}
        for ballot in assemble(session, count.id or 0, ctx.form, ctx.seats, len(ctx.names)):
            in_review = ballot.validity.status is Status.REVIEW
            for sheet in ballot.sheets:
                record = sheet.record
                if sheet.decision is not None:
                    continue
                if in_review:
                    kind = "review"
                elif record.method != "manual" and record.status == "invalid":
                    kind = "confirm_invalid"
                else:
                    continue
                items.append(_item(session, ctx, count, batches.get(record.batch_id, ""), sheet.position, kind, record,
                                   ballot.validity.label if in_review else ""))
    return items


def _item(session: Session, ctx: RoundContext, count: CountSession, batch: str, position: str, kind: str,
          record: SheetRecord, why: str) -> ReviewItem:
    rows = session.exec(select(MarkRow).where(MarkRow.sheet_id == record.id).order_by(MarkRow.number)).all()  # type: ignore[arg-type]
    uncertain = tuple(f"{r.number}. {ctx.names[r.number - 1]}" for r in rows
                      if r.decision == Mark.UNCERTAIN and 1 <= r.number <= len(ctx.names))
    reading = record.reading if isinstance(record.reading, dict) else {}
    proposal = stored_validity(record.status, record.reason, str(reading.get("detail", "")))
    return ReviewItem(record.id, count.label, batch, position, kind, record.status, why or proposal.label,
                      {r.number: r.decision for r in rows}, {r.number: dict(r.evidence) for r in rows}, uncertain,
                      str(reading.get("crop") or reading.get("image") or record.source or ""))


def find_sheet(session: Session, ctx: RoundContext, sheet: str) -> SheetRecord:
    """A sheet of this round by its id or a unique prefix of at least 6 characters."""
    wanted = sheet.strip().lower()
    if len(wanted) < 6:
        raise CongressError(f"Mã tờ phiếu '{sheet}' quá ngắn: cần ít nhất 6 ký tự.")
    found = session.exec(select(SheetRecord).where(SheetRecord.round_id == ctx.round.id,
                                                   SheetRecord.id.startswith(wanted))).all()  # type: ignore[attr-defined]
    if not found:
        raise NotFound(f"{ctx.label} không có tờ phiếu mã '{sheet}'.")
    if len(found) > 1:
        raise CongressError(f"Mã '{sheet}' khớp {len(found)} tờ phiếu; gõ thêm ký tự.")
    return found[0]


def decide(session: Session, actor: Actor, ctx: RoundContext, sheet: str, status: str, *, reason: str = "",
           marks: dict[int, str] | None = None, note: str = "") -> ReviewDecision:
    """Confirm or override one sheet: its status, the reason of an invalid one, corrected marks."""
    actor.require(Role.COUNTING, action="quyết định về phiếu")
    ensure_open(ctx.round, "xem xét phiếu")
    record = find_sheet(session, ctx, sheet)
    if status not in DECISIONS:
        raise CongressError(f"Quyết định '{status}' không hợp lệ; chọn một trong: {', '.join(DECISIONS)}.")
    code = ""
    if status == "invalid":
        if not reason.strip():
            raise CongressError("Phiếu không hợp lệ cần lý do (--reason).")
        validity = resolve_reason(reason)
        code, note = validity.reason.value, note or (validity.detail or "")  # type: ignore[union-attr]
    checked: dict[str, str] = {}
    allowed = {m.value for m in ALLOWED[ctx.form]} - {Mark.UNCERTAIN.value}
    for number, mark in (marks or {}).items():
        if not 1 <= number <= len(ctx.names):
            raise CongressError(f"Số thứ tự {number} không có trên phiếu (1–{len(ctx.names)}).")
        if mark not in allowed:
            raise CongressError(f"Dấu '{mark}' cho số {number} không dùng được với phiếu dạng {ctx.form}; "
                                f"chọn: {', '.join(sorted(allowed))}.")
        checked[str(number)] = mark
    decision = ReviewDecision(sheet_id=record.id, status=status, reason=code, marks=checked, note=note.strip(),
                              decided_by=actor.username)
    session.add(decision)
    session.flush()
    audit.record(session, actor, "review.decide", "sheet", record.id, {
        "election": ctx.election.code, "round": ctx.round.number, "machine": record.status, "status": status,
        "reason": code, "marks": checked, "note": decision.note,
    })
    return decision
