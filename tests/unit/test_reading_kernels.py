"""The compiled row kernels compute exactly what their OpenCV/numpy formulations compute.

Each test states the formulation (as the reader used it before the kernels) and compares it
with the kernel on random masks shaped like row cells: strokes, specks, letters, windows at the
image's edges.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ballots.reading.kernels import added_tiled, strike_counts
from ballots.reading.rows import _NEAR, _origin, _slice


def _cell_masks(rng: np.random.Generator, h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """(scan ink, printed) of a row cell: letter-like blocks printed, strokes and specks added."""
    printed = np.zeros((h, w), np.uint8)
    for x in range(int(rng.integers(0, 6)), w - 4, int(rng.integers(5, 12))):
        y0 = int(rng.integers(h // 4, h // 2))
        printed[y0:y0 + int(rng.integers(4, h // 2)), x:x + int(rng.integers(2, 5))] = 255
    ink = printed.copy()
    for _ in range(int(rng.integers(0, 4))):  # strokes: a line at a slant, sometimes wavy
        y, x0, x1 = int(rng.integers(0, h)), int(rng.integers(0, w)), int(rng.integers(0, w))
        pts = np.array([(x, y + int(3 * np.sin(x / rng.uniform(3, 9)) * rng.integers(0, 2)) + (x - x0) // 40)
                        for x in range(min(x0, x1), max(x0, x1) + 1)], np.int32)
        cv2.polylines(ink, [pts], False, 255, int(rng.integers(1, 4)))
    specks = rng.random((h, w)) < rng.uniform(0, 0.01)
    ink[specks] = 255
    if rng.random() < 0.5:  # misregistration: the print shifted by a pixel
        ink = np.maximum(ink, np.roll(printed, int(rng.integers(-1, 2)), axis=1))
    return ink, printed


def _added_tiled_by_opencv(ink: np.ndarray, blank: np.ndarray, x0: int, y0: int, x1: int, y1: int,
                           dx: int, dy: int, t: int) -> np.ndarray:
    """The tiled added ink as the reader computed it with OpenCV calls."""
    h, w = y1 - y0, x1 - x0
    big = _slice(ink, x0 + dx - 1, y0 + dy - 1, x1 + dx + 1, y1 + dy + 1)
    not_printed = _slice(blank, x0, y0, x1, y1, 255)
    out = cv2.bitwise_and(big[1:1 + h, 1:1 + w], not_printed)
    if cv2.countNonZero(out) == 0:
        return out
    starts = np.arange(0, w, t)
    inked = np.flatnonzero(np.add.reduceat(cv2.reduce(out, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[0], starts))
    first, last = int(inked[0]), int(inked[-1])
    a, b = int(starts[first]), int(starts[last + 1]) if last + 1 < len(starts) else w
    cands = [out[:, a:b]] + [cv2.bitwise_and(big[1 + oy:1 + oy + h, 1 + ox + a:1 + ox + b], not_printed[:, a:b])
                             for ox, oy in _NEAR[1:]]
    sums = np.stack([cv2.reduce(c, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[0] for c in cands])
    local = starts[first:last + 1] - a
    choice = np.add.reduceat(sums, local, axis=1).argmin(axis=0)
    ends = np.append(local[1:], b - a)
    for j in np.flatnonzero(choice):
        out[:, a + local[j]:a + ends[j]] = cands[choice[j]][:, local[j]:ends[j]]
    return out


@pytest.mark.parametrize("seed", range(4))
def test_the_tiled_added_ink_is_the_opencv_formulation_pixel_for_pixel(seed):
    rng = np.random.default_rng(seed)
    changed = 0
    for trial in range(150):
        h, w = int(rng.integers(20, 60)), int(rng.integers(30, 400))
        page_ink, page_printed = _cell_masks(rng, h + 12, w + 12)
        blank = cv2.bitwise_not(cv2.dilate(page_printed, np.ones((3, 3), np.uint8)))
        # The cell anywhere on the page, partly off it at times (its windows are then padded).
        x0, y0 = int(rng.integers(-8, 14)), int(rng.integers(-8, 14))
        x1, y1 = x0 + w - int(rng.integers(0, 10)), y0 + h - int(rng.integers(0, 10))
        dx, dy, t = int(rng.integers(-3, 4)), int(rng.integers(-3, 4)), int(rng.integers(4, 30))
        want = _added_tiled_by_opencv(page_ink, blank, x0, y0, x1, y1, dx, dy, t)
        src, sy, sx = _origin(page_ink, x0 + dx - 1, y0 + dy - 1, x1 + dx + 1, y1 + dy + 1)
        bl, by, bx = _origin(blank, x0, y0, x1, y1, 255)
        got = added_tiled(src, sy + 1, sx + 1, bl, by, bx, y1 - y0, x1 - x0, t, _NEAR)
        assert np.array_equal(got, want), trial
        changed += not np.array_equal(want, cv2.bitwise_and(_slice(page_ink, x0 + dx, y0 + dy, x1 + dx, y1 + dy),
                                                            _slice(blank, x0, y0, x1, y1, 255)))
    assert changed >= 20  # tiles did move: the comparison covers the per-tile choice


def _longest(flags: np.ndarray) -> int:
    best = run = 0
    for f in flags:
        run = run + 1 if f else 0
        best = max(best, run)
    return best


def _strike_counts_by_opencv(clean, printed, x0, x1, ty0, ty1, r0, bridge, max_run, edge):
    """The strike evidence's whole counts as the reader computed them with OpenCV morphology."""
    from ballots.reading.kernels import letter_bridged

    slack = cv2.dilate(clean, np.ones((3, 1), np.uint8))
    closed = cv2.morphologyEx(slack, cv2.MORPH_CLOSE, np.ones((1, bridge), np.uint8))
    bridged = cv2.bitwise_or(clean, cv2.bitwise_and(closed, printed))
    cols = bridged[ty0:ty1, x0:x1].any(axis=0)
    gap_cols = ~printed[ty0:ty1, x0:x1].any(axis=0)
    visible = clean[ty0:ty1, x0:x1].any(axis=0)
    h = clean.shape[0]
    return (int(cols.sum()), _longest(cols), _longest(letter_bridged(visible, ~gap_cols, max_run)),
            int(gap_cols.sum()), int(visible[gap_cols].sum()), int(clean[:, x0:x1].any(axis=0).sum()),
            cv2.countNonZero(clean), cv2.countNonZero(clean[:edge]) + cv2.countNonZero(clean[h - edge:]),
            int(clean[ty0:ty1, r0:].any(axis=0).sum()))


@pytest.mark.parametrize("seed", range(4))
def test_the_strike_counts_are_the_opencv_formulation_count_for_count(seed):
    rng = np.random.default_rng(100 + seed)
    bridged = 0
    for trial in range(200):
        h, w = int(rng.integers(16, 60)), int(rng.integers(20, 420))
        clean, printed = _cell_masks(rng, h, w)
        clean = cv2.bitwise_and(clean, cv2.bitwise_not(printed)) if rng.random() < 0.8 else clean
        x0 = int(rng.integers(0, w // 3))
        x1 = int(rng.integers(x0 + 1, w + 1))
        ty0 = int(rng.integers(0, h // 2))
        ty1 = int(rng.integers(ty0 + 1, h + 1))
        r0 = int(rng.integers(x1, w + 1))
        bridge = int(rng.integers(1, 12)) * 2 + 1
        args = (clean, printed, x0, x1, ty0, ty1, r0, bridge, int(rng.integers(0, 60)), int(rng.integers(1, 6)))
        want = _strike_counts_by_opencv(*args)
        assert tuple(int(v) for v in strike_counts(*args)) == want, trial
        # The closing bridged letters the visible ink alone did not cross.
        bridged += want[0] > int(clean[ty0:ty1, x0:x1].any(axis=0).sum())
    assert bridged >= 20


def test_the_inked_columns_beside_a_cell_are_those_of_the_added_ink_window():
    """The windows left and right of a cell (where a line running on is looked for), counted by
    the kernel, are the columns of (scan & blank) as OpenCV computes them, windows off the page
    included."""
    from ballots.reading.evidence import columns_of
    from ballots.reading.kernels import inked_columns

    rng = np.random.default_rng(7)
    for trial in range(300):
        h, w = int(rng.integers(10, 40)), int(rng.integers(10, 120))
        ink, printed = _cell_masks(rng, h, w)
        blank = cv2.bitwise_not(printed)
        x0, y0 = int(rng.integers(-20, w)), int(rng.integers(-10, h))
        x1, y1 = x0 + int(rng.integers(1, 60)), y0 + int(rng.integers(1, 20))
        dx, dy = int(rng.integers(-3, 4)), int(rng.integers(-3, 4))
        want = columns_of(cv2.bitwise_and(_slice(ink, x0 + dx, y0 + dy, x1 + dx, y1 + dy),
                                          _slice(blank, x0, y0, x1, y1, 255)))
        src, sy, sx = _origin(ink, x0 + dx, y0 + dy, x1 + dx, y1 + dy)
        bl, by, bx = _origin(blank, x0, y0, x1, y1, 255)
        assert (inked_columns(src, sy, sx, bl, by, bx, y1 - y0, x1 - x0), x1 - x0) == want, trial


def test_after_warming_reading_sides_compiles_nothing_more():
    """A reading worker compiles (or loads) its kernels at start: the sides it then reads, rows
    at the page's edges included, use exactly the warmed array types."""
    from ballots.reading import kernels, read_side
    from ballots.synth.corpus import make_layout, make_side

    kernels.warm()
    compiled = {f: len(f.signatures) for f in (kernels.added_tiled, kernels.inked_columns,
                                                kernels.best_overlap, kernels.strike_counts)}
    strike, boxes = make_layout(30, "strike", seed=4), make_layout(12, "boxes", seed=4)
    for seed, preset in enumerate(("clean", "phone", "fold")):
        side = make_side(strike, 1, {1: "single", 9: "wavy", 30: "double"}, dpi=150, preset=preset, seed=seed)
        assert read_side(side.image, {strike.layout_hash: strike}).status == "read"
    side = make_side(boxes, 1, {1: "x_agree", 2: "x_disagree"}, dpi=200, preset="phone", seed=1)
    assert read_side(side.image, {boxes.layout_hash: boxes}).status == "read"
    assert {f: len(f.signatures) for f in compiled} == compiled


@pytest.mark.parametrize("n", [3, 4, 5, 7])
def test_the_stems_of_a_search_window_are_the_whole_pages_opening_there(n):
    """The row search computes the scan's letter stems in its window only: bit for bit OpenCV's
    opening of the whole page by an n x 1 column (the page's border ignored), 0 off the page;
    and the shift it picks is the one picked on the whole page's stems."""
    from ballots.reading.kernels import _stem_bits, best_overlap, best_stem_overlap, pack_rows

    rng = np.random.default_rng(n)
    for trial in range(120):
        h, w = int(rng.integers(20, 90)), int(rng.integers(20, 200))
        ink = np.where(rng.random((h, w)) < 0.15, 255, 0).astype(np.uint8)
        for _ in range(int(rng.integers(3, 30))):  # stems: short vertical bars, some at the edges
            x, y = int(rng.integers(0, w)), int(rng.integers(-4, h))
            ink[max(y, 0):y + int(rng.integers(1, 12)), x:x + int(rng.integers(1, 3))] = 255
        stems = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8))
        th, tw, s = int(rng.integers(3, 16)), int(rng.integers(3, 140)), int(rng.integers(1, 9))
        x0, y0 = int(rng.integers(-s - 10, w)), int(rng.integers(-s - 10, h))
        hw, ww = th + 2 * s, tw + 2 * s
        want = _slice(stems, x0, y0, x0 + ww, y0 + hw)
        words = (tw + 63 >> 6) + 1 + (2 * s >> 6)
        bits = _stem_bits(ink, y0, x0, hw, ww, n, words)
        got = np.unpackbits(bits.view(np.uint8), axis=1, bitorder="little")[:, :ww] * 255
        assert np.array_equal(got, want), trial
        tmpl = stems[max(y0, 0):max(y0, 0) + th, max(x0, 0):max(x0, 0) + tw]
        if tmpl.shape == (th, tw):
            tmpl = np.ascontiguousarray(np.roll(tmpl, int(rng.integers(-2, 3)), axis=1))
            assert best_stem_overlap(ink, x0, y0, pack_rows(tmpl), tw, s, n) == best_overlap(np.ascontiguousarray(want), tmpl)
