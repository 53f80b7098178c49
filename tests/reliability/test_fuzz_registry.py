"""Broken delegate workbooks (CSV and XLSX rows) through the registry preview and import.

Cells of every type and shape, wrong encodings, stray quotes and delimiters, missing or duplicated
headers: the preview answers with rows and issues naming the row and the column, or one
CongressError naming the file — nothing else. An import of a file with a bad row writes nothing.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import func, select

from congress import db
from congress.errors import CongressError
from congress.models import AuditEvent, Delegate, Delegation
from congress.registry.commit import import_file
from congress.registry.preview import classify
from congress.registry.reading import read_table
from tests.reliability.conftest import examples
from tests.reliability.crash import ADMIN

TODAY = date(2025, 10, 1)
HEADERS = ["STT", "Mã", "Họ", "Tên đệm", "Tên", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Đoàn đại biểu",
           "Loại đại biểu", "Chức vụ", "Đơn vị", "Trạng thái", "", "Ghi chú", "HO VA TEN", "tên"]
cell_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Nguyễn", "Văn", "Ơn", "Đoàn Thử", "Chính thức", "Dự khuyết", "Khách mời", "Nam", "Nữ",
                     "31/02/1970", "1970", "12/13/1980", "01/01/2090", "Nguyá»…n", "=SUM(A1)", '"', ";", ",",
                     "\n", "\x00", "  ", "NaN", "-1", "99999999999999999999"]),
)
cell_any = st.one_of(cell_text, st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                     st.booleans(), st.dates(), st.datetimes(min_value=datetime(1, 1, 1)))
FAST = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_preview(path: Path) -> None:
    try:
        table = read_table(path)
    except CongressError as exc:
        assert path.name in str(exc) and "\n" not in str(exc), str(exc)
        return
    preview = classify(table, [], [], "delegates", TODAY)
    for row in preview.rows:
        assert row.row >= 1
        for issue in row.issues:
            assert issue.reason and issue.line(row.row).startswith(f"Dòng {row.row}")


@FAST
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
       st.lists(st.lists(cell_text, max_size=9), max_size=8),
       st.sampled_from([";", ",", "\t"]), st.sampled_from(["utf-8-sig", "utf-8", "cp1258", "cp1252", "utf-16"]),
       st.binary(max_size=40))
def test_broken_csv_rows_give_row_issues_or_one_error_naming_the_file(header, rows, sep, encoding, junk) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(sep.join(r) for r in [header, *rows])
    data = text.encode(encoding, errors="replace") + (junk if len(junk) % 3 == 0 else b"")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "danh-sach.csv"
        path.write_bytes(data)
        _check_preview(path)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8), st.lists(st.lists(cell_any, max_size=9), max_size=6),
       st.integers(0, 3))
def test_broken_xlsx_rows_give_row_issues_or_one_error_naming_the_file(header, rows, title_lines) -> None:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    sheet = book.active
    for _ in range(title_lines):
        sheet.append(["DANH SÁCH ĐẠI BIỂU"])
    sheet.append(header)
    for row in rows:
        sheet.append([c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable()) for c in row])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "danh-sach.xlsx"
        book.save(path)
        _check_preview(path)


@FAST
@given(st.binary(max_size=300), st.sampled_from(["ds.xlsx", "ds.csv", "ds.xls", "ds.txt", "ds.ods"]))
def test_garbage_files_are_one_clear_error(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        _check_preview(path)


def _state(engine: Engine) -> tuple[int, int, int]:
    with db.unit_of_work(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(m)).one()  # type: ignore[return-value]
                     for m in (Delegate, Delegation, AuditEvent))


def test_an_import_with_bad_rows_writes_nothing_half_way(engine: Engine, tmp_path: Path) -> None:
    from congress.congresses import create_congress

    with db.unit_of_work(engine) as session:
        create_congress(session, ADMIN, name="Đại hội thử", level="tinh", kind="delegates")

    @settings(max_examples=examples(40), deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(st.lists(cell_text, min_size=3, max_size=6), min_size=1, max_size=6), st.booleans())
    def run(rows: list[list[str]], skip_errors: bool) -> None:
        path = tmp_path / "ds.csv"
        body = [["Họ", "Tên", "Loại đại biểu", "Ngày sinh", "Đoàn đại biểu", "Mã"], *rows]
        path.write_text("\n".join(";".join(r) for r in body), encoding="utf-8-sig")
        before = _state(engine)
        try:
            with db.unit_of_work(engine) as session:
                report = import_file(session, ADMIN, path, today=TODAY, skip_errors=skip_errors)
        except CongressError as exc:
            assert str(exc)
            assert _state(engine) == before  # refused: not one row, delegation or event written
            return
        after = _state(engine)
        written = len(report.created) + len(report.updated)
        assert after[0] - before[0] == len(report.created)
        assert (after[2] > before[2]) == (written > 0)  # a change always comes with its audit event

    run()
