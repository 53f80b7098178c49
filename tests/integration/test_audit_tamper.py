"""Tampering with the audit log is detected and named: a changed byte, a dropped or reordered event."""

import json

import pytest
from sqlmodel import select

from congress import audit, db
from congress.actor import Actor, Role
from congress.models import AuditEvent

ACTOR = Actor("thuky", Role.SECRETARIAT, "Bàn 1")


def _log(engine, n: int = 8) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session:
        for i in range(1, n + 1):
            audit.record(session, ACTOR, "delegate.edit", "delegate", i, {"field": "title", "value": f"Phó Bí thư {i}"})


def _verify(cli) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    r = cli("audit", "verify", "--json")
    return r.code, json.loads(r.out)


def test_an_untouched_log_verifies(engine, cli) -> None:  # type: ignore[no-untyped-def]
    _log(engine)
    code, data = _verify(cli)
    assert code == 0 and data["ok"] and data["events"] == 8 and data["problems"] == []


@pytest.mark.parametrize("field", ["payload", "actor", "station", "action", "entity_id"])
def test_one_changed_character_is_named_by_its_event(engine, cli, field: str) -> None:  # type: ignore[no-untyped-def]
    _log(engine)
    with db.unit_of_work(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.seq == 5)).one()
        if field == "payload":
            event.payload = {**event.payload, "value": "Bí thư 5"}
        else:
            setattr(event, field, getattr(event, field) + "x")
        session.add(event)
    code, data = _verify(cli)
    assert code == 4 and not data["ok"]
    assert data["problems"] == [{"seq": 5, "what": "nội dung sự kiện đã bị sửa"}]


def test_a_dropped_event_is_named(engine, cli) -> None:  # type: ignore[no-untyped-def]
    _log(engine)
    with db.unit_of_work(engine) as session:
        session.delete(session.exec(select(AuditEvent).where(AuditEvent.seq == 3)).one())
    code, data = _verify(cli)
    assert code == 4
    assert {"seq": 4, "what": "thiếu sự kiện số 3"} in data["problems"]
    assert all(p["seq"] == 4 for p in data["problems"])


def test_two_reordered_events_are_named(engine, cli) -> None:  # type: ignore[no-untyped-def]
    _log(engine)
    fields = ("at", "actor", "station", "action", "entity", "entity_id", "payload", "prev_hash", "hash")
    with db.unit_of_work(engine) as session:
        a = session.exec(select(AuditEvent).where(AuditEvent.seq == 2)).one()
        b = session.exec(select(AuditEvent).where(AuditEvent.seq == 6)).one()
        values_a = {f: getattr(a, f) for f in fields}
        values_b = {f: getattr(b, f) for f in fields}
        a.hash = "moving"  # the hash column is unique: park one while the other moves
        session.add(a)
        session.flush()
        for f in fields:
            setattr(b, f, values_a[f])
        session.add(b)
        session.flush()
        for f in fields:
            setattr(a, f, values_b[f])
        session.add(a)
    code, data = _verify(cli)
    assert code == 4
    named = {p["seq"] for p in data["problems"]}
    assert {2, 6} <= named
