"""Export the registry as .xlsx or .csv (UTF-8 with BOM) in a form import reads back unchanged."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from congress.congresses import get_congress
from congress.errors import CongressError
from congress.registry.cells import birth_text, category_labels
from congress.registry.delegates import DelegateRow, list_delegates
from congress.registry.headers import label

# Our columns; "STT" and "Trạng thái" are read back as information only (see headers.READ_ONLY).
EXPORT_FIELDS = ("code", "family_name", "middle_name", "given_name", "full_name", "birth_date", "gender",
                 "ethnicity", "delegation", "category", "title", "unit")
STATUS_LABELS = {
    "summoned": "triệu tập", "recognised": "được công nhận", "not_recognised": "không được công nhận",
    "active": "đang sinh hoạt", "attached_elsewhere": "sinh hoạt tạm thời nơi khác",
    "exempted": "miễn sinh hoạt", "suspended": "đình chỉ sinh hoạt",
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def _record(n: int, row: DelegateRow, labels: dict[str, str]) -> list[object]:
    d = row.delegate
    birth: date | int | None = d.birth_date or d.birth_year
    values = {
        "code": d.code or "", "family_name": d.family_name, "middle_name": d.middle_name,
        "given_name": d.given_name, "full_name": row.full_name, "birth_date": birth, "gender": d.gender,
        "ethnicity": d.ethnicity, "delegation": row.delegation, "category": labels.get(d.category, d.category),
        "title": d.title, "unit": d.unit,
    }
    return [n, *(values[name] for name in EXPORT_FIELDS), STATUS_LABELS.get(d.status, d.status)]


def header() -> list[str]:
    return ["STT", *(label(name) for name in EXPORT_FIELDS), "Trạng thái"]


def export_file(session: Session, path: Path) -> ExportResult:
    """Write every delegate, in Vietnamese name order, to `path` (.xlsx or .csv by its suffix)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise CongressError(f"Tệp {path.name}: chỉ xuất được .xlsx hoặc .csv.")
    labels = category_labels(get_congress(session).kind)
    records = [_record(n, row, labels) for n, row in enumerate(list_delegates(session), start=1)]
    try:
        if suffix == ".csv":
            _write_csv(path, records)
        else:
            _write_xlsx(path, records)
    except OSError as exc:
        raise CongressError(f"Không ghi được tệp {path}: {exc.strerror}.") from None
    return ExportResult(path, len(records))


def _write_csv(path: Path, records: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # the BOM tells Excel it is UTF-8
        writer = csv.writer(fh)
        writer.writerow(header())
        for record in records:
            writer.writerow([birth_text(v) if isinstance(v, date) else v for v in record])


def _write_xlsx(path: Path, records: list[list[object]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đại biểu")
    bold = Font(bold=True)
    heads = []
    for text in header():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        heads.append(cell)
    sheet.append(heads)
    code_at = 1 + EXPORT_FIELDS.index("code")
    for record in records:
        cells = []
        for index, value in enumerate(record):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            elif index == code_at:
                cell.number_format = "@"  # text: keeps leading zeros of codes like 007
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)
