"""The pure check-in decision: every outcome code, its reason and its Vietnamese message."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from congress.badges import tokens
from congress.checkin.decision import (
    BadgeFacts,
    Direction,
    Movements,
    Outcome,
    PersonFacts,
    Scan,
    SittingFacts,
    decide,
)
from congress.registry.voting import voting_right

T0 = datetime(2025, 10, 14, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = tokens.parse(tokens.generate())
OPEN = SittingFacts(3, 1, "Phiên trù bị", is_open=True)


def person(category: str = "official", status: str = "summoned", *, replaced: bool = False,
           replacing: bool = False, kind: str = "delegates") -> PersonFacts:
    right = voting_right(category, status, replaced, replacing, kind)
    return PersonFacts(42, "Tôn Thất Minh Đức", category, right, guest=category == "guest")


def scan(**changes) -> Scan:  # type: ignore[no-untyped-def]
    base = {"token": CODE, "badge": BadgeFacts(7, 42), "person": person(), "sitting": OPEN}
    return Scan(**{**base, **changes})


def test_first_entry_is_ok_with_the_first_entry_key() -> None:
    d = decide(scan())
    assert d.outcome is Outcome.OK and d.kind == "entry" and d.voting is True
    assert d.entry_key == "3:42:1"
    assert d.message == "Mời Tôn Thất Minh Đức vào phiên 1."


def test_second_scan_is_already_with_when_and_where() -> None:
    moves = Movements(entries=1, last_entry_at=T0, last_entry_station="Cửa A")
    d = decide(scan(movements=moves), VN)
    assert d.outcome is Outcome.ALREADY and d.kind == "refused" and d.entry_key is None
    assert d.already_at == T0 and d.already_station == "Cửa A"
    assert "08:00:00 14/10/2025" in d.message and "Cửa A" in d.message


def test_exit_then_reentry_gets_the_next_entry_number() -> None:
    inside = Movements(entries=1, last_entry_at=T0)
    out = decide(scan(movements=inside, direction=Direction.EXIT))
    assert out.outcome is Outcome.OK and out.kind == "exit" and out.entry_key == "3:42:1:x"
    back = decide(scan(movements=Movements(entries=1, exits=1, last_exit_at=T0 + timedelta(minutes=5))))
    assert back.outcome is Outcome.OK and back.entry_key == "3:42:2"
    again = decide(scan(movements=Movements(entries=1, exits=1, last_exit_at=T0), direction=Direction.EXIT), VN)
    assert again.outcome is Outcome.ALREADY and again.reason == "not_inside" and "đã ra lúc 08:00:00" in again.message


def test_exit_without_entry_says_not_inside() -> None:
    d = decide(scan(direction=Direction.EXIT))
    assert d.outcome is Outcome.ALREADY and "chưa vào" in d.message


def test_unreadable_forged_and_truncated_codes_are_unknown_with_their_reason() -> None:
    for text, reason in ((tokens.generate()[:-3], "truncated"), ("hello", "not_a_badge")):
        try:
            tokens.parse(text)
        except tokens.TokenProblem as problem:
            d = decide(Scan(problem))
        assert d.outcome is Outcome.UNKNOWN and d.reason == reason and d.kind == "refused"
    forged = decide(Scan(tokens.parse(tokens.generate())))  # valid shape, no such badge
    assert forged.outcome is Outcome.UNKNOWN and forged.reason == "not_found"


def test_revoked_badge_says_when_it_was_replaced() -> None:
    d = decide(scan(badge=BadgeFacts(7, 42, revoked_at=T0, replaced_at=T0)), VN)
    assert d.outcome is Outcome.REVOKED and d.replaced_at == T0
    assert "thay bằng thẻ mới cấp lúc 08:00:00 14/10/2025" in d.message
    lost = decide(scan(badge=BadgeFacts(7, 42, revoked_at=T0)), VN)
    assert lost.outcome is Outcome.REVOKED and "thu hồi" in lost.message


def test_not_recognised_replaced_and_suspended_people_are_not_accredited() -> None:
    for who, reason in ((person(status="not_recognised"), "not_recognised"), (person(replaced=True), "replaced"),
                        (person("member", "suspended", kind="members"), "suspended")):
        d = decide(scan(person=who))
        assert d.outcome is Outcome.NOT_ACCREDITED and d.reason == reason and d.entry_key is None


def test_guests_alternates_and_probationary_members_attend_without_voting() -> None:
    for who in (person("guest"), person("alternate"), person("probationary", "active", kind="members")):
        d = decide(scan(person=who))
        assert d.outcome is Outcome.OK and d.voting is False and "KHÔNG BIỂU QUYẾT" in d.message
    summoned = decide(scan(person=person("alternate", replacing=True)))
    assert summoned.outcome is Outcome.OK and summoned.voting is True


def test_wrong_sitting_covers_no_open_sitting_a_closed_one_and_guests_at_an_internal_one() -> None:
    assert decide(scan(sitting=None)).reason == "no_open_sitting"
    assert decide(scan(sitting=None, requested_sitting=9)).reason == "no_such_sitting"
    closed = SittingFacts(3, 1, "Phiên trù bị", is_open=False, closed=True)
    d = decide(scan(sitting=closed))
    assert d.outcome is Outcome.WRONG_SITTING and "đã đóng" in d.message
    internal = SittingFacts(4, 2, "Phiên bầu cử", is_open=True, internal=True)
    assert decide(scan(sitting=internal, person=person("guest"))).reason == "internal_sitting"
    assert decide(scan(sitting=internal)).outcome is Outcome.OK


def test_checks_run_from_the_badge_outwards() -> None:
    # A revoked badge of a not-recognised delegate at a closed sitting: the badge speaks first.
    closed = SittingFacts(3, 1, "x", is_open=False, closed=True)
    d = decide(scan(badge=BadgeFacts(7, 42, revoked_at=T0), person=person(status="not_recognised"), sitting=closed))
    assert d.outcome is Outcome.REVOKED


def test_a_person_found_by_name_needs_no_badge_but_keeps_every_other_check() -> None:
    from congress.checkin.decision import Movements, Outcome, PersonFacts, Scan, SittingFacts, decide
    from congress.registry.voting import voting_right

    sitting = SittingFacts(1, 1, "Phiên thứ nhất", is_open=True)
    ok = PersonFacts(7, "Tôn Thất Minh Đức", "official", voting_right("official", "recognised"))
    assert decide(Scan(None, person=ok, sitting=sitting)).outcome is Outcome.OK
    assert decide(Scan(None, person=None, sitting=sitting)).reason == "no_such_person"
    refused = PersonFacts(8, "Lê Văn Ân", "official", voting_right("official", "not_recognised"))
    assert decide(Scan(None, person=refused, sitting=sitting)).outcome is Outcome.NOT_ACCREDITED
    inside = Movements(entries=1, last_entry_station="Cửa A")
    assert decide(Scan(None, person=ok, sitting=sitting, movements=inside)).outcome is Outcome.ALREADY
