"""Decode the sheet's QR code with zxing-cpp on a small crop (never OpenCV's detector on a page)."""

from __future__ import annotations

import numpy as np
import zxingcpp

# zxing's local-average threshold first (shading, phone photos); a blurred, noisy 150 dpi scan
# whose modules it breaks up is read with one threshold for the crop (measured: a crop that the
# local threshold lost at any upscale was read at once). QR error correction and the layout
# hash check make a wrong read impossible in practice, so trying more is only ever a gain.
BINARIZERS = (zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.FixedThreshold,
              zxingcpp.Binarizer.GlobalHistogram)


def read_qr_texts(grey: np.ndarray) -> list[str]:
    """All QR texts found in `grey` (usually a corner crop of a few cm)."""
    if grey.size == 0:
        return []
    image = np.ascontiguousarray(grey)
    for binarizer in BINARIZERS:
        try:
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, binarizer=binarizer)
        except Exception:  # a decoder failure on a crop means "no code here", never a crash
            continue
        texts = [b.text for b in found if b.valid and b.text]
        if texts:
            return texts
    return []
