"""Closing and reopening a round's count (kết thúc / mở lại kiểm phiếu).

Closing freezes the result: the round's status becomes "closed", the denominator is kept as a
snapshot (later check-ins change nothing), the count used is marked accepted and the result goes
into the audit log. After that, scanning, entry and review into the round are refused until an
explicit reopening, which needs a reason and is logged too.
"""

from sqlmodel import Session, select

from congress import audit
from congress.actor import Actor, Role
from congress.counting.counts import CLOSED, count_sessions
from congress.counting.lookup import RoundContext
from congress.counting.results import RoundReport, round_report
from congress.errors import Conflict, CongressError
from congress.models import ReviewDecision, SheetRecord, utcnow
from congress.vi import clean

REOPENED = "counting"


def unconfirmed_invalid(session: Session, count_session_id: int | None) -> int:
    """Scanned sheets the machine proposed invalid that the committee has not yet ruled on (§5)."""
    decided = select(ReviewDecision.sheet_id)
    return len(session.exec(select(SheetRecord.id).where(
        SheetRecord.count_session_id == count_session_id, SheetRecord.method != "manual",
        SheetRecord.status == "invalid", SheetRecord.id.not_in(decided),  # type: ignore[union-attr]
    )).all())


def close_round(session: Session, actor: Actor, ctx: RoundContext) -> RoundReport:
    actor.require(Role.COUNTING, action="kết thúc kiểm phiếu")
    if ctx.round.status == CLOSED:
        raise Conflict(f"{ctx.label} đã kết thúc kiểm phiếu lúc {ctx.round.closed_at:%d/%m/%Y %H:%M} (UTC).")
    report = round_report(session, ctx)
    if report.issued is None:
        raise CongressError(f"{ctx.label}: chưa ghi số phiếu phát ra; ghi số phiếu phát ra trước khi kết thúc kiểm phiếu.")
    if report.result.accounting.stopped:
        raise CongressError(f"{ctx.label}: chưa thể kết thúc — {'; '.join(report.problems)}.")
    waiting = unconfirmed_invalid(session, report.count.id)
    if waiting:
        raise CongressError(f"{ctx.label}: còn {waiting} phiếu máy đề xuất không hợp lệ chưa được Ban kiểm phiếu "
                            "xác nhận ('congress review list').")
    for count in count_sessions(session, ctx.round):  # the counts agree (round_report refuses otherwise)
        if count.id == report.count.id or len(report.counts) > 1:
            count.accepted = True
            session.add(count)
    round_ = ctx.round
    round_.status, round_.denominator = CLOSED, report.denominator.to_dict()
    round_.closed_at, round_.closed_by = utcnow(), actor.username
    session.add(round_)
    r = report.result
    audit.record(session, actor, "count.close", "round", round_.id, {
        "election": ctx.election.code, "round": round_.number, "count": report.count.label,
        "denominator": report.denominator.value, "issued": report.issued, "returned": r.accounting.returned,
        "valid": r.accounting.valid, "invalid": r.accounting.invalid,
        "votes": {str(c.number): c.votes for c in r.candidates}, "elected": [c.number for c in r.elected],
        "outcome": r.outcome.value,
    })
    return round_report(session, ctx)


def reopen_round(session: Session, actor: Actor, ctx: RoundContext, reason: str) -> None:
    actor.require(Role.COUNTING, action="mở lại kiểm phiếu")
    reason = clean(reason)
    if not reason:
        raise CongressError("Cần ghi lý do mở lại kiểm phiếu (--reason).")
    round_ = ctx.round
    if round_.status != CLOSED:
        raise Conflict(f"{ctx.label} chưa kết thúc kiểm phiếu, không cần mở lại.")
    audit.record(session, actor, "count.reopen", "round", round_.id, {
        "election": ctx.election.code, "round": round_.number, "reason": reason,
        "closed_at": round_.closed_at.isoformat() if round_.closed_at else None, "closed_by": round_.closed_by,
    })
    round_.status, round_.closed_at, round_.closed_by = REOPENED, None, ""
    session.add(round_)
