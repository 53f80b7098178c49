"""The manual-entry parser (pure): one ballot per JSON line, by STT number, every bad line named."""

import pytest

from ballots.rules import Mark, Reason, Status
from congress.counting.entries import entry_text, parse_entry, parse_lines, resolve_reason
from congress.errors import CongressError


def test_struck_numbers_leave_the_other_names_kept() -> None:
    entry = parse_entry({"struck": [2, 5]}, "strike", 5)
    assert entry.marks == {1: Mark.KEPT, 2: Mark.STRUCK, 3: Mark.KEPT, 4: Mark.KEPT, 5: Mark.STRUCK}
    assert entry.judge("strike", 3).status is Status.VALID


def test_kept_numbers_strike_the_rest() -> None:
    entry = parse_entry({"kept": [1]}, "strike", 3)
    assert entry.marks == {1: Mark.KEPT, 2: Mark.STRUCK, 3: Mark.STRUCK}


def test_boxes_unlisted_names_have_no_box_marked() -> None:
    entry = parse_entry({"agree": [1], "disagree": [2], "both": [3]}, "boxes", 4)
    assert entry.marks == {1: Mark.AGREE, 2: Mark.DISAGREE, 3: Mark.BOTH, 4: Mark.NONE}
    verdict = entry.judge("boxes", 4)
    assert verdict.status is Status.VALID and verdict.numbers == (3, 4)


def test_rules_judge_an_over_vote_and_all_struck() -> None:
    assert parse_entry({"struck": [4]}, "strike", 5).judge("strike", 3).reason is Reason.OVER_VOTE
    assert parse_entry({"struck": [1, 2, 3]}, "strike", 3).judge("strike", 2).reason is Reason.ALL_STRUCK


@pytest.mark.parametrize(("text", "reason", "detail"), [
    ("ghi thêm tên", Reason.EXTRA_MARKS, None),
    ("Ghi them ten", Reason.EXTRA_MARKS, None),
    ("over_vote", Reason.OVER_VOTE, None),
    ("photocopy", Reason.NOT_ISSUED, "Phiếu sao chụp (trùng mã phiếu đã có)"),
    ("rách đôi", Reason.OTHER, "rách đôi"),
    ("gh", Reason.OTHER, "gh"),  # too short to guess a label from
])
def test_invalid_reasons_typed_by_a_person(text: str, reason: Reason, detail: str | None) -> None:
    verdict = resolve_reason(text)
    assert verdict.status is Status.INVALID and verdict.reason is reason and verdict.detail == detail


def test_invalid_without_marks_and_with_marks() -> None:
    alone = parse_entry({"invalid": "ghi thêm tên"}, "strike", 5)
    assert alone.marks == {} and alone.judge("strike", 3).reason is Reason.EXTRA_MARKS
    both = parse_entry({"struck": [1], "invalid": "chữ ký"}, "strike", 3)
    assert both.marks[1] is Mark.STRUCK and both.judge("strike", 2).reason is Reason.OTHER


@pytest.mark.parametrize(("line", "form", "fragment"), [
    ('{"struck": [6]}', "strike", "số thứ tự 6"),
    ('{"struck": [0]}', "strike", "số thứ tự 0"),
    ('{"struck": [2, 2]}', "strike", "hai lần"),
    ('{"struck": ["2"]}', "strike", "không phải số thứ tự"),
    ('{"struck": 2}', "strike", "danh sách"),
    ('{"struck": [1], "kept": [2]}', "strike", "không ghi cả hai"),
    ('{"agree": [1], "disagree": [1]}', "boxes", "có trong cả"),
    ('{"agree": [1]}', "strike", '"agree"'),
    ('{"struck": [1]}', "boxes", '"struck"'),
    ('{"\\n": null}', "strike", 'khoá "\\n"'),  # a newline typed as a key is shown escaped (fuzz)
    ('{"invalid": 3}', "strike", "lý do bằng chữ"),
    ('{"invalid": "  "}', "strike", "để trống"),
    ("[1, 2]", "strike", "đối tượng JSON"),
    ('{"struck": [1,', "strike", "không phải JSON"),
])
def test_bad_lines_are_one_sentence_naming_file_and_line(line: str, form: str, fragment: str) -> None:
    text = '{"struck": [1]}\n\n' + line + "\n" if form == "strike" else '{"agree": [1]}\n\n' + line + "\n"
    with pytest.raises(CongressError) as caught:
        parse_lines(text, form, 5, "tap-3.jsonl")
    message = str(caught.value)
    assert message.startswith("tap-3.jsonl, dòng 3:") and fragment in message
    assert "\n" not in message


def test_empty_file_is_refused() -> None:
    with pytest.raises(CongressError, match="không có phiếu nào"):
        parse_lines("\n \n", "strike", 5, "rong.jsonl")


def test_entry_text_for_the_log() -> None:
    assert entry_text(parse_entry({"struck": [2, 5]}, "strike", 5).marks, "strike") == "gạch 2, 5"
    assert entry_text(parse_entry({}, "strike", 3).marks, "strike") == "không gạch tên nào"
    boxes = parse_entry({"agree": [1], "disagree": [2]}, "boxes", 3)
    assert entry_text(boxes.marks, "boxes") == "đồng ý 1; không đồng ý 2"
