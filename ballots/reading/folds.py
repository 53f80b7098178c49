"""Fold lines: a crease across the whole sheet is the paper, not the voter.

Voters fold their ballot before it goes into the box, and a crease scans as a thin straight line.
Through a name it looks like a strike. What tells it apart is where else it goes: a fold runs
across the WHOLE sheet at one angle, through the blank margins and the gutters between columns,
where no pen stroke meant for a name ever goes. A fold is "proven" only when the same straight
line carries ink in most of those blank bands and across most of the page width.

A proven fold is then taken out of each row it crosses column by column, and only where the
column's ink is no thicker than the fold itself: a pen stroke crossing the fold, or lying along it
and making it thicker, stays. So a name crossed by a fold is struck only on its own evidence, and
a row whose only ink is the fold is kept only when the fold is proven (otherwise it goes to review).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ballots.layout import SheetLayout
from ballots.reading.memo import by_identity

STRIP_MM = 2.0  # the page is looked at in vertical strips this wide: a faint fold breaks into dashes
MAX_ANGLE_DEG = 1.5  # a fold at a larger angle to the rows is not recognised (it stays per-row review)
EDGE_MM = 4.0  # strips this close to the page edge are not used (scan borders)
COLUMN_PAD_MM = 0.5
MIN_COVER = 0.6  # share of all strips the line crosses with ink
MIN_BLANK_COVER = 0.7  # share of the blank-band strips (margins, gutters) it crosses with ink
MIN_BLANK_STRIPS = 6
MAX_FOLDS = 3
SEPARATION_MM = 4.0
WINDOW_PX = 3  # a column's ink this far around the fold line is compared with the fold's thickness


@dataclass(frozen=True)
class Fold:
    """A straight line across the sheet in template pixels: y = y0 + slope * x, or, for a fold
    down the sheet (`vertical`), x = y0 + slope * y (the same line in the transposed page)."""

    y0: float
    slope: float
    cover: float  # share of all strips carrying ink on the line
    blank_cover: float  # ... of the blank-band strips
    thickness: float  # median ink thickness (px) of the line in the blank bands
    vertical: bool = False
    # Ink the fold leaves in the INK MASK per px of its length in the blank bands (px): a crease
    # proven from the grey page alone leaves almost none, so a solid line along it in a row is not it.
    ink_per_px: float = 1.0

    def expected_ink(self, length_px: float) -> float:
        """Ink pixels this fold alone leaves in the ink mask along `length_px` of its length."""
        return self.ink_per_px * length_px

    def y_at(self, x: np.ndarray | float) -> np.ndarray | float:
        return self.y0 + self.slope * x


def _blank_strips(occupied: list[tuple[float, float]], length_mm: float, n: int, s: int, k: float) -> np.ndarray:
    """Strips lying wholly outside every `occupied` span (mm along the strips' axis: the columns of
    names, or the rows) and away from the page edges."""
    x0 = np.arange(n) * s
    x1 = x0 + s
    blank = (x0 >= EDGE_MM * k) & (x1 <= (length_mm - EDGE_MM) * k)
    for lo, hi in occupied:
        a, b = (lo - COLUMN_PAD_MM) * k, (hi + COLUMN_PAD_MM) * k
        blank &= (x1 <= a) | (x0 >= b)
    return blank


LINE_OFFSET_PX = 3  # a crease is compared with the paper this far above and below it
LINE_CONTRAST = 6  # grey levels (~2.5 % of paper) a crease must be darker than both sides, per strip
assert 255 // round(STRIP_MM * 9) >= LINE_CONTRAST  # one ink pixel still marks a strip up to 9 px/mm


def crease_mask(page: np.ndarray, vertical: bool = False, out: np.ndarray | None = None) -> np.ndarray:
    """0/255 where the page (grey, template space) is a thin line darker than the paper both above
    and below it (left and right of it for a `vertical` line). A faint crease is 5-15 % darker
    than the paper: below the ink threshold, so the ink mask shows it as dashes at best, yet
    averaged along 2 mm it stands out clearly. The darker side of a shading step is not a line
    (it is not darker than BOTH sides). `out`: a page-sized buffer to write into.
    """
    d = LINE_OFFSET_PX
    out = np.empty_like(page) if out is None else out
    h, w = page.shape
    if vertical:
        out[:, :d] = 0
        out[:, max(w - d, d):] = 0
        if w > 2 * d:
            cv2.subtract(cv2.min(page[:, :w - 2 * d], page[:, 2 * d:]), page[:, d:w - d], dst=out[:, d:w - d])
        return out
    out[:d] = 0
    out[max(h - d, d):] = 0
    if h > 2 * d:  # saturating: 0 where the pixel is not darker than both sides
        cv2.subtract(cv2.min(page[:h - 2 * d], page[2 * d:]), page[d:h - d], dst=out[d:h - d])
    return out


_AWAY_FROM_PRINT: dict = {}


def _away_from_print(printed: np.ndarray) -> np.ndarray:
    """255 where a crease can be told from printing (a template's, so computed once per worker)."""
    return by_identity(_AWAY_FROM_PRINT, printed, lambda: cv2.bitwise_not(
        cv2.dilate(printed, np.ones((2 * LINE_OFFSET_PX + 1, 3), np.uint8))))


def find_folds(added: np.ndarray, sheet: SheetLayout, k: float, page: np.ndarray | None = None,
               printed: np.ndarray | None = None) -> tuple[Fold, ...]:
    """Proven fold lines in `added` (0/255 ink the printer did not put there, template space):
    across the sheet (proven in the margins and the gutters between columns of names) and down
    it (proven in the top and bottom margins and the gaps between rows, where there are any).

    With the grey `page` and the template's `printed` ink, a strip also counts as crossed where a
    thin line at least LINE_CONTRAST darker than the paper on both sides runs along it, away from
    anything printed (a faint crease that the ink mask misses).
    """
    grey = page is not None and printed is not None and page.shape == added.shape == printed.shape
    away = _away_from_print(printed) if grey else None
    line = np.empty_like(added) if grey else added
    folds = []
    for vertical in (False, True):
        # Any ink in each strip: an area average over exactly s px is > 0 iff one pixel is. Or a
        # crease: the mean line contrast along the strip, ink counting as full contrast (one ink
        # pixel alone averages 255 / s >= LINE_CONTRAST). Printed rules and text (give or take
        # the rows' misregistration) are not creases.
        least = 1
        if grey:
            crease_mask(page, vertical, out=line)
            cv2.bitwise_and(line, away, dst=line)
            cv2.max(added, line, dst=line)
            least = LINE_CONTRAST
        s = max(4, round(STRIP_MM * k))
        # Strips of s px summed in place (numpy is quick along the slow axis, OpenCV's area resize
        # is not); ">= least" as a rounded mean. Across the sheet, the page is turned first.
        along = line if vertical else cv2.transpose(line)
        n = along.shape[0] // s
        sums = along[:n * s].reshape(n, s, along.shape[1]).sum(axis=1, dtype=np.uint16)
        strips = cv2.transpose((sums * 2 >= (2 * least - 1) * s).astype(np.uint8))
        if vertical:
            occupied = _merged([(r.band.y, r.band.y2) for r in sheet.rows])
            folds += _find(strips, added.T, occupied, sheet.page_h, k, s, vertical=True)
        else:
            folds += _find(strips, added, [(c.x, c.x2) for c in sheet.columns], sheet.page_w, k, s, vertical=False)
    return tuple(folds)


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + 2 * COLUMN_PAD_MM:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _find(strips: np.ndarray, added: np.ndarray, occupied: list[tuple[float, float]], length_mm: float,
          k: float, s: int, vertical: bool) -> list[Fold]:
    """Lines at most MAX_ANGLE_DEG off the x axis of `added`, from `strips` (h x n, 0/1: whether
    the line evidence crosses each strip of s px along x); `vertical`: `added` is the page turned."""
    h, n = strips.shape
    if n < 8 or h < 8:
        return []
    usable = np.zeros(n, bool)
    usable[round(EDGE_MM * k) // s + 1:n - (round(EDGE_MM * k) // s + 1)] = True
    blank = _blank_strips(occupied, length_mm, n, s, k) & usable
    if int(blank.sum()) < MIN_BLANK_STRIPS or int(usable.sum()) < 8:
        return []
    blank_cols = np.flatnonzero(blank)
    n_use, n_blank = float(usable.sum()), float(len(blank_cols))
    # No line can cross more blank strips than carry ink at all: most sides stop here.
    if np.count_nonzero(strips[:, blank_cols].any(axis=0)) / n_blank < MIN_BLANK_COVER:
        return []
    strips = cv2.dilate(strips, np.ones((3, 1), np.uint8))  # +-1 px: a line is not perfectly straight
    strips[:, ~usable] = 0
    # No fold along the page's own edges: a phone photo or a skewed scan shows the paper's edge (or
    # the background past it) there as a long straight line, and a fold so close to the edge
    # crosses no name anyway.
    edge = round(EDGE_MM * k)
    strips[:edge] = 0
    strips[max(h - edge, 0):] = 0
    max_drift = int(np.ceil(np.tan(np.radians(MAX_ANGLE_DEG)) * n * s))
    if not _may_hold_line(strips, blank_cols, max_drift, n_use, n_blank):
        return []
    # Coarse first (rows pooled by COARSE): only the lines near a coarse line that passes both
    # covers are searched at full resolution. The coarse test is a superset (see _search), so the
    # folds found are exactly those of the full search.
    best = _search(strips, usable, blank_cols, max_drift, n, s, n_use, n_blank)
    best.sort(key=lambda t: (-t[0], t[2], t[3]))
    folds: list[Fold] = []
    for _score, bc, y, a, cover in best:
        centre = y + a * (n / 2)
        if any(abs(f.y_at(n * s / 2) - centre) < SEPARATION_MM * k for f in folds):
            continue
        # The line is at y + a * j in strip j, whose centre is x = (j + 0.5) * s.
        slope = a / s
        y0 = y - 0.5 * a
        thickness, ink_per_px = _thickness(added, Fold(y0, slope, cover, bc, 0.0), blank, s)
        folds.append(Fold(y0, slope, cover, bc, thickness, vertical, ink_per_px))
        if len(folds) >= MAX_FOLDS:
            break
    return folds


COARSE = 4  # rows pooled in the coarse pass


def _may_hold_line(strips: np.ndarray, blank_cols: np.ndarray, max_drift: int, n_use: float, n_blank: float) -> bool:
    """False when no line at most `max_drift` px from level can pass both covers (most sides).

    A line (y, drift) crosses strip j at a row within max_drift / 2 + 1 of its centre row, so the
    strips with ink within that distance of a row bound the covers of every line centred there
    (a line centred off the page is bounded at the nearest row). Only a superset: the search decides.
    """
    grow = np.ones((2 * (max_drift // 2 + 2) + 1, 1), np.uint8)
    near = cv2.dilate(strips, grow)
    cover = cv2.reduce(near, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() / n_use
    blank = cv2.reduce(np.ascontiguousarray(near[:, blank_cols]), 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() / n_blank
    return bool(((cover >= MIN_COVER) & (blank >= MIN_BLANK_COVER)).any())


def _lines(strips: np.ndarray, drifts, n: int, s: int, blank_cols: np.ndarray, n_use: float,
           n_blank: float, y0: int = 0, y1: int | None = None) -> list[tuple[float, float, float, float, float]]:
    """(score, blank cover, y in strip 0, px of y per strip, cover) of every line passing both covers
    whose y lies in [y0, y1)."""
    y1 = strips.shape[0] if y1 is None else y1
    best: list[tuple[float, float, float, float, float]] = []
    if y1 <= y0:
        return best
    in_blank = np.zeros((y1 - y0, n), np.uint8)  # 1 in the blank-band strips (the same every drift)
    in_blank[:, blank_cols] = 1
    for drift in drifts:
        a = drift / (n * s) * s  # px of y per strip
        m = np.float32([[1, 0, 0], [a, 1, y0]])  # sheared(y, j) = strips(y0 + y + a * j, j)
        sheared = cv2.warpAffine(strips, m, (n, y1 - y0), flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP)
        # Row sums with OpenCV (numpy is slow along short rows); the strips are 0/1.
        cover = cv2.reduce(sheared, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() / n_use
        blank_cover = cv2.reduce(cv2.bitwise_and(sheared, in_blank), 1, cv2.REDUCE_SUM,
                                 dtype=cv2.CV_32S).ravel() / n_blank
        ok = np.flatnonzero((cover >= MIN_COVER) & (blank_cover >= MIN_BLANK_COVER))
        for y in ok:
            best.append((float(cover[y] + blank_cover[y]), float(blank_cover[y]), float(y + y0), a, float(cover[y])))
    return best


def _search(strips: np.ndarray, usable: np.ndarray, blank_cols: np.ndarray, max_drift: int, n: int, s: int,
            n_use: float, n_blank: float) -> list[tuple[float, float, float, float, float]]:
    """Every line of the full search (all drifts, all rows) that passes both covers, found by
    searching at full resolution only around the lines found on rows pooled by COARSE.

    A fine line (y, d) has ink within +-1.5 px of y + d*j/n in strip j. The coarse line
    (Y, dc) = (round(y/C), round(d/C)) puts strip j's coarse row r within +-6 fine px of that
    (C = 4), so the fine ink lies in coarse rows r-2..r+1: pooling with a 5-row dilation covers
    it, and the coarse covers are at least the fine ones. So every passing fine line has
    |d - C*dc| <= 2 and |y - C*Y| <= 2 around a passing coarse line; +-3 is searched.
    """
    h = strips.shape[0]
    padded = np.zeros((-(-h // COARSE) * COARSE, n), np.uint8)
    padded[:h] = strips
    pooled = padded.reshape(-1, COARSE, n).max(axis=1)
    pooled = cv2.dilate(pooled, np.ones((5, 1), np.uint8))
    pooled[:, ~usable] = 0
    limit = -(-max_drift // COARSE)
    rows: dict[int, set[int]] = {}  # fine drift -> fine rows to search
    for _score, _bc, yc, a, _cover in _lines(pooled, range(-limit, limit + 1), n, 1, blank_cols, n_use, n_blank):
        dc, y = round(a * n), int(yc) * COARSE
        for d in range(max(dc * COARSE - 3, -max_drift), min(dc * COARSE + 3, max_drift) + 1):
            rows.setdefault(d, set()).update(range(max(y - 3, 0), min(y + 4, h)))
    best: list[tuple[float, float, float, float, float]] = []
    for d in sorted(rows):
        ys = sorted(rows[d])
        start = prev = ys[0]
        for y in [*ys[1:], None]:  # runs of consecutive rows, one band each
            if y is not None and y == prev + 1:
                prev = y
                continue
            best += _lines(strips, (d,), n, s, blank_cols, n_use, n_blank, start, prev + 1)
            if y is not None:
                start = prev = y
    return best


def _thickness(added: np.ndarray, fold: Fold, blank: np.ndarray, s: int) -> tuple[float, float]:
    """Median ink thickness (px) of the fold within +-WINDOW_PX of the line where it shows, and its
    ink pixels per px of length, over the blank-band columns."""
    xs = np.concatenate([np.arange(j * s, (j + 1) * s) for j in np.flatnonzero(blank)])
    counts = column_counts(added, fold, xs, 0, 0)
    per_px = float(counts.mean()) if counts.size else 0.0
    counts = counts[counts > 0]
    return (float(np.median(counts)) if counts.size else 1.0), per_px


def column_counts(mask: np.ndarray, fold: Fold, xs: np.ndarray, ox: int, oy: int) -> np.ndarray:
    """Ink pixels of `mask` within +-WINDOW_PX of the fold in each column `xs` of the mask.

    (ox, oy): the mask's origin in the fold's pixel frame.
    """
    h, w = mask.shape
    yc = np.rint(fold.y_at(xs + ox) - oy).astype(int)
    out = np.zeros(len(xs), np.int32)
    for d in range(-WINDOW_PX, WINDOW_PX + 1):
        yy = yc + d
        ok = (yy >= 0) & (yy < h) & (xs >= 0) & (xs < w)
        out[ok] += mask[yy[ok], xs[ok]] > 0
    return out


def erase_fold(mask: np.ndarray, fold: Fold, ox: int, oy: int) -> np.ndarray:
    """`mask` without the fold, column by column: only where the column's ink near the line is no
    thicker than the fold itself (+1 px). A stroke crossing or thickening the fold stays.
    (A fold down the sheet: the same, row by row.)
    """
    if fold.vertical:
        return np.ascontiguousarray(_erase(mask.T, fold, oy, ox).T)
    return _erase(mask, fold, ox, oy)


def _erase(mask: np.ndarray, fold: Fold, ox: int, oy: int) -> np.ndarray:
    h, w = mask.shape
    xs = np.arange(w)
    yc = np.rint(fold.y_at(xs + ox) - oy).astype(int)
    if ((yc < -WINDOW_PX) | (yc >= h + WINDOW_PX)).all():
        return mask
    counts = column_counts(mask, fold, xs, ox, oy)
    fold_only = counts <= fold.thickness + 1
    out = mask.copy()
    for d in range(-WINDOW_PX, WINDOW_PX + 1):
        yy = yc + d
        ok = fold_only & (yy >= 0) & (yy < h)
        out[yy[ok], xs[ok]] = 0
    return out


def crosses(fold: Fold, ox: int, oy: int, w: int, h: int) -> bool:
    """Whether the fold passes within the window (origin (ox, oy) in the fold's frame, w x h px)."""
    if fold.vertical:
        ox, oy, w, h = oy, ox, h, w
    ya, yb = fold.y_at(ox) - oy, fold.y_at(ox + w) - oy
    return max(ya, yb) >= -WINDOW_PX and min(ya, yb) < h + WINDOW_PX
