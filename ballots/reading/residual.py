"""Ink outside every zone where ink is expected: written-in names, signatures, other marks.

Also spots fold-like lines: a thin line across most of the page width is the paper, not the
voter. Lines on a PROVEN fold (ballots/reading/folds.py) are taken out first: they are explained.
A long line that is not on a proven fold is reported, so the sheet goes to a person.
"""

from __future__ import annotations

import cv2
import numpy as np

from ballots.layout import SheetLayout
from ballots.reading.folds import Fold, erase_fold
from ballots.reading.model import InkBlob

ZONE_TOLERANCE_MM = 1.5  # registration slack around printed things and mark zones
MIN_BLOB_MM2 = 0.8  # smaller specks are dust
FOLD_WIDTH_SHARE = 0.6  # a line this long across the page is a fold or a crease
FOLD_MAX_H_MM = 2.5
# The paper's own edge: within the registration slack of a photo (curl, perspective) the table
# behind the sheet shows as a thin dark strip along it. Nobody writes a vote only there.
PAGE_EDGE_MM = 1.5


# (id(sheet), shape, k) -> (sheet, mask): the entry keeps the sheet alive, so its id is not reused.
_ALLOWED: dict[tuple[int, tuple[int, int], float], tuple[SheetLayout, np.ndarray]] = {}


def allowed_mask(sheet: SheetLayout, shape: tuple[int, int], k: float) -> np.ndarray:
    """0/255 mask of the zones where ink is legitimate (printed, marks, stamp, QR); read-only, cached."""
    key = (id(sheet), tuple(shape), k)
    entry = _ALLOWED.get(key)
    if entry is None or entry[0] is not sheet:
        if len(_ALLOWED) > 64:
            _ALLOWED.clear()
        mask = _draw_allowed(sheet, shape, k)
        mask.flags.writeable = False
        entry = _ALLOWED[key] = (sheet, mask)
    return entry[1]


def _draw_allowed(sheet: SheetLayout, shape: tuple[int, int], k: float) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    for r in (*sheet.allowed_zones, sheet.qr_quiet, *(m.quiet for m in sheet.markers)):
        g = r.grow(ZONE_TOLERANCE_MM)
        cv2.rectangle(mask, (round(g.x * k), round(g.y * k)), (round(g.x2 * k), round(g.y2 * k)), 255, -1)
    e = round(PAGE_EDGE_MM * k)
    mask[:e] = 255
    mask[-e:] = 255
    mask[:, :e] = 255
    mask[:, -e:] = 255
    return mask


def residual_blobs(added: np.ndarray, sheet: SheetLayout, k: float,
                   folds: tuple[Fold, ...] = ()) -> tuple[tuple[InkBlob, ...], bool]:
    """Blobs of added ink outside the allowed zones, and whether a fold-like line was seen that
    is NOT on one of the proven `folds` (template pixels, the frame of `added`)."""
    outside = cv2.bitwise_and(added, cv2.bitwise_not(allowed_mask(sheet, added.shape[:2], k)))
    for f in folds:
        outside = erase_fold(outside, f, 0, 0)
    n, _, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(outside, 8, cv2.CV_32S, cv2.CCL_BBDT)
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
