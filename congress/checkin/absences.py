"""Absences (vắng mặt) with their reason, for one sitting or the whole congress (sitting None).

Whether the convening committee accepted the reason matters for a congress of members (DOMAIN.md
§6); recording the same absence again updates it (idempotent).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from congress import audit
from congress.actor import Actor, Role
from congress.checkin.people import display_name, find_delegate
from congress.checkin.sittings import get_sitting
from congress.errors import CongressError, NotFound
from congress.models import Absence, Delegate, Sitting, utcnow
from congress.vi import clean


def _find(session: Session, delegate_ref: str, sitting: int | None) -> tuple[Delegate, int | None, Absence | None]:
    """The delegate, the sitting's id, and their absence for it (None: the whole congress) if recorded."""
    delegate = find_delegate(session, delegate_ref)
    sitting_id = get_sitting(session, sitting).id if sitting is not None else None
    absence = session.exec(select(Absence).where(
        Absence.delegate_id == delegate.id,
        Absence.sitting_id == sitting_id if sitting_id is not None else col(Absence.sitting_id).is_(None),
    )).first()
    return delegate, sitting_id, absence


def record_absence(session: Session, actor: Actor, delegate_ref: str, reason: str, *, sitting: int | None = None,
                   accepted: bool = False) -> Absence:
    """Record (or update) an absence; `sitting` None means absent for the whole congress."""
    actor.require(Role.SECRETARIAT, action="ghi nhận vắng mặt")
    if not clean(reason):
        raise CongressError("Lý do vắng mặt (--reason) không được để trống.")
    delegate, sitting_id, absence = _find(session, delegate_ref, sitting)
    if absence is None:
        absence = Absence(delegate_id=delegate.id, sitting_id=sitting_id)  # type: ignore[arg-type]
    absence.reason, absence.accepted = clean(reason), accepted
    absence.decided_by, absence.decided_at = actor.username, utcnow()
    session.add(absence)
    session.flush()
    audit.record(session, actor, "absence.record", "delegate", delegate.id,
                 {"sitting": sitting, "reason": absence.reason, "accepted": accepted})
    return absence


def remove_absence(session: Session, actor: Actor, delegate_ref: str, *, sitting: int | None = None) -> None:
    actor.require(Role.SECRETARIAT, action="xoá ghi nhận vắng mặt")
    delegate, _, absence = _find(session, delegate_ref, sitting)
    if absence is None:
        where = f"phiên {sitting}" if sitting is not None else "cả đại hội"
        raise NotFound(f"{display_name(delegate)} không có ghi nhận vắng mặt ({where}).")
    session.delete(absence)
    audit.record(session, actor, "absence.remove", "delegate", delegate.id, {"sitting": sitting})


def absence_rows(session: Session) -> list[dict]:
    numbers = {s.id: s.number for s in session.exec(select(Sitting))}
    rows = []
    for absence in session.exec(select(Absence).order_by(col(Absence.decided_at))):
        rows.append({"delegate": absence.delegate_id, "sitting": numbers.get(absence.sitting_id),
                     "reason": absence.reason, "accepted": absence.accepted, "decided_by": absence.decided_by,
                     "decided_at": absence.decided_at})
    return rows
