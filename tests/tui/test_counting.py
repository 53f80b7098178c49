"""Counting by keys on the demo congress: scan a folder of synthetic ballots, resolve the review
item, enter the same pile by hand, compare the two counts; then the result, closing the count and
the minutes (the PDF exists and holds the election title)."""

import unicodedata

import pypdfium2
from sqlmodel import Session, select
from textual.widgets import ProgressBar

from congress.models import ReviewDecision, Round, SheetRecord
from congress.tui.screens.manual_entry import typed_entry
from tests.tui.pile import CODE, TITLE, TYPED, scanned_pile, small_election


def keys(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


def pdf_text(path) -> str:  # type: ignore[no-untyped-def]
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return unicodedata.normalize("NFC", "".join(page.get_textpage().get_text_range() for page in pdf))
    finally:
        pdf.close()


async def test_scan_review_enter_compare_then_close_and_write_minutes(  # type: ignore[no-untyped-def]
        make_app, demo_engine, actor, tmp_path, data_dir) -> None:
    pile = scanned_pile(demo_engine, actor, tmp_path)
    app = make_app(start="counting")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        counting = app.screen
        assert counting.query_one("#c-round").value == f"{CODE}:1"  # the printed round comes first
        await pilot.press(*str(pile.folder), "ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert counting.last_run == (5, False, "")
        assert counting.counts == {"valid": 4, "review": 1}
        bar = counting.query_one(ProgressBar)
        assert bar.total == bar.progress == 5
        assert "1 tờ phiếu chờ" in str(counting.query_one("#c-review").render())
        assert [b.votes for b in counting.query_one("#c-tally").bars] == [3, 3, 3, 2, 1]  # the review ballot waits

        await pilot.press("ctrl+r")  # the review queue: the crop of name 2 beside the proposal
        await pilot.pause()
        await app.workers.wait_for_complete()
        review = app.screen
        assert len(review.items) == 1 and review.uncertain_rows() == [2]
        assert "chưa rõ" in str(review.query_one("#r-proposal").render())
        assert "p4.png" in str(review.query_one("#sheet-caption").render())
        await pilot.press("v")  # valid before deciding name 2: refused, nothing written
        await pilot.pause()
        assert len(review.items) == 1
        await pilot.press("g", "v")  # name 2 struck, then valid
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert review.items == []
        await pilot.press("escape")
        await pilot.pause()
        assert [b.votes for b in counting.query_one("#c-tally").bars] == [4, 3, 4, 3, 1]

        await pilot.press("ctrl+n")  # the same pile typed by hand: a second, independent count
        await pilot.pause()
        entry = app.screen
        await pilot.press(*keys("9"))
        await pilot.pause()
        assert "chỉ có 5 tên" in str(entry.query_one("#m-preview").render())
        await pilot.press("backspace")
        for line in TYPED:
            await pilot.press(*keys(line), "enter")
        await pilot.pause()
        assert entry.entered == 5
        assert "Phiếu thứ 5: gạch 2, 5 — hợp lệ" in str(entry.query_one("#m-log").render())
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("ctrl+o")  # compare: identical, so both counts are accepted
        await pilot.pause()
        assert "được chấp nhận" in str(app.screen.query_one("#text-body").render())
        assert all(c.identical for c in counting.last_comparison)
        await pilot.press("escape")

        await pilot.press("f8")
        await pilot.pause()
        results = app.screen
        assert results.query_one("#res-round").value == f"{CODE}:1"
        assert [c.votes for c in results.report.result.candidates] == [4, 3, 4, 3, 1]
        assert "TẠM THỜI" in str(results.query_one("#res-status").render())
        assert "Chưa ghi số phiếu phát ra" in str(results.query_one("#res-outcome").render())
        await pilot.press("g", "5", "enter")  # ballots issued
        await pilot.pause()
        assert results.report.issued == 5
        await pilot.press("k", "enter")  # close the count
        await pilot.pause()
        assert results.report.final and "CHÍNH THỨC" in str(results.query_one("#res-status").render())
        await pilot.press("b")  # the minutes
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        (minutes,) = results.last_written
        assert minutes.exists() and minutes.read_bytes().startswith(b"%PDF")
        text = pdf_text(minutes)
        assert "BIÊN BẢN KIỂM PHIẾU" in text and "Ủy ban Kiểm tra" in text and "Đã ghi" in str(
            results.query_one("#res-file").render())
        await pilot.press("x")  # XLSX, CSV and JSON
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert sorted(p.suffix for p in results.last_written) == [".csv", ".json", ".xlsx"]
        assert all(p.exists() for p in results.last_written)
    with Session(demo_engine) as session:
        assert session.exec(select(Round).where(Round.status == "closed")).one().number == 1
        decision = session.exec(select(ReviewDecision)).one()
        assert decision.status == "valid" and decision.marks == {"2": "struck"} and decision.decided_by == actor.username
        assert len(session.exec(select(SheetRecord).where(SheetRecord.method == "manual")).all()) == 5
    assert TITLE.split()[0] in text


def test_typed_lines_become_entry_objects() -> None:
    assert typed_entry("2 5", "strike") == {"struck": [2, 5]}
    assert typed_entry("2,5", "strike") == {"struck": [2, 5]}
    assert typed_entry("0", "strike") == {"struck": []}
    assert typed_entry("1 -2 *3", "boxes") == {"agree": [1], "disagree": [2], "both": [3]}
    assert typed_entry("! ghi thêm tên", "boxes") == {"invalid": "ghi thêm tên"}
    for bad in ("2 x", "-2"):
        try:
            typed_entry(bad, "strike")
        except ValueError as exc:
            assert str(exc) in ("x", "-2")
        else:
            raise AssertionError(bad)


async def test_scanning_needs_a_folder_and_entry_works_without_scans(  # type: ignore[no-untyped-def]
        make_app, demo_engine, actor, tmp_path, data_dir) -> None:
    small_election(demo_engine, actor, tmp_path / "kt.pdf", copies=0)
    app = make_app(start="counting")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#c-round").value = f"{CODE}:1"
        await pilot.pause()
        await pilot.press("ctrl+g")  # no folder typed: told so, nothing runs
        await pilot.pause()
        assert app.screen.last_run is None
        await pilot.press(*keys("/nowhere/at/all"), "ctrl+g")  # a missing folder: one sentence, no traceback
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.last_run[2]  # the service's error
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*keys("1 2"), "enter", *keys("! ghi thêm tên"), "enter")
        await pilot.pause()
        assert app.screen.entered == 2
    with Session(demo_engine) as session:
        manual = session.exec(select(SheetRecord).where(SheetRecord.method == "manual")).all()
        assert sorted(r.status for r in manual) == ["invalid", "valid"]
