"""Attendance queries and the denominator facts, for both kinds of congress."""

from sqlmodel import Session

from ballots.rules.denominator import DelegatesFacts, MembersFacts, compute_denominator
from congress import db
from congress.badges import service as badges
from congress.checkin import attendance
from congress.checkin import service as checkin
from congress.checkin.absences import record_absence
from congress.checkin.sittings import close_sitting, open_sitting
from congress.congresses import create_congress, update_settings
from congress.models import Delegate, Delegation


def _people(session: Session, actor, kind: str, rows: list[tuple[str, str, str]]) -> dict[str, Delegate]:  # type: ignore[no-untyped-def]
    create_congress(session, actor, name="Đại hội thử", level="xa", kind=kind)
    north, south = Delegation(name="Đoàn phía Bắc", sort_order=1), Delegation(name="Đoàn phía Nam", sort_order=2)
    session.add_all([north, south])
    session.flush()
    people = {}
    for i, (key, category, status) in enumerate(rows):
        people[key] = Delegate(code=key, family_name="Nguyễn", middle_name="Văn", given_name=key.title(),
                               category=category, status=status,
                               delegation_id=(north if i % 2 == 0 else south).id if category != "guest" else None)
    session.add_all(people.values())
    session.flush()
    return people


DELEGATES = [("a", "official", "recognised"), ("b", "official", "recognised"), ("c", "official", "recognised"),
             ("d", "ex_officio", "recognised"), ("e", "ex_officio", "recognised"), ("f", "official", "recognised"),
             ("g", "alternate", "summoned"), ("h", "official", "not_recognised"), ("i", "appointed", "summoned"),
             ("k", "guest", "summoned")]


def test_delegates_congress_denominator_facts(engine, actor) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session:
        p = _people(session, actor, "delegates", DELEGATES)
        p["f"].replaced_by_id = p["g"].id  # f replaced by alternate g
        session.flush()
        codes = {i.delegate.code: i.code for i in badges.issue(session, actor, list(p.values()))}
        open_sitting(session, actor, 1, "Phiên thứ nhất")
        for key in ("a", "b", "g", "k"):
            checkin.scan(session, actor, codes[key])
        record_absence(session, actor, "c", "ốm", accepted=True)  # official, whole congress
        record_absence(session, actor, "d", "công tác")  # ex officio, whole congress
        record_absence(session, actor, "a", "nhầm")  # contradicted: a checked in
        record_absence(session, actor, "e", "họp", sitting=1, accepted=True)  # one sitting only
    with db.unit_of_work(engine) as session:
        facts = attendance.denominator_facts(session)
    # seats: a b c d e f i (h lost standing, not replaced) = 7; f's seat is held by alternate g
    assert (facts.summoned, facts.committee_absent, facts.absent_not_replaced, facts.absent_replaced) == (7, 1, 1, 1)
    assert facts.absences_contradicted == 1
    assert facts.voters_never_checked_in == 4  # c d e i among the voters a b c d e g i
    assert facts.to_rules() == DelegatesFacts(7, 1, 1)
    assert compute_denominator(facts.to_rules()).value == 5
    assert facts.as_json()["denominator"] == 5


def test_members_congress_denominator_facts(engine, actor) -> None:  # type: ignore[no-untyped-def]
    rows = [("a", "member", "active"), ("b", "member", "active"), ("c", "member", "attached_elsewhere"),
            ("d", "member", "exempted"), ("e", "member", "suspended"), ("f", "member", "active"),
            ("g", "probationary", "active"), ("h", "member", "active")]
    with db.unit_of_work(engine) as session:
        p = _people(session, actor, "members", rows)
        codes = {i.delegate.code: i.code for i in badges.issue(session, actor, list(p.values()))}
        open_sitting(session, actor, 1, "Phiên thứ nhất")
        for key in ("a", "d", "g"):
            assert checkin.scan(session, actor, codes[key]).decision.outcome == "ok"
        assert checkin.scan(session, actor, codes["e"]).decision.outcome == "not_accredited"
        record_absence(session, actor, "f", "ốm", accepted=True)
        record_absence(session, actor, "h", "việc riêng", accepted=False)
    with db.unit_of_work(engine) as session:
        facts = attendance.denominator_facts(session)
    # 7 official members; c attached elsewhere and absent (d exempted but came); e suspended; f accepted
    assert facts.to_rules() == MembersFacts(7, 1, 1, 1)
    assert compute_denominator(facts.to_rules()).value == 4


def test_present_now_ever_present_per_sitting_and_by_delegation(engine, actor) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session:
        p = _people(session, actor, "delegates", DELEGATES)
        codes = {i.delegate.code: i.code for i in badges.issue(session, actor, list(p.values()))}
        open_sitting(session, actor, 1, "Phiên trù bị")
        for key in ("a", "b", "c", "k"):
            checkin.scan(session, actor, codes[key])
        checkin.scan(session, actor, codes["b"], direction="exit")
        close_sitting(session, actor)
        open_sitting(session, actor, 2, "Phiên chính thức")
        for key in ("a", "d"):
            checkin.scan(session, actor, codes[key])
        record_absence(session, actor, "e", "ốm", sitting=2, accepted=True)
        update_settings(session, actor, {"quorum_fraction": "2/3"})
    with db.unit_of_work(engine) as session:
        data = attendance.summary(session)
        first = attendance.summary(session, 1)
    assert data["sitting"]["number"] == 2 and data["present_now"] == 2 and data["present_now_voting"] == 2
    assert data["ever_present"] == 5 and data["ever_present_voting"] == 4
    sittings = {row["number"]: row for row in data["per_sitting"]}
    assert (sittings[1]["entered"], sittings[1]["present_now"], sittings[1]["entered_voting"]) == (4, 3, 3)
    assert (sittings[2]["entered"], sittings[2]["absent_with_reason"]) == (2, 1)
    north = next(r for r in data["by_delegation"] if r["delegation"] == "Đoàn phía Bắc")
    assert north["present_now"] == 1 and north["voters"] == 4  # a c e i vote (g alternate does not)
    assert data["quorum"] == {"fraction": "2/3", "needed": 5, "present_voting": 2, "met": False}
    assert first["present_now"] == 3  # a, c and the guest k remained in sitting 1
