"""Manual ballot entries (nhập phiếu bằng tay): the pure parser of one ballot per JSON line.

A line is one ballot, by STT number:
  strike form: {"struck": [2, 5]}  (or {"kept": [1, 3, 4]}) — the other names are kept (or struck);
  boxes form:  {"agree": [1], "disagree": [2], "both": [3]} — a name not listed has no box marked;
  either form: {"invalid": "ghi thêm tên"} — an invalid ballot and its reason (a reason code such as
               "over_vote", the start of a reason's Vietnamese label, or free text).
Bad input raises one CongressError naming the line and the field; nothing is stored.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from ballots.rules import Mark, NotIssued, Reason, Status, Validity, judge_ballot
from congress.errors import CongressError
from congress.vi import clean, fold

STRIKE_KEYS = ("struck", "kept")
BOXES_KEYS = ("agree", "disagree", "both")
LIST_MARK = {"struck": Mark.STRUCK, "kept": Mark.KEPT, "agree": Mark.AGREE, "disagree": Mark.DISAGREE,
             "both": Mark.BOTH}


@dataclass(frozen=True)
class Entry:
    """One ballot as entered: a mark for every STT (empty when only "invalid" was given)."""

    line: int
    marks: Mapping[int, Mark]
    invalid: Validity | None = None
    raw: dict = field(default_factory=dict)

    def judge(self, form: str, seats: int) -> Validity:
        """The status the entry stands for: the operator's "invalid", else the rules' verdict."""
        if self.invalid is not None:
            return self.invalid
        return judge_ballot(form, seats, self.marks)


def resolve_reason(text: str) -> Validity:
    """An invalid-ballot reason typed by a person: a code, the start of a label, or free text."""
    wanted = clean(text)
    if not wanted:
        raise ValueError("lý do phiếu không hợp lệ để trống")
    code = wanted.lower()
    if code in {r.value for r in Reason} and code not in (Reason.UNCERTAIN_MARK, Reason.OTHER):
        return Validity(Status.INVALID, Reason(code))
    if code in {k.value for k in NotIssued}:
        return Validity(Status.INVALID, Reason.NOT_ISSUED, NotIssued(code).label)
    folded = fold(wanted)
    for reason in Reason if len(folded) >= 4 else ():  # a few letters are too little to guess from
        if reason in (Reason.UNCERTAIN_MARK, Reason.OTHER):
            continue
        if fold(reason.label).startswith(folded):
            return Validity(Status.INVALID, reason)
    return Validity(Status.INVALID, Reason.OTHER, wanted)


def _numbers(value: object, key: str, count: int) -> list[int]:
    if not isinstance(value, list):
        raise ValueError(f'"{key}" phải là danh sách số thứ tự, ví dụ [2, 5]')
    numbers = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int):
            raise ValueError(f'"{key}" chứa {json.dumps(item, ensure_ascii=False)}, không phải số thứ tự')
        if not 1 <= item <= count:
            raise ValueError(f'"{key}" có số thứ tự {item}, nhưng phiếu chỉ có {count} tên (1–{count})')
        if item in numbers:
            raise ValueError(f'"{key}" ghi số thứ tự {item} hai lần')
        numbers.append(item)
    return numbers


def parse_entry(obj: object, form: str, count: int, line: int = 0) -> Entry:
    """One ballot from a decoded JSON object; raises ValueError with the reason (no line prefix)."""
    if not isinstance(obj, dict):
        raise ValueError("mỗi dòng phải là một đối tượng JSON, ví dụ {\"struck\": [2, 5]}")
    allowed = (*(STRIKE_KEYS if form == "strike" else BOXES_KEYS), "invalid")
    unknown = [key for key in obj if key not in allowed]
    if unknown:
        # The key as JSON: a typed newline or control character shows escaped, on one line.
        shown = json.dumps(unknown[0], ensure_ascii=False)
        raise ValueError(f'khoá {shown} không dùng được với phiếu dạng {form}; dùng: {", ".join(allowed)}')
    invalid = None
    if "invalid" in obj:
        if not isinstance(obj["invalid"], str):
            raise ValueError('"invalid" phải là lý do bằng chữ, ví dụ "ghi thêm tên"')
        invalid = resolve_reason(obj["invalid"])
    lists = {key: _numbers(obj[key], key, count) for key in allowed if key != "invalid" and key in obj}
    if form == "strike" and len(lists) == 2:
        raise ValueError('chỉ ghi "struck" hoặc "kept", không ghi cả hai')
    seen: dict[int, str] = {}
    for key, numbers in lists.items():
        for number in numbers:
            if number in seen:
                raise ValueError(f'số thứ tự {number} có trong cả "{seen[number]}" và "{key}"')
            seen[number] = key
    if invalid is not None and not lists:
        return Entry(line, {}, invalid, dict(obj))
    default = (Mark.STRUCK if "kept" in lists else Mark.KEPT) if form == "strike" else Mark.NONE
    marks = {n: LIST_MARK[seen[n]] if n in seen else default for n in range(1, count + 1)}
    return Entry(line, marks, invalid, dict(obj))


def parse_lines(text: str, form: str, count: int, source: str) -> list[Entry]:
    """Every ballot of a JSON-lines text; the first bad line raises one sentence naming it."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CongressError(f"{source}, dòng {number}: không phải JSON hợp lệ ({exc.msg}, cột {exc.colno}).") from None
        try:
            entries.append(parse_entry(obj, form, count, number))
        except ValueError as exc:
            raise CongressError(f"{source}, dòng {number}: {exc}.") from None
    if not entries:
        raise CongressError(f"{source}: không có phiếu nào (mỗi dòng một phiếu dạng JSON).")
    return entries


def entry_text(marks: Mapping[int, Mark], form: str, invalid: Validity | None = None) -> str:
    """A short description for the entry log: "gạch 2, 5" / "đồng ý 1; không đồng ý 2" / the reason."""
    parts = []
    if form == "strike":
        struck = [n for n, m in sorted(marks.items()) if m == Mark.STRUCK]
        if marks:
            parts.append("gạch " + ", ".join(map(str, struck)) if struck else "không gạch tên nào")
    else:
        for mark, word in ((Mark.AGREE, "đồng ý"), (Mark.DISAGREE, "không đồng ý"), (Mark.BOTH, "cả hai ô")):
            numbers = [n for n, m in sorted(marks.items()) if m == mark]
            if numbers:
                parts.append(f"{word} {', '.join(map(str, numbers))}")
        if marks and not parts:
            parts.append("không đánh dấu ô nào")
    if invalid is not None:
        parts.append(f"không hợp lệ: {invalid.label}")
    return "; ".join(parts)
