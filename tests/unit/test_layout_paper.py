"""Paper use: each sheet holds as many names as the SCANNER.md rules allow, one sheet on the smallest
paper that holds the list, several A4 sheets only for lists too long for one A3 sheet."""

from __future__ import annotations

import itertools

import pytest

import ballots.layout as layout_module
from ballots.geometry import Rect
from ballots.layout import BallotLayout, Form, plan_ballot
from ballots.layout_model import EDGE, FOLD_CLEAR, GUTTER, MARKER, MARKER_QUIET, PAPERS
from tests.unit.test_layout_samples import sample_names, sample_spec

S, B = Form.STRIKE, Form.BOXES


# (names, form) -> (paper, landscape, sheets). Before this planner: strike 51 -> 1 A3, 200 -> 5,
# 250 -> 6, 400 -> 10 A4; boxes 90 -> 5, 200 -> 12, 250 -> 14, 400 -> 23 A4 (one table per sheet).
@pytest.mark.parametrize(("count", "form", "paper", "landscape", "sheets"), [
    (5, S, "A5", False, 1), (30, S, "A4", False, 1), (51, S, "A4", False, 1), (90, S, "A3", False, 1),
    (200, S, "A4", False, 4), (250, S, "A4", False, 5), (400, S, "A4", False, 8),
    (5, B, "A4", False, 1), (30, B, "A3", False, 1), (90, B, "A4", True, 4), (200, B, "A4", True, 9),
    (250, B, "A4", True, 11), (400, B, "A4", True, 17),
])
def test_sheets_and_paper_by_list_length(count: int, form: Form, paper: str, landscape: bool, sheets: int) -> None:
    layout = plan_ballot(sample_spec(count, form))
    assert (layout.paper, layout.landscape, layout.sheet_count) == (paper, landscape, sheets)
    w, h = PAPERS[paper]
    assert all((s.page_w, s.page_h) == ((h, w) if landscape else (w, h)) for s in layout.sheets)


def test_a_51_name_strike_list_is_one_a4_sheet_with_names_of_at_least_10_pt() -> None:
    layout = plan_ballot(sample_spec(51))
    assert (layout.paper, layout.sheet_count) == ("A4", 1)
    assert all(10 <= r.name_pt < 12 and r.band.h >= 6 for r in layout.rows)


def test_names_get_smaller_only_when_that_saves_paper(monkeypatch: pytest.MonkeyPatch) -> None:
    assert {r.number_pt for r in plan_ballot(sample_spec(30)).rows} == {12.0}  # fits at full size
    monkeypatch.setattr(layout_module, "MIN_NAME_PT", 12.0)  # names may no longer get smaller
    assert plan_ballot(sample_spec(51)).paper == "A3"


def test_landscape_only_when_it_saves_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    turned = plan_ballot(sample_spec(200, B))
    assert turned.landscape and turned.columns == 2
    monkeypatch.setattr(layout_module, "ORIENTATIONS", (False,))
    upright = plan_ballot(sample_spec(200, B))
    assert not upright.landscape and upright.sheet_count > turned.sheet_count
    for count in (5, 30, 51, 250):  # strike lists: portrait holds as many, and portrait wins ties
        assert not plan_ballot(sample_spec(count)).landscape


def test_sheets_are_filled_evenly_and_as_full_as_the_rows_allow() -> None:
    layout = plan_ballot(sample_spec(200, B))
    per_sheet = [len(s.rows) for s in layout.sheets]
    assert sum(per_sheet) == 200 and max(per_sheet) - min(per_sheet) <= 1
    # The fullest table reaches the bottom of the names area: there is no room for one more row...
    sheet = layout.sheets[0]
    last = max((r for r in sheet.rows if r.column == 0), key=lambda r: r.y)
    bottom = sheet.page_h - EDGE - MARKER - MARKER_QUIET - layout_module.NAMES_TO_BOTTOM
    assert last.band.y2 <= bottom + 1e-9 < last.band.y2 + last.band.h
    # ...so one sheet fewer could not hold the list.
    per_table = sum(1 for r in sheet.rows if r.column == 0)
    assert (layout.sheet_count - 1) * layout.columns * per_table < 200


def test_two_tables_side_by_side_keep_their_rules_boxes_and_heads_apart() -> None:
    sheet = plan_ballot(sample_spec(200, B)).sheets[0]
    left, right = sheet.columns
    assert right.x - left.x2 >= GUTTER - 1e-9 and abs(left.y - right.y) < 1e-9
    for row in sheet.rows:
        table = sheet.columns[row.column]
        assert all(table.contains_rect(b) for b in (row.agree_box, row.disagree_box) if b is not None)
    for rule in sheet.rules:
        assert any(c.grow(0.2).contains_rect(rule) for c in sheet.columns), rule
    heads = [t for t in sheet.labels if t.role == "column_head"]
    assert len(heads) >= 2 * 4 and all(any(c.contains_rect(t.rect) for c in sheet.columns) for t in heads)


def _all_layouts() -> list[BallotLayout]:
    specs = [sample_spec(n, f) for n, f in ((5, S), (51, S), (90, S), (250, S), (5, B), (30, B), (200, B))]
    specs += [sample_spec(n, f, paper=p) for n, f, p in ((3, B, "A5"), (30, S, "A5"), (105, S, "A4"), (8, B, "A3"))]
    return [plan_ballot(s) for s in specs]


@pytest.fixture(scope="module")
def layouts() -> list[BallotLayout]:
    return _all_layouts()


def test_the_header_is_clear_of_itself_the_stamp_the_qr_and_the_markers(layouts: list[BallotLayout]) -> None:
    for layout in layouts:
        sheet = layout.sheets[0]
        blocks = [t.rect for t in sheet.header]
        for a, b in itertools.combinations(blocks, 2):
            assert not a.intersects(b), (layout.paper, a, b)
        keep_clear = [sheet.stamp_area, sheet.qr_quiet, *(m.quiet for m in sheet.markers)]
        assert not any(b.intersects(z) for b in blocks for z in keep_clear)
        page = Rect(0, 0, sheet.page_w, sheet.page_h).grow(-4.0)
        assert all(page.contains_rect(b) for b in blocks)
        first = min(r.band.y for r in sheet.rows)
        assert first >= max(b.y2 for b in blocks) + 4.0 - 1e-9
        assert first >= max(sheet.stamp_area.y2, sheet.qr_quiet.y2) - 1e-9


def test_a_wide_page_puts_the_ballot_lines_beside_the_organisation_lines() -> None:
    sheet = plan_ballot(sample_spec(200, B)).sheets[0]
    assert sheet.landscape
    by_role = {t.role: t for t in sheet.header}
    assert by_role["title"].rect.y < sheet.stamp_area.y2  # beside the stamp, not below it
    assert by_role["title"].rect.x > by_role["congress"].rect.x2  # right of the organisation lines
    assert (by_role["title"].size_pt, by_role["subject"].size_pt) == (16.0, 12.0)  # nothing shrunk
    # A narrow page keeps the ballot lines centred under the organisation lines.
    narrow = {t.role: t for t in plan_ballot(sample_spec(30)).sheets[0].header}
    assert narrow["subject"].rect.y > narrow["congress"].rect.y2


@pytest.mark.parametrize("count", [1, 2, 3, 4, 6, 9, 13, 19, 24])
@pytest.mark.parametrize("paper", ["A5", "A4", "A3", None])
def test_the_table_head_row_and_every_text_stay_off_the_fold(count: int, paper: str | None) -> None:
    layout = plan_ballot(sample_spec(count, B, paper=paper))
    for sheet in layout.sheets:
        assert sheet.fold_y is not None
        for rect in [t.rect for t in sheet.texts] + [r.band for r in sheet.rows]:
            assert abs(sheet.fold_y - rect.cy) >= rect.h / 2 + FOLD_CLEAR - 1e-9


def test_an_explicit_paper_is_kept_with_the_fewest_sheets_on_it() -> None:
    on_a4 = plan_ballot(sample_spec(105, paper="A4"))
    assert on_a4.paper == "A4" and on_a4.sheet_count == 3  # 52 names a sheet at most, even at 10 pt
    assert {r.number_pt for r in on_a4.rows} == {12.0}  # three sheets hold 35 names each at full size
    assert plan_ballot(sample_spec(5, paper="A3")).paper == "A3"
    on_a5 = plan_ballot(sample_spec(30, B, names=sample_names(30)[4:] + ("Lê An",) * 4, paper="A5"))
    assert on_a5.paper == "A5" and on_a5.sheet_count >= 2


def test_a_long_list_never_exceeds_the_sheet_code_limit() -> None:
    layout = plan_ballot(sample_spec(400, B))
    assert layout.sheet_count <= 35 and layout.paper == "A4"
