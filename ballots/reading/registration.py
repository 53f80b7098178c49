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
from ballots.reading.page import halve

WORK_PX_PER_MM = 6.0  # ~152 dpi: a 0.3 mm pen is still ~2 px wide, an A4 warp costs ~10 ms
MAX_REPROJECTION_MM = 0.35  # marker corners must agree with one homography to this
# The homography models a flat sheet under any camera tilt exactly (the marker corners must agree
# with it, MAX_REPROJECTION_MM), so stretch is a plausibility gate, not an accuracy one. It is
# measured on the AFFINE part of the homography (H = similarity x affine x perspective, with the
# page centre as origin): feeders stretch one axis by ~2 %; a phone photo adds up to ~10 % (a
# 25 degree tilt foreshortens by 1 - cos 25 = 9 %, and photos are not taken square-on to a
# fixed camera model); beyond that the image is a distorted copy or not our sheet at all.
MAX_ANISOTROPY = 0.10
# The perspective terms on their own: how much larger the page's near corner is than its far one
# (local linear scale). A phone 20 degrees off square-on with a normal lens measures ~0.4; past
# 1.0 (the near corner at twice the far one's scale) the photo is too oblique to trust.
# Resolution is checked at the worst corner separately.
MAX_PERSPECTIVE = 1.0
MIN_PX_PER_MM = 3.0  # below ~76 dpi a 0.3 mm pen line vanishes (checked at the page's worst corner)


@dataclass(frozen=True)
class Alignment:
    """Image pixels <-> page millimetres for one side."""

    to_mm: np.ndarray  # 3x3 homography, image px -> mm
    reprojection_px: float
    px_per_mm: float
    anisotropy: float  # of the affine part, |sx/sy - 1|
    orientation: int  # 0/90/180/270 clockwise: the page's x axis direction in the image
    markers: int
    perspective: float = 0.0  # largest / smallest local scale over the page corners, minus 1
    min_px_per_mm: float = 0.0  # the local scale at the page's worst corner


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


def same_frame(a: SheetLayout, b: SheetLayout) -> bool:
    """Whether two sheets align the same way: the same markers on the same page size."""
    return a.markers == b.markers and (a.page_w, a.page_h) == (b.page_w, b.page_h)


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
    # With the page centre as origin, the affine part of the stratified homography is its Jacobian
    # at the centre: its columns are the images of the page's x and y unit vectors there.
    cx, cy = sheet.page_w / 2, sheet.page_h / 2
    ex, ey = _jacobian(to_img, cx, cy)
    sx, sy = float(np.hypot(*ex)), float(np.hypot(*ey))
    px_per_mm = math.sqrt(sx * sy)
    aniso = abs(sx / sy - 1.0) if sy > 0 else float("inf")
    angle = math.degrees(math.atan2(ex[1], ex[0])) % 360
    orientation = round(angle / 90.0) % 4 * 90
    # Perspective terms: the local (area) scale at each page corner.
    scales = []
    for x, y in ((0.0, 0.0), (sheet.page_w, 0.0), (sheet.page_w, sheet.page_h), (0.0, sheet.page_h)):
        jx, jy = _jacobian(to_img, x, y)
        scales.append(math.sqrt(abs(float(jx[0] * jy[1] - jx[1] * jy[0]))))
    lo, hi = min(scales), max(scales)
    persp = hi / lo - 1.0 if lo > 0 else float("inf")
    return Alignment(to_mm, rms, px_per_mm, aniso, orientation, len(img_pts) // 4, persp, lo)


def _jacobian(to_img: np.ndarray, x: float, y: float) -> tuple[np.ndarray, np.ndarray]:
    """Images of 1 mm steps along the page's x and y at (x, y) mm (exact derivative of the homography)."""
    h = to_img
    p = h @ np.array([x, y, 1.0])
    w = p[2]
    if w == 0:
        return np.zeros(2), np.zeros(2)
    jx = (h[:2, 0] * w - p[:2] * h[2, 0]) / (w * w)
    jy = (h[:2, 1] * w - p[:2] * h[2, 1]) / (w * w)
    return jx, jy


def registration_problem(a: Alignment) -> str | None:
    """Why an alignment cannot be trusted, or None."""
    worst = min(a.px_per_mm, a.min_px_per_mm) if a.min_px_per_mm > 0 else a.px_per_mm
    if worst < MIN_PX_PER_MM:
        return f"the scan resolution is too low ({worst * 25.4:.0f} dpi; at least 100 dpi is needed)"
    if a.reprojection_px > MAX_REPROJECTION_MM * a.px_per_mm:
        return f"the corner markers do not agree ({a.reprojection_px / a.px_per_mm:.2f} mm off)"
    if a.anisotropy > MAX_ANISOTROPY:
        return f"the sheet is distorted ({a.anisotropy * 100:.1f} % more stretched one way than the other)"
    if a.perspective > MAX_PERSPECTIVE:
        return (f"the photo is taken at too steep an angle (one corner of the sheet is {a.perspective * 100:.0f} % "
                "larger than another)")
    return None


SHRINK_SLACK = 0.95  # shrink by n when the scan has at least n x 0.95 x k px/mm


def warp_to_template(grey: np.ndarray, a: Alignment, sheet: SheetLayout,
                     k: float = WORK_PX_PER_MM) -> np.ndarray:
    """The side resampled into template space (page mm x k), paper-white outside the image."""
    half = np.array([[1.0, 0, 0.5], [0, 1.0, 0.5], [0, 0, 1.0]])  # pixel centres -> continuous
    m = np.linalg.inv(half) @ np.diag([k, k, 1.0]) @ a.to_mm @ half
    src = grey
    # Shrink big scans by an integer factor first (area-averaging) so thin lines are not aliased:
    # a 300 dpi scan sampled straight down to k px/mm shows a hair-thin crease as dashes, a
    # hand-drawn line keeps its full darkness. A factor that lands a little below k (300 dpi / 2 =
    # 5.9 px/mm) loses nothing a 150 dpi scan has.
    factor = int(a.px_per_mm / (k * SHRINK_SLACK))
    if factor >= 2:
        times = factor.bit_length() - 1  # exact halvings: OpenCV's fast 2x area path
        src = halve(grey, times)
        sx = sy = float(2 ** times)
        m = np.linalg.inv(half) @ np.diag([k, k, 1.0]) @ a.to_mm @ np.diag([sx, sy, 1.0]) @ half
    size = (round(sheet.page_w * k), round(sheet.page_h * k))
    return cv2.warpPerspective(src, m, size, flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
