"""Which sheet is this? Markers -> QR on its expected corner -> sheet code -> our layout.

Every failure is a rejection with a reason the counting committee can read; a sheet of another
election or round is named as such, never silently counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import cv2
import numpy as np

from ballots.errors import SheetCodeError
from ballots.layout import BallotLayout, SheetLayout
from ballots.reading.model import Rejection
from ballots.reading.qr import read_qr_texts
from ballots.reading.registration import Alignment, align
from ballots.sheetcode import SheetCode, decode, verify


@dataclass(frozen=True)
class Identified:
    code: SheetCode
    layout: BallotLayout
    sheet: SheetLayout


@dataclass(frozen=True)
class Refused:
    rejection: Rejection
    reason: str
    code: SheetCode | None = None


def _geometries(layouts: Mapping[str, BallotLayout]) -> list[SheetLayout]:
    """One sheet per distinct marker+QR geometry (usually one per paper size), in a fixed order."""
    seen: dict[tuple, SheetLayout] = {}
    for h in sorted(layouts):
        for sheet in layouts[h].sheets:
            key = (sheet.page_w, sheet.page_h, tuple(m.rect for m in sheet.markers), sheet.qr_quiet)
            seen.setdefault(key, sheet)
    return list(seen.values())


def _crop_qr(grey: np.ndarray, a: Alignment, sheet: SheetLayout, margin_mm: float) -> np.ndarray:
    r = sheet.qr_quiet.grow(margin_mm)
    to_img = np.linalg.inv(a.to_mm)
    pts = cv2.perspectiveTransform(np.array([r.corners], np.float64), to_img).reshape(-1, 2)
    h, w = grey.shape
    x0, y0 = np.floor(pts.min(0)).astype(int)
    x1, y1 = np.ceil(pts.max(0)).astype(int)
    return grey[max(y0, 0):min(y1, h), max(x0, 0):min(x1, w)]


def find_code_text(grey: np.ndarray, found: dict[int, np.ndarray], layouts: Mapping[str, BallotLayout]
                   ) -> tuple[list[str], tuple[SheetLayout, Alignment] | None]:
    """QR texts from the expected corner of each known geometry; whole page only as a last resort.

    Also the sheet geometry and alignment the code was found with (None after a whole-page
    search): a sheet with the same markers and page size aligns the same way.
    """
    for sheet in _geometries(layouts):
        a = align(found, sheet)
        if a is None:
            continue
        for margin in (3.0, 10.0):
            texts = read_qr_texts(_crop_qr(grey, a, sheet, margin))
            if texts:
                return texts, (sheet, a)
    return read_qr_texts(grey), None


def identify(texts: list[str], layouts: Mapping[str, BallotLayout]) -> Identified | Refused:
    """Match the QR text(s) to one of `layouts` (keyed by layout hash)."""
    codes: list[SheetCode] = []
    for t in texts:
        try:
            codes.append(decode(t))
        except SheetCodeError:
            continue
    if not codes:
        return Refused(Rejection.NOT_A_BALLOT, "The QR code on this sheet is not a ballot code of ours.")
    code = codes[0]
    layout = layouts.get(code.layout_hash)
    if layout is None:
        same = [layouts[h] for h in sorted(layouts) if layouts[h].spec.election == code.election]
        if not same:
            return Refused(Rejection.ANOTHER_ELECTION,
                           f"This sheet belongs to another election ({code.election}, round {code.round_no}).", code)
        if all(lay.spec.round_no != code.round_no for lay in same):
            return Refused(Rejection.ANOTHER_ROUND,
                           f"This sheet belongs to another round (round {code.round_no}) of election {code.election}.",
                           code)
        return Refused(Rejection.LAYOUT_MISMATCH,
                       "This sheet's layout does not match the printed ballot of this election and round.", code)
    try:
        verify(code, layout)
    except SheetCodeError as exc:
        text = str(exc)
        low = text.lower()
        kind = (Rejection.ANOTHER_ELECTION if "election" in low else
                Rejection.ANOTHER_ROUND if "round" in low else Rejection.LAYOUT_MISMATCH)
        return Refused(kind, text, code)
    return Identified(code, layout, layout.sheet(code.sheet_index))
