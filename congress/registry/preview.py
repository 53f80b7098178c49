"""Phase one of an import: classify every row (pure — plain data in, plain data out).

Each row becomes new / update / unchanged / warning / error with its reasons. A "warning" row is
still imported (its `action` says how); an "error" row is never imported. Only the columns the
file has are compared, so a sheet with just Mã and Chức vụ updates titles and nothing else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from congress.registry.cells import (
    CellError,
    bounded_text,
    parse_birth,
    parse_category,
    parse_gender,
    text_value,
)
from congress.registry.headers import header_key, label
from congress.registry.reading import RawRow, RawTable
from congress.registry.voting import MEMBERS
from congress.vi import full_name, split_full_name

TEXT_FIELDS = ("family_name", "middle_name", "given_name", "gender", "ethnicity", "title", "unit")
COMPARED = ("code", "family_name", "middle_name", "given_name", "birth", "gender", "ethnicity", "delegation",
            "category", "title", "unit")
STATES = ("new", "update", "unchanged", "warning", "error")


@dataclass(frozen=True)
class KnownDelegate:
    """What the preview needs to know about a delegate already registered."""

    id: int
    code: str | None
    family_name: str
    middle_name: str
    given_name: str
    birth: date | int | None
    gender: str
    ethnicity: str
    delegation: str
    category: str
    title: str
    unit: str

    def value(self, name: str) -> Any:
        return getattr(self, name)

    @property
    def full_name(self) -> str:
        return full_name(self.family_name, self.middle_name, self.given_name)


@dataclass(frozen=True)
class Issue:
    level: str  # "error" | "warning"
    column: str  # Vietnamese column label, "" for the whole row
    reason: str

    def line(self, row: int) -> str:
        where = f"Dòng {row}, cột {self.column}" if self.column else f"Dòng {row}"
        return f"{where}: {self.reason}."


@dataclass
class RowPreview:
    row: int
    state: str = "new"
    action: str = "new"  # new | update | unchanged | skip
    delegate_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    split: bool = False

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def name(self) -> str:
        v = self.values
        return full_name(v.get("family_name", ""), v.get("middle_name", ""), v.get("given_name", ""))

    def error(self, column: str, reason: str) -> None:
        self.issues.append(Issue("error", label(column) if column else "", reason))

    def warn(self, column: str, reason: str) -> None:
        self.issues.append(Issue("warning", label(column) if column else "", reason))


@dataclass
class Preview:
    source: str
    rows: list[RowPreview]
    notes: list[str]
    new_delegations: list[str]
    columns: tuple[str, ...]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.state for row in self.rows)
        return {state: counted.get(state, 0) for state in STATES}

    @property
    def actions(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {a: counted.get(a, 0) for a in ("new", "update", "unchanged", "skip")}

    @property
    def error_rows(self) -> list[RowPreview]:
        return [row for row in self.rows if row.state == "error"]

    @property
    def changes(self) -> int:
        """Rows that would write something (new or updated delegates)."""
        return sum(1 for row in self.rows if row.action in ("new", "update"))


def classify(table: RawTable, known: list[KnownDelegate], delegations: list[str], congress_kind: str,
             today: date) -> Preview:
    """Classify every row of `table` against the registry as it is now."""
    by_code = {d.code: d for d in known if d.code}
    by_key: dict[tuple, list[KnownDelegate]] = {}
    for d in known:
        by_key.setdefault(identity_key(d.full_name, d.birth), []).append(d)
    delegation_names = {header_key(name): name for name in delegations}
    new_delegations: dict[str, str] = {}
    seen_codes: dict[str, int] = {}
    seen_keys: dict[tuple, tuple[int, str | None]] = {}
    claimed: dict[int, int] = {}
    by_id = {d.id: d for d in known}
    rows = []
    for raw in table.rows:
        row = _read_row(raw, table, congress_kind, today)
        _resolve_delegation(row, delegation_names, new_delegations)
        if not row.errors:
            _match(row, by_code, by_key, seen_codes, seen_keys, claimed)
        _decide(row, by_id, congress_kind)
        rows.append(row)
    columns = tuple(name for name in table.headers.columns)
    notes = list(table.notes)
    if congress_kind != MEMBERS and not table.headers.has("delegation"):
        notes.append("Tệp không có cột Đoàn: người mới chưa thuộc đoàn nào.")
    return Preview(table.source, rows, notes, sorted(new_delegations.values()), columns)


def identity_key(name: str, birth: date | int | None) -> tuple:
    """Duplicates without a code: the same full name (case-insensitive) and the same birth date."""
    return name.casefold(), birth.isoformat() if isinstance(birth, date) else birth


def _cell(raw: RawRow, table: RawTable, name: str) -> object:
    index = table.headers.columns.get(name)
    if index is None or index >= len(raw.cells):
        return None
    return raw.cells[index]


def _read_row(raw: RawRow, table: RawTable, congress_kind: str, today: date) -> RowPreview:
    row = RowPreview(raw.number)
    has = table.headers.has
    values = row.values
    for name in ("code", *TEXT_FIELDS, "delegation"):
        if has(name) and name != "gender":
            try:
                values[name] = bounded_text(_cell(raw, table, name), name)
            except CellError as exc:
                row.error(name, str(exc))
    if not values.get("code"):
        values.pop("code", None)  # an empty code never clears one already registered
    if has("gender"):
        gender, recognised = parse_gender(_cell(raw, table, "gender"))
        values["gender"] = gender
        if not recognised:
            row.warn("gender", f"giới tính '{gender}' không rõ (dùng Nam hoặc Nữ); giữ nguyên như đã ghi")
    if has("birth_date"):
        try:
            values["birth"] = parse_birth(_cell(raw, table, "birth_date"), today)
        except CellError as exc:
            row.error("birth_date", str(exc))
    if has("category") and text_value(_cell(raw, table, "category")):
        try:
            values["category"] = parse_category(_cell(raw, table, "category"), congress_kind)
        except CellError as exc:
            row.error("category", str(exc))
    _names(row, raw, table)
    fixed = [label(n) for n, i in table.headers.columns.items() if i in raw.repaired]
    if fixed:
        row.warn("", f"đã sửa lỗi mã hoá (UTF-8 bị đọc nhầm thành Windows-1252) ở cột {', '.join(fixed)}")
    return row


def _names(row: RowPreview, raw: RawRow, table: RawTable) -> None:
    values = row.values
    whole = text_value(_cell(raw, table, "full_name")) if table.headers.has("full_name") else ""
    if values.get("given_name"):
        if whole and whole.casefold() != row.name.casefold():
            row.warn("full_name", f"'{whole}' khác với Họ, Tên đệm, Tên ('{row.name}'); dùng các cột tách sẵn")
    elif whole:
        family, middle, given = split_full_name(whole)
        values.update(family_name=family, middle_name=middle, given_name=given)
        row.split = True
        row.warn("full_name", f"đã tách '{whole}' thành Họ '{family}', Tên đệm '{middle}', Tên '{given}' "
                              "— kiểm tra nếu họ có nhiều âm tiết (Tôn Thất, Nguyễn Phúc …)")
    else:
        row.error("given_name", "thiếu tên")
        return
    if not values.get("family_name"):
        row.warn("family_name", "thiếu họ")
    for name in ("family_name", "middle_name", "given_name"):
        text = values.get(name, "")
        if "?" in text or "\ufffd" in text:
            row.warn(name, f"'{text}' có ký tự '?' — chữ tiếng Việt có thể đã mất do sai bảng mã")
        elif any(ch.isdigit() for ch in text):
            row.error(name, f"'{text}' có chữ số")


def _resolve_delegation(row: RowPreview, known: dict[str, str], new: dict[str, str]) -> None:
    name = row.values.get("delegation")
    if not name:
        return
    key = header_key(name)
    if key in known:
        row.values["delegation"] = known[key]  # the spelling already registered wins
    else:
        row.values["delegation"] = new.setdefault(key, name)


def _match(row: RowPreview, by_code: dict[str, KnownDelegate], by_key: dict[tuple, list[KnownDelegate]],
           seen_codes: dict[str, int], seen_keys: dict[tuple, tuple[int, str | None]],
           claimed: dict[int, int]) -> None:
    code = row.values.get("code")
    key = identity_key(row.name, row.values.get("birth"))
    if code and code in seen_codes:
        row.error("code", f"mã '{code}' trùng với dòng {seen_codes[code]}")
        return
    if key in seen_keys:
        other_row, other_code = seen_keys[key]
        if code and other_code and code != other_code:
            row.warn("", f"cùng họ tên và ngày sinh với dòng {other_row} (khác mã) — kiểm tra có phải hai người")
        else:
            row.error("", f"trùng họ tên và ngày sinh với dòng {other_row}")
            return
    match = by_code.get(code) if code else None
    if match is None:
        candidates = by_key.get(key, [])
        if code:
            candidates = [d for d in candidates if d.code != code]
            uncoded = [d for d in candidates if not d.code]
            if len(uncoded) == 1:
                match = uncoded[0]  # the registry had no codes yet: this row gives one
            elif candidates:
                other = candidates[0]
                row.error("code", f"trùng họ tên và ngày sinh với đại biểu #{other.id} đã có (mã {other.code or '—'})")
                return
        elif len(candidates) == 1:
            match = candidates[0]
        elif candidates:
            ids = ", ".join(f"#{d.id}" for d in candidates)
            row.error("", f"trùng họ tên và ngày sinh với nhiều đại biểu đã có ({ids}); thêm cột Mã để phân biệt")
            return
    if match is not None:
        if match.id in claimed:
            row.error("", f"cùng một đại biểu (#{match.id}) với dòng {claimed[match.id]}")
            return
        claimed[match.id] = row.row
        row.delegate_id = match.id
        if row.split and match.full_name.casefold() == row.name.casefold():
            # Keep the parts registered (perhaps corrected by hand): a full-name sheet must not undo them.
            row.values.update(family_name=match.family_name, middle_name=match.middle_name,
                              given_name=match.given_name)
    if code:
        seen_codes[code] = row.row
    seen_keys[key] = (row.row, code)


def _decide(row: RowPreview, by_id: dict[int, KnownDelegate], congress_kind: str) -> None:
    if row.errors:
        row.state, row.action = "error", "skip"
        return
    if row.delegate_id is None:
        if "category" not in row.values:
            row.error("category", "thiếu loại đại biểu" if congress_kind != MEMBERS else "thiếu loại đảng viên")
            row.state, row.action = "error", "skip"
            return
        if congress_kind != MEMBERS and row.values["category"] != "guest" and row.values.get("delegation") == "":
            row.warn("delegation", "chưa có đoàn")
        row.action = "new"
    else:
        known = by_id[row.delegate_id]
        for name in COMPARED:
            if name in row.values and row.values[name] != known.value(name):
                row.changes[name] = (known.value(name), row.values[name])
        row.action = "update" if row.changes else "unchanged"
    row.state = "warning" if row.issues else row.action
