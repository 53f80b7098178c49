"""Per-row work in template space: local alignment, then evidence and a decision per name.

Sheet feeders stretch paper unevenly, so the page homography can be off by up to ~1 mm in the
middle of a column. Each row is re-aligned on its own printed text (vertical strokes only, so a
horizontal strike through the name cannot pull the alignment) before any ink is compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ballots.geometry import Rect
from ballots.layout import Form, Row, SheetLayout
from ballots.reading.boxes import box_evidence
from ballots.reading.decide import decide_boxes, decide_strike
from ballots.reading.evidence import (
    BEYOND_MM,
    CellGeometry,
    Columns,
    columns_of,
    remove_specks,
    strike_evidence,
)
from ballots.reading.folds import Fold, crosses, erase_fold
from ballots.reading.kernels import added_tiled, best_overlap, best_stem_overlap, inked_columns, pack_rows
from ballots.reading.memo import by_identity
from ballots.reading.model import NameReading
from ballots.reading.template import Template, stem_px
from ballots.rules import Mark

SEARCH_MM = 1.3  # largest local correction searched around the rows above (or the homography)
TILE_MM = 4.0  # slices of a row that may each refine the row's alignment by +-1 px
# (dx, dy) a tile may move by; (0, 0) wins ties
_NEAR = np.array(((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)), np.int64)
TICK_CLEAR_MM = 1.3  # around the printed row ticks: their misregistration (up to the row search
# radius on a curled photo, where the tick sits far from the name it is aligned by) is not a mark
THROUGH_SHARE, THROUGH_MIN_MM = 0.36, 1.5  # half-height of the band a strike must cross
FOLD_INK_SLACK_MM2 = 1.0  # ink along a fold in a row beyond twice what the fold leaves elsewhere
BOX_MARGIN_MM = 0.6  # a box is aligned on its outline and this much paper around it


@dataclass(frozen=True)
class PageContext:
    ink: np.ndarray  # 0/255, the scan in template space
    template: Template
    k: float


def _px(v: float, k: float) -> int:
    return round(v * k)


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in px


def _box(r, k: float) -> Box:
    return _px(r.x, k), _px(r.y, k), _px(r.x2, k), _px(r.y2, k)


@dataclass(frozen=True)
class RowPixels:
    """A row's boxes in template pixels, computed once per sheet layout and resolution."""

    row: Row
    band: Box  # the row cell, page px
    name: Box  # the printed name, page px
    ticks: tuple[Box, ...]  # the ticks grown by TICK_CLEAR_MM, cell px (clipped at 0)
    strike: CellGeometry  # the name and the band a strike must cross, cell px
    through: tuple[int, int]  # that band, page px
    boxes: tuple[Box, ...]  # agree, disagree boxes (boxes form), cell px
    box_windows: tuple[Box, ...]  # the same boxes with BOX_MARGIN_MM of their outline, page px
    beyond: tuple[tuple[int, int], tuple[int, int]]  # (x0, x1) left and right of the cell, page px


def _beyond(row: Row, columns: tuple[Rect, ...], k: float) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where a line running on past the cell is looked for (BEYOND_MM out on each side), kept in
    the gutter: the neighbouring column's rows start with a printed tick on the same centre line,
    and the fringe of its misregistration is not a line running on."""
    b0, b1 = BEYOND_MM
    band = row.band
    left, right = band.x - b1, band.x2 + b1
    for c in columns:
        if c.x2 <= band.x:
            left = max(left, c.x2 + TICK_CLEAR_MM)
        elif c.x >= band.x2:
            right = min(right, c.x - TICK_CLEAR_MM)
    lx1, rx0 = _px(band.x - b0, k), _px(band.x2 + b0, k)
    return (min(_px(left, k), lx1), lx1), (rx0, max(_px(right, k), rx0))


def _row_pixels(row: Row, k: float, columns: tuple[Rect, ...] = ()) -> RowPixels:
    band = cx0, cy0, _, cy1 = _box(row.band, k)
    name = _box(row.name_box, k)
    ticks = tuple((max(x0 - cx0, 0), max(y0 - cy0, 0), max(x1 - cx0, 0), max(y1 - cy0, 0))
                  for x0, y0, x1, y1 in (_box(t.grow(TICK_CLEAR_MM), k) for t in row.ticks))
    # A strike goes through the letters: the band around the row's centre line, not the
    # diacritics' tops or the descenders (a circle or underline there is not a strike).
    half = max(THROUGH_SHARE * row.name_box.h, THROUGH_MIN_MM)
    ty0, ty1 = _px(row.y - half, k), _px(row.y + half, k)
    strike = CellGeometry(text_x0=name[0] - cx0, text_x1=name[2] - cx0,
                          through_y0=max(ty0 - cy0, 0), through_y1=min(ty1 - cy0, cy1 - cy0), k=k)
    printed_boxes = [b for b in (row.agree_box, row.disagree_box) if b is not None]
    boxes = tuple((x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0) for x0, y0, x1, y1 in (_box(b, k) for b in printed_boxes))
    windows = tuple(_box(b.grow(BOX_MARGIN_MM), k) for b in printed_boxes)
    return RowPixels(row, band, name, ticks, strike, (ty0, ty1), boxes, windows, _beyond(row, columns, k))


_ROW_PIXELS: dict = {}


def row_pixels(sheet: SheetLayout, k: float) -> tuple[RowPixels, ...]:
    return by_identity(_ROW_PIXELS, sheet, lambda: tuple(_row_pixels(r, k, sheet.columns) for r in sheet.rows), k)


def _slice(img: np.ndarray, x0: int, y0: int, x1: int, y1: int, fill: int = 0) -> np.ndarray:
    """img[y0:y1, x0:x1] padded with `fill` where the window leaves the image (a view when the
    window lies inside it: callers never write into what they are given). A padded copy is as
    writable as `img`, so the compiled kernels see one array type per source."""
    h, w = img.shape
    if x0 >= 0 and y0 >= 0 and x1 <= w and y1 <= h:
        return img[y0:y1, x0:x1]
    out = np.full((y1 - y0, x1 - x0), fill, img.dtype)
    sx0, sy0, sx1, sy1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if sx1 > sx0 and sy1 > sy0:
        out[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0] = img[sy0:sy1, sx0:sx1]
    out.flags.writeable = img.flags.writeable
    return out


def _origin(img: np.ndarray, x0: int, y0: int, x1: int, y1: int, fill: int = 0) -> tuple[np.ndarray, int, int]:
    """The window img[y0:y1, x0:x1] as (image, top, left): the image itself when the window lies
    inside it, else the window padded with `fill` (see _slice) and (0, 0). Compiled kernels read
    whole contiguous rows this way, where a view's rows would be strided."""
    h, w = img.shape
    if x0 >= 0 and y0 >= 0 and x1 <= w and y1 <= h:
        return img, y0, x0
    return _slice(img, x0, y0, x1, y1, fill), 0, 0


def _best_shift(scan: np.ndarray, tmpl: np.ndarray, x0: int, y0: int, x1: int, y1: int,
                centre: tuple[int, int], k: float) -> tuple[int, int]:
    """(dx, dy) within SEARCH_MM of `centre` where `tmpl` (template px x0..x1, y0..y1) fits `scan` best.

    The score is the count of ink pixels the two share; small corrections win among near-equal
    scores (and none at all on a row whose text is not seen): 0.5 less per pixel of |dx| + |dy|.
    """
    s = _px(SEARCH_MM, k)
    cx, cy = centre
    win = np.ascontiguousarray(_slice(scan, x0 + cx - s, y0 + cy - s, x1 + cx + s, y1 + cy + s))
    ix, iy = best_overlap(win, tmpl)
    return cx + ix - s, cy + iy - s


def row_shift(ctx: PageContext, px: RowPixels, centre: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """(dx, dy) in px moving the template row onto the scan, by correlating letter stems.

    The search is centred on `centre` (the shift of the rows just above: paper stretch varies
    smoothly down a column and can exceed the search radius in the middle of a long column).
    """
    x0, y0, x1, _ = px.name
    bits = _template_stem_bits(ctx.template, px.name)
    if bits is None:
        return centre
    s = _px(SEARCH_MM, ctx.k)
    cx, cy = centre
    ix, iy = best_stem_overlap(ctx.ink, x0 + cx - s, y0 + cy - s, bits, x1 - x0, s, stem_px(ctx.k))
    return cx + ix - s, cy + iy - s


_STEM_BITS: dict = {}


def _template_stem_bits(template: Template, name: Box) -> np.ndarray | None:
    """The template's letter stems over a printed name, packed once per template (None: none)."""
    packed = by_identity(_STEM_BITS, template, dict)
    if name not in packed:
        x0, y0, x1, y1 = name
        tmpl = template.stems[y0:y1, x0:x1]
        packed[name] = pack_rows(tmpl) if tmpl.size and tmpl.any() else None
    return packed[name]


def box_shift(ctx: PageContext, window: Box, centre: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """(dx, dy) aligning a printed box outline (its `window`, page px) with the scan (boxes sit far
    from the name text)."""
    x0, y0, x1, y1 = window
    return _best_shift(ctx.ink, ctx.template.ink[y0:y1, x0:x1], x0, y0, x1, y1, centre, ctx.k)


def _added(ctx: PageContext, x0: int, y0: int, x1: int, y1: int, dx: int, dy: int) -> np.ndarray:
    """Added ink of a template window, the scan taken at the row's shift."""
    scan = _slice(ctx.ink, x0 + dx, y0 + dy, x1 + dx, y1 + dy)
    return cv2.bitwise_and(scan, _slice(ctx.template.blank, x0, y0, x1, y1, 255))


def _clear_ticks(added: np.ndarray, px: RowPixels) -> None:
    """Blank the row ticks in a cell's added ink (in place).

    The ticks sit a few mm from the name, where curl or perspective can leave them 1-2 px off
    the name's own alignment: a 3 mm sliver that is printing, not a mark. A strike is judged on
    the name, so nothing is lost.
    """
    for x0, y0, x1, y1 in px.ticks:
        added[y0:y1, x0:x1] = 0


def _added_tiled(ctx: PageContext, x0: int, y0: int, x1: int, y1: int, dx: int, dy: int) -> tuple[np.ndarray, np.ndarray]:
    """Like `_added`, but each TILE_MM-wide slice of the cell may move the scan by one more pixel.

    Curl, perspective and skew residue leave a 1 px misfit that changes along a row; compared at
    one shift, letter stems then grow a 1 px sliver of "added" ink along their edges. Each tile
    takes the shift (of the 3 x 3 around the row's own) leaving the least added ink. One pixel
    cannot hide a pen line: a stroke outside the letters stays added at every shift.
    """
    src, sy, sx = _origin(ctx.ink, x0 + dx - 1, y0 + dy - 1, x1 + dx + 1, y1 + dy + 1)
    blank, by, bx = _origin(ctx.template.blank, x0, y0, x1, y1, 255)
    printed = _slice(ctx.template.ink_dilated, x0, y0, x1, y1)
    return added_tiled(src, sy + 1, sx + 1, blank, by, bx, y1 - y0, x1 - x0, max(4, _px(TILE_MM, ctx.k)), _NEAR), printed


def _unfold(mask: np.ndarray, folds: tuple[Fold, ...], ox: int, oy: int) -> np.ndarray:
    """`mask` (origin (ox, oy) in scan pixels) without the proven folds crossing it."""
    h, w = mask.shape
    for f in folds:
        if crosses(f, ox, oy, w, h):
            mask = erase_fold(mask, f, ox, oy)
    return mask


def _beside(ctx: PageContext, x0: int, y0: int, x1: int, y1: int, dx: int, dy: int,
            folded: list[Fold]) -> Columns:
    """(inked columns, columns) of the added ink in a window beside the cell, at the row's shift
    and without the proven folds crossing it."""
    if x1 <= x0 or y1 <= y0:
        return 0, 0
    if folded:
        return columns_of(_unfold(_added(ctx, x0, y0, x1, y1, dx, dy), tuple(folded), x0 + dx, y0 + dy))
    src, sy, sx = _origin(ctx.ink, x0 + dx, y0 + dy, x1 + dx, y1 + dy)
    blank, by, bx = _origin(ctx.template.blank, x0, y0, x1, y1, 255)
    return inked_columns(src, sy, sx, blank, by, bx, y1 - y0, x1 - x0), x1 - x0


def read_row(ctx: PageContext, px: RowPixels, form: Form, shift: tuple[int, int],
             folds: tuple[Fold, ...] = ()) -> NameReading:
    k = ctx.k
    row = px.row
    dx, dy = shift
    cx0, cy0, cx1, cy1 = px.band
    added, printed = _added_tiled(ctx, cx0, cy0, cx1, cy1, dx, dy)
    _clear_ticks(added, px)
    folded = [f for f in folds if crosses(f, cx0 + dx, cy0 + dy, cx1 - cx0, cy1 - cy0)]
    fold_mm2 = 0.0
    unexplained_fold_ink = False
    expected = 0.0
    if folded:
        before = cv2.countNonZero(added)
        added = _unfold(added, tuple(folded), cx0 + dx, cy0 + dy)
        taken = before - cv2.countNonZero(added)
        fold_mm2 = taken / (k * k)
        # Far more ink along the fold here than the fold leaves in the margins: a pen line drawn
        # along the crease (a faint crease proven from the grey page leaves almost no ink at all).
        expected = sum(f.expected_ink((cy1 - cy0) if f.vertical else (cx1 - cx0)) for f in folded)
        unexplained_fold_ink = taken > 2 * expected + FOLD_INK_SLACK_MM2 * k * k
    if form is Form.STRIKE:
        g = px.strike
        ty0, ty1 = px.through
        (lx0, lx1), (rx0, rx1) = px.beyond
        left = _beside(ctx, lx0, ty0, lx1, ty1, dx, dy, folded)
        right = _beside(ctx, rx0, ty0, rx1, ty1, dx, dy, folded)
        ev = strike_evidence(added, printed, g, left, right)
        decision, why = decide_strike(ev)
    else:
        clean = remove_specks(added, k)
        boxes = []
        for window, bx in zip(px.box_windows, px.boxes, strict=True):
            bdx, bdy = box_shift(ctx, window, shift)
            local = _added(ctx, cx0, cy0, cx1, cy1, bdx, bdy)
            local = _unfold(local, tuple(folded), cx0 + bdx, cy0 + bdy)
            boxes.append(box_evidence(remove_specks(local, k), bx, k, printed))
        name_region = clean[:, px.name[0] - cx0:px.name[2] - cx0]
        name_ink = float(cv2.countNonZero(name_region)) / (k * k)
        decision, why = decide_boxes(boxes[0], boxes[1], name_ink)
        ev = {f"agree_{n}": v for n, v in boxes[0].items()}
        ev |= {f"disagree_{n}": v for n, v in boxes[1].items()}
        ev["name_ink_mm2"] = name_ink
    if unexplained_fold_ink and decision in (Mark.KEPT, Mark.NONE):
        decision, why = Mark.UNCERTAIN, "a line along the fold is more ink than the fold leaves elsewhere (strike or fold?)"
    ev["shift_x_mm"] = dx / k
    ev["shift_y_mm"] = dy / k
    ev["fold"] = float(bool(folded))  # a proven sheet-wide fold crosses this row
    ev["fold_mm2"] = fold_mm2  # ink taken out of the row as the fold's
    ev["fold_expected_mm2"] = expected / (k * k) if folded else 0.0  # ... what the fold leaves elsewhere
    return NameReading(row.number, row.name, decision, ev, why)


def _median_int(values: list[int]) -> int:
    """int(np.median(values)) for a short list of ints, without numpy's per-call overhead."""
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else int((v[n // 2 - 1] + v[n // 2]) / 2)


def smooth_shifts(sheet: SheetLayout, raw: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Median of each row's shift with its neighbours in the same column.

    Paper stretch varies smoothly down a column, so a row whose own estimate disagrees with its
    neighbours (heavy marks over the name) takes theirs.
    """
    out = list(raw)
    by_col: dict[int, list[int]] = {}
    for i, row in enumerate(sheet.rows):
        by_col.setdefault(row.column, []).append(i)
    for idx in by_col.values():
        for j, i in enumerate(idx):
            near = [raw[m] for m in idx[max(j - 2, 0):j + 3]]
            out[i] = (_median_int([s[0] for s in near]), _median_int([s[1] for s in near]))
    return out


def tracked_shifts(ctx: PageContext, sheet: SheetLayout) -> list[tuple[int, int]]:
    """Each row's own shift, searched around the median shift of the (up to) 3 rows above it."""
    raw: list[tuple[int, int]] = [(0, 0)] * len(sheet.rows)
    pixels = row_pixels(sheet, ctx.k)
    by_col: dict[int, list[int]] = {}
    for i, row in enumerate(sheet.rows):
        by_col.setdefault(row.column, []).append(i)
    for idx in by_col.values():
        idx.sort(key=lambda i: sheet.rows[i].y)
        for j, i in enumerate(idx):
            above = [raw[m] for m in idx[max(j - 3, 0):j]]
            centre = (_median_int([s[0] for s in above]), _median_int([s[1] for s in above])) if above else (0, 0)
            raw[i] = row_shift(ctx, pixels[i], centre)
    return raw


def read_rows(ctx: PageContext, sheet: SheetLayout, form: Form,
              folds: tuple[Fold, ...]) -> tuple[NameReading, ...]:
    """Every row of the sheet; `folds`: the side's proven folds (ballots.reading.folds.find_folds)."""
    raw = tracked_shifts(ctx, sheet)
    smooth = smooth_shifts(sheet, raw)
    readings = []
    for px, own, near in zip(row_pixels(sheet, ctx.k), raw, smooth, strict=True):
        # Trust the row's own fit when it agrees with its neighbours to within 1 px; otherwise
        # read at both and keep the reading with less added ink (a worse fit only adds ink).
        if abs(own[0] - near[0]) <= 1 and abs(own[1] - near[1]) <= 1:
            readings.append(read_row(ctx, px, form, own, folds))
            continue
        a, b = read_row(ctx, px, form, own, folds), read_row(ctx, px, form, near, folds)
        readings.append(a if _ink(a) <= _ink(b) else b)
    return tuple(readings)


def _ink(r: NameReading) -> float:
    e = r.evidence
    return e.get("ink_mm2", e.get("agree_fill", 0.0) + e.get("disagree_fill", 0.0) + e.get("name_ink_mm2", 0.0))
