"""Ballot validity (DOMAIN.md §5): one test per rule, plus the checks on bad input."""

import pytest

from ballots.rules import BOXES, STRIKE, Mark, NotIssued, Reason, RulesError, Status, Validity, judge_ballot

K, S, A, D, B, N, U = Mark.KEPT, Mark.STRUCK, Mark.AGREE, Mark.DISAGREE, Mark.BOTH, Mark.NONE, Mark.UNCERTAIN


def marks(*values: Mark) -> dict[int, Mark]:
    return dict(enumerate(values, start=1))


def test_strike_between_one_and_n_kept_is_valid():
    assert judge_ballot(STRIKE, 3, marks(K, S, S, S, S)).status is Status.VALID
    assert judge_ballot(STRIKE, 3, marks(K, K, K, S, S)).status is Status.VALID


def test_strike_more_than_n_kept_is_an_over_vote():
    verdict = judge_ballot(STRIKE, 3, marks(K, K, K, K, S))
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.OVER_VOTE)
    assert verdict.label == "Để quá số lượng bầu: giữ lại 4 tên, số lượng bầu 3"


def test_unmarked_surplus_ballot_is_invalid():
    verdict = judge_ballot(STRIKE, 3, marks(K, K, K, K))
    assert verdict.reason is Reason.OVER_VOTE


def test_unmarked_strike_ballot_without_surplus_is_valid():
    # names = seats on a strike form: keeping all N is "between 1 and N"
    assert judge_ballot(STRIKE, 2, marks(K, K)).status is Status.VALID


def test_striking_everyone_is_invalid():
    verdict = judge_ballot(STRIKE, 2, marks(S, S, S))
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.ALL_STRUCK)
    assert verdict.label == "Gạch hết tên"


def test_one_name_boxes_exactly_one_box_is_valid_including_disagree():
    assert judge_ballot(BOXES, 1, marks(A)) == Validity(Status.VALID)
    assert judge_ballot(BOXES, 1, marks(D)) == Validity(Status.VALID)


@pytest.mark.parametrize("mark", [B, N])
def test_one_name_boxes_both_or_none_is_invalid(mark):
    verdict = judge_ballot(BOXES, 1, marks(mark))
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.BOTH_OR_NONE)
    assert verdict.label == "Đánh dấu cả hai ô hoặc không đánh dấu"


def test_multi_name_boxes_undecided_names_get_no_vote_ballot_valid():
    verdict = judge_ballot(BOXES, 3, marks(A, B, N))
    assert verdict.status is Status.VALID
    assert verdict.numbers == (2, 3)


def test_multi_name_boxes_every_name_undecided_stays_valid():
    # §5 makes "both or none" invalid only on a one-name ballot.
    verdict = judge_ballot(BOXES, 2, marks(N, B))
    assert verdict.status is Status.VALID and verdict.numbers == (1, 2)


def test_boxes_more_agrees_than_seats_is_an_over_vote():
    assert judge_ballot(BOXES, 1, marks(A, A)).reason is Reason.OVER_VOTE


@pytest.mark.parametrize("form, ballot", [(STRIKE, marks(K, S)), (BOXES, marks(A)), (BOXES, marks(A, D, N))])
def test_extra_ink_makes_an_otherwise_valid_ballot_invalid(form, ballot):
    verdict = judge_ballot(form, 1 if len(ballot) < 3 else 3, ballot, extra_ink=True)
    assert (verdict.status, verdict.reason) == (Status.INVALID, Reason.EXTRA_MARKS)
    assert verdict.label == "Ghi thêm tên hoặc ký hiệu"


def test_form_rule_is_reported_before_extra_ink():
    assert judge_ballot(STRIKE, 1, marks(S, S), extra_ink=True).reason is Reason.ALL_STRUCK


@pytest.mark.parametrize(
    "why, label",
    [
        (NotIssued.PHOTOCOPY, "Phiếu sao chụp (trùng mã phiếu đã có)"),
        (NotIssued.OTHER_ELECTION, "Phiếu của cuộc bầu cử khác"),
        ("other_round", "Phiếu của lần bầu khác"),
        (NotIssued.FORGED, "Phiếu giả"),
        (NotIssued.UNKNOWN, "Phiếu không rõ nguồn gốc"),
    ],
)
def test_not_issued_is_invalid_with_its_kind(why, label):
    verdict = judge_ballot(STRIKE, 1, marks(K, S), not_issued=why)
    assert (verdict.status, verdict.reason, verdict.detail) == (Status.INVALID, Reason.NOT_ISSUED, label)
    assert verdict.label == f"Không phải phiếu do Ban kiểm phiếu phát ra: {label}"


def test_not_issued_free_text_is_kept_as_detail():
    verdict = judge_ballot(BOXES, 1, marks(A), not_issued="layout does not match")
    assert verdict.reason is Reason.NOT_ISSUED and verdict.detail == "layout does not match"


def test_unstamped_has_its_own_reason():
    verdict = judge_ballot(STRIKE, 1, marks(K, S), not_issued=NotIssued.UNSTAMPED)
    assert verdict.reason is Reason.UNSTAMPED and verdict.label == "Phiếu không đóng dấu"


def test_not_issued_wins_over_uncertain_marks():
    assert judge_ballot(STRIKE, 1, marks(U, S), not_issued="photocopy").status is Status.INVALID


def test_any_uncertain_mark_sends_the_ballot_to_review_with_the_numbers():
    verdict = judge_ballot(STRIKE, 2, marks(K, U, S, U))
    assert (verdict.status, verdict.reason) == (Status.REVIEW, Reason.UNCERTAIN_MARK)
    assert verdict.numbers == (2, 4)
    assert verdict.detail == "STT 2, 4"


def test_uncertain_with_extra_ink_mentions_both():
    verdict = judge_ballot(BOXES, 1, marks(U), extra_ink=True)
    assert verdict.status is Status.REVIEW
    assert verdict.detail == "STT 1; có thêm nét chữ hoặc ký hiệu lạ"


def test_form_given_as_a_strenum_like_layout_form_works():
    from enum import StrEnum

    class Form(StrEnum):
        STRIKE = "strike"
        BOXES = "boxes"

    assert judge_ballot(Form.BOXES, 1, marks(A)).status is Status.VALID


@pytest.mark.parametrize(
    "form, seats, ballot, message",
    [
        ("tick", 1, marks(K), "Unknown ballot form"),
        (STRIKE, 0, marks(K), "at least 1"),
        (STRIKE, True, marks(K), "at least 1"),
        (STRIKE, 1, {}, "no names"),
        (STRIKE, 1, {0: K}, "Ballot number 0"),
        (STRIKE, 1, marks(A), "not possible on a 'strike' ballot"),
        (BOXES, 1, marks(K), "not possible on a 'boxes' ballot"),
        (BOXES, 1, {1: "tick"}, "not a known mark"),
    ],
)
def test_bad_input_is_a_clear_error(form, seats, ballot, message):
    with pytest.raises(RulesError, match=message):
        judge_ballot(form, seats, ballot)


def test_empty_not_issued_reason_is_refused():
    with pytest.raises(RulesError, match="not_issued must say why"):
        judge_ballot(STRIKE, 1, marks(K), not_issued="  ")


def test_validity_needs_a_reason_exactly_when_not_valid():
    assert Validity("invalid", "other", "rách").label == "Lý do khác: rách"
    with pytest.raises(RulesError, match="needs a reason"):
        Validity(Status.INVALID)
    with pytest.raises(RulesError, match="no invalidity reason"):
        Validity(Status.VALID, Reason.ALL_STRUCK)
    with pytest.raises(RulesError, match="Bad ballot status"):
        Validity("maybe")
