"""Printed ballots, read back from the PDF: text layer, QR, ArUco markers and geometry at 200 dpi."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
import zxingcpp

from ballots.errors import PrintingError, SheetCodeError
from ballots.geometry import Rect
from ballots.layout import BallotLayout, Form, SheetLayout, plan_ballot
from ballots.printing import rasterise, render_pdf, render_pdf_bytes, render_sheet_images
from ballots.sheetcode import decode, new_nonce, verify
from tests.unit.test_layout_samples import sample_spec

DPI = 200
K = DPI / 25.4  # px per mm
TOLERANCE_MM = 0.2
SIZES = (1, 5, 30, 105, 250)


@dataclass
class Printed:
    layout: BallotLayout
    pdf: bytes
    nonces: list[str]
    pages: dict[int, np.ndarray]  # rendered pages by 0-based page index (a few, to stay fast)

    def sheet_of(self, page: int) -> SheetLayout:
        return self.layout.sheets[page % self.layout.sheet_count]


def _print(count: int, form: Form, copies: int = 2) -> Printed:
    layout = plan_ballot(sample_spec(count, form))
    pdf, nonces = render_pdf_bytes(layout, copies)
    wanted = sorted({0, copies * layout.sheet_count - 1})
    return Printed(layout, pdf, nonces, dict(zip(wanted, rasterise(pdf, DPI, wanted), strict=True)))


@pytest.fixture(scope="module", params=[(n, f) for f in Form for n in SIZES], ids=lambda p: f"{p[1]}-{p[0]}")
def printed(request: pytest.FixtureRequest) -> Printed:
    return _print(*request.param)


def _px(r: Rect) -> tuple[slice, slice]:
    """Rows and columns of the pixels covering a rect (mm) at DPI."""
    return slice(int(r.y * K), int(np.ceil(r.y2 * K))), slice(int(r.x * K), int(np.ceil(r.x2 * K)))


def _darkness(image: np.ndarray, window: Rect) -> tuple[np.ndarray, int, int]:
    rows, cols = _px(window)
    return 1.0 - image[rows, cols].astype(np.float64) / 255.0, rows.start, cols.start


def _centroid_mm(image: np.ndarray, window: Rect) -> tuple[float, float]:
    """Centre of the ink in a window, in mm (pixel i covers [i, i+1) px)."""
    d, top, left = _darkness(image, window)
    ys, xs = np.indices(d.shape)
    mass = d.sum()
    assert mass > 1.0, f"no ink in {window}"
    return ((xs + left + 0.5) * d).sum() / mass / K, ((ys + top + 0.5) * d).sum() / mass / K


def _ink_box_mm(image: np.ndarray, window: Rect) -> Rect:
    """Extent of the inked pixels in a window, in mm."""
    d, top, left = _darkness(image, window)
    ys, xs = np.nonzero(d > 0.25)  # fine tips of stacked accents are only partly inked at 200 dpi
    assert len(xs), f"no ink in {window}"
    return Rect.from_edges((xs.min() + left) / K, (ys.min() + top) / K, (xs.max() + left + 1) / K, (ys.max() + top + 1) / K)


def _page_text(pdf: bytes, page: int) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return document[page].get_textpage().get_text_range()
    finally:
        document.close()


def test_the_text_layer_holds_every_name_exactly_in_ballot_order(printed: Printed) -> None:
    layout = printed.layout
    text = "\n".join(_page_text(printed.pdf, i) for i in range(layout.sheet_count))
    assert unicodedata.is_normalized("NFC", text)
    position = 0
    for number, name in enumerate(layout.spec.names, start=1):
        found = re.compile(rf"(?<!\d){number}\.\s*{re.escape(name)}(?=\s|$)").search(text, position)
        assert found, f"name {number} {name!r} missing or out of order"
        position = found.end()
    for needle in ("ĐẢNG CỘNG SẢN VIỆT NAM", "PHIẾU BẦU CỬ", layout.spec.texts.subject):
        assert needle in text
    assert layout.spec.texts.instruction_for(layout.spec.form) in text.replace("\r\n", " ").replace("\n", " ")
    # The second copy prints the same text (only the QR differs).
    second = "\n".join(_page_text(printed.pdf, layout.sheet_count + i) for i in range(layout.sheet_count))
    assert second == text


def test_every_qr_decodes_and_verifies_against_the_layout(printed: Printed) -> None:
    for page, image in printed.pages.items():
        sheet = printed.sheet_of(page)
        rows, cols = _px(sheet.qr_quiet.grow(3.0))
        found = zxingcpp.read_barcodes(image[rows, cols], formats=zxingcpp.BarcodeFormat.QRCode)
        assert len(found) == 1
        code = decode(found[0].text)
        verify(code, printed.layout)
        assert code.sheet_index == sheet.index
        assert code.nonce == printed.nonces[page // printed.layout.sheet_count]


def test_the_four_markers_are_found_with_their_ids_where_the_layout_says(printed: Printed) -> None:
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50), params)
    for page, image in printed.pages.items():
        sheet = printed.sheet_of(page)
        corners, ids, _ = detector.detectMarkers(image)
        assert ids is not None and sorted(ids.ravel().tolist()) == [0, 1, 2, 3]
        for marker_corners, marker_id in zip(corners, ids.ravel(), strict=True):
            marker = next(m for m in sheet.markers if m.id == marker_id)
            expected = np.array(marker.rect.corners) * K - 0.5  # OpenCV puts pixel centres at integers
            error_mm = np.abs(marker_corners.reshape(4, 2) - expected).max() / K
            assert error_mm <= TOLERANCE_MM, (marker.corner, error_mm)


def test_row_ticks_and_boxes_are_printed_where_the_layout_says(printed: Printed) -> None:
    for page, image in printed.pages.items():
        sheet = printed.sheet_of(page)
        assert abs(image.shape[0] - sheet.page_h * K) < 1 and abs(image.shape[1] - sheet.page_w * K) < 1
        for row in sheet.rows:
            targets = [*row.ticks] + [b for b in (row.agree_box, row.disagree_box) if b is not None]
            for target in targets:
                x, y = _centroid_mm(image, target.grow(1.0))
                assert abs(x - target.cx) <= TOLERANCE_MM and abs(y - target.cy) <= TOLERANCE_MM, (row.number, target)


def test_each_printed_name_fills_its_name_box(printed: Printed) -> None:
    for page, image in printed.pages.items():
        for row in printed.sheet_of(page).rows:
            ink = _ink_box_mm(image, row.name_box.grow(1.2))
            box = row.name_box
            assert abs(ink.y - box.y) <= TOLERANCE_MM and abs(ink.y2 - box.y2) <= TOLERANCE_MM, row.name
            assert ink.x >= box.x - TOLERANCE_MM and ink.x2 <= box.x2 + TOLERANCE_MM, row.name
            assert ink.w >= box.w - 1.5, row.name  # only side bearings are left white


def test_copies_times_sheets_pages_with_one_fresh_nonce_per_copy() -> None:
    layout = plan_ballot(sample_spec(250))
    pdf, nonces = render_pdf_bytes(layout, 3)
    assert len(pdfium.PdfDocument(pdf)) == 3 * layout.sheet_count
    assert len(set(nonces)) == 3


def test_given_nonces_are_printed_and_the_output_is_reproducible(tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = plan_ballot(sample_spec(5, Form.BOXES))
    nonces = [new_nonce(), new_nonce()]
    path = tmp_path / "ballots.pdf"
    assert render_pdf(layout, path, 2, nonces) == nonces
    assert render_pdf(layout, str(tmp_path / "again.pdf"), 2, nonces) == nonces
    assert path.read_bytes() == (tmp_path / "again.pdf").read_bytes()
    image = rasterise(path.read_bytes(), DPI, [1])[0]
    assert decode(zxingcpp.read_barcodes(image)[0].text).nonce == nonces[1]


def test_a_code_printed_for_another_election_or_round_fails_verification() -> None:
    base = plan_ballot(sample_spec(5))
    for other, reason in ((sample_spec(5, election="E8"), "another election"),
                          (sample_spec(5, round_no=2), "another round")):
        image = render_sheet_images(plan_ballot(other), DPI)[0]
        code = decode(zxingcpp.read_barcodes(image)[0].text)
        with pytest.raises(SheetCodeError) as caught:
            verify(code, base)
        assert caught.value.reason == reason


def test_each_copy_only_adds_its_qr_to_the_file() -> None:
    layout = plan_ballot(sample_spec(105))
    one, _ = render_pdf_bytes(layout, 1)
    many, _ = render_pdf_bytes(layout, 21)
    assert (len(many) - len(one)) / 20 < 3000  # the page template is a shared form, not redrawn per copy


@pytest.mark.parametrize(("copies", "nonces", "message"), [
    (0, None, "at least 1"),
    (True, None, "at least 1"),
    (2, ["0" * 13], "2 copies"),
    (1, ["lowercase-bad"], "Nonce 1"),
    (2, ["A" * 13, "A" * 13], "same nonce"),
])
def test_bad_copies_or_nonces_are_refused(copies: int, nonces: list[str] | None, message: str) -> None:
    layout = plan_ballot(sample_spec(2))
    with pytest.raises(PrintingError, match=message):
        render_pdf(layout, io.BytesIO(), copies, nonces)


def test_an_unwritable_destination_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PrintingError, match="Cannot write"):
        render_pdf(plan_ballot(sample_spec(2)), tmp_path / "missing" / "b.pdf", 1)
