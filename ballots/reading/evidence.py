"""Evidence for one name on a strike-form ballot, measured in units of the name's printed width.

Input is one row cell in template space: the side's ink, the template's (dilated) ink at the
row's refined position, and where the name sits. "Added ink" is ink the printer did not put
there. A strike through the text is partly hidden where it crosses letters, so hidden stretches
no longer than a letter stem are bridged — only across printed ink, never across white paper.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ballots.reading.components import NO_STATS, box_stats, label
from ballots.reading.kernels import strike_counts

SPECK_MM2 = 0.06  # isolated specks smaller than this are paper/scan noise
EDGE_MM = 0.7  # the strip at the top/bottom of a row cell where a stroke may belong to the neighbour
BEYOND_MM = (2.0, 9.0)  # where to look for a line continuing past the row: a fold or a streak
RUNOUT_MM = 5.0  # a pen stroke overshoots the name by a few mm; a fold runs on across the column


@dataclass(frozen=True)
class CellGeometry:
    """Pixel coordinates inside the row cell (template space)."""

    text_x0: int
    text_x1: int
    through_y0: int  # the band a strike "through the name" must cross
    through_y1: int
    k: float  # px per mm


_RING = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], np.uint8)  # a pixel's 8 neighbours, not itself


def _inked_columns(mask: np.ndarray) -> int:
    """How many of the mask's columns hold any ink (0/255 masks)."""
    return cv2.countNonZero(cv2.reduce(mask, 0, cv2.REDUCE_MAX)) if mask.size else 0


def _without_lone_pixels(mask: np.ndarray) -> np.ndarray:
    """`mask` without its 8-connected components of one pixel: a pixel stays iff a neighbour is inked."""
    return cv2.bitwise_and(mask, cv2.dilate(mask, _RING))


def clean_specks(mask: np.ndarray, k: float) -> tuple[np.ndarray, np.ndarray]:
    """`mask` without components smaller than SPECK_MM2, and the stats rows of the components kept.

    Dropping whole components leaves every other component as it was, so the stats kept are
    those of the cleaned mask: nobody needs to label it again.
    """
    if cv2.countNonZero(mask) == 0:
        return mask, NO_STATS
    min_px = max(2, round(SPECK_MM2 * k * k))
    if min_px == 2:
        # The specks are exactly the lone pixels (a dilation, no labelling), and the components
        # left are labelled only inside their bounding box: the same stats (x, y shifted) at a
        # fraction of the cost, as a mark rarely fills the whole cell.
        clean = _without_lone_pixels(mask)
        return clean, box_stats(clean)
    n, labels, stats = label(mask)
    keep = stats[:, cv2.CC_STAT_AREA] >= min_px
    keep[0] = False
    kept = stats[keep]
    if len(kept) == n - 1:
        return mask, kept
    if len(kept) == 0:
        return np.zeros_like(mask), kept
    lut = np.where(keep, 255, 0).astype(np.uint8)
    return lut[labels], kept


def remove_specks(mask: np.ndarray, k: float) -> np.ndarray:
    """Drop connected components smaller than SPECK_MM2 (noise, JPEG ringing, dust)."""
    if max(2, round(SPECK_MM2 * k * k)) == 2:
        return _without_lone_pixels(mask)
    return clean_specks(mask, k)[0]


WORD_MM = 8.0  # the longest run of touching letters a stroke seen on both sides is taken to cross
BRIDGE_MM = 3.2  # the widest letter run (with its 1 px tolerance) a thin strike can hide under


_NOTHING = {"cover": 0.0, "span": 0.0, "span_letters": 0.0, "gaps": 0.0, "cover_cell": 0.0, "ink": 0.0, "ink_mm2": 0.0,
            "blob_mm2": 0.0, "blob_mm": 0.0, "edge": 0.0}


Columns = tuple[int, int]  # (columns with added ink, columns) of a window beside the row cell


def columns_of(mask: np.ndarray) -> Columns:
    """(inked columns, columns) of a 0/255 mask."""
    return _inked_columns(mask), mask.shape[1] if mask.size else 0


def _beyond(beyond_left: Columns | None, beyond_right: Columns | None) -> float:
    """How far the band continues past the cell on BOTH sides (the smaller share of columns with ink)."""
    if beyond_left is None or beyond_right is None or not beyond_left[1] or not beyond_right[1]:
        return 0.0
    return min(beyond_left[0] / beyond_left[1], beyond_right[0] / beyond_right[1])


def _runout_share(n: int, inked: int, beyond_right: Columns | None, k: float) -> float:
    """Share of the band's columns right of the name (`n` columns of the cell, `inked` of them
    with ink, and on past the cell) that carry ink."""
    if beyond_right is not None and beyond_right[1]:
        n, inked = n + beyond_right[1], inked + beyond_right[0]
    return inked / n if n >= round(2 * k) else 0.0


def strike_evidence(added: np.ndarray, printed: np.ndarray, g: CellGeometry,
                    beyond_left: Columns | None, beyond_right: Columns | None) -> dict[str, float]:
    """Numbers describing the added ink of one row cell (uint8 0/255 masks of equal shape), and
    of the band's windows left and right of the cell (their inked columns).

    cover       fraction of the name's columns crossed by added ink inside the "through" band
    span        longest uninterrupted crossing / name width
    span_letters  the same, where a letter counts as crossed when the stroke shows on both sides
                of it at any height in the band (a wavy line; see kernels.letter_bridged)
    gaps        share of the white gaps between letters that carry added ink in the band
    cover_cell  fraction of the name's columns with added ink anywhere in the cell
    ink         added ink area / (name width x 1 mm): a 0.5 mm line across the name ~ 0.5
    ink_mm2     added ink area in mm²
    blob_mm2    the largest connected piece of added ink (a tick, a dot of a pen), mm²; blob_mm its extent
    edge        share of the added ink lying in the top/bottom strips (neighbour's stroke?)
    beyond      how far the same band continues past the cell on BOTH sides (fold, streak)
    runout      share of the band from RUNOUT_MM right of the name to the cell's end (and on past
                it) carrying added ink: a faint fold breaks into dashes that run on across the
                column, where a hand-drawn strike stops (folds measured 0.3+, strikes ~0)
    """
    k = g.k
    clean, kept = clean_specks(added, k)
    x0, x1 = g.text_x0, g.text_x1
    beyond = _beyond(beyond_left, beyond_right)
    r0 = min(x1 + round(RUNOUT_MM * k), clean.shape[1])
    if len(kept) == 0:  # no added ink in the cell (most kept names): only the band's run-on can be non-zero
        return {**_NOTHING, "beyond": beyond, "runout": _runout_share(clean.shape[1] - r0, 0, beyond_right, k)}
    width_px = max(x1 - x0, 1)
    n = max(x1 - x0, 0)
    e = max(1, round(EDGE_MM * k))
    # Strikes hide where they cross letters: stretches under printed ink no longer than a letter
    # run (BRIDGE_MM) are bridged, with a little vertical slack for wavy and slanted strokes; a
    # gap in a stroke between letters stays a gap (white paper hides nothing).
    bridge = max(3, round(BRIDGE_MM * k) | 1)
    crossed, span, letters, gap_cols, gaps_seen, cell_cols, total, edge_px, tail = strike_counts(
        clean, printed, x0, x1, g.through_y0, g.through_y1, r0, bridge, round(WORD_MM * k), e)
    cover = crossed / n if n else 0.0
    blob = int(kept[:, cv2.CC_STAT_AREA].max())
    reach = int(max(kept[:, cv2.CC_STAT_WIDTH].max(), kept[:, cv2.CC_STAT_HEIGHT].max()))
    width_mm = width_px / k
    return {
        "cover": cover,
        "span": span / width_px,
        "span_letters": letters / width_px,
        # The white gaps between letters (no printed ink anywhere in the band): a strike must
        # show there, where nothing can hide it; misregistration fringes cannot reach into them.
        "gaps": gaps_seen / gap_cols if gap_cols >= 3 else cover,
        "cover_cell": cell_cols / n if n else 0.0,
        "ink": total / (k * k) / max(width_mm, 1e-6),
        "ink_mm2": total / (k * k),
        "blob_mm2": blob / (k * k),
        "blob_mm": reach / k,
        "edge": edge_px / total if total else 0.0,
        "beyond": beyond,
        "runout": _runout_share(clean.shape[1] - r0, tail, beyond_right, k),
    }
