"""Check-in (điểm danh): a scan becomes one appended event, in the caller's transaction.

Two desks scanning the same person at once: both may decide "ok, entry n", but `entry_key` is
unique, so the second insert fails; we roll back to a savepoint, read again and answer
`already`. Nothing is lost and nobody is counted twice, on SQLite and PostgreSQL alike, at READ
COMMITTED — no serialisable retries needed. Accepted entries and exits also go to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from congress import audit
from congress.actor import Actor, Role
from congress.badges import tokens
from congress.checkin.decision import (
    BadgeFacts,
    Decision,
    Direction,
    Movements,
    PersonFacts,
    Scan,
    SittingFacts,
    decide,
)
from congress.checkin.people import display_name, is_guest, is_replacing, right_of
from congress.checkin.sittings import get_sitting, open_sitting_now
from congress.congresses import get_congress
from congress.errors import CongressError
from congress.models import Badge, CheckinEvent, Delegate, Delegation, Sitting, utcnow

RAW_LIMIT = 200  # CheckinEvent.raw_text length


@dataclass(frozen=True)
class ScanResult:
    decision: Decision
    event_id: int
    delegate: dict | None  # id, code, name, delegation, category, voting
    sitting: int | None  # the sitting's number
    raced: bool = False  # another desk recorded the same movement first (answered from the re-read)

    def as_json(self) -> dict:
        d = self.decision
        return {
            "outcome": d.outcome.value, "reason": d.reason, "kind": d.kind, "message": d.message,
            "delegate": self.delegate, "sitting": self.sitting, "voting": d.voting, "event": self.event_id,
            "already_at": d.already_at, "already_station": d.already_station or None,
            "replaced_at": d.replaced_at,
        }


def movements(session: Session, sitting_id: int, delegate_id: int) -> Movements:
    """Accepted entries/exits of one person in one sitting (the keyed events only)."""
    rows = session.exec(
        select(CheckinEvent.kind, func.count(), func.max(CheckinEvent.at))
        .where(CheckinEvent.sitting_id == sitting_id, CheckinEvent.delegate_id == delegate_id,
               col(CheckinEvent.entry_key).is_not(None))
        .group_by(CheckinEvent.kind)
    ).all()
    counts = {kind: (n, at) for kind, n, at in rows}
    entries, last_entry = counts.get("entry", (0, None))
    exits, last_exit = counts.get("exit", (0, None))
    station = ""
    if entries:
        station = session.exec(select(CheckinEvent.station).where(
            CheckinEvent.entry_key == f"{sitting_id}:{delegate_id}:{entries}")).first() or ""
    return Movements(entries, exits, last_entry, station, last_exit)


def _sitting_facts(sitting: Sitting | None) -> SittingFacts | None:
    if sitting is None:
        return None
    is_open = sitting.opened_at is not None and sitting.closed_at is None
    return SittingFacts(sitting.id, sitting.number, sitting.name, is_open,  # type: ignore[arg-type]
                        closed=sitting.closed_at is not None, internal=sitting.internal)


def _delegate_json(delegate: Delegate, session: Session, voting: bool | None) -> dict:
    delegation = session.get(Delegation, delegate.delegation_id) if delegate.delegation_id else None
    return {"id": delegate.id, "code": delegate.code, "name": display_name(delegate),
            "delegation": delegation.name if delegation else None, "category": delegate.category,
            "voting": voting, "seat": delegate.seat or None}


def scan(session: Session, actor: Actor, raw: str, *, sitting: int | None = None, station: str | None = None,
         direction: Direction | str = Direction.ENTRY, now: datetime | None = None,
         tz: tzinfo | None = None) -> ScanResult:
    """Decide on one scan and append its event. `sitting` is a number; default: the open sitting."""
    actor.require(Role.CHECKIN, Role.SECRETARIAT, action="điểm danh")
    try:
        token: tokens.BadgeCode | tokens.TokenProblem = tokens.parse(raw)
    except tokens.TokenProblem as problem:
        token = problem
    if getattr(token, "code", "") == "empty":
        raise CongressError("Mã trống: chưa quét được gì.")  # a bare Enter is not a scan
    badge_facts = None
    delegate: Delegate | None = None
    badge: Badge | None = None
    if isinstance(token, tokens.BadgeCode):
        badge = session.exec(select(Badge).where(Badge.token_hash == tokens.token_hash(token.code))).first()
        if badge is not None:
            replaced_at = None
            if badge.replaced_by_id is not None:
                successor = session.get(Badge, badge.replaced_by_id)
                replaced_at = successor.issued_at if successor else None
            badge_facts = BadgeFacts(badge.id, badge.delegate_id, badge.revoked_at, replaced_at)  # type: ignore[arg-type]
            delegate = session.get(Delegate, badge.delegate_id)
    return _record(session, actor, token, badge, badge_facts, delegate, tokens.redact(raw), sitting=sitting,
                   station=station, direction=direction, now=now, tz=tz)


def admit(session: Session, actor: Actor, delegate_id: int, *, sitting: int | None = None,
          station: str | None = None, direction: Direction | str = Direction.ENTRY, now: datetime | None = None,
          tz: tzinfo | None = None) -> ScanResult:
    """Check in a person found by name at the desk (no badge shown): the same decision minus the badge.

    The event says so ("theo tên"), so the log tells badge scans from desk look-ups.
    """
    actor.require(Role.CHECKIN, Role.SECRETARIAT, action="điểm danh")
    delegate = session.get(Delegate, delegate_id)
    return _record(session, actor, None, None, None, delegate, f"theo tên #{delegate_id}", sitting=sitting,
                   station=station, direction=direction, now=now, tz=tz)


def _record(session: Session, actor: Actor, token: tokens.BadgeCode | tokens.TokenProblem | None,
            badge: Badge | None, badge_facts: BadgeFacts | None, delegate: Delegate | None, raw: str, *,
            sitting: int | None, station: str | None, direction: Direction | str, now: datetime | None,
            tz: tzinfo | None) -> ScanResult:
    direction = Direction(direction)
    now = now or utcnow()
    tz = tz or datetime.now().astimezone().tzinfo
    station = station if station is not None else actor.station
    person = None
    if delegate is not None:
        right = right_of(delegate, get_congress(session), is_replacing(session, delegate.id))  # type: ignore[arg-type]
        person = PersonFacts(delegate.id, display_name(delegate), delegate.category, right,  # type: ignore[arg-type]
                             guest=is_guest(delegate))
    target = _target_sitting(session, sitting)
    moves = Movements()
    if person is not None and target is not None:
        moves = movements(session, target.id, person.delegate_id)  # type: ignore[arg-type]
    facts = Scan(token, direction, badge_facts, person, _sitting_facts(target), sitting, moves)
    decision = decide(facts, tz)
    event = _event(decision, facts, badge, now, station, actor, raw)
    raced = False
    try:
        with session.begin_nested():
            session.add(event)
            session.flush()
    except IntegrityError:
        # Another desk recorded this very entry (or exit) first: read what it wrote and say so.
        facts = Scan(token, direction, badge_facts, person, facts.sitting, sitting,
                     movements(session, target.id, person.delegate_id))  # type: ignore[union-attr,arg-type]
        decision, raced = decide(facts, tz), True
        event = _event(decision, facts, badge, now, station, actor, raw)
        session.add(event)
        session.flush()
    if decision.accepted:
        audit.record(session, actor, f"checkin.{decision.kind}", "delegate", person.delegate_id,  # type: ignore[union-attr]
                     {"sitting": target.number, "station": station, "event": event.id,  # type: ignore[union-attr]
                      "by_name": token is None})
    shown = _delegate_json(delegate, session, person.right.votes if person else None) if delegate else None
    return ScanResult(decision, event.id, shown, target.number if target else None, raced)  # type: ignore[arg-type]


def _target_sitting(session: Session, number: int | None) -> Sitting | None:
    if number is None:
        return open_sitting_now(session)
    try:
        return get_sitting(session, number)
    except CongressError:
        return None


def _event(decision: Decision, facts: Scan, badge: Badge | None, now: datetime, station: str, actor: Actor,
           raw: str) -> CheckinEvent:
    return CheckinEvent(
        at=now, sitting_id=facts.sitting.sitting_id if facts.sitting else None,
        delegate_id=facts.person.delegate_id if facts.person else None, badge_id=badge.id if badge else None,
        kind=decision.kind, outcome=decision.outcome.value, reason=_reason_text(decision),
        station=station[:60], operator=actor.username[:100], raw_text=raw[:RAW_LIMIT],
        entry_key=decision.entry_key,
    )


def _reason_text(decision: Decision) -> str:
    return "" if decision.accepted else f"{decision.reason}: {decision.message}"[:300]
