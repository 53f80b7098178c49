"""Folds: a crease proven to run across the whole sheet is taken out of the rows; nothing else is.

A fold is proven only by ink on one straight line through the blank margins and gutters as well
as the rows. Under a proven fold a kept name stays kept and a struck name is struck on its own
evidence; a line that is not proven sheet-wide still sends its row to review.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from ballots.reading import read_side
from ballots.reading.decide import decide_strike
from ballots.reading.folds import Fold, erase_fold, find_folds
from ballots.reading.side import UNEXPLAINED_LINE
from ballots.rules import Mark, judge_ballot
from ballots.synth import degrade as dg
from ballots.synth.corpus import make_layout, make_side, single_pen
from ballots.synth.marks import BLACK_05

K = 6.0


@pytest.fixture(scope="module")
def two_columns():
    return make_layout(30, "strike", seed=1)  # A4, two columns of names


def _page(sheet) -> np.ndarray:
    return np.zeros((round(sheet.page_h * K), round(sheet.page_w * K)), np.uint8)


def test_a_line_across_the_whole_sheet_is_found_as_a_fold(two_columns):
    sheet = two_columns.sheets[0]
    added = _page(sheet)
    y = sheet.rows[4].y * K
    _h, w = added.shape
    cv2.line(added, (0, round(y - 6)), (w - 1, round(y + 6)), 255, 2)  # slightly tilted, 2 px thick
    folds = find_folds(added, sheet, K)
    assert len(folds) == 1
    f = folds[0]
    assert abs(f.y_at(w / 2) - y) <= 2
    assert abs(f.slope - 12 / w) < 0.004
    assert f.blank_cover > 0.9 and 1 <= f.thickness <= 4


def test_a_faint_fold_broken_into_dashes_is_still_found(two_columns):
    sheet = two_columns.sheets[0]
    added = _page(sheet)
    y = round(sheet.rows[7].y * K)
    for x in range(0, added.shape[1], 10):  # 6 px dashes, 4 px gaps
        added[y:y + 2, x:x + 6] = 255
    assert len(find_folds(added, sheet, K)) == 1


@pytest.mark.parametrize("where", ["sides", "top and bottom"])
def test_the_paper_edge_along_the_page_border_is_not_a_fold(two_columns, where):
    """A phone photo shows the paper's edge (or the table past it) as a line along the page border
    (bench sides 3794 and 4994 of 6,001 were flagged "folded" for it); a fold 8 mm in is still found."""
    sheet = two_columns.sheets[0]
    added = _page(sheet)
    h, w = added.shape
    if where == "sides":
        added[:, :2] = 255
        added[:, w - 2:] = 255
    else:
        added[:2] = 255
        added[h - 2:] = 255
    assert find_folds(added, sheet, K) == ()
    page = np.full(added.shape, 230, np.uint8)
    page[added > 0] = 120  # the same border as a grey line: not a crease either
    assert find_folds(np.zeros_like(added), sheet, K, page, np.zeros_like(added)) == ()
    x = round(8 * K)
    added[:, x:x + 2] = 255
    folds = find_folds(added, sheet, K)
    assert len(folds) == 1 and folds[0].vertical and abs(folds[0].y_at(h / 2) - x) <= 2


def test_strikes_at_the_same_height_in_every_column_are_not_a_fold(two_columns):
    """Two names struck side by side: a straight line through the columns, but not the gutters."""
    sheet = two_columns.sheets[0]
    added = _page(sheet)
    y = round(sheet.rows[4].y * K)
    for col in sheet.columns:
        added[y:y + 3, round(col.x * K) + 3:round(col.x2 * K) - 3] = 255
    assert find_folds(added, sheet, K) == ()


def test_erasing_a_fold_keeps_pen_strokes_that_cross_or_thicken_it():
    fold = Fold(y0=20.0, slope=0.0, cover=1.0, blank_cover=1.0, thickness=2.0)
    mask = np.zeros((40, 200), np.uint8)
    mask[20:22, :] = 255  # the fold, 2 px
    mask[19:24, 120:180] = 255  # a pen line along the fold, making it 5 px thick there
    cv2.line(mask, (20, 5), (60, 35), 255, 2)  # a stroke crossing the fold
    out = erase_fold(mask, fold, 0, 0)
    assert not out[15:26, 0:15].any() and not out[15:26, 80:115].any()  # fold-only columns are gone
    assert out[19:24, 120:180].all()  # the thick stretch stays, fold and all
    assert out[5:15, 20:35].any() and out[27:36, 45:60].any()  # the crossing stroke stays


def _folded(layout, marks, row_no, darkness=0.55, seed=3, dpi=150):
    side = make_side(layout, 1, marks, dpi=dpi, preset="clean", seed=seed, pens=single_pen(BLACK_05))
    k = dpi / 25.4
    y = round(next(r for r in layout.sheets[0].rows if r.number == row_no).y * k)
    img = dg.fold(side.image, np.random.default_rng(seed), y=y, darkness=darkness)
    return side, dg.scanner_pipeline(img, np.random.default_rng(seed), k, strength=0.5)


def test_a_kept_name_under_a_proven_fold_is_kept(two_columns):
    side, image = _folded(two_columns, {2: "single"}, row_no=5)
    r = read_side(image, {two_columns.layout_hash: two_columns})
    by_no = {m.number: m for m in r.marks}
    assert by_no[5].evidence["fold"] == 1.0
    assert by_no[5].decision is Mark.KEPT
    assert by_no[2].decision is Mark.STRUCK
    assert {m.number: m.decision.value for m in r.marks} == dict(side.truth)


def test_a_struck_name_under_a_proven_fold_is_struck_on_its_own_evidence(two_columns):
    side, image = _folded(two_columns, {5: "double", 9: "single"}, row_no=5)
    r = read_side(image, {two_columns.layout_hash: two_columns})
    by_no = {m.number: m for m in r.marks}
    assert by_no[5].evidence["fold"] == 1.0
    assert by_no[5].decision is Mark.STRUCK
    assert all(m.decision.value == side.truth[m.number] for m in r.marks if m.decision is not Mark.UNCERTAIN)


def test_a_line_across_one_column_only_is_not_a_fold_and_goes_to_review(two_columns):
    """A straight line through a whole column (not the gutters): not proven a fold, never kept."""
    lay = two_columns
    side = make_side(lay, 1, {}, dpi=150, preset="clean", seed=4)
    k = 150 / 25.4
    row = lay.sheets[0].rows[3]
    col = lay.sheets[0].columns[row.column]
    img = side.image.copy()
    y = round(row.y * k)
    img[y:y + 2, round(col.x * k):round(col.x2 * k)] = (img[y:y + 2, round(col.x * k):round(col.x2 * k)] * 0.6)
    r = read_side(img, {lay.layout_hash: lay})
    m = next(m for m in r.marks if m.number == row.number)
    assert m.evidence["fold"] == 0.0
    assert m.decision is Mark.UNCERTAIN


def test_a_line_in_every_white_gap_is_struck_though_the_letters_hide_a_third():
    ev = {"cover": 0.63, "span": 0.4, "gaps": 0.97, "cover_cell": 0.7, "ink_mm2": 12.0, "blob_mm2": 9.0,
          "blob_mm": 30.0, "edge": 0.0, "beyond": 0.0, "runout": 0.0}
    assert decide_strike(ev)[0] is Mark.STRUCK
    assert decide_strike(ev | {"gaps": 0.85})[0] is Mark.UNCERTAIN  # gaps missed: maybe partial (<= 0.83)
    assert decide_strike(ev | {"cover": 0.55})[0] is Mark.UNCERTAIN  # half the name: partial
    assert decide_strike(ev | {"span": 0.2})[0] is Mark.UNCERTAIN  # only short runs


def test_a_proven_fold_is_information_only_the_sheet_is_not_sent_to_review(two_columns):
    """Voters fold ballots: a proven sheet-wide fold is flagged, and the sheet is judged as usual."""
    side, image = _folded(two_columns, {2: "single"}, row_no=5)
    r = read_side(image, {two_columns.layout_hash: two_columns})
    assert {m.number: m.decision.value for m in r.marks} == dict(side.truth)
    assert any(f.startswith("sheet folded: 1 proven fold line") for f in r.flags)
    assert UNEXPLAINED_LINE not in r.flags
    rules = judge_ballot("strike", two_columns.spec.seats, {n: Mark(v) for n, v in side.truth.items()})
    assert (r.proposal.status, r.proposal.reason) == (rules.status.value, rules.reason and rules.reason.value)
    assert r.proposal.status != "review"


def test_a_long_line_outside_the_rows_that_is_not_a_proven_fold_sends_the_sheet_to_review(two_columns):
    """A straight line across the blank band under the names' columns, too short and not on any
    row to be proven a fold: every name is read as kept, yet a person must look at the sheet."""
    lay = two_columns
    sheet = lay.sheets[0]
    side = make_side(lay, 1, {}, dpi=150, preset="clean", seed=4)
    k = 150 / 25.4
    img = side.image.copy()
    bottom = max(r.band.y2 for r in sheet.rows)
    y = round((bottom + (sheet.page_h - bottom) / 2) * k)
    x0, x1 = round(sheet.page_w * 0.2 * k), round(sheet.page_w * 0.55 * k)
    img[y:y + 2, x0:x1] = 40
    r = read_side(img, {lay.layout_hash: lay})
    assert all(m.decision is Mark.KEPT for m in r.marks)
    assert not any(f.startswith("sheet folded") for f in r.flags)
    assert UNEXPLAINED_LINE in r.flags
    assert r.proposal.status == "review"


def test_the_coarse_pass_finds_exactly_the_folds_of_the_full_search(two_columns, monkeypatch):
    """The gate and the coarse pass only skip work: on lines at every angle and height, with
    dashes and speckle, as ink or as faint creases of the grey page, the folds found are those of
    the search over every drift and row of the whole page's evidence."""
    import ballots.reading.folds as folds_module

    sheet = two_columns.sheets[0]
    rng = np.random.default_rng(7)
    pages = []
    for i in range(60):
        added = _page(sheet)
        h, w = added.shape
        added[rng.random(added.shape) < (0, 0.0001, 0.002, 0.006)[i % 4]] = 255  # none to heavy speckle
        for _ in range(int(rng.integers(0, 3))):
            y = float(rng.uniform(40, h - 40))
            tilt = float(rng.uniform(-1.4, 1.4)) / 57.3 * w
            dash = int(rng.integers(4, 12))
            for x in range(0, w, dash + int(rng.integers(0, 6))):
                y0 = round(y + tilt * x / w)
                cv2.line(added, (x, y0), (min(x + dash, w - 1), round(y + tilt * (x + dash) / w)), 255,
                         int(rng.integers(1, 3)))
        pages.append(added)
    # The same lines as faint creases on a grey page (no ink at all), found from the grey alone.
    greys = []
    for added in pages[::3]:
        page = np.full(added.shape, 235, np.uint8)
        page[added > 0] = 222
        greys.append((np.zeros_like(added), page, np.zeros_like(added)))
    cases = [(p, None, None) for p in pages] + greys
    gate, refused = folds_module._may_hold_line, []
    monkeypatch.setattr(folds_module, "_may_hold_line", lambda *a: gate(*a) or refused.append(1) or False)
    fast = [find_folds(a, sheet, K, page, printed) for a, page, printed in cases]
    assert len(refused) >= 15  # light speckle (both directions) never reaches the search
    monkeypatch.setattr(folds_module, "_search",
                        lambda strips, usable, blank_cols, max_drift, n, s, n_use, n_blank: folds_module._lines(
                            strips, range(-max_drift, max_drift + 1), n, s, blank_cols, n_use, n_blank))
    monkeypatch.setattr(folds_module, "_may_hold_line", lambda *a: True)
    full = [find_folds(a, sheet, K, page, printed) for a, page, printed in cases]
    assert fast == full
    assert sum(len(f) for f in full) >= 40  # the lines were found, not just nothing twice
    assert sum(len(f) for f in full[len(pages):]) >= 10  # ... and the creases on the grey pages


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_a_faint_crease_below_the_ink_threshold_is_proven_from_the_grey_page(two_columns, dpi, monkeypatch):
    """A crease only ~12 % darker than the paper barely shows in the ink mask (dashes in a few
    rows, nothing provable in the margins); along 2 mm strips of the grey page it is plain."""
    import ballots.reading.folds as folds_module

    side, image = _folded(two_columns, {2: "single"}, row_no=12, darkness=0.88, seed=5, dpi=dpi)
    layouts = {two_columns.layout_hash: two_columns}
    r = read_side(image, layouts)
    assert any(f.startswith("sheet folded") for f in r.flags), r.flags
    assert {m.number: m.decision.value for m in r.marks} == dict(side.truth)
    truth = {n: Mark(t) for n, t in side.truth.items()}
    assert r.proposal.status == judge_ballot("strike", two_columns.spec.seats, truth).status.value  # not review
    # The ink mask alone does not prove it.
    def no_crease(page, vertical=False, out=None):
        out = np.empty_like(page) if out is None else out
        out[:] = 0
        return out

    monkeypatch.setattr(folds_module, "crease_mask", no_crease)
    assert not any(f.startswith("sheet folded") for f in read_side(image, layouts).flags)


def test_a_shading_step_is_not_a_crease():
    """Half the page a little darker (a photo's shadow, a scanner lid): not a line."""
    page = np.full((120, 200), 235, np.uint8)
    page[:60] = 215
    assert folds_module_crease(page).max() == 0


def folds_module_crease(page):
    from ballots.reading.folds import crease_mask

    return crease_mask(page)


def _folded_down(layout, marks, x_share, darkness, seed=3, dpi=200):
    """A crease DOWN the sheet (folded in half lengthwise, or in quarters) at x_share of its width."""
    rng = np.random.default_rng(seed)
    side = make_side(layout, 1, marks, dpi=dpi, preset="clean", seed=seed, pens=single_pen(BLACK_05))
    turned = np.ascontiguousarray(np.rot90(side.image))  # the page's x axis now runs up the image
    turned = dg.fold(turned, rng, y=round(turned.shape[0] * (1 - x_share)), darkness=darkness)
    image = np.ascontiguousarray(np.rot90(turned, 3))
    return side, dg.scanner_pipeline(image, rng, dpi / 25.4, strength=0.5)


@pytest.mark.parametrize("form", ["strike", "boxes"])
@pytest.mark.parametrize("darkness", [0.55, 0.85])
def test_a_fold_down_the_sheet_is_proven_and_is_not_writing(form, darkness):
    """Before, a crease down the middle was residual ink outside the names: "invalid"."""
    layout = make_layout(30, form, seed=7)
    sheet = layout.sheets[0]
    marks = ({r.number: "single" for r in sheet.rows[:len(sheet.rows) - layout.spec.seats]} if form == "strike"
             else {r.number: "x_agree" for r in sheet.rows})
    side, image = _folded_down(layout, marks, 0.5, darkness)
    r = read_side(image, {layout.layout_hash: layout})
    assert any(f.startswith("sheet folded") for f in r.flags), r.flags
    assert r.residual == ()
    assert {m.number: m.decision.value for m in r.marks} == dict(side.truth)
    truth = {n: Mark(t) for n, t in side.truth.items()}
    assert r.proposal.status == judge_ballot(form, layout.spec.seats, truth).status.value == "valid"


def test_a_pen_line_down_one_column_is_not_a_fold(two_columns):
    """Straight down through the names of one column, but not through the margins: not proven."""
    sheet = two_columns.sheets[0]
    added = _page(sheet)
    col = sheet.columns[0]
    x = round((col.x + 20) * K)
    y0, y1 = round(sheet.rows[0].band.y * K), round(sheet.rows[len(sheet.rows) // 2 - 1].band.y2 * K)
    cv2.line(added, (x, y0), (x + 3, y1), 255, 2)
    assert find_folds(added, sheet, K) == ()


@pytest.mark.parametrize("seed", range(6))
def test_a_thin_strike_along_a_faint_crease_is_never_read_as_kept(two_columns, seed):
    """The crease is proven from the grey page but leaves almost no ink: a 0.3 mm pen line drawn
    along it is pen, not crease. Taking it out as the fold's would read a struck name as kept."""
    from ballots.synth.marks import PENS

    thin = PENS[0]
    assert thin.width_mm == 0.3
    layout, row = two_columns, 12
    side = make_side(layout, 1, {row: "single"}, dpi=150, preset="clean", seed=seed, pens=single_pen(thin))
    k = 150 / 25.4
    y = round(next(r for r in layout.sheets[0].rows if r.number == row).y * k)
    rng = np.random.default_rng(seed)
    image = dg.scanner_pipeline(dg.fold(side.image, rng, y=y, darkness=0.88), rng, k, strength=0.5)
    r = read_side(image, {layout.layout_hash: layout})
    by_no = {m.number: m for m in r.marks}
    assert by_no[row].decision in (Mark.STRUCK, Mark.UNCERTAIN), by_no[row].evidence
    assert all(m.decision.value == side.truth[m.number] for m in r.marks if m.decision is not Mark.UNCERTAIN)


def test_the_bench_case_of_a_strike_along_a_crease_through_the_other_column(tmp_path, monkeypatch):
    """Found by the reading benchmark (side 666 of seed 1): a sheet folded through the last row of
    the right column also creases the last row of the left column, right along its strike. The
    strike must not be taken out as the fold's and read as kept."""
    from tests.bench import bench_reading as bench

    four = bench._layouts()[:4]  # the corpus of that run had its first four layouts
    monkeypatch.setattr(bench, "_layouts", lambda: four)
    bench._gen_init(str(tmp_path), 1)
    side = bench._gen_one(666)
    r = read_side((tmp_path / Path(side["path"]).name).read_bytes(), {lay.layout_hash: lay for lay in bench._layouts()})
    by_no = {m.number: m for m in r.marks}
    assert side["truth"][125] == "struck"
    assert by_no[125].decision in (Mark.STRUCK, Mark.UNCERTAIN), by_no[125].evidence
    assert all(m.decision.value == side["truth"][m.number] for m in r.marks if m.decision is not Mark.UNCERTAIN)
