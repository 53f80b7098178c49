"""Reading workbooks: lenient headers, title lines, CSV encodings (UTF-8, BOM, cp1258, cp1252, mojibake)."""

from datetime import datetime

import pytest
from openpyxl import Workbook

from congress.errors import CongressError
from congress.registry.headers import map_headers
from congress.registry.reading import decode_csv_bytes, read_table, repair_mojibake
from fixtures.make_fixtures import to_cp1258, to_mojibake

NAMES = "Nguyễn Văn Đức; Tôn Thất Ưng; Âu Dương Thị Ơn; Phạm Thị Hằng; Lê Quốc Việt"


def test_headers_match_in_vietnamese_and_english_whatever_the_case_and_diacritics() -> None:
    found = map_headers(["STT", "HỌ", "ten dem", " Tên ", "Ho va ten", "birth_date", "GIOI TINH", "Dân tộc",
                         "Đoàn đại biểu", "category", "Chức vụ", "Nơi công tác", "Mã", "Ghi chú"])
    assert found.columns == {
        "family_name": 1, "middle_name": 2, "given_name": 3, "full_name": 4, "birth_date": 5, "gender": 6,
        "ethnicity": 7, "delegation": 8, "category": 9, "title": 10, "unit": 11, "code": 12,
    }
    assert found.ignored == ("Ghi chú",)  # STT is recognised and deliberately not imported


def test_a_column_given_twice_is_refused_naming_both() -> None:
    assert map_headers(["Tên", "given_name"]).problems == ("cột Tên xuất hiện hai lần (cột 1 và 2)",)


def test_mojibake_is_repaired_and_real_vietnamese_is_left_alone() -> None:
    for name in NAMES.split("; "):
        assert repair_mojibake(to_mojibake(name)) == name
        assert repair_mojibake(name) is None
    assert repair_mojibake("Hà Nội") is None and repair_mojibake("José") is None and repair_mojibake("An") is None


def test_utf8_with_and_without_bom_is_read_strictly() -> None:
    assert decode_csv_bytes(NAMES.encode("utf-8"), "a.csv") == (NAMES, "utf-8", [])
    assert decode_csv_bytes(b"\xef\xbb\xbf" + NAMES.encode("utf-8"), "a.csv") == (NAMES, "utf-8-sig", [])


def test_windows_1258_is_detected_normalised_and_reported() -> None:
    text, encoding, notes = decode_csv_bytes(to_cp1258(NAMES), "dai_bieu.csv")
    assert text == NAMES and encoding == "cp1258"
    assert "Windows-1258" in notes[0] and "dai_bieu.csv" in notes[0]


def test_windows_1252_is_reported_as_losing_vietnamese_letters() -> None:
    # Western Excel keeps ì, ò, à and turns ư, ơ, ộ into '?'; read as cp1258, 0xEC/0xF2 would be tone marks.
    western = "Tr?n Th? Bình; Lê Hòa; Ph?m Ng?c Ánh".encode("cp1252")
    text, encoding, notes = decode_csv_bytes(western, "x.csv")
    assert encoding == "cp1252" and text == "Tr?n Th? Bình; Lê Hòa; Ph?m Ng?c Ánh"
    assert "Windows-1252" in notes[0] and "mất" in notes[0]


def _xlsx(tmp_path, rows):  # type: ignore[no-untyped-def]
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    return path


def test_title_lines_above_the_header_are_skipped_and_row_numbers_are_the_sheets(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _xlsx(tmp_path, [["DANH SÁCH ĐẠI BIỂU"], [], ["Họ", "Tên", "Ngày sinh"], ["Lê", "An", datetime(1970, 1, 2)],
                            [None, None, None], ["Đỗ", "Ơn", "1971"]])
    table = read_table(path)
    assert table.header_row == 3
    assert [row.number for row in table.rows] == [4, 6]
    assert table.rows[0].cells == ("Lê", "An", datetime(1970, 1, 2))


def test_a_sheet_without_a_name_column_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _xlsx(tmp_path, [["Số", "Ngày"], [1, 2]])
    with pytest.raises(CongressError, match=r"ds\.xlsx.*'Tên'"):
        read_table(path)


def test_semicolon_csv_and_unknown_formats(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ds.csv"
    path.write_text("Họ;Tên;Loại\nĐặng;Được;chính thức\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows[0].cells == ("Đặng", "Được", "chính thức") and table.encoding == "utf-8"
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CongressError, match=r"\.xls"):
        read_table(tmp_path / "old.xls")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(CongressError, match=r"broken\.xlsx"):
        read_table(tmp_path / "broken.xlsx")
    with pytest.raises(CongressError, match="Không tìm thấy"):
        read_table(tmp_path / "missing.csv")
