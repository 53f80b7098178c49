"""Badges: issue, reprint and revoke; build what each badge shows. Only a hash of each code is kept.

The plain code exists only while a badge is being printed: issuing and rendering happen in one
transaction, so a failed print leaves the old badges valid. Reprinting issues a new code and
revokes the old badge (`replaced_by_id` points at the new one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from congress import audit
from congress.actor import Actor, Role
from congress.badges import tokens
from congress.badges.pdf import BadgeFace
from congress.checkin.people import delegation_names, display_name, find_delegate, replacing_ids, right_of
from congress.congresses import get_congress, setting
from congress.errors import CongressError, NotFound
from congress.models import Badge, Congress, Delegate, Delegation, utcnow
from congress.vi import clean, name_sort_key

CATEGORY_WORDS = {
    "official": "ĐẠI BIỂU CHÍNH THỨC",
    "ex_officio": "ĐẠI BIỂU ĐƯƠNG NHIÊN",
    "appointed": "ĐẠI BIỂU CHỈ ĐỊNH",
    "alternate": "ĐẠI BIỂU DỰ KHUYẾT",
    "guest": "KHÁCH MỜI",
    "member": "ĐẢNG VIÊN CHÍNH THỨC",
    "probationary": "ĐẢNG VIÊN DỰ BỊ",
    "temporary": "ĐẢNG VIÊN SINH HOẠT TẠM THỜI",
}
# Red for those who vote of right; blue for alternates and probationary members; green for guests.
CATEGORY_COLOURS = {
    "official": "#B3121F", "ex_officio": "#8E0E18", "appointed": "#B3121F", "member": "#B3121F",
    "alternate": "#1D4F91", "probationary": "#1D4F91", "temporary": "#1D4F91", "guest": "#2E6B30",
}


@dataclass(frozen=True)
class IssuedBadge:
    badge: Badge
    delegate: Delegate
    code: str  # the plain code: print it now, it is not stored


def active_badges(session: Session, delegate_ids: Sequence[int] | None = None) -> dict[int, Badge]:
    """delegate id → their live (not revoked) badge."""
    query = select(Badge).where(col(Badge.revoked_at).is_(None))
    if delegate_ids is not None:
        query = query.where(col(Badge.delegate_id).in_(list(delegate_ids)))
    return {b.delegate_id: b for b in session.exec(query)}


def issue(session: Session, actor: Actor, delegates: Sequence[Delegate], now: datetime | None = None) -> list[IssuedBadge]:
    """New badges for these people; any badge they still hold is revoked and points at its successor."""
    actor.require(Role.SECRETARIAT, action="cấp thẻ đại biểu")
    now = now or utcnow()
    ids = [d.id for d in delegates if d.id is not None]
    if len(set(ids)) != len(ids):
        raise CongressError("Danh sách cấp thẻ có người bị lặp.")
    old = active_badges(session, ids)
    issued: list[IssuedBadge] = []
    for delegate in delegates:
        code = tokens.generate()
        badge = Badge(delegate_id=delegate.id, token_hash=tokens.token_hash(code), hint=tokens.hint(code), issued_at=now)
        session.add(badge)
        issued.append(IssuedBadge(badge, delegate, code))
    session.flush()
    for item in issued:
        previous = old.get(item.delegate.id)  # type: ignore[arg-type]
        if previous is not None:
            previous.revoked_at, previous.replaced_by_id = now, item.badge.id
            session.add(previous)
    session.flush()
    audit.record(session, actor, "badge.issue", "badge", "", {
        "count": len(issued), "reprinted": len(old),
        "badges": [{"delegate": i.delegate.id, "badge": i.badge.id, "hint": i.badge.hint} for i in issued],
    })
    return issued


def revoke(session: Session, actor: Actor, delegate_ref: str, reason: str = "", now: datetime | None = None) -> Badge:
    """Revoke a person's live badge (lost or withdrawn) without printing a new one."""
    actor.require(Role.SECRETARIAT, action="thu hồi thẻ")
    delegate = find_delegate(session, delegate_ref)
    badge = active_badges(session, [delegate.id]).get(delegate.id)  # type: ignore[list-item,arg-type]
    if badge is None:
        raise NotFound(f"{display_name(delegate)} không có thẻ nào đang dùng.")
    badge.revoked_at = now or utcnow()
    session.add(badge)
    audit.record(session, actor, "badge.revoke", "badge", badge.id,
                 {"delegate": delegate.id, "hint": badge.hint, "reason": clean(reason)})
    return badge


def select_for_print(session: Session, *, only: Sequence[str] = (), delegation: str | None = None,
                     category: str | None = None, reprint: bool = False) -> list[Delegate]:
    """Who gets a badge now, in print order (delegation, then Vietnamese name order).

    Named people (`only`) are always (re)printed; otherwise people who already hold a live badge
    are skipped unless `reprint`.
    """
    query = select(Delegate)
    if delegation:
        wanted = clean(delegation)
        found = session.exec(select(Delegation).where(
            (Delegation.name == wanted) | (Delegation.code == wanted))).first()
        if found is None:
            raise NotFound(f"Không có đoàn '{wanted}'.")
        query = query.where(Delegate.delegation_id == found.id)
    if category:
        query = query.where(Delegate.category == clean(category))
    people = list(session.exec(query))
    if only:
        named = {find_delegate(session, ref).id for ref in only}
        people = [p for p in people if p.id in named]
        if not people:
            raise NotFound("Không ai trong --only khớp với --delegation/--category đã chọn.")
    elif not reprint:
        holding = active_badges(session)
        people = [p for p in people if p.id not in holding]
    orders = {d.id: d.sort_order for d in session.exec(select(Delegation))}
    tie = setting(get_congress(session), "tie_order")
    people.sort(key=lambda p: (p.delegation_id is None, orders.get(p.delegation_id, 0), p.delegation_id or 0,
                               name_sort_key(p.family_name, p.middle_name, p.given_name,
                                             p.birth_date or p.birth_year, tie)))
    return people


def faces(session: Session, issued: Sequence[IssuedBadge], photo_root: Path | None = None) -> list[BadgeFace]:
    """What each new badge shows; voting is decided by the registry's rule at print time."""
    congress: Congress = get_congress(session)
    replacing = replacing_ids(session)
    names = delegation_names(session)
    result = []
    for item in issued:
        d = item.delegate
        right = right_of(d, congress, d.id in replacing)
        photo = None
        if d.photo_path:
            photo = Path(d.photo_path)
            if not photo.is_absolute() and photo_root is not None:
                photo = photo_root / photo
            if not photo.is_file():
                raise CongressError(f"Không thấy ảnh '{d.photo_path}' của {display_name(d)} (mã {d.code or d.id}).")
        result.append(BadgeFace(
            code=item.code, name=display_name(d), category_word=CATEGORY_WORDS.get(d.category, d.category.upper()),
            voting=right.votes, colour=CATEGORY_COLOURS.get(d.category, "#555555"), header=congress.name,
            title=d.title, delegation=names.get(d.delegation_id, "") if d.delegation_id else d.unit,
            seat=d.seat, photo=photo,
        ))
    return result


def badge_rows(session: Session) -> list[dict]:
    """Every badge ever issued, newest first, for listing (hints only, never codes)."""
    people = {d.id: d for d in session.exec(select(Delegate))}
    rows = []
    for b in session.exec(select(Badge).order_by(col(Badge.issued_at).desc(), col(Badge.id).desc())):
        d = people.get(b.delegate_id)
        rows.append({"badge": b.id, "delegate": b.delegate_id, "code": d.code if d else None,
                     "name": display_name(d) if d else "", "hint": b.hint, "issued_at": b.issued_at,
                     "revoked_at": b.revoked_at, "replaced_by": b.replaced_by_id})
    return rows
