"""PowerPoint slides on SQLite and PostgreSQL: `congress slides … --out x.pptx` read back with
python-pptx — the slide count, the exact Vietnamese names and numbers in the table, the native chart's
categories and values, 16:9, NFC text; the format choice; a bad --out is one sentence and leaves nothing."""

import unicodedata

from pptx import Presentation

from congress.documents import manifest
from tests.integration.counting_setup import GIVEN, bch_ready, delegates_congress, election, write_lines

# BCH (3 seats, denominator 15 = 18 summoned − 1 committee member − 2 officials absent, not replaced),
# 15 ballots issued and returned, 12 valid, 3 invalid. An 10, Bình 8 elected; Cường 7, Dung 7, Đức 2
# not over half → too few elected, one seat left for a further round among the three.
TABLE = [
    ["STT", "Họ và tên", "Số phiếu", "Tỷ lệ", "Kết quả"],
    ["1", "Nguyễn Văn An", "10", "66,67 %", "Trúng cử"],
    ["2", "Trần Thị Bình", "8", "53,33 %", "Trúng cử"],
    ["3", "Lê Văn Cường", "7", "46,67 %", ""],
    ["4", "Phạm Thị Dung", "7", "46,67 %", ""],
    ["5", "Đỗ Văn Đức", "2", "13,33 %", ""],
]
ACCOUNTING = [("Số phiếu phát ra", "15"), ("Số phiếu thu vào", "15"), ("Số phiếu hợp lệ", "12"),
              ("Số phiếu không hợp lệ", "3")]


def _tables(slide) -> list[list[list[str]]]:  # type: ignore[no-untyped-def]
    return [[[cell.text for cell in row.cells] for row in shape.table.rows] for shape in slide.shapes if shape.has_table]


def _charts(slide) -> list:  # type: ignore[no-untyped-def]
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    return texts + [cell for table in _tables(slide) for row in table for cell in row]


def _bch_closed(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bch_ready(cli, engine, tmp_path)
    assert cli("close", "BCH").code == 0


def test_pptx_slides_of_a_closed_round(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _bch_closed(cli, engine, tmp_path)
    folder = tmp_path / "chieu"
    folder.mkdir()
    out = folder / "ket-qua.pptx"
    r = cli("slides", "BCH", "--out", str(out))
    assert r.code == 0, r.err
    assert "PPTX" in r.out and str(out) in r.out
    prs = Presentation(str(out))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    slides = list(prs.slides)
    assert len(slides) == 5  # title, accounting, table, chart, outcome

    title = " ".join(_texts(slides[0]))
    assert "Đại hội đại biểu Đảng bộ xã Ea Tu lần thứ I" in title
    assert "KẾT QUẢ BẦU BAN CHẤP HÀNH ĐẢNG BỘ XÃ KHÓA I" in title
    assert "Lần bầu thứ 1 — số lượng bầu: 3 — Kết quả chính thức" in title

    (accounting,) = _tables(slides[1])
    numbers = [tuple(row) for row in accounting]
    assert [n for _, n in numbers[:4]] == ["18", "− 1", "− 2", "15"]  # summoned, deductions, adjusted
    assert "triệu tập" in numbers[3][0].lower()
    assert numbers[4:] == ACCOUNTING

    (table,) = _tables(slides[2])
    assert table == TABLE
    cell = next(s for s in slides[2].shapes if s.has_table).table.cell(1, 1)
    assert cell.text_frame.paragraphs[0].runs[0].font.name == "Arial"
    assert cell.text_frame.paragraphs[0].runs[0].font.size.pt >= 24  # readable from the back of the hall

    (chart,) = _charts(slides[3])
    plot = chart.plots[0]
    assert list(plot.categories) == [row[1] for row in TABLE[1:]]
    assert list(plot.series[0].values) == [10, 8, 7, 7, 2]
    labels = [p.data_label.text_frame.text for p in plot.series[0].points]
    assert labels[0] == "10 · 66,67 %" and labels[4] == "2 · 13,33 %"
    assert "Trên một nửa: từ 8 phiếu" in _texts(slides[3])

    outcome = " ".join(_texts(slides[4]))
    assert "Chưa bầu đủ số lượng" in outcome
    assert "Còn 1 vị trí — bầu tiếp trong số: Lê Văn Cường, Phạm Thị Dung, Đỗ Văn Đức." in outcome
    assert "Nguyễn Văn An — 10 phiếu" in outcome and "Trần Thị Bình — 8 phiếu" in outcome

    every = [t for s in slides for t in _texts(s)] + [str(c) for c in plot.categories]
    assert all(unicodedata.is_normalized("NFC", t) for t in every)
    assert sorted(f.name for f in folder.iterdir()) == ["ket-qua.pptx", "manifest.json"]  # no .part left
    assert "ket-qua.pptx" in manifest.read_manifest(folder)["files"]
    assert cli("export", "verify", str(folder)).code == 0


def test_pptx_format_choice_and_bad_paths(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Ten candidates, nine seats, no ballots issued recorded: the table and chart run over two slides.
    delegates_congress(engine)
    names = [("Hoàng", "Thị", GIVEN[i]) for i in range(10)]
    election(engine, "DB", "Đoàn đại biểu dự Đại hội cấp trên", 9, names, kind="delegation")
    ballots = [{"struck": [10]}] * 9 + [{"struck": [1]}] * 3
    assert cli("enter", "DB", "--file", str(write_lines(tmp_path / "db.jsonl", ballots))).code == 0

    forced = tmp_path / "trinh-chieu"  # no extension: --format decides
    r = cli("slides", "DB", "--out", str(forced), "--format", "pptx")
    assert r.code == 0, r.err
    slides = list(Presentation(str(forced)).slides)
    assert len(slides) == 1 + 1 + 2 + 2 + 2  # title, accounting, 2 tables, 2 charts, 9 elected on 2 slides
    assert ["Số phiếu phát ra", "chưa ghi"] in _tables(slides[1])[0]
    tables = [row for s in slides[2:4] for row in _tables(s)[0] if row[0] != "STT"]
    assert [row[1] for row in tables] == [f"Hoàng Thị {g}" for g in GIVEN[:10]]
    assert [row[2] for row in tables] == ["9"] + ["12"] * 8 + ["3"]  # 9 ballots keep 1-9, 3 keep 2-10
    charts = [c for s in slides[4:6] for c in _charts(s)]
    assert [v for c in charts for v in c.plots[0].series[0].values] == [9.0] + [12.0] * 8 + [3.0]
    assert "Kết quả tạm thời" in " ".join(_texts(slides[0]))

    for args, words in (((str(tmp_path / "x.txt"),), ".pdf hoặc .pptx"),
                        ((str(tmp_path / "x.pdf"), "--format", "pptx"), "có đuôi .pdf nhưng --format là pptx")):
        r = cli("slides", "DB", "--out", *args)
        assert r.code != 0 and words in r.err, r.err
    missing = tmp_path / "khong-co" / "ket-qua.pptx"
    r = cli("slides", "DB", "--out", str(missing))
    assert r.code != 0
    message = r.err.strip()
    assert "\n" not in message and message.startswith("Lỗi:") and "không tồn tại" in message
    assert "Traceback" not in r.err
    assert not missing.parent.exists() and not list(tmp_path.glob("**/*.part")) and not (tmp_path / "x.pdf").exists()
