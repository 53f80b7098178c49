"""Find the four ArUco corner markers (DICT_4X4_50, ids 0..3) of a ballot side.

The corners are searched first in small crops (the markers sit 6-16 mm from the paper's edges),
then in larger ones for a marker still missing (a photo with a wide border, a strongly skewed feed),
and the whole page only when a marker is still missing. Detection cost grows with the pixels
searched, so the small crops make the usual case ~4x cheaper than one size of 30 %.
The ids say which corner each marker is, so a 180°-rotated feed or a 90°-rotated photo gives the
same correspondences and the homography absorbs the rotation.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ballots.layout_model import MARKER
from ballots.reading.registration import MIN_PX_PER_MM

MARKER_IDS = (0, 1, 2, 3)
CORNER_FRACTIONS = (0.16, 0.3)  # corner crops tried in turn, as a share of the width and height

# One adaptive-threshold window first: it finds the markers of a flat scan at 150-300 dpi in a
# third of the time of OpenCV's three default windows (3, 13, 23 px), which are the fallback for
# any crop where it finds nothing (shaded photos, very high or low resolution).
FAST_WINDOW_PX = 23
# The smallest marker worth finding: at the lowest resolution a side is read at (MIN_PX_PER_MM,
# checked at the page's corners, next to the markers) its outline is 4 x MARKER x 3 = 120 px
# long; a marker under three quarters of that belongs to a side refused for its resolution
# anyway. Dropping shorter outlines early skips the QR modules and letters in a corner crop.
MIN_MARKER_PERIMETER_PX = 0.75 * 4 * MARKER * MIN_PX_PER_MM
_DETECTORS: dict[tuple[bool, float], cv2.aruco.ArucoDetector] = {}


def _detector(fast: bool, min_perimeter_rate: float) -> cv2.aruco.ArucoDetector:
    """One detector of each kind per process (construction is not free; detection is thread-unsafe anyway)."""
    key = (fast, min_perimeter_rate)
    d = _DETECTORS.get(key)
    if d is None:
        params = cv2.aruco.DetectorParameters()
        params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
        params.minMarkerPerimeterRate = max(params.minMarkerPerimeterRate, min_perimeter_rate)
        if fast:
            params.adaptiveThreshWinSizeMin = params.adaptiveThreshWinSizeMax = FAST_WINDOW_PX
        dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
        if len(_DETECTORS) > 32:  # many image sizes (photos): keep the memo small
            _DETECTORS.clear()
        d = _DETECTORS[key] = cv2.aruco.ArucoDetector(dictionary, params)
    return d


def _detect(grey: np.ndarray, ox: int, oy: int) -> dict[int, np.ndarray]:
    return _detect_with(grey, ox, oy, True) or _detect_with(grey, ox, oy, False)


def _detect_with(grey: np.ndarray, ox: int, oy: int, fast: bool) -> dict[int, np.ndarray]:
    # OpenCV's rate is a share of the image's longer side; three decimals keep the memo small.
    rate = math.floor(MIN_MARKER_PERIMETER_PX / max(grey.shape[:2], default=1) * 1000) / 1000
    corners, ids, _ = _detector(fast, rate).detectMarkers(grey)
    found: dict[int, np.ndarray] = {}
    if ids is None:
        return found
    for c, i in zip(corners, ids.ravel(), strict=True):
        mid = int(i)
        if mid not in MARKER_IDS:
            continue
        pts = c.reshape(4, 2).astype(np.float64) + np.array([ox, oy], np.float64)
        # Two detections of one id: keep the larger (a tiny one is noise or a printed copy).
        if mid not in found or cv2.contourArea(pts.astype(np.float32)) > cv2.contourArea(found[mid].astype(np.float32)):
            found[mid] = pts
    return found


def find_markers(grey: np.ndarray) -> tuple[dict[int, np.ndarray], bool]:
    """Marker id -> its 4 corners in image pixels (ArUco order), and whether the whole page was searched."""
    h, w = grey.shape
    found: dict[int, np.ndarray] = {}
    pending = [True, True, True, True]  # corners (TL, TR, BR, BL of the image) still to search
    for fraction in CORNER_FRACTIONS:
        cw, ch = int(w * fraction), int(h * fraction)
        for n, (ox, oy) in enumerate(((0, 0), (w - cw, 0), (w - cw, h - ch), (0, h - ch))):
            if not pending[n]:
                continue
            hits = _detect(grey[oy:oy + ch, ox:ox + cw], ox, oy)
            for mid, pts in hits.items():
                found.setdefault(mid, pts)
            # A corner holds one marker; once it is found the larger crop would only find it again.
            pending[n] = not hits
        if len(found) == len(MARKER_IDS):
            return found, False
    for mid, pts in _detect(grey, 0, 0).items():
        found.setdefault(mid, pts)
    return found, True
