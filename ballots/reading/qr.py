"""Decode the sheet's QR code with zxing-cpp on a small crop (never OpenCV's detector on a page)."""

from __future__ import annotations

import numpy as np
import zxingcpp


def read_qr_texts(grey: np.ndarray) -> list[str]:
    """All QR texts found in `grey` (usually a corner crop of a few cm)."""
    if grey.size == 0:
        return []
    try:
        found = zxingcpp.read_barcodes(np.ascontiguousarray(grey), formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception:  # a decoder failure on a crop means "no code here", never a crash
        return []
    return [b.text for b in found if b.valid and b.text]
