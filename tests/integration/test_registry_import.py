"""Delegate import end to end through the CLI, on SQLite and PostgreSQL (issue 3 acceptance)."""

import json
from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import func, select

from congress import db
from congress.models import AuditEvent, Delegate
from congress.vi import fold, name_sort_key
from fixtures.make_fixtures import ERROR_ROWS
from tests.integration.registry_helpers import fingerprint

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def init(cli, kind: str = "delegates") -> None:  # type: ignore[no-untyped-def]
    r = cli("init", "--name", "Đại hội đại biểu Đảng bộ tỉnh Bình Minh lần thứ XVI", "--level", "tinh", "--kind", kind)
    assert r.code == 0, r.err


def listed(cli) -> list[dict]:  # type: ignore[no-untyped-def]
    r = cli("delegates", "list", "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_fixture_workbook_imports_and_lists_in_vietnamese_order(cli) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("delegates", "import", str(FIXTURES / "delegates.xlsx"), "--json")
    assert r.code == 0, r.err
    report = json.loads(r.out)
    assert report["committed"] and report["counts"]["new"] == 400 and report["changes"] == 400
    assert len(report["rows"]) == 400 and {row["state"] for row in report["rows"]} == {"new"}
    people = listed(cli)
    assert len(people) == 400
    keys = [name_sort_key(p["family_name"], p["middle_name"], p["given_name"]) for p in people]
    assert keys == sorted(keys)
    assert {"id", "family_name", "middle_name", "given_name", "full_name", "delegation", "category",
            "status"} <= set(people[0])
    assert {p["category"] for p in people} == {"official", "alternate", "ex_officio", "appointed", "guest"}
    assert len({p["delegation"] for p in people if p["delegation"]}) >= 10
    letters = "".join(p["full_name"] for p in people)
    assert all(ch in letters for ch in "ĐƯƠươ")
    assert any(p["family_name"] == "Tôn Thất" for p in people)
    assert all(p["status"] == "summoned" for p in people)
    # The first given names in collation order: A before Ă before Â … and Đ after D, not after Z.
    given = [p["given_name"] for p in people]
    assert given.index("Đức") > max(i for i, g in enumerate(given) if g.startswith("D"))
    assert given.index("Đức") < min(i for i, g in enumerate(given) if g.startswith("E") or g.startswith("G"))


def test_export_then_import_changes_nothing(cli, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    assert cli("delegates", "import", str(FIXTURES / "delegates.xlsx")).code == 0
    for name in ("export.xlsx", "export.csv"):
        assert cli("delegates", "export", str(tmp_path / name)).code == 0
        before = fingerprint(db_url)
        r = cli("delegates", "import", str(tmp_path / name), "--json")
        assert r.code == 0, r.err
        report = json.loads(r.out)
        assert report["changes"] == 0 and report["counts"]["unchanged"] == 400, name
        assert fingerprint(db_url) == before, name
    assert (tmp_path / "export.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    again = cli("delegates", "import", str(FIXTURES / "delegates.xlsx"), "--json")
    assert json.loads(again.out)["changes"] == 0


def test_bad_workbook_is_refused_row_by_row_and_the_database_is_unchanged(cli, db_url) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    before = fingerprint(db_url)
    r = cli("delegates", "import", str(FIXTURES / "delegates_errors.xlsx"))
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert lines[-1].startswith("Lỗi: Tệp delegates_errors.xlsx có 8 dòng lỗi") and "--skip-errors" in lines[-1]
    bad = lines[:-1]
    assert len(bad) == len(ERROR_ROWS)
    for line, (row, (column, reason)) in zip(bad, sorted(ERROR_ROWS.items()), strict=True):
        assert line.startswith(f"Dòng {row}, cột {column}:" if column else f"Dòng {row}:"), line
        assert reason in line
    assert "Traceback" not in r.err
    assert fingerprint(db_url) == before

    skipped = cli("delegates", "import", str(FIXTURES / "delegates_errors.xlsx"), "--skip-errors", "--json")
    assert skipped.code == 0, skipped.err
    report = json.loads(skipped.out)
    assert report["counts"]["error"] == 8 and len(report["created"]) == 7
    names = {p["full_name"] for p in listed(cli)}
    assert {"Trần Văn Hùng", "Đỗ Thị Hằng", "Tôn Thất Văn Ơn", "Nguyễn Văn Bình", "Hà Văn Ưng"} <= names
    split = next(row for row in report["rows"] if row["row"] == 12)
    assert split["split"] and split["state"] == "warning"


def test_an_edited_file_updates_only_what_changed(cli, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    assert cli("delegates", "import", str(FIXTURES / "delegates.xlsx")).code == 0
    path = tmp_path / "edited.xlsx"
    assert cli("delegates", "export", str(path)).code == 0
    workbook = load_workbook(path)
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    title_col, given_col, code_col = header.index("Chức vụ") + 1, header.index("Tên") + 1, header.index("Mã") + 1
    sheet.cell(2, title_col).value = "Trưởng ban Tổ chức"
    sheet.cell(3, given_col).value = "Đạt"
    sheet.cell(3, header.index("Họ và tên") + 1).value = None
    edited_codes = {sheet.cell(2, code_col).value, sheet.cell(3, code_col).value}
    workbook.save(path)
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        events = session.exec(select(func.count()).select_from(AuditEvent)).one()
    r = cli("delegates", "import", str(path), "--json")
    report = json.loads(r.out)
    assert report["counts"]["update"] == 2 and report["counts"]["unchanged"] == 398 and report["changes"] == 2
    changed = {row["changes"].__repr__() for row in report["rows"] if row["action"] == "update"}
    assert any("'title'" in c and "Trưởng ban Tổ chức" in c for c in changed)
    assert any("'given_name'" in c and "Đạt" in c for c in changed)
    with db.unit_of_work(engine) as session:
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == events + 1
        for d in session.exec(select(Delegate).where(Delegate.code.in_(edited_codes))):  # type: ignore[union-attr]
            assert d.search_text == fold(f"{d.family_name} {d.middle_name} {d.given_name}")
        assert session.exec(select(func.count()).select_from(Delegate).where(Delegate.given_name == "Đạt")).one() >= 1
    engine.dispose()


def test_legacy_encodings_are_detected_and_said(cli) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("delegates", "import", str(FIXTURES / "delegates_cp1258.csv"), "--json")
    assert r.code == 0, r.err
    report = json.loads(r.out)
    assert "Windows-1258" in report["notes"][0] and report["counts"]["new"] == 25
    r = cli("delegates", "import", str(FIXTURES / "delegates_mojibake.csv"), "--json")
    report = json.loads(r.out)
    assert any("lỗi mã hoá" in note for note in report["notes"])
    assert report["counts"]["warning"] == 20 and report["actions"]["new"] == 20
    people = listed(cli)
    assert len(people) == 45
    assert not any("Ã" in p["full_name"] or "á»" in p["full_name"] for p in people)
    # The same people, imported from the clean workbook, are recognised as already there.
    full = cli("delegates", "import", str(FIXTURES / "delegates.xlsx"), "--json")
    assert json.loads(full.out)["counts"]["new"] == 355


def test_dry_run_writes_nothing(cli, db_url) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    before = fingerprint(db_url)
    r = cli("delegates", "import", str(FIXTURES / "delegates_errors.xlsx"), "--dry-run")
    assert r.code == 0 and "lỗi 8" in r.out and "Chạy thử" in r.out
    assert fingerprint(db_url) == before


def test_control_characters_in_cells_are_white_space_not_a_crash(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """NUL and other control characters from a broken export (PostgreSQL refuses NUL in text):
    read as white space in every field, on both databases (found by the registry fuzz test)."""
    init(cli)
    rows = [["Họ", "Tên đệm", "Tên", "Loại đại biểu", "Ngày sinh", "Đoàn đại biểu", "Mã", "Chức vụ"],
            ["Nguyễn\x00", "Văn\x07", "\x00An", "Chính thức", "01/02/1970", "Đoàn\x00số 1", "DB\x000001",
             "Bí thư\x1fChi bộ"]]
    path = tmp_path / "ds.csv"
    path.write_text("\n".join(";".join(r) for r in rows), encoding="utf-8-sig")
    r = cli("delegates", "import", str(path), "--json")
    assert r.code == 0, r.err
    people = listed(cli)
    assert [p["full_name"] for p in people] == ["Nguyễn Văn An"]
    assert people[0]["delegation"] == "Đoàn số 1"
    assert not any("\x00" in str(v) for p in people for v in p.values())
