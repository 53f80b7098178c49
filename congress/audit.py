"""Append-only, hash-chained audit log (nhật ký): every state change, who, where, what.

Each event's hash covers the previous hash and the event's canonical JSON, so flipping a byte,
dropping or reordering a line breaks the chain at a point `verify` names.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, func, select

from congress.actor import Actor
from congress.models import AuditEvent, utcnow

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x434F4E47  # "CONG": serialises appends across desks on PostgreSQL


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(prev_hash: str, seq: int, at: datetime, actor: str, station: str, action: str,
               entity: str, entity_id: str, payload: dict) -> str:
    body = canonical({
        "seq": seq, "at": at.isoformat(timespec="microseconds"), "actor": actor, "station": station,
        "action": action, "entity": entity, "entity_id": entity_id, "payload": payload,
    })
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def record(session: Session, actor: Actor, action: str, entity: str = "", entity_id: object = "",
           payload: dict | None = None) -> AuditEvent:
    """Append one event inside the caller's transaction (it commits or rolls back with the change)."""
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text(f"SELECT pg_advisory_xact_lock({_PG_AUDIT_LOCK})"))  # type: ignore[call-overload]
    last = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()  # type: ignore[attr-defined]
    seq = (last.seq + 1) if last else 1
    prev = last.hash if last else GENESIS
    at = utcnow()
    payload = json.loads(canonical(payload or {}))
    event = AuditEvent(
        seq=seq, at=at, actor=actor.username, station=actor.station, action=action, entity=entity,
        entity_id=str(entity_id), payload=payload, prev_hash=prev,
        hash=event_hash(prev, seq, at, actor.username, actor.station, action, entity, str(entity_id), payload),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    what: str


def verify(session: Session) -> list[AuditProblem]:
    """Recompute the chain; every break is named by its sequence number."""
    problems: list[AuditProblem] = []
    prev, expected_seq = GENESIS, 1
    for event in session.exec(select(AuditEvent).order_by(AuditEvent.seq)):  # type: ignore[arg-type]
        if event.seq != expected_seq:
            problems.append(AuditProblem(event.seq, f"thiếu sự kiện số {expected_seq}"))
        if event.prev_hash != prev:
            problems.append(AuditProblem(event.seq, "liên kết với sự kiện trước bị sai (bị xoá hoặc đổi thứ tự)"))
        digest = event_hash(event.prev_hash, event.seq, event.at, event.actor, event.station, event.action,
                            event.entity, event.entity_id, event.payload)
        if digest != event.hash:
            problems.append(AuditProblem(event.seq, "nội dung sự kiện đã bị sửa"))
        prev, expected_seq = event.hash, event.seq + 1
    return problems


def closing_hash(session: Session) -> str:
    """The newest event's hash, printed on the minutes; the genesis value on an empty log."""
    last = session.exec(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()  # type: ignore[attr-defined]
    return last or GENESIS


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)).one()
