"""Ink outside every zone where ink is expected: written-in names, signatures, other marks.

Also spots fold-like lines: a thin line across most of the page width is the paper, not the
voter. Lines on a PROVEN fold (ballots/reading/folds.py) are taken out first: they are explained.
A long line that is not on a proven fold is reported, so the sheet goes to a person.
"""

from __future__ import annotations

import cv2
import numpy as np

from ballots.geometry import Rect
from ballots.layout import Row, SheetLayout
from ballots.reading.components import component_stats
from ballots.reading.folds import Fold, erase_fold
from ballots.reading.memo import by_identity
from ballots.reading.model import InkBlob

ZONE_TOLERANCE_MM = 1.5  # registration slack around printed things and mark zones
MIN_BLOB_MM2 = 0.8  # smaller specks are dust
FOLD_WIDTH_SHARE = 0.6  # a line this long across the page is a fold or a crease
FOLD_MAX_H_MM = 2.5
# The paper's own edge: within the registration slack of a photo (curl, perspective) the table
# behind the sheet shows as a thin dark strip along it. Nobody writes a vote only there.
PAGE_EDGE_MM = 1.5


_ALLOWED: dict = {}


def allowed_masks(sheet: SheetLayout, shape: tuple[int, int], k: float) -> tuple[np.ndarray, np.ndarray]:
    """0/255 masks of the zones where ink is legitimate (printed, marks, stamp, QR) and of the
    rest of the page; read-only, computed once per sheet (every side needs both)."""
    def make() -> tuple[np.ndarray, np.ndarray]:
        allowed = _draw_allowed(sheet, shape, k)
        elsewhere = cv2.bitwise_not(allowed)
        elsewhere.flags.writeable = False
        return allowed, elsewhere

    return by_identity(_ALLOWED, sheet, make, (tuple(shape), k))


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
    mask.flags.writeable = False  # shared by every side of the sheet
    return mask


ROW_MARGIN_MM = 1.5  # around a row's own things (band, ticks, STT, boxes): where its local shift applies


def _row_region(row: Row) -> Rect:
    r = row.band.union(row.number_box).union(row.ticks[0]).union(row.ticks[1])
    for b in (row.agree_box, row.disagree_box):
        if b is not None:
            r = r.union(b)
    return r.grow(ROW_MARGIN_MM)


_REGIONS: dict = {}


def _sheet_regions(sheet: SheetLayout) -> list[tuple[Rect, int]]:
    """Each row's region; printing outside the rows (fold guides) goes with the nearest row."""
    def make() -> list[tuple[Rect, int]]:
        regions = [(_row_region(row), row.number) for row in sheet.rows]
        centres = [((row.band.x + row.band.x2) / 2, row.y) for row in sheet.rows]
        for g in sheet.fold_guides if centres else ():
            cx, cy = g.x + g.w / 2, g.y + g.h / 2
            near = min(range(len(centres)), key=lambda i: (centres[i][0] - cx) ** 2 + (centres[i][1] - cy) ** 2)
            regions.append((g.grow(ROW_MARGIN_MM), sheet.rows[near].number))
        return regions

    return by_identity(_REGIONS, sheet, make)


def _regions(sheet: SheetLayout, shifts: dict[int, tuple[int, int]]) -> list[tuple[Rect, tuple[int, int]]]:
    return [(r, shifts.get(number, (0, 0))) for r, number in _sheet_regions(sheet)]


def explain_by_row_shifts(outside: np.ndarray, printed: np.ndarray, allowed: np.ndarray, sheet: SheetLayout,
                          shifts: dict[int, tuple[int, int]], k: float) -> None:
    """Take out of `outside` (in place) the ink that the printing and the allowed zones explain once
    moved by each row's local shift.

    The page homography can be ~1 mm off in the middle of a column (uneven feeder stretch); the
    rows are read at their own shift, and so must the printing around them be explained, or a
    table rule or row tick leaves a thin sliver of "residual ink" along its whole length. Ink is
    kept only if NEITHER position explains it: writing stays residual.
    """
    h, w = outside.shape
    for r, (dx, dy) in _regions(sheet, shifts):
        if dx == 0 and dy == 0:
            continue
        x0, y0 = max(round(r.x * k), 0, -dx), max(round(r.y * k), 0, -dy)
        x1, y1 = min(round(r.x2 * k), w, w - dx), min(round(r.y2 * k), h, h - dy)
        if x1 <= x0 or y1 <= y0:
            continue
        dst = outside[y0 + dy:y1 + dy, x0 + dx:x1 + dx]
        if cv2.countNonZero(dst) == 0:
            continue
        explained = cv2.bitwise_or(printed[y0:y1, x0:x1], allowed[y0:y1, x0:x1])
        cv2.bitwise_and(dst, cv2.bitwise_not(explained), dst=dst)


def residual_blobs(added: np.ndarray, sheet: SheetLayout, k: float, folds: tuple[Fold, ...] = (),
                   shifts: dict[int, tuple[int, int]] | None = None,
                   printed: np.ndarray | None = None) -> tuple[tuple[InkBlob, ...], bool]:
    """Blobs of added ink outside the allowed zones, and whether a fold-like line was seen that
    is NOT on one of the proven `folds` (template pixels, the frame of `added`). With the rows'
    local `shifts` (px) and the template's `printed` mask, printing moved with its row is explained."""
    allowed, elsewhere = allowed_masks(sheet, added.shape[:2], k)
    outside = cv2.bitwise_and(added, elsewhere)
    if shifts and printed is not None:
        explain_by_row_shifts(outside, printed, allowed, sheet, shifts, k)
    for f in folds:
        outside = erase_fold(outside, f, 0, 0)
    # Labelled only where its ink is: a whole-page labelling costs ~7 ms even on blank paper.
    stats = component_stats(outside)
    blobs: list[InkBlob] = []
    fold = False
    if len(stats) == 0:
        return (), False
    crease = _crease_pieces(stats, sheet, k)
    min_px = MIN_BLOB_MM2 * k * k
    for i, (x, y, w, h, area) in enumerate(stats.tolist()):
        if i in crease:
            fold = True  # a long thin line across or down the sheet outside the rows: a crease
            continue
        if area < min_px:
            continue
        blobs.append(InkBlob(x / k, y / k, w / k, h / k, area / (k * k)))
    blobs.sort(key=lambda b: (b.y, b.x))
    return tuple(blobs), fold


PIECE_MM = 5.0  # a thin straight piece at least this long may be part of a crease
PIECE_ASPECT = 6.0
PIECE_SLANT = 0.035  # mm sideways per mm along (2 degrees): a fold is straight and nearly level
PIECE_OFFSET_MM = 1.0


def _crease_pieces(stats: np.ndarray, sheet: SheetLayout, k: float) -> set[int]:
    """The components (rows of `stats`, page px) that are thin straight pieces of one line running
    across or down most of the sheet: a crease, broken where it crosses the rows and the tables
    (which are read on their own). One long piece alone counts too. A person looks at the sheet
    (the line is reported); it is never counted as writing outside the names."""
    found: set[int] = set()
    for vertical in (False, True):
        length = sheet.page_h if vertical else sheet.page_w
        along, across = (cv2.CC_STAT_HEIGHT, cv2.CC_STAT_WIDTH) if vertical else (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT)
        start, side = (cv2.CC_STAT_TOP, cv2.CC_STAT_LEFT) if vertical else (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP)
        pieces = [i for i in range(len(stats))
                  if stats[i, across] <= FOLD_MAX_H_MM * k and stats[i, along] >= PIECE_MM * k
                  and stats[i, along] >= PIECE_ASPECT * stats[i, across]]
        # Chain the pieces in order along the line: each next piece lies on the line of the last.
        pieces.sort(key=lambda i: stats[i, start])
        groups: list[list[int]] = []
        for i in pieces:
            centre = stats[i, side] + stats[i, across] / 2
            for g in groups:
                last = g[-1]
                gap = stats[i, start] - (stats[last, start] + stats[last, along])
                drift = abs(centre - (stats[last, side] + stats[last, across] / 2))
                if drift <= (PIECE_OFFSET_MM + PIECE_SLANT * max(gap, 0) / k) * k:
                    g.append(i)
                    break
            else:
                groups.append([i])
        for g in groups:
            span = max(stats[i, start] + stats[i, along] for i in g) - min(stats[i, start] for i in g)
            if span >= FOLD_WIDTH_SHARE * length * k * 0.5:
                found.update(g)
    return found
