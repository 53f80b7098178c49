"""Find the four ArUco corner markers (DICT_4X4_50, ids 0..3) of a ballot side.

The corner crops are searched first (a few ms); the whole page only when a marker is missing.
The ids say which corner each marker is, so a 180°-rotated feed or a 90°-rotated photo gives the
same correspondences and the homography absorbs the rotation.
"""

from __future__ import annotations

import cv2
import numpy as np

MARKER_IDS = (0, 1, 2, 3)
CORNER_FRACTION = 0.3  # each corner crop is 30 % of the width and height

_DETECTOR: cv2.aruco.ArucoDetector | None = None


def _detector() -> cv2.aruco.ArucoDetector:
    """One detector per process (construction is not free; detection is thread-unsafe anyway)."""
    global _DETECTOR
    if _DETECTOR is None:
        params = cv2.aruco.DetectorParameters()
        params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
        dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
        _DETECTOR = cv2.aruco.ArucoDetector(dictionary, params)
    return _DETECTOR


def _detect(grey: np.ndarray, ox: int, oy: int) -> dict[int, np.ndarray]:
    corners, ids, _ = _detector().detectMarkers(grey)
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
    cw, ch = int(w * CORNER_FRACTION), int(h * CORNER_FRACTION)
    found: dict[int, np.ndarray] = {}
    for ox, oy in ((0, 0), (w - cw, 0), (w - cw, h - ch), (0, h - ch)):
        for mid, pts in _detect(grey[oy:oy + ch, ox:ox + cw], ox, oy).items():
            found.setdefault(mid, pts)
    if len(found) == len(MARKER_IDS):
        return found, False
    for mid, pts in _detect(grey, 0, 0).items():
        found.setdefault(mid, pts)
    return found, True
