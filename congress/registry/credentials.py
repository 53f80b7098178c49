"""Thẩm tra tư cách đại biểu — credentials review, replacements by alternates, member statuses.

Every decision changes `Delegate.status` (or `replaced_by_id`), appends a StatusChange with the
reason and who decided, and writes an audit event — all in the caller's transaction. Whether a
person votes is never stored: `rights` derives it from these facts with `voting.voting_right`.
"""

from __future__ import annotations

from sqlmodel import Session, select

from congress import audit
from congress.actor import Actor, Role
from congress.congresses import get_congress
from congress.errors import Conflict, CongressError
from congress.models import Delegate, StatusChange, utcnow
from congress.registry.delegates import get_delegate
from congress.registry.voting import (
    DELEGATE_STATUSES,
    MEMBER_STATUSES,
    MEMBERS,
    VotingRight,
    voting_right,
)
from congress.vi import clean, full_name

REPLACEABLE = frozenset({"official"})  # alternates stand in for elected official delegates only


def _name(d: Delegate) -> str:
    return full_name(d.family_name, d.middle_name, d.given_name)


def set_status(session: Session, actor: Actor, delegate_id: int, status: str, reason: str = "") -> Delegate:
    """Record a decision on one person's status; a refusal (not_recognised, suspended) needs a reason."""
    actor.require(Role.SECRETARIAT, action="thay đổi tư cách đại biểu")
    kind = get_congress(session).kind
    allowed = MEMBER_STATUSES if kind == MEMBERS else DELEGATE_STATUSES
    if status not in allowed:
        raise CongressError(f"Trạng thái '{status}' không dùng cho đại hội này; chọn một trong: {', '.join(allowed)}.")
    reason = clean(reason)
    if status in ("not_recognised", "suspended") and not reason:
        raise CongressError(f"Trạng thái {status} cần lý do (--reason).")
    delegate = get_delegate(session, delegate_id)
    if delegate.status == status and delegate.status_reason == reason:
        return delegate  # the same decision twice changes nothing
    _change(session, actor, delegate, status, reason)
    return delegate


def _change(session: Session, actor: Actor, delegate: Delegate, status: str, reason: str) -> None:
    old = delegate.status
    session.add(StatusChange(delegate_id=delegate.id, old_status=old, new_status=status,  # type: ignore[arg-type]
                             reason=reason, decided_by=actor.username))
    delegate.status, delegate.status_reason, delegate.updated_at = status, reason, utcnow()
    session.add(delegate)
    session.flush()
    audit.record(session, actor, "delegate.status", "delegate", delegate.id,
                 {"from": old, "to": status, "reason": reason})


def recognise(session: Session, actor: Actor, delegate_id: int, reason: str = "") -> Delegate:
    return set_status(session, actor, delegate_id, "recognised", reason)


def not_recognise(session: Session, actor: Actor, delegate_id: int, reason: str) -> Delegate:
    return set_status(session, actor, delegate_id, "not_recognised", reason)


def recognise_all(session: Session, actor: Actor, reason: str = "") -> int:
    """The congress approves the credentials report: every delegate still 'summoned' is recognised."""
    actor.require(Role.SECRETARIAT, action="công nhận tư cách đại biểu")
    if get_congress(session).kind == MEMBERS:
        raise Conflict("Đại hội đảng viên không thẩm tra tư cách đại biểu.")
    waiting = list(session.exec(select(Delegate).where(Delegate.status == "summoned")))
    for delegate in waiting:
        _change(session, actor, delegate, "recognised", clean(reason))
    return len(waiting)


def replace(session: Session, actor: Actor, official_id: int, alternate_id: int, reason: str = "") -> Delegate:
    """An alternate takes an official delegate's place: from now on the alternate votes, the official not."""
    actor.require(Role.SECRETARIAT, action="thay đại biểu chính thức bằng đại biểu dự khuyết")
    if get_congress(session).kind == MEMBERS:
        raise Conflict("Đại hội đảng viên không có đại biểu dự khuyết.")
    official, alternate = get_delegate(session, official_id), get_delegate(session, alternate_id)
    if official.category not in REPLACEABLE:
        raise Conflict(f"Đại biểu số {official_id} ({_name(official)}) là '{official.category}', "
                       "chỉ đại biểu chính thức được thay bằng đại biểu dự khuyết.")
    if alternate.category != "alternate":
        raise Conflict(f"Đại biểu số {alternate_id} ({_name(alternate)}) không phải đại biểu dự khuyết.")
    if alternate.status == "not_recognised":
        raise Conflict(f"Đại biểu dự khuyết số {alternate_id} không được công nhận tư cách.")
    if official.replaced_by_id is not None:
        raise Conflict(f"Đại biểu số {official_id} đã được thay bằng đại biểu số {official.replaced_by_id}.")
    already = session.exec(select(Delegate).where(Delegate.replaced_by_id == alternate_id)).first()
    if already is not None:
        raise Conflict(f"Đại biểu dự khuyết số {alternate_id} đã thay cho đại biểu số {already.id}.")
    official.replaced_by_id, official.updated_at = alternate_id, utcnow()
    session.add(official)
    session.flush()
    audit.record(session, actor, "delegate.replace", "delegate", official_id,
                 {"replaced_by": alternate_id, "reason": clean(reason)})
    return official


def cancel_replacement(session: Session, actor: Actor, official_id: int, reason: str = "") -> Delegate:
    """Undo a replacement decided in error (the official votes again, the alternate no longer)."""
    actor.require(Role.SECRETARIAT, action="huỷ thay thế đại biểu")
    official = get_delegate(session, official_id)
    if official.replaced_by_id is None:
        raise Conflict(f"Đại biểu số {official_id} chưa được ai thay.")
    alternate_id = official.replaced_by_id
    official.replaced_by_id, official.updated_at = None, utcnow()
    session.add(official)
    session.flush()
    audit.record(session, actor, "delegate.replace_cancel", "delegate", official_id,
                 {"was_replaced_by": alternate_id, "reason": clean(reason)})
    return official


def history(session: Session, delegate_id: int) -> list[StatusChange]:
    return list(session.exec(select(StatusChange).where(StatusChange.delegate_id == delegate_id)
                             .order_by(StatusChange.id)))  # type: ignore[arg-type]


def rights(session: Session) -> dict[int, VotingRight]:
    """Every person's voting right, derived from the registry facts (for badges, ballots, denominators)."""
    congress = get_congress(session)
    require = bool(congress.settings.get("require_recognition", False))
    people = list(session.exec(select(Delegate)))
    replacing = {d.replaced_by_id for d in people if d.replaced_by_id}
    return {d.id: voting_right(d.category, d.status, d.replaced_by_id is not None, d.id in replacing,  # type: ignore[misc]
                               congress.kind, require_recognition=require)
            for d in people}
