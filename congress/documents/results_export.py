"""Results as XLSX, CSV (UTF-8 with BOM, for Excel) and JSON, each written atomically into an
export folder whose manifest.json holds the SHA-256 of every file."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.counting.results import RoundReport
from congress.documents import manifest
from congress.documents.atomic import write_bytes, write_with
from congress.errors import CongressError
from congress.vi import format_decimal

FORMATS = ("xlsx", "csv", "json")
CANDIDATE_HEADERS = ("STT", "Họ và tên", "Số phiếu bầu", "Tỷ lệ %", "Không đồng ý", "Đạt trên 50 %", "Trúng cử",
                     "Bằng phiếu")


def file_name(report: RoundReport, fmt: str) -> str:
    return f"ket-qua-{report.ctx.election.code}-lan-{report.ctx.round.number}.{fmt}"


def export_data(report: RoundReport, closing_hash: str) -> dict:
    return {**report.to_json(), "audit_closing_hash": closing_hash}


def summary_rows(data: dict) -> list[tuple[str, str, object]]:
    """(key, Vietnamese label, value) — the same numbers in the XLSX, the CSV and the JSON."""
    ballots, den = data["ballots"], data["denominator"]
    rows: list[tuple[str, str, object]] = [
        ("congress", "Đại hội", data["congress"]), ("election", "Cuộc bầu cử", data["election"]),
        ("title", "Bầu", data["title"]), ("round", "Lần bầu", data["round"]), ("seats", "Số lượng bầu", data["seats"]),
        ("status", "Trạng thái", data["status_label"]),
    ]
    rows += [(f"denominator.items.{i}", item["label"], item["count"] * item["sign"])
             for i, item in enumerate(den["items"])]
    rows += [
        ("denominator.value", den["label"], den["value"]),
        ("ballots.issued", "Số phiếu phát ra", ballots["issued"]),
        ("ballots.returned", "Số phiếu thu vào", ballots["returned"]),
        ("ballots.valid", "Số phiếu hợp lệ", ballots["valid"]),
        ("ballots.invalid", "Số phiếu không hợp lệ", ballots["invalid"]),
    ]
    rows += [(f"ballots.invalid_reasons.{r['code']}", f"— {r['label']}", r["count"]) for r in ballots["invalid_reasons"]]
    rows += [("outcome", "Kết quả", data["outcome_label"]),
             ("audit_closing_hash", "Mã băm cuối nhật ký", data["audit_closing_hash"])]
    return rows


def _candidate_row(c: dict) -> list[object]:
    return [c["number"], c["name"], c["votes"], Decimal(c["percent"]), c["against"], c["eligible"], c["elected"],
            c["tied"]]


def xlsx_bytes(data: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    ws.append([f"KẾT QUẢ BẦU {data['title'].upper()} — LẦN {data['round']}"])
    ws["A1"].font = Font(bold=True)
    ws.append([data["status_label"]])
    ws.append([data["percent_basis"]])
    ws.append(list(CANDIDATE_HEADERS))
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for c in data["candidates"]:
        row = _candidate_row(c)
        row[5:] = ["x" if v else "" for v in row[5:]]
        ws.append(row)
        ws.cell(ws.max_row, 4).number_format = "0." + "0" * int(data["percent_places"]) if data["percent_places"] else "0"
    ws.column_dimensions["B"].width = 32
    summary = wb.create_sheet("Tổng hợp")
    summary.append(["Mục", "Giá trị", "Khoá"])
    for key, label, value in summary_rows(data):
        summary.append([label, value, key])
    summary.column_dimensions["A"].width = 70
    for row in summary.iter_rows():
        row[0].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(data: dict) -> bytes:
    """UTF-8 with BOM (Excel opens Vietnamese correctly); percentages with a decimal comma."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CANDIDATE_HEADERS)
    places = int(data["percent_places"])
    for c in data["candidates"]:
        row = _candidate_row(c)
        row[3] = format_decimal(row[3], places)  # type: ignore[arg-type]
        row[5:] = ["x" if v else "" for v in row[5:]]
        writer.writerow(row)
    writer.writerow([])
    writer.writerow(["Khoá", "Mục", "Giá trị"])
    for key, label, value in summary_rows(data):
        writer.writerow([key, label, "" if value is None else value])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


RENDER = {"xlsx": xlsx_bytes, "csv": csv_bytes, "json": json_bytes}


def export_results(report: RoundReport, formats: list[str], folder: Path, closing_hash: str) -> list[Path]:
    """Write the chosen formats into `folder` (created if needed) and record them in its manifest."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise CongressError(f"Định dạng '{unknown[0]}' không hỗ trợ; chọn {', '.join(FORMATS)}.")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise CongressError(f"--out {folder} phải là một thư mục (mỗi thư mục xuất có manifest.json riêng).")
    folder.mkdir(parents=True, exist_ok=True)
    data = export_data(report, closing_hash)
    written = []
    for fmt in formats:
        path = folder / file_name(report, fmt)
        write_bytes(path, RENDER[fmt](data))
        written.append(path)
    manifest.add_files(folder, [p.name for p in written], closing_hash)
    return written


def publish(path: Path, writer, closing_hash: str) -> Path:  # type: ignore[no-untyped-def]
    """Write one document (PDF) atomically and record it in its folder's manifest."""
    path = Path(path)
    write_with(path, writer)
    manifest.add_files(path.parent, [path.name], closing_hash)
    return path
