"""Connected components of a sparse page-sized mask, labelled only where its ink is.

The residual ink of a side is a few specks and strokes scattered over a whole page: one labelling
pass over the page (or over the box around all of them) costs about 7 ms of a 20 ms side, almost
all of it on empty paper. Pooled 8 x 8 first (three exact 2x halvings, about 0.1 ms), the pieces of
the pooled mask say where the ink is, and each piece is labelled on its own small box.

Exact: two 8-connected pixels lie in the same or neighbouring 8 x 8 cells, so every component of
the mask lies inside one 8-connected piece of the pooled mask. Each piece's box is labelled with
the other pieces' cells blanked, so no component is counted twice or cut.
"""

from __future__ import annotations

import cv2
import numpy as np

from ballots.reading.page import halve

POOL = 8  # three halvings
MAX_PIECES = 200  # more pooled pieces than this (a dense mask): one labelling of the whole box is cheaper
NO_STATS = np.zeros((0, 5), np.int32)


def label(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(count, labels, stats) of the 8-connected components of `mask`, background included (BBDT:
    the same labels as OpenCV's default, faster on sparse masks)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S, cv2.CCL_BBDT)
    return n, labels, stats


def _stats_at(mask: np.ndarray, x0: int, y0: int) -> np.ndarray:
    """Stats rows of the components of `mask`, background dropped, moved to its origin (x0, y0)."""
    stats = label(mask)[2][1:]
    stats[:, cv2.CC_STAT_LEFT] += x0
    stats[:, cv2.CC_STAT_TOP] += y0
    return stats


def box_stats(mask: np.ndarray) -> np.ndarray:
    """Stats rows of the components of `mask`, labelled only inside the bounding box of its ink
    (the same rows as labelling all of it, in its label order)."""
    x, y, w, h = cv2.boundingRect(mask)
    return _stats_at(mask[y:y + h, x:x + w], x, y) if w else NO_STATS


def _pooled(mask: np.ndarray) -> np.ndarray:
    """0/255, one pixel per POOL x POOL cell of `mask` (the last cells may be partial): 255 where
    the cell holds any ink. A lone 255 halves to 64, 16, 4 (OpenCV rounds), never to 0."""
    h, w = mask.shape
    h8, w8 = h // POOL, w // POOL
    out = np.zeros((-(-h // POOL), -(-w // POOL)), np.uint8)
    out[:h8, :w8] = halve(mask[:h8 * POOL, :w8 * POOL], 3)
    if w > w8 * POOL:  # the right strip: the rows' maxima, then per cell
        right = cv2.reduce(mask[:, w8 * POOL:], 1, cv2.REDUCE_MAX).ravel()
        right = np.concatenate([right, np.zeros(out.shape[0] * POOL - h, np.uint8)])
        out[:, w8] = right.reshape(-1, POOL).max(axis=1)
    if h > h8 * POOL and w8:  # the bottom strip (its right corner cell is already set)
        bottom = cv2.reduce(mask[h8 * POOL:, :w8 * POOL], 0, cv2.REDUCE_MAX).ravel()
        out[h8, :w8] = np.maximum(out[h8, :w8], bottom.reshape(-1, POOL).max(axis=1))
    return cv2.threshold(out, 0, 255, cv2.THRESH_BINARY)[1]


def component_stats(mask: np.ndarray) -> np.ndarray:
    """Stats rows (x, y, w, h, area; int32) of the 8-connected components of a 0/255 mask, in
    (y, x, w, h, area) order: the same rows as one labelling of the whole mask, in an order that
    does not depend on how the labelling was done."""
    n, plabels, pstats = label(_pooled(mask))
    if n <= 1:
        return NO_STATS
    if n - 1 > MAX_PIECES:
        stats = box_stats(mask)
    else:
        h, w = mask.shape
        parts = []
        for j in range(1, n):
            px, py, pw, ph = (int(v) for v in pstats[j, :4])
            x0, y0 = px * POOL, py * POOL
            x1, y1 = min((px + pw) * POOL, w), min((py + ph) * POOL, h)
            box = mask[y0:y1, x0:x1]
            cells = plabels[py:py + ph, px:px + pw]
            if np.count_nonzero((cells != 0) & (cells != j)):  # another piece shares the box: blank it
                own = np.repeat(np.repeat(cells == j, POOL, axis=0), POOL, axis=1)[:y1 - y0, :x1 - x0]
                box = np.where(own, box, np.uint8(0))
            parts.append(_stats_at(box, x0, y0))
        stats = np.concatenate(parts)
    order = np.lexsort((stats[:, cv2.CC_STAT_AREA], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH],
                        stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]))
    return np.ascontiguousarray(stats[order], dtype=np.int32)
