"""Registration gates: a camera tilt is perspective and is read; a sheet stretched one way beyond
any tilt or feeder, or a photo at too steep an angle, is refused with that reason."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from ballots.reading import read_side
from ballots.reading.registration import MAX_ANISOTROPY
from ballots.synth.corpus import make_layout, make_side, single_pen
from ballots.synth.marks import BLACK_05


@pytest.fixture(scope="module")
def layout():
    return make_layout(30, "strike", seed=1)


@pytest.fixture(scope="module")
def side(layout):
    return make_side(layout, 1, {2: "single", 7: "double"}, dpi=150, preset="clean", seed=5, pens=single_pen(BLACK_05))


def _warp(img: np.ndarray, corners: np.ndarray, pad: float = 0.35) -> np.ndarray:
    """`img` mapped so that its four corners land on `corners` (image px), on a padded canvas."""
    h, w = img.shape
    ox, oy = w * pad, h * pad
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src, (corners + np.array([ox, oy])).astype(np.float32))
    size = (round(w * (1 + 2 * pad)), round(h * (1 + 2 * pad)))
    return cv2.warpPerspective(img, m, size, flags=cv2.INTER_LINEAR, borderValue=235)


def _tilted(img: np.ndarray, deg: float, focal: float) -> np.ndarray:
    """A pinhole camera (square pixels, `focal` in px) looking at the page tilted by `deg` about
    the page's horizontal axis: foreshortening of 1 - cos(deg) at the centre, exactly perspective."""
    h, w = img.shape
    t = math.radians(deg)
    out = []
    for x, y in ((0, 0), (w, 0), (w, h), (0, h)):
        px, py = x - w / 2, y - h / 2
        yr, zr = py * math.cos(t), focal + py * math.sin(t)
        out.append((focal * px / zr + w / 2, focal * yr / zr + h / 2))
    return _warp(img, np.array(out))


def _decisions(r):
    return {m.number: m.decision.value for m in r.marks}


def test_a_photo_tilted_20_degrees_is_read(layout, side):
    """1 - cos 20 = 6 % foreshortening: more than any feeder stretch, yet exactly a homography."""
    img = _tilted(side.image, 20, focal=1.2 * math.hypot(*side.image.shape))
    r = read_side(img, {layout.layout_hash: layout})
    assert r.status == "read", r.reason
    assert r.registration.anisotropy > 0.04  # the old centre-stretch gate refused this photo
    assert _decisions(r) == dict(side.truth)
    # The record says how steep the photo was (a flat scan says ~0).
    assert r.to_dict()["registration"]["perspective"] > 0.02
    flat = read_side(side.image, {layout.layout_hash: layout})
    assert flat.to_dict()["registration"]["perspective"] < 0.005


def test_a_sheet_stretched_one_way_beyond_any_tilt_is_refused(layout, side):
    img = cv2.resize(side.image, None, fx=1.0 + MAX_ANISOTROPY + 0.04, fy=1.0, interpolation=cv2.INTER_AREA)
    r = read_side(img, {layout.layout_hash: layout})
    assert r.status == "rejected"
    assert "distorted" in r.reason and "stretched one way" in r.reason


def test_a_photo_at_too_steep_an_angle_is_refused(layout, side):
    """Pure perspective (no stretch at the centre): the far corner far smaller than the near one."""
    h, w = side.image.shape
    v = 0.7 / h  # w runs 0.65 .. 1.35 down the page
    corners = []
    for x, y in ((0, 0), (w, 0), (w, h), (0, h)):
        px, py = x - w / 2, y - h / 2
        d = 1 + v * py
        corners.append((px / d + w / 2, py / d + h / 2))
    r = read_side(_warp(side.image, np.array(corners), pad=0.5), {layout.layout_hash: layout})
    assert r.status == "rejected"
    assert "too steep an angle" in r.reason, r.reason


def test_the_table_showing_along_the_paper_edge_is_not_a_mark(layout, side):
    """A photo's background creeping over the sheet's edge (curl, perspective) is no writing;
    a mark a few millimetres further in still is."""
    img = side.image.copy()
    k = 150 / 25.4
    img[:, :3] = 90  # the left edge, 0.5 mm
    img[-2:, :] = 90  # the bottom edge
    r = read_side(img, {layout.layout_hash: layout})
    assert r.residual == ()
    x, y = round(6 * k), round(200 * k)  # a blot 6 mm in from the left edge, in the blank margin
    img[y:y + round(3 * k), x:x + round(3 * k)] = 30
    r = read_side(img, {layout.layout_hash: layout})
    assert len(r.residual) == 1 and r.residual[0].area_mm2 > 5


def test_each_row_is_aligned_at_the_exact_best_whole_pixel_fit_ties_included():
    """The row search scores whole counts of overlapping stem pixels: the shift it picks is the
    exact best fit less the small-correction penalty, the first in scan order on a tie (rows
    whose text is not seen tie often)."""
    from ballots.reading.rows import _best_shift

    rng = np.random.default_rng(3)
    k, s = 6.0, round(1.3 * 6.0)
    ties = 0
    for trial in range(240):
        h, w = int(rng.integers(12, 30)), int(rng.integers(40, 220))
        # Sparse stems against busy paper give small counts, so many shifts tie exactly.
        tmpl = np.where(rng.random((h, w)) < (0.2 if trial % 2 else 0.02), 255, 0).astype(np.uint8)
        scan = np.zeros((h + 2 * s + 40, w + 2 * s + 40), np.uint8)
        scan[20:20 + h + 2 * s, 20:20 + w + 2 * s] = 255 * (rng.random((h + 2 * s, w + 2 * s)) < 0.1)
        dy, dx = (int(v) for v in rng.integers(-s, s + 1, 2))
        y0, x0 = 20 + s, 20 + s
        if trial % 3:  # the row is there (else only paper noise: a row whose text is not seen)
            scan[y0 + dy:y0 + dy + h, x0 + dx:x0 + dx + w] |= tmpl
        win = scan[y0 - s:y0 + h + s, x0 - s:x0 + w + s].astype(np.int64) // 255
        counts = np.array([[int((win[j:j + h, i:i + w] * (tmpl // 255)).sum()) for i in range(2 * s + 1)]
                           for j in range(2 * s + 1)])
        yy, xx = np.mgrid[-s:s + 1, -s:s + 1]
        exact = counts - 0.5 * (np.abs(yy) + np.abs(xx))
        best = np.flatnonzero(exact == exact.max())
        ties += len(best) > 1
        iy, ix = divmod(int(best[0]), 2 * s + 1)
        assert _best_shift(scan, tmpl, x0, y0, x0 + w, y0 + h, (0, 0), k) == (ix - s, iy - s), trial
    assert ties >= 5  # the ties were there to be broken


def test_a_side_is_aligned_once_the_qr_corner_and_the_rows_share_it(layout, side, monkeypatch):
    """The homography that found the QR code is the one the side is read with (the same markers
    on the same page size align the same way), not computed a second time."""
    from ballots.reading import registration
    from ballots.reading import side as reading_side
    from ballots.reading.decode import as_grey
    from ballots.reading.identify import Identified, find_code_text, identify
    from ballots.reading.markers import find_markers

    layouts = {layout.layout_hash: layout}
    grey = as_grey(side.image)
    found, _ = find_markers(grey)
    texts, located = find_code_text(grey, found, layouts)
    who = identify(texts, layouts)
    assert isinstance(who, Identified) and located is not None
    assert registration.same_frame(located[0], who.sheet)
    fresh = registration.align(found, who.sheet)
    assert np.array_equal(located[1].to_mm, fresh.to_mm) and located[1].reprojection_px == fresh.reprojection_px

    calls = []
    real = registration.align
    monkeypatch.setattr(reading_side, "align", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setattr("ballots.reading.identify.align", lambda *a: calls.append(a) or real(*a))
    reg = reading_side.register(grey, layouts)
    assert len(calls) == 1 and np.array_equal(reg.alignment.to_mm, fresh.to_mm)
