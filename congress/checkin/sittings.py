"""Sittings (phiên): created and opened, closed; at most one is open, and check-in goes to it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from congress import audit
from congress.actor import Actor, Role
from congress.errors import Conflict, CongressError, NotFound
from congress.models import Sitting, utcnow
from congress.vi import clean


def open_sitting_now(session: Session) -> Sitting | None:
    return session.exec(
        select(Sitting).where(col(Sitting.opened_at).is_not(None), col(Sitting.closed_at).is_(None))
    ).first()


def get_sitting(session: Session, number: int) -> Sitting:
    found = session.exec(select(Sitting).where(Sitting.number == number)).first()
    if found is None:
        raise NotFound(f"Không có phiên số {number}.")
    return found


def list_sittings(session: Session) -> list[Sitting]:
    return list(session.exec(select(Sitting).order_by(col(Sitting.number))))


def open_sitting(session: Session, actor: Actor, number: int, name: str = "", *, internal: bool | None = None,
                 reopen: bool = False, now: datetime | None = None) -> Sitting:
    """Open sitting `number` (creating it if new). Another open sitting must be closed first."""
    actor.require(Role.SECRETARIAT, action="mở phiên")
    if number < 1:
        raise CongressError("Số phiên phải từ 1 trở lên.")
    current = open_sitting_now(session)
    if current is not None and current.number != number:
        raise Conflict(f"Phiên {current.number} ({current.name}) đang mở; đóng phiên đó trước.")
    sitting = session.exec(select(Sitting).where(Sitting.number == number)).first()
    if sitting is None:
        sitting = Sitting(number=number, name=clean(name) or f"Phiên {number}", internal=bool(internal))
    elif sitting.closed_at is not None and not reopen:
        raise Conflict(f"Phiên {number} đã đóng; dùng --reopen nếu thật sự cần mở lại.")
    elif current is not None:
        return sitting  # already open: opening again changes nothing
    else:
        if clean(name):
            sitting.name = clean(name)
        if internal is not None:
            sitting.internal = internal
    sitting.opened_at = sitting.opened_at if sitting.closed_at is not None and reopen else (now or utcnow())
    sitting.closed_at = None
    session.add(sitting)
    session.flush()
    audit.record(session, actor, "sitting.open", "sitting", sitting.id,
                 {"number": number, "name": sitting.name, "internal": sitting.internal, "reopen": reopen})
    return sitting


def close_sitting(session: Session, actor: Actor, number: int | None = None, now: datetime | None = None) -> Sitting:
    """Close the open sitting (or the named one, which must be the open one)."""
    actor.require(Role.SECRETARIAT, action="đóng phiên")
    current = open_sitting_now(session)
    if current is None or (number is not None and current.number != number):
        raise Conflict("Không có phiên nào đang mở." if current is None
                       else f"Phiên {number} không phải phiên đang mở (đang mở: phiên {current.number}).")
    current.closed_at = now or utcnow()
    session.add(current)
    audit.record(session, actor, "sitting.close", "sitting", current.id, {"number": current.number})
    return current
