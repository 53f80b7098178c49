"""Tally, percentages, accounting, round counting errors and the show of hands."""

from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from ballots.rules import (
    BOXES,
    PERCENT_BASIS_LABEL,
    STRIKE,
    Anomaly,
    Ballot,
    Mark,
    Reason,
    RulesError,
    Status,
    Tally,
    Validity,
    alternates_list,
    count_round,
    delegates_denominator,
    judge_ballot,
    percent,
    reconcile,
    show_of_hands,
    tally,
)

K, S, A, D, N, U = Mark.KEPT, Mark.STRUCK, Mark.AGREE, Mark.DISAGREE, Mark.NONE, Mark.UNCERTAIN
VALID = Validity(Status.VALID)


def ballot(*values: Mark, validity: Validity = VALID) -> Ballot:
    return Ballot(dict(enumerate(values, start=1)), validity)


# --- tally -------------------------------------------------------------------------------------


def test_tally_counts_votes_only_on_valid_ballots():
    t = tally(
        [
            ballot(K, S, K),
            ballot(K, K, K, validity=Validity(Status.INVALID, Reason.OVER_VOTE)),
            ballot(S, S, S, validity=Validity(Status.INVALID, Reason.ALL_STRUCK)),
            ballot(K, U, S, validity=Validity(Status.REVIEW, Reason.UNCERTAIN_MARK)),
            ballot(A, D, N),
        ]
    )
    assert (t.valid, t.invalid, t.review, t.returned) == (2, 2, 1, 5)
    assert t.votes == {1: 2, 3: 1}
    assert t.against == {2: 1}
    assert t.invalid_reasons == {"all_struck": 1, "over_vote": 1}
    assert t.most_votes_on_a_ballot == 2


def test_merge_adds_and_empty_is_neutral():
    a = tally([ballot(K, S), ballot(K, K)])
    b = tally([ballot(S, K), ballot(S, S, validity=Validity(Status.INVALID, Reason.ALL_STRUCK))])
    merged = a.merge(b)
    assert (
        merged
        == a + b
        == tally(
            [
                ballot(K, S),
                ballot(K, K),
                ballot(S, K),
                ballot(S, S, validity=Validity(Status.INVALID, Reason.ALL_STRUCK)),
            ]
        )
    )
    assert (merged.valid, merged.invalid, merged.votes) == (3, 1, {1: 2, 2: 2})
    assert merged.merge(Tally()) == merged == Tally().merge(merged)


def test_a_valid_ballot_with_an_uncertain_mark_cannot_be_counted():
    with pytest.raises(RulesError, match="Ballot 2 is marked valid but number 3 is still uncertain"):
        tally([ballot(K, S, S), ballot(K, S, U)])


def test_unknown_mark_in_a_valid_ballot_is_refused():
    with pytest.raises(RulesError, match="not a known mark"):
        tally([Ballot({1: "tick"}, VALID)])


# --- percentages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "votes, total, places, expected",
    [
        (2, 3, 2, "66.67"),
        (1, 3, 2, "33.33"),
        (1, 8, 2, "12.50"),
        (1, 16, 1, "6.3"),  # 6.25 → half up
        (5, 8, 0, "63"),  # 62.5 → half up
        (1551, 1730, 2, "89.65"),  # 89.6531…
        (0, 7, 2, "0.00"),
        (7, 7, 2, "100.00"),
        (1, 3, 4, "33.3333"),
    ],
)
def test_percent_half_up(votes, total, places, expected):
    assert percent(votes, total, places) == Decimal(expected)
    assert str(percent(votes, total, places)) == expected


def test_percent_rounding_is_configurable():
    assert percent(1, 16, 1, rounding=ROUND_HALF_EVEN) == Decimal("6.2")


@pytest.mark.parametrize(
    "args, message",
    [
        ((1, 0), "at least 1"),
        ((-1, 5), "Votes"),
        ((1, 5, 11), "places"),
        ((1, 5, -1), "places"),
        ((1, 5, 2, "nearest"), "rounding mode"),
    ],
)
def test_percent_bad_input(args, message):
    with pytest.raises(RulesError, match=message):
        percent(*args)


def test_round_result_labels_its_percentage_basis():
    result = count_round(["An"], 1, 3, tally([ballot(A)] * 2), issued=3)
    assert result.percent_basis == PERCENT_BASIS_LABEL
    assert "triệu tập (đã điều chỉnh)" in PERCENT_BASIS_LABEL
    assert result.candidates[0].percent == Decimal("66.67")


# --- accounting --------------------------------------------------------------------------------


def test_reconciling_counts_have_no_anomaly():
    acc = reconcile(issued=10, returned=9, valid=8, invalid=1, denominator=10)
    assert acc.anomalies == () and not acc.stopped


def test_each_anomaly_is_recorded_not_raised():
    acc = reconcile(issued=5, returned=7, valid=5, invalid=1, review=1, denominator=4)
    assert acc.anomalies == (
        Anomaly.RETURNED_EXCEEDS_ISSUED,
        Anomaly.AWAITING_REVIEW,
        Anomaly.ISSUED_EXCEEDS_DENOMINATOR,
    )
    assert acc.stopped
    assert acc.warnings == (Anomaly.ISSUED_EXCEEDS_DENOMINATOR,)
    assert Anomaly.RETURNED_EXCEEDS_ISSUED.label == "Số phiếu thu vào nhiều hơn số phiếu phát ra"


def test_issued_above_denominator_alone_is_only_a_warning():
    result = count_round(["An"], 1, 3, tally([ballot(A)] * 2), issued=4)
    assert result.accounting.warnings == (Anomaly.ISSUED_EXCEEDS_DENOMINATOR,)
    assert result.is_final


def test_negative_ballot_counts_are_refused():
    with pytest.raises(RulesError, match="'issued'"):
        reconcile(issued=-1, returned=0, valid=0, invalid=0)


# --- count_round input checks ------------------------------------------------------------------


def test_marks_beyond_the_list_are_refused():
    with pytest.raises(RulesError, match="marks for number 3, but the ballot has 2 names"):
        count_round(["An", "Bình"], 1, 5, tally([ballot(S, S, K)]), issued=5)


def test_a_valid_ballot_voting_for_more_than_the_seats_is_refused():
    with pytest.raises(RulesError, match="votes for 2 names but only 1"):
        count_round(["An", "Bình"], 1, 5, tally([ballot(K, K)]), issued=5)


@pytest.mark.parametrize("names, message", [([], "no candidates"), (["An", " "], "number 2 has no name")])
def test_candidate_names_are_checked(names, message):
    with pytest.raises(RulesError, match=message):
        count_round(names, 1, 5, Tally(), issued=0)


def test_denominator_must_be_positive():
    with pytest.raises(RulesError, match="adjusted summoned total"):
        count_round(["An"], 1, 0, Tally(), issued=0)


def test_denominator_object_is_accepted():
    result = count_round(["An", "Bình"], 1, delegates_denominator(3), tally([ballot(K, S)] * 2), issued=3)
    assert result.denominator == 3 and [c.name for c in result.elected] == ["An"]


def test_ranking_orders_by_votes_then_ballot_order():
    result = count_round(
        ["An", "Bình", "Chi"], 2, 10, tally([ballot(S, K, K), ballot(K, S, K), ballot(S, K, S)]), issued=3
    )
    assert [c.name for c in result.ranking] == ["Bình", "Chi", "An"]


# --- alternates list ---------------------------------------------------------------------------


def test_alternates_list_removes_officials_elected_in_any_round():
    names = ["An", "Bình", "Chi", "Dũng", "Giang"]
    assert alternates_list(names, ["Chi", "An"]) == ("Bình", "Dũng", "Giang")


def test_alternates_list_refuses_unknown_official_and_empty_remainder():
    with pytest.raises(RulesError, match="'Hà' is not on the candidate list"):
        alternates_list(["An", "Bình"], ["Hà"])
    with pytest.raises(RulesError, match="No names remain"):
        alternates_list(["An"], ["An"])


# --- show of hands -----------------------------------------------------------------------------


def test_show_of_hands_needs_more_than_half_of_the_adjusted_total():
    # 100 summoned, 10 absent with an accepted reason → 90; 44 agree of 60 present is not enough
    failed = show_of_hands(44, 10, 6, 90)
    assert not failed.passed and failed.label == "Không được thông qua"
    assert failed.agree_percent == Decimal("48.89")  # 44/90 = 48.888…
    passed = show_of_hands(46, 10, 4, 90)  # 2 × 46 = 92 > 90
    assert passed.passed and passed.label == "Được thông qua"
    assert (passed.disagree_percent, passed.abstain_percent) == (Decimal("11.11"), Decimal("4.44"))
    assert not show_of_hands(45, 0, 0, 90).passed  # exactly half


def test_show_of_hands_refuses_more_hands_than_voters():
    with pytest.raises(RulesError, match="91 hands were counted but only 90 may vote"):
        show_of_hands(80, 10, 1, 90)
    with pytest.raises(RulesError, match="'abstain'"):
        show_of_hands(1, 1, -1, 90)


def test_rules_forms_are_the_layout_forms():
    # The rules accept ballots.layout.Form without importing the printing side.
    from ballots.layout import Form

    assert {f.value for f in Form} == {STRIKE, BOXES}
    assert judge_ballot(Form.STRIKE, 1, {1: K, 2: S}).status is Status.VALID
    assert judge_ballot(Form.BOXES, 1, {1: D}).status is Status.VALID
