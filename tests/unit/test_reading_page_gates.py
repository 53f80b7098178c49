"""The page gates decide exactly as their definitions: the blank gate (a duplex back) on the
quarter-size page, the streak gate on every 4th row of the whole page."""

from __future__ import annotations

import cv2
import numpy as np

from ballots.reading.page import (
    BLANK_INK_SHARE,
    STREAK_MAX_SHARE,
    STREAK_SHARE,
    halve,
    is_blank,
    mask_streaks,
    paper_level,
)
from ballots.synth.corpus import make_layout, make_side


def _by_definition(grey: np.ndarray) -> bool:
    small = halve(grey, 2)
    return np.count_nonzero(small < paper_level(small) * 0.8) / small.size < BLANK_INK_SHARE


def test_the_blank_gate_is_its_definition_near_the_threshold_and_wherever_the_ink_is():
    rng = np.random.default_rng(11)
    seen = {True: 0, False: 0}
    for trial in range(160):
        h, w = int(rng.integers(64, 900)), int(rng.integers(64, 700))
        grey = np.clip(rng.normal(rng.uniform(150, 250), 6, (h, w)), 0, 255).astype(np.uint8)
        # Dark dots around the threshold share, in the top eighth, the rest, or anywhere.
        n = int(BLANK_INK_SHARE * (h // 4) * (w // 4) * 16 * rng.uniform(0.3, 2.0) / 9)
        y0 = (0, h // 8, 0)[trial % 3]
        y1 = (max(h // 8, 4), h, h)[trial % 3]
        for _ in range(n):
            y, x = int(rng.integers(y0, y1 - 3)), int(rng.integers(0, w - 3))
            grey[y:y + 3, x:x + 3] = int(rng.integers(0, 90))
        want = _by_definition(grey)
        assert is_blank(grey) == want, trial
        seen[want] += 1
    assert min(seen.values()) >= 30  # both answers, near the threshold


def test_a_printed_side_is_not_blank_and_a_back_with_show_through_is():
    side = make_side(make_layout(30, "strike", seed=2), 1, {}, dpi=150, preset="clean", seed=1)
    assert not is_blank(side.image) and not _by_definition(side.image)
    back = cv2.flip(side.image, 1)
    back = (255 - (255 - back.astype(np.int32)) // 12).astype(np.uint8)  # the print seen through the paper
    assert is_blank(back) and _by_definition(back)


def _streak_columns_by_definition(grey: np.ndarray) -> tuple[int, ...]:
    rows = grey[::4]
    dark = cv2.compare(rows, paper_level(grey) * 0.9, cv2.CMP_LT)
    share = cv2.reduce(dark, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[0] / (255.0 * rows.shape[0])
    cols = np.flatnonzero(share > STREAK_SHARE)
    return () if cols.size == 0 or cols.size > STREAK_MAX_SHARE * grey.shape[1] else tuple(cols.tolist())


def test_the_streak_gate_finds_the_columns_of_its_definition():
    rng = np.random.default_rng(12)
    found = 0
    for trial in range(120):
        h, w = int(rng.integers(40, 900)), int(rng.integers(120, 700))
        grey = np.clip(rng.normal(230, 5, (h, w)), 0, 255).astype(np.uint8)
        for _ in range(int(rng.integers(0, 4))):  # lines down the feed, some broken near 90 %
            x = int(rng.integers(0, w))
            dark = rng.random(h) < rng.choice([1.0, 0.93, 0.9, 0.85, 0.5])
            start = int(rng.integers(0, h // 3)) if rng.random() < 0.3 else 0
            grey[start:, x][dark[start:]] = int(rng.integers(20, 150))
        if trial % 4 == 0:  # printing at the top: markers, a heading
            grey[: h // 6, : w // 5] = 30
        want = _streak_columns_by_definition(grey)
        out, cols = mask_streaks(grey)
        assert cols == want, trial
        assert (out is grey) == (not want)
        found += bool(want)
    assert found >= 20



def test_the_ink_mask_is_its_fixed_point_definition_for_every_paper_and_grey():
    """ink_mask: darker than floor(local paper * R / 256) (R: INK_RATIO in 8.8 fixed point), the
    local paper being the brightest block around, upscaled; on pages of every paper level."""
    from ballots.reading.page import _INK_R, ink_mask

    table = ((np.arange(256) * _INK_R) >> 8).astype(np.uint8)
    rng = np.random.default_rng(3)
    for paper in range(0, 256, 3):
        page = np.clip(rng.normal(paper, 40, (160, 200)), 0, 255).astype(np.uint8)
        h, w = page.shape
        bg = cv2.resize(cv2.dilate(halve(page, 4), np.ones((5, 5), np.uint8)), (w, h), interpolation=cv2.INTER_LINEAR)
        want = np.where(page < table[bg], 255, 0)
        assert np.array_equal(ink_mask(page), want), paper
        assert 0 < np.count_nonzero(want) < want.size or paper < 30 or paper > 240
