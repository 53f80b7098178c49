"""The blank gate (a duplex back) decides exactly as its definition on the quarter-size page."""

from __future__ import annotations

import cv2
import numpy as np

from ballots.reading.page import BLANK_INK_SHARE, halve, is_blank, paper_level
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
