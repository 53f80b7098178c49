"""Turning one spreadsheet cell into a registry value: text, code, birth date, gender, category.

Each parser returns the value or raises CellError with a short Vietnamese reason; the preview
puts the row number and column in front of it.
"""

from __future__ import annotations

from datetime import date, datetime

from congress.registry.headers import header_key
from congress.registry.voting import MEMBERS
from congress.vi import clean, format_date, parse_date


class CellError(ValueError):
    """A cell that cannot become a value; the message is the reason shown to the user."""


# Category labels written in exports and accepted (with the English codes) on import.
DELEGATE_CATEGORY_LABELS = {
    "official": "chính thức", "alternate": "dự khuyết", "ex_officio": "đương nhiên",
    "appointed": "chỉ định", "guest": "khách mời",
}
MEMBER_CATEGORY_LABELS = {
    "member": "chính thức", "probationary": "dự bị", "temporary": "sinh hoạt tạm thời", "guest": "khách mời",
}
_DELEGATE_ALIASES = {
    "official": ("đại biểu chính thức", "ex officio", "exofficio", "đại biểu đương nhiên", "đại biểu chỉ định",
                 "đại biểu dự khuyết"),
}
_MEMBER_ALIASES = {
    "member": ("đảng viên chính thức", "official"),
    "probationary": ("đảng viên dự bị",),
    "temporary": ("tạm thời", "đảng viên sinh hoạt tạm thời"),
    "guest": ("khách",),
}
MAX_LENGTHS = {"code": 60, "family_name": 100, "middle_name": 100, "given_name": 100, "ethnicity": 60,
               "title": 300, "unit": 300, "delegation": 300, "gender": 20}


def category_labels(congress_kind: str) -> dict[str, str]:
    return MEMBER_CATEGORY_LABELS if congress_kind == MEMBERS else DELEGATE_CATEGORY_LABELS


def _category_lookup(congress_kind: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, label in category_labels(congress_kind).items():
        lookup[header_key(code)] = code
        lookup[header_key(label)] = code
    if congress_kind == MEMBERS:
        for code, aliases in _MEMBER_ALIASES.items():
            lookup.update({header_key(alias): code for alias in aliases})
    else:
        for alias in _DELEGATE_ALIASES["official"]:
            key = header_key(alias)
            lookup[key] = {"exofficio": "ex_officio", "daibieuduongnhien": "ex_officio",
                           "daibieuchidinh": "appointed", "daibieudukhuyet": "alternate"}.get(key, "official")
        lookup[header_key("khách")] = "guest"
    return lookup


_LOOKUPS = {kind: _category_lookup(kind) for kind in ("delegates", MEMBERS)}


def parse_category(cell: object, congress_kind: str) -> str:
    """'Chính thức', 'CHINH THUC', 'official' → 'official' (codes depend on the kind of congress)."""
    text = text_value(cell)
    code = _LOOKUPS[congress_kind].get(header_key(text))
    if code is None:
        accepted = ", ".join(category_labels(congress_kind).values())
        raise CellError(f"loại '{text}' không có; dùng một trong: {accepted}")
    return code


def text_value(cell: object) -> str:
    """Any cell as NFC text; whole numbers lose Excel's '.0' (codes typed as numbers)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return format_date(cell.date())
    if isinstance(cell, date):
        return format_date(cell)
    return clean(str(cell))


def bounded_text(cell: object, field: str) -> str:
    text = text_value(cell)
    limit = MAX_LENGTHS.get(field)
    if limit and len(text) > limit:
        raise CellError(f"dài {len(text)} ký tự, tối đa {limit}")
    return text


def parse_birth(cell: object, today: date) -> date | int | None:
    """dd/mm/yyyy text, a real Excel date, an Excel serial number, or a bare year (returned as int)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime):
        value: date | int = cell.date()
    elif isinstance(cell, date):
        value = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        value = _from_number(cell)
    else:
        try:
            value = parse_date(str(cell))
        except ValueError as exc:
            raise CellError(_date_reason(str(cell), exc)) from None
    year = value if isinstance(value, int) else value.year
    if (isinstance(value, date) and value > today) or year > today.year:
        raise CellError(f"ngày sinh {_shown(value)} ở tương lai")
    if year < 1900:
        raise CellError(f"năm sinh {year} không hợp lệ")
    return value


def _from_number(number: float) -> date | int:
    from openpyxl.utils.datetime import from_excel

    if float(number).is_integer() and 1900 <= number <= 2100:
        return int(number)  # a year typed as a number
    if 1 <= number < 80000:
        return from_excel(number).date()  # an Excel serial date in a cell formatted as a number
    raise CellError(f"'{text_value(number)}' không phải ngày sinh")


def _date_reason(text: str, exc: ValueError) -> str:
    reason = str(exc)
    if "dd/mm/yyyy" in reason or "năm" in reason:
        return reason
    return f"ngày '{clean(text)}' không có thật"


def _shown(value: date | int) -> str:
    return str(value) if isinstance(value, int) else format_date(value)


def birth_text(value: date | int | None) -> str:
    """The birth value as written in CSV exports and messages."""
    return "" if value is None else _shown(value)


GENDERS = {"nam": "Nam", "male": "Nam", "m": "Nam", "nu": "Nữ", "female": "Nữ", "f": "Nữ"}


def parse_gender(cell: object) -> tuple[str, bool]:
    """(value, recognised): 'nữ', 'NU', 'F' → 'Nữ'; anything unknown is kept as written."""
    text = text_value(cell)
    if not text:
        return "", True
    known = GENDERS.get(header_key(text))
    return (known, True) if known else (text, False)
