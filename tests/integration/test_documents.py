"""Official documents on SQLite and PostgreSQL: the minutes PDF read back with pypdfium2, the XLSX read
back with openpyxl and compared number by number with the JSON, the CSV's BOM, the manifest that names
a flipped byte, a missing and an extra file, the slides and the entry log."""

import csv
import io
import json
import re
from decimal import Decimal

import openpyxl
import pypdfium2 as pdfium
from sqlmodel import select

from congress import congresses, db
from congress.checkin.absences import record_absence
from congress.models import BallotIssue, Delegate, Election, Round
from tests.integration.counting_setup import ADMIN, bch_ready, election, write_lines

NAMES = [("Nguyễn", "Thị", "Ánh"), ("Trần", "Văn", "Bảo"), ("Tôn Thất", "Minh", "Ưng")]
# 1.740 official delegates; 3 absent for the whole congress, no alternate → denominator 1.737.
# 1.700 ballots issued and returned: keep {Ánh, Bảo} ×1.500, {Bảo, Ưng} ×140, {Ánh} ×57, all struck ×3.
# Ánh 1.557 (89,64 %), Bảo 1.640 (94,42 %), Ưng 140 (8,06 %); valid 1.697, invalid 3 (all struck).
BALLOTS = [{"struck": [3]}] * 1500 + [{"struck": [1]}] * 140 + [{"struck": [2, 3]}] * 57 + [{"struck": [1, 2, 3]}] * 3


def _big_congress(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as s:
        congresses.create_congress(s, ADMIN, name="Đại hội đại biểu Đảng bộ tỉnh Bình Minh lần thứ XVI", level="tinh",
                                   kind="delegates", organisation="Đảng bộ tỉnh Bình Minh", term="2025–2030",
                                   place="Bình Minh")
        s.add_all(Delegate(code=f"D{i:04d}", family_name="Lê", middle_name="Văn", given_name=f"Số {i}",
                           category="official", status="recognised") for i in range(1740))
        s.flush()
        for i, reason in ((1, "Ốm"), (2, "Công tác"), (3, "Việc riêng")):
            record_absence(s, ADMIN, f"D{i:04d}", reason, accepted=True)
    election(engine, "BCH", "Ban Chấp hành Đảng bộ tỉnh khóa XVI", 2, NAMES)
    # Printing 1.700 ballots would dominate the run (the golden tests print and issue through the CLI):
    # record the issued count as the elections service does after printing.
    with db.unit_of_work(engine) as s:
        rnd = s.exec(select(Round).join(Election).where(Election.code == "BCH")).one()
        rnd.status = "printed"
        s.add(rnd)
        s.add(BallotIssue(round_id=rnd.id, printed=1710, issued=1700, recorded_by="thu-ky"))
    assert cli("enter", "BCH", "--file", str(write_lines(tmp_path / "all.jsonl", BALLOTS))).code == 0
    assert cli("counting-committee", "--member", "Phạm Thị Hồng=Trưởng ban", "--member", "Đỗ Văn Lực=Thành viên",
               "--member", "Hà Thị Ơn=Thành viên", "--presidium", "Nguyễn Văn Chủ").code == 0


def _pdf_text(path) -> str:  # type: ignore[no-untyped-def]
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_minutes_hold_every_required_field(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _big_congress(cli, engine, tmp_path)
    assert cli("close", "BCH").code == 0
    out = tmp_path / "docs" / "bien-ban.pdf"
    out.parent.mkdir()
    r = cli("minutes", "BCH", "--out", str(out))
    assert r.code == 0, r.err
    text = _flat(_pdf_text(out))
    closing = json.loads(cli("audit", "verify", "--json").out)["closing_hash"]
    for needed in (
        "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ TỈNH BÌNH MINH", "BAN KIỂM PHIẾU", "BIÊN BẢN KIỂM PHIẾU",
        "bầu Ban Chấp hành Đảng bộ tỉnh khóa XVI", "Điều lệ Đảng", "190-QĐ/TW",
        "Số lượng bầu: 2 đồng chí", "Phạm Thị Hồng — Trưởng ban", "Hà Thị Ơn",
        "được triệu tập: 1.740", "vắng mặt suốt thời gian đại hội: 3", "Lê Văn Số 1 — lý do: Ốm",
        "căn cứ tính kết quả: 1.737", "Số phiếu phát ra: 1.700", "Số phiếu thu vào: 1.700",
        "Số phiếu hợp lệ: 1.697", "Số phiếu không hợp lệ: 3", "Gạch hết tên: 3",
        "Nguyễn Thị Ánh 1.557 89,64 %", "Trần Văn Bảo 1.640 94,42 %", "Tôn Thất Minh Ưng 140 8,06 %",
        "1. Đồng chí Trần Văn Bảo: 1.640 phiếu", "2. Đồng chí Nguyễn Thị Ánh: 1.557 phiếu",
        "TM. ĐOÀN CHỦ TỊCH", "TRƯỞNG BAN KIỂM PHIẾU", "Nguyễn Văn Chủ", closing,
    ):
        assert needed in text, needed
    assert re.search(r"Bình Minh, ngày \d\d tháng \d\d năm \d{4}", text)
    assert text.index("Nguyễn Thị Ánh 1.557") < text.index("Trần Văn Bảo 1.640") < text.index("Tôn Thất Minh Ưng 140")
    assert "DỰ THẢO" not in text
    assert cli("export", "verify", str(out.parent)).code == 0  # the minutes' folder carries a manifest too


def test_xlsx_equals_json_and_tampering_is_named(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _big_congress(cli, engine, tmp_path)
    folder = tmp_path / "xuat"
    r = cli("export", "BCH", "--format", "all", "--out", str(folder))
    assert r.code == 0, r.err
    data = json.loads((folder / "ket-qua-BCH-lan-1.json").read_text(encoding="utf-8"))
    assert data["status"] == "provisional" and data["denominator"]["value"] == 1737
    wb = openpyxl.load_workbook(folder / "ket-qua-BCH-lan-1.xlsx")
    rows = list(wb["Kết quả"].iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(data["candidates"]) == 3
    for row, c in zip(rows, data["candidates"], strict=True):
        assert row[0] == c["number"] and row[1] == c["name"] and row[2] == c["votes"] and row[4] == c["against"]
        assert Decimal(str(row[3])) == Decimal(c["percent"])
        assert (row[6] == "x") == c["elected"]
    summary = {key: value for _, value, key in wb["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    for key, expected in (("denominator.value", 1737), ("ballots.issued", 1700), ("ballots.returned", 1700),
                          ("ballots.valid", 1697), ("ballots.invalid", 3), ("ballots.invalid_reasons.all_struck", 3),
                          ("seats", 2), ("round", 1)):
        assert summary[key] == expected, key
        assert (data["ballots"].get(key.split(".", 1)[1]) if key.startswith("ballots.") and "reasons" not in key
                else expected) == expected
    raw = (folder / "ket-qua-BCH-lan-1.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[1][:4] == ["1", "Nguyễn Thị Ánh", "1557", "89,64"]
    assert cli("export", "verify", str(folder)).code == 0

    target = folder / "ket-qua-BCH-lan-1.xlsx"
    blob = bytearray(target.read_bytes())
    blob[len(blob) // 2] ^= 0x01
    target.write_bytes(bytes(blob))
    (folder / "ghi-chu.txt").write_text("thêm", encoding="utf-8")
    (folder / "ket-qua-BCH-lan-1.csv").unlink()
    r = cli("export", "verify", str(folder), "--json")
    assert r.code == 4
    assert json.loads(r.out)["problems"] == [
        {"file": "ket-qua-BCH-lan-1.csv", "kind": "missing"},
        {"file": "ket-qua-BCH-lan-1.xlsx", "kind": "changed"},
        {"file": "ghi-chu.txt", "kind": "extra"},
    ]
    text = cli("export", "verify", str(folder))
    assert "ket-qua-BCH-lan-1.xlsx: nội dung đã bị thay đổi" in text.err
    again = cli("export", "BCH", "--format", "json", "--out", str(folder))  # never bless a tampered folder
    assert again.code == 2 and "đã bị sửa" in again.err


def test_slides_and_entry_log(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bch_ready(cli, engine, tmp_path)
    assert cli("slides", "BCH", "--out", str(tmp_path / "chieu.pdf")).code == 0
    slides = _flat(_pdf_text(tmp_path / "chieu.pdf"))
    assert "KẾT QUẢ BẦU BAN CHẤP HÀNH ĐẢNG BỘ XÃ KHÓA I" in slides and "Kết quả tạm thời" in slides
    assert "1. Nguyễn Văn An" in slides and "10 · 66,67 %" in slides
    assert "Trên một nửa: từ 8 phiếu" in slides  # 15 // 2 + 1
    pdf = pdfium.PdfDocument(str(tmp_path / "chieu.pdf"))
    width, height = pdf[0].get_size()
    pdf.close()
    assert width > height  # landscape
    assert cli("entry-log", "BCH", "--out", str(tmp_path / "nhat-ky.pdf")).code == 0
    log = _flat(_pdf_text(tmp_path / "nhat-ky.pdf"))
    assert "NHẬT KÝ NHẬP PHIẾU" in log and "tập 'tap-1'" in log and "15 phiếu" in log
    assert "gạch 4, 5" in log and "không hợp lệ: Ghi thêm tên hoặc ký hiệu" in log
