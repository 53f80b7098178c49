"""Column headers of a delegates workbook, matched leniently in Vietnamese and English.

Case, diacritics, spaces, underscores and punctuation are ignored: "Họ và tên", "HO VA TEN",
"full_name" and "Full name" all name the same column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from congress.vi import fold

# field → (Vietnamese label used in messages and exports, accepted spellings before folding)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("Mã", ("Mã", "Mã đại biểu", "Mã số", "code", "external id", "external_id")),
    "family_name": ("Họ", ("Họ", "family_name", "family name", "surname", "last name")),
    "middle_name": ("Tên đệm", ("Tên đệm", "Đệm", "Tên lót", "middle_name", "middle name")),
    "given_name": ("Tên", ("Tên", "given_name", "given name", "first name")),
    "full_name": ("Họ và tên", ("Họ và tên", "Họ tên", "full_name", "full name", "name")),
    "birth_date": ("Ngày sinh", ("Ngày sinh", "Năm sinh", "Ngày tháng năm sinh", "birth_date", "birth date",
                                 "date of birth", "dob", "born")),
    "gender": ("Giới tính", ("Giới tính", "Phái", "gender", "sex")),
    "ethnicity": ("Dân tộc", ("Dân tộc", "ethnicity")),
    "delegation": ("Đoàn", ("Đoàn", "Đoàn đại biểu", "delegation")),
    "category": ("Loại", ("Loại", "Loại đại biểu", "category")),
    "title": ("Chức vụ", ("Chức vụ", "title", "position")),
    "unit": ("Đơn vị", ("Đơn vị", "Đơn vị công tác", "Nơi công tác", "unit")),
}

# Columns we recognise and deliberately do not import (our own export writes them).
READ_ONLY: dict[str, tuple[str, ...]] = {
    "row_number": ("STT", "TT", "Số thứ tự", "No", "#"),
    "status": ("Trạng thái", "status"),
    "voting": ("Biểu quyết", "voting"),
}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def header_key(text: object) -> str:
    """'Họ và tên ' → 'hovaten': the form headers are compared in."""
    return _NON_ALNUM.sub("", fold("" if text is None else str(text)))


_LOOKUP: dict[str, str] = {}
for _field, (_label, _spellings) in FIELDS.items():
    for _spelling in _spellings:
        _LOOKUP[header_key(_spelling)] = _field
for _field, _spellings in READ_ONLY.items():
    for _spelling in _spellings:
        _LOOKUP.setdefault(header_key(_spelling), f"_{_field}")


def label(field: str) -> str:
    """The Vietnamese column name for a field (messages, exports)."""
    return FIELDS[field][0] if field in FIELDS else field


@dataclass(frozen=True)
class HeaderMap:
    """Which cell index holds which field; `ignored` lists columns that were not recognised."""

    columns: dict[str, int]
    ignored: tuple[str, ...]
    problems: tuple[str, ...]

    def has(self, field: str) -> bool:
        return field in self.columns

    @property
    def score(self) -> int:
        return len(self.columns)


def map_headers(cells: list[object]) -> HeaderMap:
    """Match one header row. Problems (a column given twice) are sentences for the user."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for index, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        field = _LOOKUP.get(header_key(text))
        if field is None:
            ignored.append(text)
        elif field.startswith("_"):
            continue
        elif field in columns:
            problems.append(f"cột {label(field)} xuất hiện hai lần (cột {columns[field] + 1} và {index + 1})")
        else:
            columns[field] = index
    return HeaderMap(columns, tuple(ignored), tuple(problems))


def looks_like_header(found: HeaderMap) -> bool:
    """A header row names someone: a given name or a full name, and at least one other column."""
    return found.score >= 2 and (found.has("given_name") or found.has("full_name"))
