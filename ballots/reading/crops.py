"""PNG crops for the review screen: one row of the registered sheet, or the whole sheet small."""

from __future__ import annotations

from collections.abc import Mapping

import cv2
import numpy as np

from ballots.errors import ImageError
from ballots.layout import BallotLayout
from ballots.reading.decode import as_grey, decode_bytes
from ballots.reading.model import SheetReading
from ballots.reading.side import Registered, register


def _registered(image: np.ndarray | bytes, layouts: Mapping[str, BallotLayout]) -> Registered:
    if isinstance(image, bytes | bytearray | memoryview):
        pages = decode_bytes(bytes(image)).pages
        if len(pages) != 1:
            raise ImageError("Crops need a one-page image.")
        grey = pages[0]
    else:
        grey = as_grey(image)
    reg = register(grey, layouts)
    if isinstance(reg, SheetReading):
        raise ImageError(f"The side cannot be registered for crops ({reg.reason}).")
    return reg


def _png(img: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", img)
    if not ok:
        raise ImageError("A crop could not be encoded as PNG.")
    return buf.tobytes()


def row_crop_png(image: np.ndarray | bytes, layouts: Mapping[str, BallotLayout], number: int,
                 margin_mm: float = 2.0) -> bytes:
    """The row of ballot number `number` (with a little margin), aligned to the layout, as PNG."""
    reg = _registered(image, layouts)
    rows = [r for r in reg.found.sheet.rows if r.number == number]
    if not rows:
        raise ImageError(f"Number {number} is not on this sheet.")
    k = reg.template.k
    b = rows[0].band.grow(margin_mm)
    h, w = reg.page.shape
    y0, y1 = max(round(b.y * k), 0), min(round(b.y2 * k), h)
    x0, x1 = max(round(b.x * k), 0), min(round(b.x2 * k), w)
    return _png(reg.page[y0:y1, x0:x1])


def sheet_png(image: np.ndarray | bytes, layouts: Mapping[str, BallotLayout], max_side: int = 1000) -> bytes:
    """The whole registered sheet, downscaled so its longer side is at most `max_side` px."""
    reg = _registered(image, layouts)
    h, w = reg.page.shape
    f = min(1.0, max_side / max(h, w))
    small = cv2.resize(reg.page, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    return _png(small)
