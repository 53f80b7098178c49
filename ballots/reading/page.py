"""Page-level image steps: the blank gate, scanner streaks, and the ink mask in template space."""

from __future__ import annotations

import cv2
import numpy as np

BLANK_INK_SHARE = 0.002  # a duplex back: almost no ink at all
INK_RATIO = 0.74  # a pixel is ink when it is >= 26 % darker than the paper around it
STREAK_SHARE = 0.9  # a column dark over this share of the page height is a scanner streak (dust
# on the glass draws along the whole feed; a printed table rule never spans 90 % of the page)
STREAK_MAX_SHARE = 0.01  # ... and it must be thin (real content is never a page-long thin line)


def paper_level(grey: np.ndarray) -> float:
    """The 90th percentile grey of a sparse sample: the paper (from a histogram, not a sort)."""
    return _paper_of(grey[::8, ::8])


def _paper_of(sample: np.ndarray) -> float:
    sample = np.ascontiguousarray(sample)
    if not sample.size:
        return 255.0
    counts = np.cumsum(cv2.calcHist([sample], [0], None, [256], [0, 256]).ravel())
    return float(np.searchsorted(counts, 0.9 * counts[-1]))


def halve(img: np.ndarray, times: int) -> np.ndarray:
    """Area-average `img` down by 2**times, one exact halving at a time (an odd last row or column
    is dropped). OpenCV's 2x area path is ~10x faster than a general-factor INTER_AREA resize.
    """
    for _ in range(times):
        h, w = img.shape[:2]
        if h < 2 or w < 2:
            break
        img = cv2.resize(img[:h // 2 * 2, :w // 2 * 2], (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    return img


def is_blank(grey: np.ndarray) -> bool:
    """True when the side carries (almost) no ink: a duplex back, an empty page."""
    h, w = grey.shape[:2]
    if h < 64 or w < 64:
        small = halve(grey, 2)
        return np.count_nonzero(small < paper_level(small) * 0.8) / small.size < BLANK_INK_SHARE
    # The same test on the quarter-size page without shrinking all of it first: its paper level
    # from the blocks of every 8th quarter-size row, then its dark pixels top eighth first. A
    # printed side proves itself there (its two top markers alone are more than the share).
    h2, w2 = h // 4, w // 4  # the quarter-size page (an odd last row or column dropped twice)
    starts = np.arange(0, h2, 8) * 4
    blocks = grey[(starts[:, None] + np.arange(4)).ravel(), :w2 * 4]
    paper = _paper_of(halve(blocks, 2)[:, ::8])
    top = max(1, h2 // 8)
    dark = np.count_nonzero(halve(grey[:top * 4, :w2 * 4], 2) < paper * 0.8)
    if dark / (h2 * w2) >= BLANK_INK_SHARE:
        return False
    dark += np.count_nonzero(halve(grey[top * 4:h2 * 4, :w2 * 4], 2) < paper * 0.8)
    return dark / (h2 * w2) < BLANK_INK_SHARE


def mask_streaks(grey: np.ndarray) -> tuple[np.ndarray, tuple[int, ...]]:
    """Remove thin page-long vertical lines (dust on the scanner glass) by copying the neighbours.

    Only image columns are touched — the feed direction of a sheet feeder — so a streak can hide at
    most a few pixels of a horizontal strike, never a whole one. Returns the image and the columns.
    """
    paper = paper_level(grey)
    rows = grey[::4]
    n = rows.shape[0]
    # The first quarter of the page first: a column with more light pixels there than a streak
    # leaves in the whole page cannot be one. On a printed page (and on a blank one) that rules
    # out every column, and the rest is never looked at.
    head = cv2.compare(rows[:max(n // 4, 1)], paper * 0.9, cv2.CMP_LT)
    most = n - (head.shape[0] - cv2.reduce(head, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[0] // 255)
    if not np.any(most / n > STREAK_SHARE - 1e-9):
        return grey, ()
    dark = cv2.compare(rows, paper * 0.9, cv2.CMP_LT)  # 255 where dark
    share = cv2.reduce(dark, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[0] / (255.0 * n)
    cols = np.flatnonzero(share > STREAK_SHARE)
    if cols.size == 0 or cols.size > STREAK_MAX_SHARE * grey.shape[1]:
        return grey, ()
    out = grey.copy()
    w = grey.shape[1]
    bad = set(cols.tolist())
    for c in cols:
        left = c - 1
        while left in bad and left > 0:
            left -= 1
        right = c + 1
        while right in bad and right < w - 1:
            right += 1
        src = left if left >= 0 and left not in bad else right
        out[:, c] = grey[:, min(max(src, 0), w - 1)]
    return out, tuple(int(c) for c in cols)


def ink_mask(page: np.ndarray) -> np.ndarray:
    """0/255 ink mask relative to the local paper level (robust to phone shading and low toner)."""
    h, w = page.shape
    small = halve(page, 4)
    # Local paper white: the brightest nearby block (text lowers a block's mean, paper does not).
    bg = cv2.dilate(small, np.ones((5, 5), np.uint8))
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    # thr = floor(bg * R / 256): INK_RATIO in 8.8 fixed point. convertScaleAbs rounds bg * R / 256
    # - 1/2 to the nearest, which is that floor exactly when R is odd (no bg > 0 lands on a whole
    # number, the one place where rounding half to even could differ), and is three times faster
    # than a 256-entry table on a whole page.
    thr = cv2.convertScaleAbs(bg, alpha=_INK_R / 256, beta=-0.5)
    return cv2.compare(page, thr, cv2.CMP_LT)  # 255 where darker than the threshold, else 0


_INK_R = round(INK_RATIO * 256)
assert _INK_R % 2 == 1, "the ink threshold's fixed-point ratio must be odd (see ink_mask)"
