"""Reading a delegates workbook (.xlsx) or CSV into plain rows, and the encoding mistakes that happen.

CSV: UTF-8 with or without BOM is read strictly. Anything else is decoded both as Windows-1258
(Vietnamese Excel's "CSV" — tone marks are separate combining characters, so we NFC-normalise) and
Windows-1252 (Western Excel — Vietnamese letters are already lost), and the more Vietnamese-looking
reading wins; a file-level note says which was used. Cells holding UTF-8 read as Windows-1252
("Nguyá»…n") are repaired to "Nguyễn" and the row says so.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from congress.errors import CongressError
from congress.registry.headers import HeaderMap, looks_like_header, map_headers

HEADER_SEARCH_ROWS = 15  # title lines above the header row are common in real workbooks
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")

_CP1252_REVERSE: dict[str, int] = {}
for _byte in range(0x80, 0x100):
    try:
        _CP1252_REVERSE[bytes([_byte]).decode("cp1252")] = _byte
    except UnicodeDecodeError:
        continue


@dataclass(frozen=True)
class RawRow:
    """One data row as read: its row number in the sheet, the cells, and which cells were repaired."""

    number: int
    cells: tuple[object, ...]
    repaired: tuple[int, ...] = ()


@dataclass
class RawTable:
    """A sheet's header map and data rows, plus file-level notes for the preview."""

    source: str
    headers: HeaderMap
    header_row: int
    rows: list[RawRow]
    notes: list[str] = field(default_factory=list)
    encoding: str = ""


def read_table(path: Path) -> RawTable:
    """Read an .xlsx or .csv file; a problem with the file itself is one CongressError sentence."""
    if not path.exists():
        raise CongressError(f"Không tìm thấy tệp {path}.")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    if suffix == ".xls":
        raise CongressError(f"Tệp {path.name} là định dạng Excel 97-2003 (.xls); hãy lưu lại thành .xlsx hoặc CSV UTF-8.")
    raise CongressError(f"Tệp {path.name}: chỉ nhập được .xlsx hoặc .csv.")


# --- encodings ------------------------------------------------------------------------------------


def repair_mojibake(text: str) -> str | None:
    """'Nguyá»…n' → 'Nguyễn' when the text is UTF-8 bytes shown as Windows-1252; None otherwise."""
    if text.isascii():
        return None
    current, repaired = text, None
    for _ in range(2):  # twice covers a file that went through the mistake twice
        raw = bytearray()
        for char in current:
            if char in _CP1252_REVERSE:
                raw.append(_CP1252_REVERSE[char])
            elif ord(char) < 0x100:
                raw.append(ord(char))  # bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D pass through as C1 controls
            else:
                return repaired
        try:
            decoded = unicodedata.normalize("NFC", bytes(raw).decode("utf-8"))
        except UnicodeDecodeError:
            return repaired
        if decoded == current:
            return repaired
        current = repaired = decoded
        if current.isascii():
            break
    return repaired


def _is_vietnamese_letter(char: str) -> bool:
    if char in "đĐ":
        return True
    parts = unicodedata.normalize("NFD", char)
    return parts[0].isascii() and parts[0].isalpha() and all(
        mark in "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b" for mark in parts[1:]
    )


def _vietnamese_score(text: str) -> int:
    """Higher when the text reads as Vietnamese: its letters good, stray marks and odd symbols bad."""
    score = 0
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            continue
        if _is_vietnamese_letter(char):
            score += 1
        else:
            score -= 3  # a stray combining mark, a replacement character, '¢', 'ª', ...
    return score


def decode_csv_bytes(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """(text, encoding used, notes). UTF-8 strictly first; then the better of cp1258 / cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", []
        except UnicodeDecodeError:
            data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        where = exc.start
    readings = {enc: unicodedata.normalize("NFC", data.decode(enc, errors="replace")) for enc in ("cp1258", "cp1252")}
    chosen = max(readings, key=lambda enc: (_vietnamese_score(readings[enc]), enc == "cp1258"))
    if chosen == "cp1258":
        note = (f"Tệp {name} không phải UTF-8 (byte lạ ở vị trí {where}); đã đọc theo bảng mã Windows-1258 "
                "(tiếng Việt) — hãy kiểm tra dấu; lần sau lưu dạng 'CSV UTF-8'.")
    else:
        note = (f"Tệp {name} không phải UTF-8 (byte lạ ở vị trí {where}); đã đọc theo bảng mã Windows-1252 "
                "(Tây Âu), bảng mã này không có đủ chữ tiếng Việt nên các chữ như đ, ư, ơ, ộ có thể đã mất "
                "— lưu lại dạng 'CSV UTF-8'.")
    return readings[chosen], chosen, [note]


# --- CSV ------------------------------------------------------------------------------------------


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delim: first.count(delim) for delim in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _read_csv(path: Path) -> RawTable:
    text, encoding, notes = decode_csv_bytes(path.read_bytes(), path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        records = [(n, tuple(record)) for n, record in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise CongressError(f"Tệp {path.name} không đọc được dạng CSV: {exc}.") from None
    table = _build_table(path.name, records)
    table.notes[:0] = notes
    table.encoding = encoding
    return table


# --- XLSX -----------------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CongressError(f"Tệp {path.name} không phải tệp Excel .xlsx hợp lệ ({exc}).") from None
    try:
        last_problem: CongressError | None = None
        for sheet in workbook.worksheets:
            records = [(n, tuple(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
            try:
                table = _build_table(path.name, records)
            except CongressError as exc:
                last_problem = exc
                continue
            if len(workbook.worksheets) > 1:
                table.notes.append(f"Đọc trang tính '{sheet.title}'.")
            table.encoding = "xlsx"
            return table
        raise last_problem or CongressError(f"Tệp {path.name} không có trang tính nào.")
    finally:
        workbook.close()


# --- shared ---------------------------------------------------------------------------------------


def _is_blank(cells: tuple[object, ...]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _build_table(name: str, records: list[tuple[int, tuple[object, ...]]]) -> RawTable:
    header_at = None
    for index, (_number, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        found = map_headers([_repaired(cell) for cell in cells])
        if looks_like_header(found):
            header_at = index
            break
    if header_at is None:
        raise CongressError(f"Tệp {name}: không tìm thấy dòng tiêu đề có cột 'Tên' (hoặc 'Họ và tên') "
                            f"trong {HEADER_SEARCH_ROWS} dòng đầu.")
    header_number, header_cells = records[header_at]
    headers = map_headers([_repaired(cell) for cell in header_cells])
    if headers.problems:
        raise CongressError(f"Tệp {name}, dòng tiêu đề {header_number}: {'; '.join(headers.problems)}.")
    notes = []
    if headers.ignored:
        notes.append("Bỏ qua các cột không nhận biết: " + ", ".join(headers.ignored) + ".")
    rows: list[RawRow] = []
    repaired_cells = 0
    for number, cells in records[header_at + 1:]:
        if _is_blank(cells):
            continue
        fixed, repaired = [], []
        for index, cell in enumerate(cells):
            better = repair_mojibake(cell) if isinstance(cell, str) else None
            if better is not None:
                repaired.append(index)
            fixed.append(cell if better is None else better)
        repaired_cells += len(repaired)
        rows.append(RawRow(number, tuple(fixed), tuple(repaired)))
    if repaired_cells:
        notes.append(f"Đã sửa {repaired_cells} ô bị lỗi mã hoá (UTF-8 bị đọc nhầm thành Windows-1252, "
                     "ví dụ 'Nguyá»…n' → 'Nguyễn'); các dòng đó được đánh dấu cảnh báo.")
    return RawTable(name, headers, header_number, rows, notes)


def _repaired(cell: object) -> object:
    if isinstance(cell, str):
        return repair_mojibake(cell) or cell
    return cell
