"""The ballot layout: the paper rules of SCANNER.md hold for short and very long lists, in both forms."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ballots.errors import LayoutError
from ballots.geometry import Rect
from ballots.layout import BallotLayout, Form, SheetLayout, plan_ballot
from ballots.layout_model import FOLD_CLEAR, MARKER_IDS, TICK_GAP, Corner
from tests.unit.test_layout_samples import TEXTS, sample_names, sample_spec

SIZES = (1, 5, 30, 51, 105, 200, 250)  # 51: a full A4 page; boxes 105, 200, 250: two tables on landscape A4


@pytest.fixture(scope="module", params=[(n, f) for f in Form for n in SIZES], ids=lambda p: f"{p[1]}-{p[0]}")
def layout(request: pytest.FixtureRequest) -> BallotLayout:
    count, form = request.param
    return plan_ballot(sample_spec(count, form))


def _others(sheet: SheetLayout, own: Rect) -> list[Rect]:
    return [z for z in sheet.printed_zones if z is not own]


def test_every_name_is_on_the_ballot_once_in_order_with_its_number(layout: BallotLayout) -> None:
    rows = layout.rows
    assert [r.name for r in rows] == list(layout.spec.names)
    assert [r.number for r in rows] == list(range(1, len(layout.spec.names) + 1))
    assert all(r.number_text == f"{r.number}." for r in rows)


def test_names_are_at_least_10_pt_with_pitch_of_6_mm_and_boxes_of_6_mm(layout: BallotLayout) -> None:
    for row in layout.rows:
        assert row.name_pt >= 10
        assert row.band.h >= 6
        assert row.name_box.h >= 2.5  # a real line of text, not a degenerate box
        if layout.spec.form is Form.BOXES:
            assert row.agree_box is not None and row.disagree_box is not None
            assert min(row.agree_box.w, row.agree_box.h, row.disagree_box.w, row.disagree_box.h) >= 6
        else:
            assert row.agree_box is None and row.disagree_box is None


def test_every_name_has_white_around_it(layout: BallotLayout) -> None:
    for sheet in layout.sheets:
        zones = sheet.printed_zones
        for row in sheet.rows:
            for zone in zones:
                if zone is not row.name_box:
                    assert row.name_box.gap_to(zone) >= 1.5 - 1e-9, (row.number, row.name, zone)


def test_rows_keep_their_parts_in_their_band(layout: BallotLayout) -> None:
    for row in layout.rows:
        assert row.band.contains_rect(row.name_box)
        assert row.strike_zone.contains_rect(row.name_box)
        left, right = row.ticks
        assert left.cy == pytest.approx(row.y) and right.cy == pytest.approx(row.y)
        assert left.x2 + TICK_GAP <= row.number_box.x + 1e-9
        assert row.name_box.x2 + TICK_GAP <= right.x + 1e-9
        for box in (row.agree_box, row.disagree_box):
            if box is not None:
                assert row.band.contains_rect(box)


def test_markers_qr_and_stamp_area_are_clear(layout: BallotLayout) -> None:
    for sheet in layout.sheets:
        assert {m.corner: m.id for m in sheet.markers} == MARKER_IDS
        for marker in sheet.markers:
            assert 9.5 <= marker.rect.w == marker.rect.h <= 12
            assert all(not marker.quiet.intersects(z) for z in _others(sheet, marker.rect))
        corner = {m.corner: m.rect for m in sheet.markers}
        assert corner[Corner.TL].x < 15 and corner[Corner.TL].y < 15
        assert corner[Corner.BR].x2 > sheet.page_w - 15 and corner[Corner.BR].y2 > sheet.page_h - 15
        assert sheet.qr_module >= 0.66 and sheet.qr.w == pytest.approx(25 * sheet.qr_module)
        assert all(not sheet.qr_quiet.intersects(z) for z in _others(sheet, sheet.qr))
        assert sheet.qr.cx > sheet.page_w / 2 and sheet.qr.cy < sheet.page_h / 4  # top-right, far from the stamp
        assert sheet.stamp_area.x < sheet.page_w / 3 and sheet.stamp_area.y < 15
        assert min(sheet.stamp_area.w, sheet.stamp_area.h) >= 34
        assert all(not sheet.stamp_area.intersects(z) for z in sheet.printed_zones)


def test_everything_printed_is_on_the_page_inside_the_printer_margin(layout: BallotLayout) -> None:
    for sheet in layout.sheets:
        page = Rect(0, 0, sheet.page_w, sheet.page_h).grow(-4.0)
        assert all(page.contains_rect(z) for z in sheet.printed_zones)


def test_the_fold_crosses_no_name_row_and_no_text(layout: BallotLayout) -> None:
    for sheet in layout.sheets:
        assert sheet.fold_y is not None
        bands = [r.band for r in sheet.rows] + [t.rect for t in sheet.texts]
        assert all(abs(sheet.fold_y - b.cy) >= b.h / 2 + FOLD_CLEAR - 1e-9 for b in bands)
        assert all(abs(g.cy - sheet.fold_y) < 1e-9 for g in sheet.fold_guides) and len(sheet.fold_guides) == 2


def test_the_layout_hash_is_short_hex_and_stable(layout: BallotLayout) -> None:
    again = plan_ballot(layout.spec)
    assert again == layout
    assert len(layout.layout_hash) == 12 and int(layout.layout_hash, 16) >= 0
    assert layout.layout_hash == layout.layout_hash.lower()


@pytest.mark.parametrize(("count", "form", "paper", "sheets"), [
    (1, Form.STRIKE, "A5", 1), (5, Form.STRIKE, "A5", 1), (30, Form.STRIKE, "A4", 1), (105, Form.STRIKE, "A3", 1),
    (250, Form.STRIKE, "A4", 5),  # 50 names a sheet at 11.5 pt (was 6 sheets of 42 at 12 pt)
    (3, Form.BOXES, "A5", 1), (30, Form.BOXES, "A3", 1),
    (5, Form.BOXES, "A4", 1),  # the 4th sample name is too long for an A5 table at 10 pt
])
def test_paper_is_chosen_by_the_number_of_names(count: int, form: Form, paper: str, sheets: int) -> None:
    layout = plan_ballot(sample_spec(count, form))
    assert (layout.paper, layout.sheet_count) == (paper, sheets)
    assert all(s.paper == paper for s in layout.sheets)


def test_a_long_list_is_spread_evenly_over_sheets_and_columns() -> None:
    layout = plan_ballot(sample_spec(250))
    per_sheet = [len(s.rows) for s in layout.sheets]
    assert sum(per_sheet) == 250 and max(per_sheet) - min(per_sheet) <= 1
    assert layout.columns >= 2
    first = layout.sheets[0]
    assert {r.column for r in first.rows} == set(range(layout.columns))
    # Filled down each column, then the next: numbers grow with the column and down it.
    assert all(a.number + 1 == b.number for a, b in zip(first.rows, first.rows[1:], strict=False))
    assert all(b.y > a.y for a, b in zip(first.rows, first.rows[1:], strict=False) if a.column == b.column)


def test_the_paper_can_be_forced_and_then_uses_several_sheets() -> None:
    layout = plan_ballot(sample_spec(30, paper="A5"))
    assert layout.paper == "A5" and layout.sheet_count >= 2
    assert [r.number for r in layout.rows] == list(range(1, 31))
    assert [s.index for s in layout.sheets] == list(range(1, layout.sheet_count + 1))
    assert all(any(t.role == "sheet_no" for t in s.labels) for s in layout.sheets)


def test_a_long_name_shrinks_to_fit_but_never_below_10_pt() -> None:
    long_name = "Công Tằng Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Châu"
    names = (*sample_names(19), long_name)
    layout = plan_ballot(sample_spec(20, names=names, paper="A5"))
    row = layout.rows[-1]
    assert row.name == long_name
    assert 10 <= row.name_pt < 12
    assert row.name_box.x2 + TICK_GAP <= row.ticks[1].x + 1e-9


def test_a_name_too_long_for_any_paper_is_refused_with_its_election() -> None:
    with pytest.raises(LayoutError, match="E7"):
        plan_ballot(sample_spec(2, names=("Nguyễn Văn An", "Trần " * 60 + "Bình")))


def test_a_name_is_normalised_to_nfc_with_single_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị Ánh Tuyết ")
    layout = plan_ballot(sample_spec(2, names=(decomposed, "Đặng Văn Ưng")))
    assert layout.rows[0].name == "Nguyễn Thị Ánh Tuyết"


@pytest.mark.parametrize(("changes", "message"), [
    ({"names": ()}, "no names"),
    ({"names": ("Nguyễn Văn An", " ")}, "Name number 2"),
    ({"names": ("Nguyễn Văn An", "Lý 小龍")}, "cannot print"),
    ({"election": "e7"}, "Election code"),
    ({"election": "TOOLONGCODE"}, "Election code"),
    ({"round_no": 0}, "Round number"),
    ({"round_no": 36}, "Round number"),
    ({"seats": 0}, "Seats"),
    ({"seats": 3}, "Seats"),
    ({"paper": "B5"}, "Paper"),
    ({"name_pt": 8}, "Name size"),
    ({"form": "hands"}, "form"),
])
def test_a_bad_spec_is_refused_with_one_clear_sentence(changes: dict[str, object], message: str) -> None:
    with pytest.raises(LayoutError, match=message) as caught:
        plan_ballot(sample_spec(2, **changes))
    assert str(caught.value).endswith(".") and "\n" not in str(caught.value)


@pytest.mark.parametrize("change", [
    {"names": ("Đặng Văn Ưng", "Nguyễn Thị Ánh Tuyết", "Tôn Thất Thuyết")},
    {"names": ("Nguyễn Thị Ánh Tuyết", "Đặng Văn Ưng", "Tôn Thất Thuyêt")},
    {"election": "E8"},
    {"round_no": 2},
    {"form": Form.BOXES, "seats": 3},
    {"paper": "A4"},
    {"name_pt": 13},
    {"seats": 1},
    {"texts": dataclasses.replace(TEXTS, subject="Bầu Ban Thường vụ Tỉnh ủy khóa XVII")},
    {"texts": dataclasses.replace(TEXTS, instruction="Gạch ngang họ tên người không bầu")},
])
def test_anything_that_changes_the_printed_page_changes_the_hash(change: dict[str, object]) -> None:
    base = plan_ballot(sample_spec(3, seats=2))
    assert plan_ballot(sample_spec(3, **{"seats": 2, **change})).layout_hash != base.layout_hash


def test_sheet_lookup_is_one_based_and_checked() -> None:
    layout = plan_ballot(sample_spec(5))
    assert layout.sheet(1) is layout.sheets[0]
    with pytest.raises(LayoutError, match="Sheet 2 does not exist"):
        layout.sheet(2)


def test_allowed_zones_cover_printing_marks_and_stamp() -> None:
    for form in Form:
        sheet = plan_ballot(sample_spec(12, form)).sheets[0]
        allowed = sheet.allowed_zones
        assert sheet.stamp_area in allowed
        assert all(z in allowed for z in sheet.printed_zones)
        assert sheet.mark_zones
        for row in sheet.rows:
            target = row.strike_zone if form is Form.STRIKE else row.agree_box
            assert any(zone.contains_rect(target) for zone in sheet.mark_zones)


_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_words = st.text(alphabet=_LETTERS, min_size=1, max_size=9).map(str.capitalize)
_names = st.lists(_words, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(names=st.lists(_names, min_size=1, max_size=120), form=st.sampled_from(list(Form)),
       paper=st.sampled_from([None, "A5", "A4", "A3"]))
def test_any_list_of_names_is_laid_out_by_the_rules_or_refused_clearly(
    names: list[str], form: Form, paper: str | None
) -> None:
    try:
        layout = plan_ballot(sample_spec(len(names), form, names=tuple(names), paper=paper))
    except LayoutError as exc:
        assert "too long" in str(exc) or "do not fit" in str(exc) or "35 sheets" in str(exc)
        return
    assert [r.name for r in layout.rows] == names
    for sheet in layout.sheets:
        page = Rect(0, 0, sheet.page_w, sheet.page_h).grow(-4.0)
        zones = sheet.printed_zones
        for row in sheet.rows:
            assert row.name_pt >= 10 and page.contains_rect(row.band)
            assert all(row.name_box.gap_to(z) >= 1.5 - 1e-9 for z in zones if z is not row.name_box)
