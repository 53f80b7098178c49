"""The adjusted summoned total (DOMAIN.md §6) and the integer majority test."""

import pytest

from ballots.rules import (
    CongressKind,
    DelegatesFacts,
    MembersFacts,
    RulesError,
    compute_denominator,
    delegates_denominator,
    is_elected_eligible,
    members_denominator,
)


def test_members_breakdown_in_order_with_labels():
    d = members_denominator(120, 4, 2, 6)
    assert d.value == 108  # 120 − 4 − 2 − 6
    assert d.kind is CongressKind.MEMBERS
    assert [(i.count, i.sign) for i in d.items] == [(120, 1), (4, -1), (2, -1), (6, -1)]
    assert d.items[0].label == "Tổng số đảng viên chính thức được triệu tập"
    assert "đình chỉ" in d.items[2].label and "tạm giam" in d.items[2].label
    assert d.label.startswith("Số đảng viên triệu tập (đã điều chỉnh)")


def test_delegates_breakdown():
    d = compute_denominator(DelegatesFacts(summoned=450, committee_absent=2, absent_not_replaced=5))
    assert d.value == 443
    assert d.kind is CongressKind.DELEGATES
    assert d.items[1].label == "Cấp ủy viên triệu tập đại hội vắng mặt suốt thời gian đại hội"
    assert "không có đại biểu dự khuyết thay thế" in d.items[2].label
    assert d == delegates_denominator(450, 2, 5)


def test_the_same_facts_object_route_and_function_route_agree():
    assert compute_denominator(MembersFacts(30, 1, 1, 1)) == members_denominator(30, 1, 1, 1)


@pytest.mark.parametrize(
    "facts, message",
    [
        (MembersFacts(-1), "'summoned' must be a whole number"),
        (MembersFacts(10, suspended_or_prosecuted=-2), "'suspended_or_prosecuted'"),
        (MembersFacts(10, 2.5), "'attached_elsewhere_or_exempted'"),
        (DelegatesFacts(10, committee_absent=True), "'committee_absent'"),
        (DelegatesFacts(5, 3, 4), r"deductions \(7\) exceed the 5 summoned"),
        (MembersFacts(5, 2, 2, 1), "nobody is left to vote"),
        (MembersFacts(0), "nobody is left to vote"),
    ],
)
def test_bad_facts_are_clear_errors(facts, message):
    with pytest.raises(RulesError, match=message):
        compute_denominator(facts)


def test_unknown_facts_type_is_refused():
    with pytest.raises(RulesError, match="MembersFacts or DelegatesFacts"):
        compute_denominator({"summoned": 3})


@pytest.mark.parametrize(
    "votes, denominator, expected",
    [
        (5, 10, False),
        (6, 10, True),
        (5, 9, True),
        (4, 9, False),
        (0, 1, False),
        (1, 1, True),
        (865, 1730, False),
    ],
)
def test_more_than_half_on_integers(votes, denominator, expected):
    assert is_elected_eligible(votes, denominator) is expected
    assert is_elected_eligible(votes, members_denominator(denominator)) is expected


@pytest.mark.parametrize("votes, denominator", [(-1, 10), (1.5, 10), (3, 0), (3, -4), (3, 2.0)])
def test_eligibility_refuses_non_integers_and_non_positive_totals(votes, denominator):
    with pytest.raises(RulesError):
        is_elected_eligible(votes, denominator)
