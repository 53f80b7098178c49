"""Golden elections: small hand-checked scenarios (QUALITY.md).

Every expected figure below was worked out by hand from the ballots listed in the scenario —
the arithmetic is written beside it — and is never computed by the code under test.
Ballots are written one character per name, in ballot order:
  K kept, S struck (strike form) · A agree, D disagree, B both, N neither (boxes form) · ? uncertain.
"""

from decimal import Decimal

import pytest

from ballots.rules import (
    BOXES,
    STRIKE,
    Anomaly,
    Ballot,
    Mark,
    Outcome,
    Reason,
    RulesError,
    Status,
    Validity,
    count_alternates,
    count_round,
    delegates_denominator,
    is_elected_eligible,
    judge_ballot,
    members_denominator,
    tally,
)

LETTERS = {
    "K": Mark.KEPT,
    "S": Mark.STRUCK,
    "A": Mark.AGREE,
    "D": Mark.DISAGREE,
    "B": Mark.BOTH,
    "N": Mark.NONE,
    "?": Mark.UNCERTAIN,
}


def pile(form: str, seats: int, *groups: tuple[int, str] | tuple[int, str, bool]) -> list[Ballot]:
    """Ballots judged by the rules; each group is (copies, marks[, extra_ink])."""
    ballots = []
    for copies, pattern, *ink in groups:
        marks = {n: LETTERS[c] for n, c in enumerate(pattern, start=1)}
        validity = judge_ballot(form, seats, marks, extra_ink=bool(ink and ink[0]))
        ballots.extend(Ballot(marks, validity) for _ in range(copies))
    return ballots


def votes_of(result) -> list[int]:
    return [c.votes for c in result.candidates]


def names_of(rows) -> list[str]:
    return [c.name for c in rows]


# --- 1. Surplus ballot: 3 of 4, congress of members --------------------------------------------


def test_surplus_three_of_four_members_congress():
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Quốc Dũng"]
    denominator = members_denominator(12, attached_elsewhere_or_exempted=1, absent_with_accepted_reason=1)
    assert denominator.value == 10  # 12 − 1 − 1
    ballots = pile(
        STRIKE,
        3,
        (4, "KKKS"),  # An, Bình, Cường
        (3, "KKSK"),  # An, Bình, Dũng
        (2, "SKKK"),  # Bình, Cường, Dũng
        (1, "KKKK"),  # unmarked: 4 kept > 3 seats → invalid
    )
    result = count_round(names, 3, denominator, tally(ballots), issued=10, returned=10)

    # An 4+3 = 7, Bình 4+3+2 = 9, Cường 4+2 = 6, Dũng 3+2 = 5
    assert votes_of(result) == [7, 9, 6, 5]
    assert result.accounting.valid == 9 and result.accounting.invalid == 1
    assert result.accounting.invalid_reasons == {Reason.OVER_VOTE.value: 1}
    assert result.accounting.anomalies == ()
    # threshold 2v > 10: 9, 7 and 6 pass; Dũng has exactly half (2 × 5 = 10) and fails
    assert result.outcome is Outcome.COMPLETE
    assert names_of(result.elected) == ["Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Cường"]
    assert [c.eligible for c in result.candidates] == [True, True, True, False]
    # 7/10, 9/10, 6/10, 5/10
    assert [c.percent for c in result.candidates] == [
        Decimal("70.00"),
        Decimal("90.00"),
        Decimal("60.00"),
        Decimal("50.00"),
    ]
    assert [c.rank for c in result.candidates] == [2, 1, 3, 4]
    assert result.seats_remaining == 0 and result.further_round == () and result.tied == ()


# --- 2. Fewer kept than seats is valid; all struck is not; too few over the threshold ----------


def test_fewer_kept_than_seats_all_struck_and_too_few():
    names = ["Đỗ Văn Hải", "Vũ Thị Hoa", "Bùi Văn Khánh", "Hồ Thị Lan", "Ngô Văn Minh"]
    denominator = delegates_denominator(7)
    ballots = pile(
        STRIKE,
        3,
        (3, "KSSSS"),  # one name kept of three seats: valid
        (2, "KKSSS"),
        (1, "SSSSS"),  # all struck: invalid
        (1, "SKKKS"),
    )
    assert [b.validity.status for b in ballots].count(Status.VALID) == 6
    result = count_round(names, 3, denominator, tally(ballots), issued=7)

    # Hải 3+2 = 5, Hoa 2+1 = 3, Khánh 1, Lan 1, Minh 0
    assert votes_of(result) == [5, 3, 1, 1, 0]
    assert result.accounting.invalid_reasons == {Reason.ALL_STRUCK.value: 1}
    assert result.accounting.returned == 7  # defaults to the ballots counted
    # 2v > 7 needs 4: only Hải
    assert result.outcome is Outcome.TOO_FEW
    assert names_of(result.elected) == ["Đỗ Văn Hải"]
    assert result.seats_remaining == 2
    assert names_of(result.further_round) == ["Vũ Thị Hoa", "Bùi Văn Khánh", "Hồ Thị Lan", "Ngô Văn Minh"]
    # 5/7 = 71.428…, 3/7 = 42.857…, 1/7 = 14.285…
    assert [c.percent for c in result.candidates] == [
        Decimal("71.43"),
        Decimal("42.86"),
        Decimal("14.29"),
        Decimal("14.29"),
        Decimal("0.00"),
    ]


# --- 3. One-name ballot without surplus (secretary) --------------------------------------------


def test_one_name_secretary_disagree_is_valid_both_and_none_are_not():
    names = ["Tôn Thất Quang"]
    denominator = members_denominator(9, suspended_or_prosecuted=1)
    assert denominator.value == 8
    ballots = pile(BOXES, 1, (5, "A"), (1, "D"), (1, "B"), (1, "N"))
    result = count_round(names, 1, denominator, tally(ballots), issued=8, returned=8)

    assert result.accounting.valid == 6  # 5 agree + 1 disagree ("không đồng ý" is a valid ballot)
    assert result.accounting.invalid == 2
    assert result.accounting.invalid_reasons == {Reason.BOTH_OR_NONE.value: 2}
    (quang,) = result.candidates
    assert (quang.votes, quang.against) == (5, 1)
    assert quang.percent == Decimal("62.50")  # 5/8
    assert result.outcome is Outcome.COMPLETE and quang.elected  # 2 × 5 = 10 > 8


def test_one_name_majority_of_valid_ballots_is_not_enough():
    denominator = members_denominator(9, suspended_or_prosecuted=1)  # 8
    ballots = pile(BOXES, 1, (4, "A"), (2, "D"), (2, "N"))
    result = count_round(["Tôn Thất Quang"], 1, denominator, tally(ballots), issued=8)
    # 4 of 6 valid ballots (66.67 %) would elect under a valid-ballot rule; 2 × 4 = 8 is not > 8
    assert result.candidates[0].votes == 4
    assert result.candidates[0].percent == Decimal("50.00")
    assert result.outcome is Outcome.TOO_FEW and result.elected == ()
    assert result.seats_remaining == 1


# --- 4. Multi-name ballot without surplus: both/neither names get no vote ----------------------


def test_multi_name_boxes_both_or_neither_gives_no_vote_but_ballot_counts():
    names = ["Lý Thị Ngọc", "Mai Văn Phúc", "Cao Thị Quyên"]
    denominator = delegates_denominator(10, committee_absent=1, absent_not_replaced=1)
    assert denominator.value == 8  # 10 − 1 − 1
    ballots = pile(
        BOXES,
        3,
        (4, "AAA"),
        (2, "ABD"),  # Phúc both → no vote; Quyên disagree
        (1, "NNN"),  # nothing decided on any name: still a valid ballot (our reading of §5)
        (1, "AAA", True),  # writing on the ballot → invalid
    )
    assert ballots[4].validity.numbers == (2,)
    assert ballots[6].validity == Validity(Status.VALID, numbers=(1, 2, 3))
    assert ballots[7].validity.reason is Reason.EXTRA_MARKS
    result = count_round(names, 3, denominator, tally(ballots), issued=8, returned=8)

    # Ngọc 4+2 = 6, Phúc 4, Quyên 4 (against 2)
    assert votes_of(result) == [6, 4, 4]
    assert [c.against for c in result.candidates] == [0, 0, 2]
    assert (result.accounting.valid, result.accounting.invalid) == (7, 1)
    # 2v > 8 needs 5: only Ngọc; Phúc and Quyên have exactly half
    assert names_of(result.elected) == ["Lý Thị Ngọc"]
    assert result.outcome is Outcome.TOO_FEW and result.seats_remaining == 2
    assert names_of(result.further_round) == ["Mai Văn Phúc", "Cao Thị Quyên"]
    assert [c.percent for c in result.candidates] == [Decimal("75.00"), Decimal("50.00"), Decimal("50.00")]


# --- 5. Ties at the cut-off --------------------------------------------------------------------


def test_three_way_tie_for_two_seats_elects_nobody_and_asks_for_a_new_round():
    names = ["An", "Bình", "Chi", "Dung"]
    denominator = members_denominator(10)
    ballots = pile(STRIKE, 2, (3, "KKSS"), (3, "KSKS"), (3, "SKKS"), (1, "SSSK"))
    result = count_round(names, 2, denominator, tally(ballots), issued=10)
    # An 3+3 = 6, Bình 3+3 = 6, Chi 3+3 = 6, Dung 1: all three pass (12 > 10) for two seats
    assert votes_of(result) == [6, 6, 6, 1]
    assert result.outcome is Outcome.TIE
    assert result.elected == ()
    assert names_of(result.tied) == ["An", "Bình", "Chi"]
    assert result.seats_remaining == 2
    assert names_of(result.further_round) == ["An", "Bình", "Chi"]
    assert [c.rank for c in result.candidates] == [1, 1, 1, 4]


def test_tie_for_the_last_seat_keeps_the_clear_winner():
    names = ["An", "Bình", "Chi", "Dung"]
    denominator = members_denominator(12, absent_with_accepted_reason=1)  # 11
    ballots = pile(STRIKE, 2, (5, "KKSS"), (4, "KSKS"), (1, "SKKS"), (1, "SSKK"))
    result = count_round(names, 2, denominator, tally(ballots), issued=11)
    # An 5+4 = 9, Bình 5+1 = 6, Chi 4+1+1 = 6, Dung 1; 2v > 11 needs 6
    assert votes_of(result) == [9, 6, 6, 1]
    assert result.outcome is Outcome.TIE
    assert names_of(result.elected) == ["An"]
    assert names_of(result.tied) == ["Bình", "Chi"]
    assert result.seats_remaining == 1
    # 9/11 = 81.818…, 6/11 = 54.545…, 1/11 = 9.090…
    assert [c.percent for c in result.candidates] == [
        Decimal("81.82"),
        Decimal("54.55"),
        Decimal("54.55"),
        Decimal("9.09"),
    ]


def test_equal_votes_inside_the_seats_or_below_the_threshold_are_no_tie():
    names = ["An", "Bình", "Chi", "Dung"]
    ballots = pile(STRIKE, 2, (6, "KKSS"), (2, "SSKK"))
    # An 6, Bình 6, Chi 2, Dung 2; 10 issued, 8 returned (issued ≥ returned is fine)
    result = count_round(names, 2, members_denominator(10), tally(ballots), issued=10, returned=8)
    assert result.outcome is Outcome.COMPLETE
    assert names_of(result.elected) == ["An", "Bình"]
    assert result.tied == ()
    assert [c.rank for c in result.candidates] == [1, 1, 3, 3]


# --- 6. Members vs delegates denominators ------------------------------------------------------


def test_delegates_congress_valid_ballot_majority_does_not_elect():
    denominator = delegates_denominator(30, committee_absent=1, absent_not_replaced=2)
    assert denominator.value == 27  # 30 − 1 − 2 (absent delegates replaced by alternates stay in)
    ballots = pile(STRIKE, 1, (13, "KS"), (5, "SK"))
    result = count_round(["Hoàng Văn Sơn", "Trịnh Thị Tâm"], 1, denominator, tally(ballots), issued=18)
    # Sơn has 13 of 18 valid ballots (72 %), but 2 × 13 = 26 is not > 27
    assert votes_of(result) == [13, 5]
    assert result.outcome is Outcome.TOO_FEW and result.elected == ()
    assert [c.percent for c in result.candidates] == [Decimal("48.15"), Decimal("18.52")]  # 13/27, 5/27


def test_members_congress_deductions_lower_the_bar():
    names = ["Đinh Văn Thắng", "Lương Thị Uyên", "Phan Văn Việt"]
    denominator = members_denominator(
        20, attached_elsewhere_or_exempted=2, suspended_or_prosecuted=3, absent_with_accepted_reason=1
    )
    assert denominator.value == 14  # 20 − 2 − 3 − 1
    assert [item.count * item.sign for item in denominator.items] == [20, -2, -3, -1]
    ballots = pile(STRIKE, 2, (6, "KKS"), (4, "KSK"), (2, "SKK"), (1, "SSS"))
    result = count_round(names, 2, denominator, tally(ballots), issued=13)
    # Thắng 6+4 = 10, Uyên 6+2 = 8, Việt 4+2 = 6; 2v > 14 needs 8
    assert votes_of(result) == [10, 8, 6]
    assert names_of(result.elected) == ["Đinh Văn Thắng", "Lương Thị Uyên"]
    assert result.outcome is Outcome.COMPLETE
    # Against the unadjusted 20 summoned, even Thắng (2 × 10 = 20) would fail: the deductions matter.
    assert not is_elected_eligible(10, 20)
    # A round that reconciles never has more valid ballots than the denominator, so "elected by
    # the adjusted total but not by the valid ballots" can only be shown against the raw total.
    assert [c.percent for c in result.candidates] == [Decimal("71.43"), Decimal("57.14"), Decimal("42.86")]


# --- 7. Alternates after the officials ---------------------------------------------------------


def test_official_delegates_then_alternates_ranked_by_votes():
    names = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà"]
    denominator = delegates_denominator(11, absent_not_replaced=1)  # 10
    official = count_round(
        names,
        3,
        denominator,
        tally(pile(STRIKE, 3, (4, "KKKSSS"), (3, "KKSKSS"), (2, "KSKSKS"), (1, "SKKSSK"))),
        issued=10,
    )
    # An 4+3+2 = 9, Bình 4+3+1 = 8, Chi 4+2+1 = 7, Dũng 3, Giang 2, Hà 1; 2v > 10 needs 6
    assert votes_of(official) == [9, 8, 7, 3, 2, 1]
    assert names_of(official.elected) == ["An", "Bình", "Chi"]
    assert official.remaining_names() == ("Dũng", "Giang", "Hà")

    # The alternates' own ballot lists Dũng, Giang, Hà; two alternate seats.
    alternates = count_alternates(
        official,
        2,
        denominator,
        tally(pile(STRIKE, 2, (5, "KKS"), (3, "KSK"), (1, "SKK"), (1, "SSS"))),
        issued=10,
    )
    # Dũng 5+3 = 8, Giang 5+1 = 6, Hà 3+1 = 4
    assert votes_of(alternates) == [8, 6, 4]
    assert alternates.outcome is Outcome.COMPLETE
    assert [(c.name, c.rank) for c in alternates.elected] == [("Dũng", 1), ("Giang", 2)]
    assert [c.percent for c in alternates.candidates] == [
        Decimal("80.00"),
        Decimal("60.00"),
        Decimal("40.00"),
    ]


def test_alternates_wait_for_a_complete_official_round():
    denominator = delegates_denominator(7)
    official = count_round(
        ["An", "Bình"], 2, denominator, tally(pile(STRIKE, 2, (4, "KS"), (3, "SS"))), issued=7
    )
    assert official.outcome is Outcome.TOO_FEW  # An 4 (8 > 7) elected; Bình 0
    with pytest.raises(RulesError, match="official round is not complete"):
        count_alternates(official, 1, denominator, tally([]), issued=0)


# --- 8. Ballot accounting anomalies stop the result --------------------------------------------


def test_more_returned_than_issued_stops_the_result():
    ballots = pile(STRIKE, 1, (6, "KS"))  # 6 ballots in the box
    result = count_round(["An", "Bình"], 1, members_denominator(10), tally(ballots), issued=5)
    assert result.outcome is Outcome.STOPPED
    assert Anomaly.RETURNED_EXCEEDS_ISSUED in result.accounting.anomalies
    assert result.elected == () and result.tied == ()
    assert votes_of(result) == [6, 0]  # still shown, to help find the error
    assert not result.is_final


def test_returned_not_matching_valid_plus_invalid_stops_the_result():
    ballots = pile(STRIKE, 1, (5, "KS"), (1, "SS"))  # 5 valid + 1 invalid = 6
    result = count_round(["An", "Bình"], 1, members_denominator(10), tally(ballots), issued=9, returned=7)
    assert result.outcome is Outcome.STOPPED
    assert result.accounting.anomalies == (Anomaly.DOES_NOT_RECONCILE,)


# --- 9. Uncertain marks go to review and block the count until decided -------------------------


def test_uncertain_mark_goes_to_review_then_counts_once_decided():
    names = ["An", "Bình", "Chi"]
    ballots = pile(STRIKE, 2, (5, "KKS"), (1, "K?S"))
    pending = ballots[-1]
    assert pending.validity.status is Status.REVIEW
    assert pending.validity.reason is Reason.UNCERTAIN_MARK and pending.validity.numbers == (2,)

    stopped = count_round(names, 2, members_denominator(6), tally(ballots), issued=6)
    assert stopped.outcome is Outcome.STOPPED
    assert Anomaly.AWAITING_REVIEW in stopped.accounting.anomalies

    # The counting committee looks: Bình's name was struck. The ballot is valid (An only).
    decided_marks = {1: Mark.KEPT, 2: Mark.STRUCK, 3: Mark.STRUCK}
    decided = Ballot(decided_marks, judge_ballot(STRIKE, 2, decided_marks))
    result = count_round(names, 2, members_denominator(6), tally([*ballots[:-1], decided]), issued=6)
    # An 5+1 = 6, Bình 5, Chi 0; 2v > 6 needs 4
    assert votes_of(result) == [6, 5, 0]
    assert result.outcome is Outcome.COMPLETE
    assert names_of(result.elected) == ["An", "Bình"]
