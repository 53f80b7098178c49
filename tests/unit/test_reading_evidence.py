"""Evidence and decisions that make the reader decisive without silent errors (calibrated behaviour).

Small synthetic cells pin the evidence functions; a few synthetic scans pin the row alignment.
Thresholds come from tests/bench/calibrate_reading.py; these tests hold the behaviour they encode.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ballots.reading import read_side
from ballots.reading.decide import THRESHOLDS, decide_strike
from ballots.reading.evidence import CellGeometry, columns_of, strike_evidence
from ballots.reading.rows import PageContext, _added_tiled
from ballots.reading.template import Template
from ballots.rules import Mark
from ballots.synth.corpus import make_layout, make_side, single_pen
from ballots.synth.marks import BLACK_05

K = 6.0  # px per mm, the working resolution


def _px(mm: float) -> int:
    return round(mm * K)


def _cell() -> tuple[np.ndarray, CellGeometry]:
    """A 60 x 7 mm row cell whose name (x 5..35 mm) is letters 1.6 mm wide with 0.8 mm gaps."""
    printed = np.zeros((_px(7), _px(60)), np.uint8)
    x = 5.0
    while x < 34.0:
        printed[_px(2.0):_px(5.0), _px(x):_px(x + 1.6)] = 255
        x += 2.4
    g = CellGeometry(text_x0=_px(5), text_x1=_px(35), through_y0=_px(2.0), through_y1=_px(5.0), k=K)
    return printed, g


def _decide(added: np.ndarray, printed: np.ndarray, g: CellGeometry, beyond: np.ndarray | None = None):
    b = np.zeros((g.through_y1 - g.through_y0, _px(7)), np.uint8) if beyond is None else beyond
    ev = strike_evidence(added, printed, g, columns_of(b), columns_of(b))
    return decide_strike(ev), ev


def test_dust_never_makes_a_name_uncertain_when_below_floor():
    printed, g = _cell()
    added = np.zeros_like(printed)
    # Dust: isolated specks well under the kept floors, some inside the name's band.
    for cx, cy in ((8.0, 3.4), (20.9, 2.6), (44.0, 1.0), (30.1, 6.2)):
        cv2.circle(added, (_px(cx), _px(cy)), 1, 255, -1)
    added[printed > 0] = 0
    (mark, why), ev = _decide(added, printed, g)
    assert mark is Mark.KEPT, (why, ev)
    assert ev["blob_mm2"] <= THRESHOLDS["kept_blob_mm2"]


def test_unmarked_rows_with_print_fringe_are_kept():
    """A letter stem 1 px off in one stretch of a row: each tile refines its own fit, nothing is added."""
    h, w = _px(8), _px(60)
    tmpl_ink = np.zeros((h, w), np.uint8)
    for x in np.arange(5.0, 55.0, 1.5):
        tmpl_ink[_px(2.5):_px(5.5), _px(x):_px(x) + 2] = 255  # letter stems, 2 px wide
    dilated = cv2.dilate(tmpl_ink, np.ones((3, 3), np.uint8))
    scan = tmpl_ink.copy()
    right = slice(w // 2, w)
    scan[:, right] = np.roll(tmpl_ink, 2, axis=1)[:, right]  # the right half sits 2 px further right
    template = Template(tmpl_ink, tmpl_ink, dilated, K)
    ctx = PageContext(scan, template, K)
    naive = cv2.bitwise_and(scan, cv2.bitwise_not(dilated))
    tiled, _ = _added_tiled(ctx, 0, 0, w, h, 0, 0)
    assert np.count_nonzero(naive) > 50  # one shift for the whole row leaves slivers along stems
    assert np.count_nonzero(tiled) < 0.1 * np.count_nonzero(naive)
    # ... but a pen line through the same row is never absorbed by the tiles.
    struck = scan.copy()
    struck[_px(3.8):_px(3.8) + 3, _px(4):_px(56)] = 255
    ctx2 = PageContext(struck, template, K)
    line, _ = _added_tiled(ctx2, 0, 0, w, h, 0, 0)
    span = slice(_px(4), _px(56))
    visible = line[_px(3.8):_px(3.8) + 3, span].any(axis=0)
    gap_cols = ~dilated[_px(3.8), span].astype(bool)
    assert visible[gap_cols].mean() > 0.95


def test_a_fold_running_on_across_the_column_is_never_struck():
    printed, g = _cell()
    added = np.zeros_like(printed)
    y = _px(3.5)
    added[y, :] = 255  # a thin straight line across the whole cell: through the name and past it
    added[printed > 0] = 0
    (mark, why), ev = _decide(added, printed, g)
    assert ev["runout"] > THRESHOLDS["runout_max"]
    assert mark is Mark.UNCERTAIN and "past the name" in why


def test_a_strike_that_stops_just_past_the_name_is_struck():
    printed, g = _cell()
    added = np.zeros_like(printed)
    added[_px(3.3):_px(3.3) + 3, _px(3.5):_px(37.0)] = 255  # 0.5 mm line, overshooting by 1.5-2 mm
    added[printed > 0] = 0
    (mark, _), ev = _decide(added, printed, g)
    assert ev["runout"] == 0.0
    assert mark is Mark.STRUCK


@pytest.mark.parametrize(("cover", "span", "gaps", "expected"), [
    (0.75, 0.15, 0.95, Mark.STRUCK),  # wavy or thin line: short visible runs, but in every gap
    (0.75, 0.15, 0.80, Mark.UNCERTAIN),  # short runs and gaps missed: could be a fold or a partial
    (0.75, 0.30, 0.72, Mark.STRUCK),  # one long run across the name
    (0.63, 0.31, 0.92, Mark.STRUCK),  # letters hide a third of the line, but it shows in nearly every gap
    (0.63, 0.31, 0.85, Mark.UNCERTAIN),  # ... and not when it misses gaps like a partial strike or fold
    (0.49, 0.49, 0.73, Mark.UNCERTAIN),  # the longest partial strike measured
    (0.10, 0.05, 0.10, Mark.UNCERTAIN),  # ink near the name that is not a strike
])
def test_strike_rule_needs_the_white_gaps_when_runs_are_short(cover, span, gaps, expected):
    ev = {"cover": cover, "span": span, "gaps": gaps, "cover_cell": cover, "ink_mm2": 9.0, "blob_mm2": 2.0,
          "blob_mm": 6.0, "edge": 0.0, "beyond": 0.0, "runout": 0.0}
    assert decide_strike(ev)[0] is expected


def _bulge(img: np.ndarray, amount_px: float) -> np.ndarray:
    """Displace the middle of the page down by `amount_px`, the edges not at all (a feeder's stretch)."""
    h, w = img.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    map_y = ys - amount_px * np.sin(np.pi * ys / h)
    return cv2.remap(img, xs, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def test_rows_displaced_beyond_the_search_radius_are_tracked_down_the_column():
    lay = make_layout(30, "strike", seed=11)
    rows = lay.sheets[0].rows
    marks = {r.number: ("single" if r.number % 3 == 0 else "none") for r in rows}
    dpi = 150
    side = make_side(lay, 1, marks, dpi=dpi, preset="clean", seed=3, pens=single_pen(BLACK_05))
    image = _bulge(side.image, 2.2 * dpi / 25.4)  # 2.2 mm in the middle, more than one search radius
    r = read_side(image, {lay.layout_hash: lay})
    assert r.status == "read"
    assert max(abs(m.evidence["shift_y_mm"]) for m in r.marks) > 1.3
    assert {m.number: m.decision.value for m in r.marks} == dict(side.truth)


@pytest.mark.parametrize(("cover", "span", "gaps", "expected"), [
    (0.10, 0.07, 0.05, Mark.KEPT),  # slivers on the letters' edges: short pieces, no white gap
    (0.10, 0.07, 0.30, Mark.UNCERTAIN),  # ... the same ink showing in the gaps: a short stroke
    (0.10, 0.118, 0.0, Mark.UNCERTAIN),  # one continuous run: a faint partial strike
    (0.16, 0.07, 0.05, Mark.UNCERTAIN),  # crossing too much of the name to be a fringe
])
def test_fringe_slivers_on_the_letters_are_kept_a_stroke_is_not(cover, span, gaps, expected):
    ev = {"cover": cover, "span": span, "gaps": gaps, "cover_cell": 0.05, "ink_mm2": 0.9, "blob_mm2": 0.4,
          "blob_mm": 1.7, "edge": 0.0, "beyond": 0.0, "runout": 0.0}
    assert decide_strike(ev)[0] is expected


@pytest.mark.parametrize("density", [0.02, 0.1, 0.3, 0.6])
def test_speck_cleaning_equals_labelling_every_component(density):
    """The fast path (lone pixels by a dilation, labels only inside the ink's bounding box) keeps
    exactly the pixels and the component stats that labelling the whole cell gives."""
    from ballots.reading.evidence import SPECK_MM2, clean_specks, remove_specks

    rng = np.random.default_rng(int(density * 100))
    for _ in range(20):
        mask = np.where(rng.random((40, 300)) < density, 255, 0).astype(np.uint8)
        mask[:, :rng.integers(0, 150)] = 0  # ink in part of the cell only
        _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        keep = stats[:, cv2.CC_STAT_AREA] >= max(2, round(SPECK_MM2 * K * K))
        keep[0] = False
        want = np.where(keep[labels], 255, 0).astype(np.uint8)
        clean, kept = clean_specks(mask, K)
        assert np.array_equal(clean, want)
        assert np.array_equal(remove_specks(mask, K), want)
        order = np.lexsort(stats[keep].T[::-1])
        assert np.array_equal(kept[np.lexsort(kept.T[::-1])], stats[keep][order])


def _wavy_through_letters(printed: np.ndarray, x_from: float, x_to: float) -> np.ndarray:
    """A 0.5 mm line from x_from to x_to mm, level in each white gap, that steps 1.5 mm up or down
    inside two letters of every three: it shows in each gap, and the letters hide where it turns."""
    added = np.zeros_like(printed)
    pts = [(x_from, 2.75)]
    gap, i = 6.6, 0  # the first white gap (6.6-7.4 mm; letters at 5.0 + 2.4 k, 1.6 mm wide)
    while gap + 0.8 < x_to:
        y = 4.25 if i % 3 == 2 else 2.75
        pts += [(gap, y), (gap + 0.8, y)]
        gap, i = gap + 2.4, i + 1
    pts.append((x_to, pts[-1][1]))
    cv2.polylines(added, [np.array([(_px(x), _px(y)) for x, y in pts], np.int32)], False, 255, 3)
    added[printed > 0] = 0
    return added


def test_a_wavy_line_seen_in_every_white_gap_is_struck_though_the_letters_hide_its_turns():
    from ballots.reading.kernels import letter_bridged

    printed, g = _cell()
    (mark, why), ev = _decide(_wavy_through_letters(printed, 4.0, 36.0), printed, g)
    # The pixel bridge cannot follow the line through the letters where it changes height ...
    assert ev["span"] < THRESHOLDS["struck_span"] and ev["cover"] < THRESHOLDS["struck_cover"]
    # ... yet it shows in every gap and on both sides of every letter.
    assert ev["gaps"] == 1.0 and ev["span_letters"] > 0.85  # (the first letter: no stroke seen left of it in the name)
    assert mark is Mark.STRUCK, (why, ev)
    # The same line over the first 40 % of the name only: a partial strike, a person decides.
    (mark, why), ev = _decide(_wavy_through_letters(printed, 4.0, 17.0), printed, g)
    assert mark is Mark.UNCERTAIN and ev["span_letters"] < 0.5, (why, ev)
    # Bridging needs the stroke on both sides, and never crosses a white gap without ink.
    visible = np.array([1, 0, 0, 1, 0, 0, 0, 1, 0, 0], bool)
    letters = np.array([0, 1, 1, 0, 1, 0, 1, 0, 1, 1], bool)
    assert letter_bridged(visible, letters, 5).tolist() == [1, 1, 1, 1, 0, 0, 0, 1, 0, 0]
    assert letter_bridged(visible, letters, 1).tolist() == visible.tolist()


def test_letter_bridging_matches_its_definition_run_by_run():
    from ballots.reading.kernels import letter_bridged

    def by_definition(visible, letters, max_run):
        out, n, i = visible.copy(), len(visible), 0
        while i < n:
            if visible[i]:
                i += 1
                continue
            j = i
            while j < n and not visible[j]:
                j += 1
            if i > 0 and j < n and j - i <= max_run and letters[i:j].all():
                out[i:j] = True
            i = j
        return out

    rng = np.random.default_rng(5)
    for _ in range(500):
        n = int(rng.integers(1, 40))
        visible, letters = rng.random(n) < rng.random(), rng.random(n) < rng.random()
        max_run = int(rng.integers(0, 8))
        assert letter_bridged(visible, letters, max_run).tolist() == by_definition(visible, letters, max_run).tolist()


def test_a_thin_wavy_strike_that_the_small_letters_of_a_tight_list_half_hide_is_struck():
    """Bench sides of a four-column landscape list: a thin wavy line through a small name shows
    in every white gap and around nearly every letter, while the letters hide more than half of
    it. Partial strikes never show in so many gaps AND around so many letters."""
    base = {"span": 0.2, "cover_cell": 0.26, "ink_mm2": 4.9, "blob_mm2": 1.3, "blob_mm": 2.2, "edge": 0.0,
            "beyond": 0.0, "runout": 0.0}
    for cover, span_letters, gaps in ((0.48, 1.0, 1.0), (0.46, 0.77, 1.0), (0.42, 0.96, 1.0), (0.49, 0.97, 0.94)):
        ev = base | {"cover": cover, "span_letters": span_letters, "gaps": gaps}
        assert decide_strike(ev)[0] is Mark.STRUCK, ev
    # The most a partial strike reached on each count (calibrate_reading), with the rest at its best:
    for cover, span_letters, gaps in ((0.55, 1.0, 0.86), (0.55, 0.64, 1.0), (0.35, 1.0, 1.0)):
        ev = base | {"cover": cover, "span_letters": span_letters, "gaps": gaps}
        assert decide_strike(ev)[0] is Mark.UNCERTAIN, ev
