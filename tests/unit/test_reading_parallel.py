"""The reading pool kept across batches, and the corner-marker search cascade."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ballots.reading import Reader, read_side
from ballots.reading.markers import find_markers
from ballots.reading.page import INK_RATIO, ink_mask
from ballots.synth.corpus import make_layout, make_side

DPI = 150


@pytest.fixture(scope="module")
def strike():
    return make_layout(12, "strike", seed=3)


@pytest.fixture(scope="module")
def layouts(strike):
    return {strike.layout_hash: strike}


def test_one_pool_reads_several_batches_in_order(strike, layouts, tmp_path):
    sides = [make_side(strike, 1, {n: "single"}, dpi=DPI, preset="clean", seed=n) for n in (1, 2, 3, 4)]
    paths = []
    for i, s in enumerate(sides):
        p = tmp_path / f"s{i}.png"
        cv2.imwrite(str(p), s.image)
        paths.append(p)
    missing = tmp_path / "missing.png"
    with Reader(layouts, workers=2, chunksize=1) as reader:
        states = reader.worker_states()
        first = list(reader.read(paths[:2]))
        second = list(reader.read([*paths[2:], missing]))
        again = reader.worker_states()
    assert len({s.pid for s in states}) == 2
    assert {s.pid for s in again} == {s.pid for s in states}  # the same workers served both batches
    assert all(s.prepare_s > 0 and s.peak_rss_mb > 0 for s in states)  # templates rendered at start
    expected = [read_side(p.read_bytes(), layouts).to_dict() for p in paths]
    got = [r[0].to_dict() for r in first + second[:2]]
    assert got == expected
    assert second[2][0].status == "rejected" and "missing.png" in second[2][0].reason


def test_markers_far_from_the_corners_are_found_by_the_larger_crops(strike):
    side = make_side(strike, 1, {}, dpi=DPI, preset="clean", seed=1)
    h, w = side.image.shape
    # A photo with a wide border: the page's markers lie outside the small corner crops.
    framed = np.full((h + 2 * (h // 5), w + 2 * (w // 5)), 245, np.uint8)
    framed[h // 5:h // 5 + h, w // 5:w // 5 + w] = side.image
    found, whole_page = find_markers(framed)
    assert sorted(found) == [0, 1, 2, 3] and not whole_page
    plain, _ = find_markers(side.image)
    for mid in found:  # the same corners, moved by the border
        assert np.allclose(found[mid] - [w // 5, h // 5], plain[mid], atol=0.01)


def test_a_covered_marker_sends_the_search_to_the_whole_page(strike):
    side = make_side(strike, 1, {}, dpi=DPI, preset="clean", seed=1)
    img = side.image.copy()
    k = DPI / 25.4
    m = next(m for m in strike.sheets[0].markers if m.id == 0)
    img[:round(m.quiet.y2 * k), :round(m.quiet.x2 * k)] = 245
    found, whole_page = find_markers(img)
    assert sorted(found) == [1, 2, 3] and whole_page


def test_ink_mask_marks_pixels_darker_than_the_local_paper():
    page = np.full((120, 160), 240, np.uint8)
    page[50:53, 20:140] = 60  # a pen line
    page[80, 30] = round(240 * INK_RATIO) + 2  # barely darker than paper: not ink
    mask = ink_mask(page)
    assert mask.dtype == np.uint8 and set(np.unique(mask)) == {0, 255}
    assert mask[50:53, 20:140].all() and mask[80, 30] == 0 and not mask[:40].any()


def test_pool_size_reads_one_file_in_process_and_renders_templates_only_for_long_runs():
    from ballots.reading.parallel import pool_size

    assert pool_size(1, 4) == (1, False) and pool_size(0, 4) == (1, False)
    assert pool_size(8, 2) == (2, False)  # a short batch: templates rendered when first needed
    assert pool_size(9, 2) == (2, True)
    assert pool_size(None, 2) == (2, True)  # a watched folder: no end in sight


@pytest.mark.parametrize(("dpi", "preset"), [(80, "clean"), (150, "scan"), (200, "scan"), (300, "scan_hard"), (200, "phone")])
def test_markers_found_at_half_size_have_arucos_own_corners(strike, dpi, preset):
    """The half-size search, refined on the full pixels, gives the corners ArUco finds on the full
    crop (its sub-pixel refinement on), to well under the per-row search's pixel."""
    from ballots.reading import markers

    full = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50),
                                   markers._detector(False, 0.0).getDetectorParameters())
    worst = 0.0
    for seed in range(4):
        image = make_side(strike, 1, {2: "single"}, dpi=dpi, preset=preset, seed=seed).image
        found, _ = find_markers(image)
        corners, ids, _ = full.detectMarkers(image)
        assert ids is not None
        truth = {int(i): c.reshape(4, 2) for c, i in zip(corners, ids.ravel(), strict=True)}
        assert sorted(found) == [0, 1, 2, 3]
        for mid, pts in found.items():
            worst = max(worst, float(np.abs(pts - truth[mid]).max()))
    assert worst < 0.5


def test_a_crop_where_the_half_size_search_finds_nothing_is_searched_in_full(strike, monkeypatch):
    """The cascade: nothing at half size (a marker too small or too faint there) -> the full crop."""
    from ballots.reading import markers

    image = make_side(strike, 1, {}, dpi=DPI, preset="clean", seed=1).image
    halved, _ = find_markers(image)
    monkeypatch.setattr(markers, "_detect_halved", lambda grey, ox, oy: {})
    full, whole_page = find_markers(image)
    assert sorted(full) == [0, 1, 2, 3] and not whole_page
    for mid in full:
        assert np.abs(full[mid] - halved[mid]).max() < 0.5


def test_markers_outside_the_small_crops_are_found_at_half_size_in_the_larger_ones(monkeypatch):
    """An A5 cell ballot at 200 dpi: a skewed feed puts some markers outside the 16 % corner crops.
    The larger crops at half size find them; no crop is searched in full."""
    from ballots.reading import markers

    full_searches = []
    full = markers._detect_full
    monkeypatch.setattr(markers, "_detect_full", lambda grey, ox, oy: full_searches.append(grey.shape) or full(grey, ox, oy))
    cell = make_layout(9, "strike", seed=9, election="CB")
    outside = 0
    for seed in range(4):
        image = make_side(cell, 1, {2: "single"}, dpi=200, preset="scan", seed=seed).image
        h, w = image.shape
        cw, ch = int(w * markers.CORNER_FRACTIONS[0]), int(h * markers.CORNER_FRACTIONS[0])
        outside += sum(not markers._detect_halved(image[oy:oy + ch, ox:ox + cw], ox, oy)
                       for ox, oy in ((0, 0), (w - cw, 0), (w - cw, h - ch), (0, h - ch)))
        found, whole_page = find_markers(image)
        assert sorted(found) == [0, 1, 2, 3] and not whole_page
    assert outside >= 4  # the case happened
    assert full_searches == []
