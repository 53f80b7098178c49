"""The pure import preview: every row new / update / unchanged / warning / error, with its reason."""

from datetime import date, datetime

from congress.registry.headers import map_headers
from congress.registry.preview import KnownDelegate, Preview, classify
from congress.registry.reading import RawRow, RawTable

TODAY = date(2025, 10, 1)


def table(header: list[str], *rows: list[object], repaired: dict[int, tuple[int, ...]] | None = None) -> RawTable:
    raw = [RawRow(n, tuple(cells), (repaired or {}).get(n, ())) for n, cells in enumerate(rows, start=2)]
    return RawTable("ds.xlsx", map_headers(list(header)), 1, raw)


def known(id_: int, family: str, middle: str, given: str, birth=None, code=None, **extra) -> KnownDelegate:  # type: ignore[no-untyped-def]
    values = {"gender": "", "ethnicity": "", "delegation": "", "category": "official", "title": "", "unit": ""}
    values.update(extra)
    return KnownDelegate(id_, code, family, middle, given, birth, **values)


def run(t: RawTable, registry: list[KnownDelegate] = (), delegations: list[str] = (), kind: str = "delegates") -> Preview:  # type: ignore[assignment]
    return classify(t, list(registry), list(delegations), kind, TODAY)


H = ["Mã", "Họ", "Tên đệm", "Tên", "Ngày sinh", "Loại", "Đoàn"]


def test_new_rows_parse_every_birth_form_and_category_spelling() -> None:
    p = run(table(H,
                  ["A1", "Tôn Thất", "Minh", "Đức", "05/06/1970", "Chính thức", "Đoàn A"],
                  ["A2", "Đặng", "Văn", "Được", datetime(1971, 2, 3), "DU KHUYET", "Đoàn A"],
                  ["A3", "Ưng", "Thị", "Ơn", 1972, "ex_officio", "Đoàn A"],
                  ["A4", "Lê", "", "An", 25569.0, "đại biểu chỉ định", "Đoàn A"],
                  [5.0, "Ngô", "Văn", "Nam", "1973", "khách mời", ""]))
    assert [r.state for r in p.rows] == ["new"] * 5
    v = [r.values for r in p.rows]
    assert v[0]["family_name"] == "Tôn Thất" and v[0]["birth"] == date(1970, 6, 5)
    assert v[1]["birth"] == date(1971, 2, 3) and v[1]["category"] == "alternate"
    assert v[2]["birth"] == 1972 and v[2]["category"] == "ex_officio"
    assert v[3]["birth"] == date(1970, 1, 1) and v[3]["category"] == "appointed"  # Excel serial 25569
    assert v[4]["code"] == "5" and v[4]["birth"] == 1973 and v[4]["category"] == "guest"
    assert p.new_delegations == ["Đoàn A"] and p.counts["new"] == 5 and p.changes == 5


def test_unchanged_update_and_only_the_columns_present_are_compared() -> None:
    registry = [known(1, "Lê", "Văn", "An", date(1970, 1, 1), code="A1", title="Bí thư", delegation="Đoàn A"),
                known(2, "Trần", "Thị", "Bình", date(1971, 1, 1), code="A2", title="Phó Bí thư")]
    p = run(table(["Mã", "Họ", "Tên đệm", "Tên", "Ngày sinh", "Chức vụ", "Đoàn"],
                  ["A1", "Lê", "Văn", "An", "01/01/1970", "Bí thư", "đoàn a"],
                  ["A2", "Trần", "Thị", "Bình", "01/01/1971", "Chủ tịch", ""]), registry, ["Đoàn A"])
    first, second = p.rows
    assert first.state == "unchanged" and first.delegate_id == 1
    assert first.values["delegation"] == "Đoàn A"  # the registered spelling wins over 'đoàn a'
    assert second.state == "update" and second.changes == {"title": ("Phó Bí thư", "Chủ tịch")}
    assert "category" not in second.values  # no Loại column: the category is left as registered


def test_matching_without_codes_uses_full_name_and_birth_date() -> None:
    registry = [known(7, "Phạm", "Văn", "Nam", date(1965, 5, 5))]
    p = run(table(["Họ", "Tên đệm", "Tên", "Ngày sinh", "Loại"],
                  ["PHẠM", "văn", "Nam", "05/05/1965", "chính thức"],
                  ["Phạm", "Văn", "Nam", "06/05/1965", "chính thức"]), registry)
    assert p.rows[0].delegate_id == 7 and p.rows[0].action == "update"  # the case of the name changed
    assert p.rows[0].changes == {"family_name": ("Phạm", "PHẠM"), "middle_name": ("Văn", "văn")}
    assert p.rows[1].action == "new"  # another birth date: another person


def test_a_code_in_the_file_is_given_to_the_registered_person_without_one() -> None:
    registry = [known(3, "Hồ", "Thị", "Lan", date(1980, 3, 3))]
    p = run(table(H, ["L1", "Hồ", "Thị", "Lan", "03/03/1980", "chính thức", ""]), registry)
    assert p.rows[0].delegate_id == 3 and p.rows[0].changes["code"] == (None, "L1")


def test_duplicates_in_the_file_and_against_the_registry_are_errors_naming_the_other() -> None:
    registry = [known(9, "Vũ", "Văn", "Hải", date(1969, 9, 9), code="X9")]
    p = run(table(H,
                  ["B1", "Lê", "Văn", "An", "01/01/1970", "chính thức", ""],
                  ["B1", "Lê", "Văn", "Bình", "01/01/1971", "chính thức", ""],
                  [None, "Đỗ", "Thị", "Hằng", "07/07/1977", "chính thức", ""],
                  [None, "Đỗ", "Thị", "Hằng", "07/07/1977", "chính thức", ""],
                  ["B5", "Vũ", "Văn", "Hải", "09/09/1969", "chính thức", ""],
                  ["X9", "Vũ", "Văn", "Hải", "09/09/1969", "chính thức", ""],
                  [None, "Vũ", "Văn", "Hải", "09/09/1969", "chính thức", ""]), registry)
    lines = [issue.line(r.row) for r in p.rows for issue in r.errors]
    assert lines == [
        "Dòng 3, cột Mã: mã 'B1' trùng với dòng 2.",
        "Dòng 5: trùng họ tên và ngày sinh với dòng 4.",
        "Dòng 6, cột Mã: trùng họ tên và ngày sinh với đại biểu #9 đã có (mã X9).",
        "Dòng 8: trùng họ tên và ngày sinh với dòng 7.",
    ]
    assert p.rows[5].state == "unchanged"


def test_full_name_is_split_only_when_the_parts_are_missing_and_the_preview_says_so() -> None:
    p = run(table(["Họ", "Tên đệm", "Tên", "Họ và tên", "Loại"],
                  [None, None, None, "Tôn Thất Văn Ơn", "chính thức"],
                  ["Tôn Thất", "Văn", "Ân", "Tôn Thất Văn Ân", "chính thức"],
                  ["Lê", "Văn", "An", "Lê Văn Ân", "chính thức"]))
    split, given, mismatch = p.rows
    assert split.split and split.state == "warning" and split.action == "new"
    assert (split.values["family_name"], split.values["middle_name"], split.values["given_name"]) == ("Tôn", "Thất Văn", "Ơn")
    assert "đã tách 'Tôn Thất Văn Ơn'" in split.issues[0].reason
    assert not given.split and given.state == "new" and given.values["family_name"] == "Tôn Thất"
    assert mismatch.state == "warning" and "khác với Họ, Tên đệm, Tên" in mismatch.issues[0].reason


def test_a_full_name_sheet_keeps_the_parts_already_registered() -> None:
    registry = [known(4, "Tôn Thất", "Văn", "Ơn", 1968)]
    p = run(table(["Họ và tên", "Ngày sinh", "Loại"], ["Tôn Thất Văn Ơn", 1968, "chính thức"]), registry)
    row = p.rows[0]
    assert row.delegate_id == 4 and row.action == "unchanged" and row.values["family_name"] == "Tôn Thất"


def test_row_errors_name_the_column_and_the_reason() -> None:
    p = run(table(H,
                  ["C1", "Lê", "Thị", None, "01/01/1980", "chính thức", ""],
                  ["C2", "Phạm", "Văn", "Nam", "02/02/1972", "đại biểu mời", ""],
                  ["C3", "Võ", "Thị", "Lan", "31/02/1975", "dự khuyết", ""],
                  ["C4", "Bùi", "Văn", "Tài", "01/01/2090", "chính thức", ""],
                  ["C5", "Hồ", "Văn", "Sơn", "13/1975", "chính thức", ""],
                  ["C6", "Lý", "Văn", "Sơn", "01/01/1975", None, ""],
                  ["C7", "Lý", "Văn", "Th4nh", "01/01/1975", "chính thức", ""]))
    reasons = [(r.errors[0].column, r.errors[0].reason) for r in p.rows]
    assert reasons == [
        ("Tên", "thiếu tên"),
        ("Loại", "loại 'đại biểu mời' không có; dùng một trong: chính thức, dự khuyết, đương nhiên, chỉ định, khách mời"),
        ("Ngày sinh", "ngày '31/02/1975' không có thật"),
        ("Ngày sinh", "ngày sinh 01/01/2090 ở tương lai"),
        ("Ngày sinh", "ngày '13/1975' không đúng dạng dd/mm/yyyy"),
        ("Loại", "thiếu loại đại biểu"),
        ("Tên", "'Th4nh' có chữ số"),
    ]
    assert all(r.state == "error" and r.action == "skip" for r in p.rows) and p.changes == 0


def test_warnings_still_import_the_row() -> None:
    p = run(table(["Họ", "Tên", "Giới tính", "Loại", "Đoàn"],
                  ["Nguyễn", "Bình", "không rõ", "chính thức", "Đoàn A"],
                  ["Tr?n", "Ð?c", "nu", "chính thức", "Đoàn A"],
                  ["Hà", "Ưng", "F", "chính thức", ""],
                  ["Mai", "Hoa", "Nam", "khách mời", ""], repaired={2: (0,)}))
    assert [r.state for r in p.rows] == ["warning", "warning", "warning", "new"]
    assert [r.action for r in p.rows] == ["new"] * 4
    assert "giới tính 'không rõ'" in p.rows[0].issues[0].reason
    assert any("lỗi mã hoá" in i.reason and "Họ" in i.reason for i in p.rows[0].issues)
    assert "'?'" in p.rows[1].issues[0].reason and p.rows[1].values["gender"] == "Nữ"
    assert p.rows[2].issues[0].reason == "chưa có đoàn" and p.rows[2].values["gender"] == "Nữ"


def test_member_congress_uses_member_categories() -> None:
    p = run(table(["Tên", "Loại"], ["An", "đảng viên chính thức"], ["Bình", "dự bị"], ["Chi", "chính thức"],
                  ["Dũng", "dự khuyết"]), kind="members")
    assert [r.values.get("category") for r in p.rows] == ["member", "probationary", "member", None]
    assert p.rows[3].state == "error" and "dự bị" in p.rows[3].errors[0].reason
