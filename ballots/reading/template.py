"""The printed sheet as the reader expects to see it, rendered once per layout and worker.

The template is our own PDF page rendered at the working resolution, so it matches the print
exactly (fonts, diacritics, rules). Only the QR differs between copies (the nonce), so the QR
area is never used for "added ink".
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import cv2
import numpy as np

from ballots.layout import BallotLayout
from ballots.reading.registration import WORK_PX_PER_MM

STEM_MM = 0.9  # vertical structures at least this tall (letter stems), not horizontal lines
TEMPLATE_INK = 200  # grey below this in the crisp render is printed ink (incl. anti-aliasing)
_FIXED_NONCE = None  # filled lazily: any valid nonce works, the QR area is ignored


@dataclass(frozen=True)
class Template:
    grey: np.ndarray  # rendered page, uint8
    ink: np.ndarray  # uint8 0/255: printed ink
    ink_dilated: np.ndarray  # ink grown by 1 px: tolerance for residual misregistration
    k: float
    blank: np.ndarray = field(init=False)  # 255 where nothing is printed (not ink_dilated): every
    # side's "added ink" is its ink AND this, so it is computed once here, not on each side and row
    stems: np.ndarray = field(init=False)  # the printed letter stems, which each row is aligned by

    def __post_init__(self) -> None:
        for name, derived in (("blank", cv2.bitwise_not(self.ink_dilated)), ("stems", vertical_strokes(self.ink, self.k))):
            derived.flags.writeable = False  # shared by every side of the sheet
            object.__setattr__(self, name, derived)


def stem_px(k: float) -> int:
    """The height (px) of the column a letter stem must hold."""
    return max(3, round(STEM_MM * k))


def vertical_strokes(ink: np.ndarray, k: float) -> np.ndarray:
    """The vertical structures of `ink` at least STEM_MM tall (an opening by a column)."""
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((stem_px(k), 1), np.uint8))


_CACHE: dict[tuple[str, int, float], tuple[Template, ...]] = {}


def _render_pages(layout: BallotLayout, k: float) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    from ballots.printing import render_pdf
    from ballots.sheetcode import new_nonce

    global _FIXED_NONCE
    if _FIXED_NONCE is None:
        _FIXED_NONCE = new_nonce()
    buf = io.BytesIO()
    render_pdf(layout, buf, copies=1, nonces=[_FIXED_NONCE])
    pdf = pdfium.PdfDocument(buf.getvalue())
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            bitmap = page.render(scale=k * 25.4 / 72, grayscale=True)
            arr = bitmap.to_numpy()
            if arr.ndim == 3:
                arr = cv2.cvtColor(arr[:, :, :3], cv2.COLOR_BGR2GRAY)
            pages.append(np.ascontiguousarray(arr))
        return pages
    finally:
        pdf.close()


def templates_for(layout: BallotLayout, k: float = WORK_PX_PER_MM) -> tuple[Template, ...]:
    """One template per sheet of `layout`, cached by layout hash for the life of the process."""
    key = (layout.layout_hash, layout.sheet_count, k)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    out = []
    kernel = np.ones((3, 3), np.uint8)
    for sheet, page in zip(layout.sheets, _render_pages(layout, k), strict=True):
        size = (round(sheet.page_w * k), round(sheet.page_h * k))
        if (page.shape[1], page.shape[0]) != size:
            page = cv2.resize(page, size, interpolation=cv2.INTER_AREA)
        ink = np.where(page < TEMPLATE_INK, 255, 0).astype(np.uint8)
        dilated = cv2.dilate(ink, kernel)
        for a in (page, ink, dilated):
            a.flags.writeable = False  # shared by every side this worker reads
        out.append(Template(page, ink, dilated, k))
    result = tuple(out)
    if len(_CACHE) > 32:  # a worker sees few layouts; bound memory anyway
        _CACHE.clear()
    _CACHE[key] = result
    return result
