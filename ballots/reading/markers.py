"""Find the four ArUco corner markers (DICT_4X4_50, ids 0..3) of a ballot side.

The corners are searched first in small crops (the markers sit 6-16 mm from the paper's edges),
then in larger ones for a marker still missing (a photo with a wide border, a strongly skewed feed),
and the whole page only when a marker is still missing. Detection cost grows with the pixels
searched, so the small crops make the usual case ~4x cheaper than one size of 30 %, and the crops
are searched at half size first (a quarter of the pixels), the corners refined on the full pixels.
The ids say which corner each marker is, so a 180°-rotated feed or a 90°-rotated photo gives the
same correspondences and the homography absorbs the rotation.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ballots.layout_model import MARKER
from ballots.reading.page import halve
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
_DETECTORS: dict[tuple[bool, float, bool], cv2.aruco.ArucoDetector] = {}


def _detector(fast: bool, min_perimeter_rate: float, refine: bool = True) -> cv2.aruco.ArucoDetector:
    """One detector of each kind per process (construction is not free; detection is thread-unsafe anyway)."""
    key = (fast, min_perimeter_rate, refine)
    d = _DETECTORS.get(key)
    if d is None:
        params = cv2.aruco.DetectorParameters()
        params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX if refine else cv2.aruco.CORNER_REFINE_NONE
        params.minMarkerPerimeterRate = max(params.minMarkerPerimeterRate, min_perimeter_rate)
        if fast:
            params.adaptiveThreshWinSizeMin = params.adaptiveThreshWinSizeMax = FAST_WINDOW_PX
        dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
        if len(_DETECTORS) > 32:  # many image sizes (photos): keep the memo small
            _DETECTORS.clear()
        d = _DETECTORS[key] = cv2.aruco.ArucoDetector(dictionary, params)
    return d


def _detect(grey: np.ndarray, ox: int, oy: int) -> dict[int, np.ndarray]:
    return _detect_halved(grey, ox, oy) or _detect_full(grey, ox, oy)


def _detect_full(grey: np.ndarray, ox: int, oy: int) -> dict[int, np.ndarray]:
    return _detect_with(grey, ox, oy, True) or _detect_with(grey, ox, oy, False)


def _detect_with(grey: np.ndarray, ox: int, oy: int, fast: bool, refine: bool = True,
                 min_perimeter_px: float = MIN_MARKER_PERIMETER_PX) -> dict[int, np.ndarray]:
    # OpenCV's rate is a share of the image's longer side; three decimals keep the memo small.
    rate = math.floor(min_perimeter_px / max(grey.shape[:2], default=1) * 1000) / 1000
    corners, ids, _ = _detector(fast, rate, refine).detectMarkers(grey)
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


# ArUco's sub-pixel refinement (OpenCV >= 4.7): a window of 0.3 module (a 4x4 marker and its border
# are 6 modules across), at most 5 px. A corner found at half size can be 2 half-size px off, more
# than that window reaches (cornerSubPix then leaves it where it was), so a first pass with a
# window of 0.6 module brings it in; a window within the marker's 1-module border sees no bits.
_MODULES = 6
_REACH_SHARE, _REACH_MAX_PX = 0.6, 10
_REFINE_SHARE, _REFINE_MAX_PX = 0.3, 5
_REACH_STOP = (cv2.TERM_CRITERIA_MAX_ITER | cv2.TERM_CRITERIA_EPS, 30, 0.1)
# Iterated to 0.01 px (ArUco stops at 0.1): the corners do not depend on where the halving grid
# falls, so a side moved by a pixel gives the same corners moved by that pixel.
_REFINE_STOP = (cv2.TERM_CRITERIA_MAX_ITER | cv2.TERM_CRITERIA_EPS, 30, 0.01)


def _window(module: float, share: float, most: int) -> tuple[int, int]:
    n = min(most, max(1, round(share * module)))
    return n, n


def _detect_halved(grey: np.ndarray, ox: int, oy: int) -> dict[int, np.ndarray]:
    """Markers found on the crop at half size, their corners refined on the crop itself.

    Finding costs about a third at half size; the refinement is on the full pixels (within 0.1 px
    of ArUco's own corners on the full crop at 200 dpi, 0.45 px at 150 dpi, on the bench corpus;
    an 80 dpi scan's markers are still found at half size). Where nothing is found at half size
    (a marker too small or too faint there), the caller searches the full crop.
    """
    h, w = grey.shape[:2]
    if h < 4 or w < 4:
        return {}
    found = _detect_with(halve(grey, 1), 0, 0, True, refine=False, min_perimeter_px=MIN_MARKER_PERIMETER_PX / 2)
    for mid, pts in found.items():
        full = (pts * 2 + 0.5).astype(np.float32)  # half-size pixel centres on the full crop
        module = float(np.mean(np.linalg.norm(full - np.roll(full, 1, axis=0), axis=1))) / _MODULES
        corners = full.reshape(-1, 1, 2)
        cv2.cornerSubPix(grey, corners, _window(module, _REACH_SHARE, _REACH_MAX_PX), (-1, -1), _REACH_STOP)
        cv2.cornerSubPix(grey, corners, _window(module, _REFINE_SHARE, _REFINE_MAX_PX), (-1, -1), _REFINE_STOP)
        found[mid] = full.astype(np.float64) + np.array([ox, oy], np.float64)
    return found


# The corner search, cheapest first: every crop size at half size (a marker lying outside the
# small crop, as on an A5 sheet's scan, is found in the larger one without searching the small one
# in full), then in full for markers too small or too faint at half size.
_CORNER_SEARCHES = tuple((f, True) for f in CORNER_FRACTIONS) + tuple((f, False) for f in CORNER_FRACTIONS)


def find_markers(grey: np.ndarray) -> tuple[dict[int, np.ndarray], bool]:
    """Marker id -> its 4 corners in image pixels (ArUco order), and whether the whole page was searched."""
    h, w = grey.shape
    found: dict[int, np.ndarray] = {}
    pending = [True, True, True, True]  # corners (TL, TR, BR, BL of the image) still to search
    for fraction, halved in _CORNER_SEARCHES:
        detect = _detect_halved if halved else _detect_full
        cw, ch = int(w * fraction), int(h * fraction)
        for n, (ox, oy) in enumerate(((0, 0), (w - cw, 0), (w - cw, h - ch), (0, h - ch))):
            if not pending[n]:
                continue
            hits = detect(grey[oy:oy + ch, ox:ox + cw], ox, oy)
            for mid, pts in hits.items():
                found.setdefault(mid, pts)
            # A corner holds one marker; once it is found a larger crop would only find it again.
            pending[n] = not hits
        if len(found) == len(MARKER_IDS):
            return found, False
    for mid, pts in _detect(grey, 0, 0).items():
        found.setdefault(mid, pts)
    return found, True
