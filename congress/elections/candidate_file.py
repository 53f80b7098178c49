"""Reading a candidate list from XLSX or CSV: the delegate import's name columns plus birth date,
and optionally who nominated (Đề cử) with the floor vote (Số đồng ý / Số có mặt).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from congress.errors import CongressError
from congress.models import Delegate
from congress.registry.headers import header_key, looks_like_header, map_headers
from congress.vi import clean, full_name, parse_date, split_full_name

EXTRA = {
    "nominated_by": ("Đề cử", "Nơi đề cử", "Hình thức đề cử", "nominated_by", "nominated by"),
    "floor_agree": ("Số đồng ý", "Đồng ý", "floor_agree", "agree"),
    "floor_attending": ("Số có mặt", "Có mặt", "floor_attending", "attending"),
}
_EXTRA_LOOKUP = {header_key(s): f for f, spellings in EXTRA.items() for s in spellings}
NOMINATION_WORDS = {
    "convening": ("convening", "cap uy", "cap uy trieu tap", "bch", "ban chap hanh", "trieu tap", ""),
    "floor": ("floor", "dai hoi", "dai hoi de cu", "tai dai hoi"),
    "self": ("self", "tu ung cu"),
}
_WORD_LOOKUP = {header_key(w): code for code, words in NOMINATION_WORDS.items() for w in words}
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class CandidateRow:
    """One name to put on a list, with where it came from (for one-sentence errors)."""

    where: str
    family: str
    middle: str
    given: str
    birth: date | int | None = None
    code: str = ""
    delegate_code: str = ""
    gender: str = ""
    title: str = ""
    unit: str = ""
    nominated_by: str = "convening"
    floor_agree: int | None = None
    floor_attending: int | None = None

    @property
    def display(self) -> str:
        return full_name(self.family, self.middle, self.given)

    @classmethod
    def blank(cls, where: str, nominated_by: str = "convening") -> CandidateRow:
        return cls(where=where, family="", middle="", given="", nominated_by=nominated_by)

    def from_delegate(self, d: Delegate) -> CandidateRow:
        """The same row with the name parts, birth, title and unit of a registered delegate."""
        return replace(self, family=d.family_name, middle=d.middle_name, given=d.given_name,
                       birth=d.birth_date or d.birth_year, code=d.code or "", delegate_code=d.code or "",
                       gender=d.gender, title=d.title, unit=d.unit)


def parse_birth(value: object, where: str) -> date | int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and float(value).is_integer() and 1900 <= int(value) <= 2100:
        return int(value)
    try:
        return parse_date(str(value))
    except ValueError as exc:
        raise CongressError(f"{where}, cột Ngày sinh: {exc}.") from None


def _int_cell(value: object, where: str, label: str) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise CongressError(f"{where}, cột {label}: '{value}' không phải là số.") from None
    if not number.is_integer():
        raise CongressError(f"{where}, cột {label}: '{value}' phải là số nguyên.")
    return int(number)


def _rows_of(path: Path) -> list[list[object]]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            try:
                return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
            finally:
                book.close()
        if suffix in (".csv", ".txt"):
            text = path.read_bytes().decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
            return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    except FileNotFoundError:
        raise CongressError(f"Không tìm thấy tệp {path}.") from None
    except UnicodeDecodeError:
        raise CongressError(f"Tệp {path.name} không phải văn bản UTF-8; lưu lại dạng CSV UTF-8.") from None
    except (OSError, ValueError, KeyError, csv.Error) as exc:
        raise CongressError(f"Không đọc được tệp {path.name}: {exc}.") from None
    raise CongressError(f"Tệp {path.name}: chỉ nhận XLSX hoặc CSV.")


def read_candidate_file(path: Path, nominated_by: str = "convening") -> list[CandidateRow]:
    """Every non-empty row below the header as a CandidateRow; CongressError names the row and column."""
    rows = _rows_of(path)
    header_at = next((i for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS])
                      if looks_like_header(map_headers(cells)) and not map_headers(cells).problems), None)
    if header_at is None:
        raise CongressError(f"Tệp {path.name}: không thấy dòng tiêu đề có cột Tên hoặc Họ và tên.")
    cells = rows[header_at]
    cols = map_headers(cells).columns
    extra = {_EXTRA_LOOKUP[header_key(c)]: i for i, c in enumerate(cells)
             if c is not None and header_key(c) in _EXTRA_LOOKUP}
    out: list[CandidateRow] = []
    for offset, raw in enumerate(rows[header_at + 1:], start=header_at + 2):
        def cell(name: str, table: dict[str, int] = cols, raw: list[object] = raw) -> object:
            i = table.get(name)
            return raw[i] if i is not None and i < len(raw) else None

        if all(v is None or str(v).strip() == "" for v in raw):
            continue
        where = f"Tệp {path.name}, dòng {offset}"
        if "given_name" in cols:
            family, middle, given = (clean(str(cell(n) or "")) for n in ("family_name", "middle_name", "given_name"))
        else:
            family, middle, given = split_full_name(str(cell("full_name") or ""))
        how = _WORD_LOOKUP.get(header_key(cell("nominated_by", extra) or nominated_by))
        if how is None:
            raise CongressError(f"{where}, cột Đề cử: '{cell('nominated_by', extra)}' không rõ (Cấp ủy / Đại hội).")
        out.append(CandidateRow(
            where=where, family=family, middle=middle, given=given,
            birth=parse_birth(cell("birth_date"), where), code=clean(str(cell("code") or "")),
            gender=clean(str(cell("gender") or "")), title=clean(str(cell("title") or "")),
            unit=clean(str(cell("unit") or "")), nominated_by=how,
            floor_agree=_int_cell(cell("floor_agree", extra), where, "Số đồng ý"),
            floor_attending=_int_cell(cell("floor_attending", extra), where, "Số có mặt"),
        ))
    if not out:
        raise CongressError(f"Tệp {path.name} không có dòng nào dưới tiêu đề.")
    return out
