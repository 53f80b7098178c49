"""Align a scanned side to its layout: homography from the marker corners, then warp.

Work happens in "template space": the page in millimetres times `WORK_PX_PER_MM`, whatever the
scan's resolution, so per-layout templates are rendered once and every threshold is in mm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from ballots.layout import SheetLayout

WORK_PX_PER_MM = 6.0  # ~152 dpi: a 0.3 mm pen is still ~2 px wide, an A4 warp costs ~10 ms
MAX_REPROJECTION_MM = 0.35  # marker corners must agree with one homography to this
# Sheet feeders stretch one axis by up to ~2 % relative to the other; the per-row search absorbs
# that. Beyond this the image is not a flat scan or photo of our sheet (or a distorted copy).
MAX_ANISOTROPY = 0.04
MIN_PX_PER_MM = 3.0  # below ~76 dpi a 0.3 mm pen line vanishes


@dataclass(frozen=True)
class Alignment:
    """Image pixels <-> page millimetres for one side."""

    to_mm: np.ndarray  # 3x3 homography, image px -> mm
    reprojection_px: float
    px_per_mm: float
    anisotropy: float
    orientation: int  # 0/90/180/270 clockwise: the page's x axis direction in the image
    markers: int


def _apply(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return cv2.perspectiveTransform(pts.reshape(-1, 1, 2).astype(np.float64), h).reshape(-1, 2)


def marker_correspondences(found: dict[int, np.ndarray], sheet: SheetLayout) -> tuple[np.ndarray, np.ndarray]:
    """Image corners and their page-mm corners for every marker found (ids -> layout markers)."""
    img, mm = [], []
    for marker in sheet.markers:
        if marker.id in found:
            img.append(found[marker.id])
            mm.append(np.array(marker.rect.corners, np.float64))
    if not img:
        return np.zeros((0, 2)), np.zeros((0, 2))
    return np.concatenate(img), np.concatenate(mm)


def align(found: dict[int, np.ndarray], sheet: SheetLayout) -> Alignment | None:
    """The homography from >= 3 markers, or None when there are too few to trust."""
    img_pts, mm_pts = marker_correspondences(found, sheet)
    if len(img_pts) < 12:
        return None
    # Pixel i covers [i, i+1): its centre is at i + 0.5 in continuous coordinates.
    img_pts = img_pts + 0.5
    to_mm, _ = cv2.findHomography(img_pts, mm_pts, 0)
    if to_mm is None or not np.all(np.isfinite(to_mm)):
        return None
    try:
        to_img = np.linalg.inv(to_mm)
    except np.linalg.LinAlgError:
        return None
    err = _apply(to_img, mm_pts) - img_pts
    rms = float(np.sqrt(np.mean(np.sum(err * err, axis=1))))
    # Local scale at the page centre: columns of the Jacobian of mm -> image.
    cx, cy = sheet.page_w / 2, sheet.page_h / 2
    c = _apply(to_img, np.array([[cx, cy], [cx + 1.0, cy], [cx, cy + 1.0]]))
    ex, ey = c[1] - c[0], c[2] - c[0]
    sx, sy = float(np.hypot(*ex)), float(np.hypot(*ey))
    px_per_mm = math.sqrt(sx * sy)
    aniso = abs(sx / sy - 1.0) if sy > 0 else float("inf")
    angle = math.degrees(math.atan2(ex[1], ex[0])) % 360
    orientation = round(angle / 90.0) % 4 * 90
    return Alignment(to_mm, rms, px_per_mm, aniso, orientation, len(img_pts) // 4)


def registration_problem(a: Alignment) -> str | None:
    """Why an alignment cannot be trusted, or None."""
    if a.px_per_mm < MIN_PX_PER_MM:
        return f"the scan resolution is too low ({a.px_per_mm * 25.4:.0f} dpi; at least 100 dpi is needed)"
    if a.reprojection_px > MAX_REPROJECTION_MM * a.px_per_mm:
        return f"the corner markers do not agree ({a.reprojection_px / a.px_per_mm:.2f} mm off)"
    if a.anisotropy > MAX_ANISOTROPY:
        return f"the sheet is distorted ({a.anisotropy * 100:.1f} % more stretched one way than the other)"
    return None


def warp_to_template(grey: np.ndarray, a: Alignment, sheet: SheetLayout,
                     k: float = WORK_PX_PER_MM) -> np.ndarray:
    """The side resampled into template space (page mm x k), paper-white outside the image."""
    half = np.array([[1.0, 0, 0.5], [0, 1.0, 0.5], [0, 0, 1.0]])  # pixel centres -> continuous
    m = np.linalg.inv(half) @ np.diag([k, k, 1.0]) @ a.to_mm @ half
    src = grey
    # Shrink big scans by an integer factor first (area-averaging) so thin lines are not aliased.
    factor = int(a.px_per_mm / (k * 1.4))
    if factor >= 2:
        src = cv2.resize(grey, (grey.shape[1] // factor, grey.shape[0] // factor), interpolation=cv2.INTER_AREA)
        sx = grey.shape[1] / src.shape[1]
        sy = grey.shape[0] / src.shape[0]
        m = np.linalg.inv(half) @ np.diag([k, k, 1.0]) @ a.to_mm @ np.diag([sx, sy, 1.0]) @ half
    size = (round(sheet.page_w * k), round(sheet.page_h * k))
    return cv2.warpPerspective(src, m, size, flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
