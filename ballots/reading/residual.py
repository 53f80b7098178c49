"""Ink outside every zone where ink is expected: written-in names, signatures, other marks.

Also spots folds: a thin line across most of the page width is the paper, not the voter.
"""

from __future__ import annotations

import cv2
import numpy as np

from ballots.layout import SheetLayout
from ballots.reading.model import InkBlob

ZONE_TOLERANCE_MM = 1.5  # registration slack around printed things and mark zones
MIN_BLOB_MM2 = 0.8  # smaller specks are dust
FOLD_WIDTH_SHARE = 0.6  # a line this long across the page is a fold or a crease
FOLD_MAX_H_MM = 2.5


def allowed_mask(sheet: SheetLayout, shape: tuple[int, int], k: float) -> np.ndarray:
    """0/255 mask of the zones where ink is legitimate (printed, marks, stamp, QR)."""
    mask = np.zeros(shape, np.uint8)
    for r in (*sheet.allowed_zones, sheet.qr_quiet, *(m.quiet for m in sheet.markers)):
        g = r.grow(ZONE_TOLERANCE_MM)
        cv2.rectangle(mask, (round(g.x * k), round(g.y * k)), (round(g.x2 * k), round(g.y2 * k)), 255, -1)
    return mask


def residual_blobs(added: np.ndarray, sheet: SheetLayout, k: float) -> tuple[tuple[InkBlob, ...], bool]:
    """Blobs of added ink outside the allowed zones, and whether a fold-like line was seen."""
    outside = cv2.bitwise_and(added, cv2.bitwise_not(allowed_mask(sheet, added.shape, k)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(outside, connectivity=8)
    blobs: list[InkBlob] = []
    fold = False
    min_px = MIN_BLOB_MM2 * k * k
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w >= FOLD_WIDTH_SHARE * sheet.page_w * k * 0.5 and h <= FOLD_MAX_H_MM * k:
            fold = True  # long thin horizontal line outside the rows: the page was folded there
            continue
        if area < min_px:
            continue
        blobs.append(InkBlob(x / k, y / k, w / k, h / k, area / (k * k)))
    blobs.sort(key=lambda b: (b.y, b.x))
    return tuple(blobs), fold
