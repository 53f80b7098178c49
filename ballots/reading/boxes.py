"""Evidence for one agree/disagree box (boxes form): how full it is and whether the ink is an X."""

from __future__ import annotations

import cv2
import numpy as np

RING_MM = (0.8, 2.5)  # outside the box: ink here spilled out of (or sits next to) the box
INSET_MM = 0.7  # the interior starts this far inside the outer edge (outline + tolerance)


def _diagonal_score(mask: np.ndarray) -> float:
    """Share of points along BOTH diagonals that carry ink (min of the two): an X scores high."""
    h, w = mask.shape
    if h < 3 or w < 3:
        return 0.0
    t = np.linspace(0.2, 0.8, max(h, w))
    ys = (t * (h - 1)).round().astype(int)
    xs = (t * (w - 1)).round().astype(int)
    d1 = mask[ys, xs] > 0
    d2 = mask[ys, w - 1 - xs] > 0
    return float(min(d1.mean(), d2.mean()))


def _count(mask: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> int:
    h, w = mask.shape
    return int(np.count_nonzero(mask[max(y0, 0):min(y1, h), max(x0, 0):min(x1, w)]))


def box_evidence(added: np.ndarray, box: tuple[int, int, int, int], k: float,
                 printed: np.ndarray | None = None) -> dict[str, float]:
    """`added`: 0/255 added ink of the page; `box`: (x0, y0, x1, y1) outer edges in its pixels;
    `printed`: the template's (dilated) ink in the same frame, when known.

    fill   share of the interior covered with added ink
    x      diagonal score of the interior ink (grown ~0.5 mm): an X scores ~1, a tick or dot ~0
    ring   added ink in the ring around the box, mm², not counting ink within one more pixel of
           printed lines: the table rules next to the box are aligned with the row, not with the
           box, and a 1-2 px misfit there leaves a sliver along the rule that no pen drew
    """
    x0, y0, x1, y1 = box
    i = round(INSET_MM * k)
    inner = added[y0 + i:y1 - i, x0 + i:x1 - i]
    fill = float(np.count_nonzero(inner)) / max(inner.size, 1)
    pad = max(1, round(0.5 * k))
    grown = cv2.dilate(inner, np.ones((2 * pad + 1, 2 * pad + 1), np.uint8)) if inner.size else inner
    r0, r1 = round(RING_MM[0] * k), round(RING_MM[1] * k)
    outside = added
    if printed is not None:
        outside = cv2.bitwise_and(added, cv2.bitwise_not(cv2.dilate(printed, np.ones((3, 3), np.uint8))))
    ring = _count(outside, x0 - r1, y0 - r1, x1 + r1, y1 + r1) - _count(outside, x0 - r0, y0 - r0, x1 + r0, y1 + r0)
    return {"fill": fill, "x": _diagonal_score(grown), "ring": ring / (k * k)}
