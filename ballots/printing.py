"""Print ballots to PDF with reportlab, exactly as ballots.layout planned them.

Everything but the QR is the same on every copy of a sheet, so each sheet is drawn once as a
Form XObject and every page only places that form and draws its own QR: printing 1,600 copies is
mostly the QR. Markers and QR modules are vector rectangles (crisp at any printer resolution);
all text is real text in the bundled font, so the PDF's text layer holds the exact NFC names.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import cv2
import numpy as np
import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from ballots.errors import PrintingError, SheetCodeError
from ballots.fonts import REGULAR, register_fonts
from ballots.geometry import PT_PER_MM, Rect
from ballots.layout_model import BOX_LINE, QR_MODULES, BallotLayout, SheetLayout
from ballots.sheetcode import VERSION, SheetCode, encode, is_nonce, new_nonce

_a85_lock = threading.Lock()
QR_MASK = 0  # a fixed mask: choosing the "best" one costs 8x the time and decoders accept any


@lru_cache(maxsize=8)
def aruco_bits(marker_id: int) -> np.ndarray:
    """The 6 x 6 cell matrix of a DICT_4X4_50 marker (border included), True = black."""
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    image = cv2.aruco.generateImageMarker(dictionary, marker_id, 6, borderBits=1)
    return image == 0


def qr_matrix(text: str) -> list[list[bool]]:
    """The 25 x 25 module matrix (no quiet zone) of a version-2, level-M QR holding text."""
    qr = qrcode.QRCode(version=2, error_correction=ERROR_CORRECT_M, box_size=1, border=0, mask_pattern=QR_MASK)
    qr.add_data(text)
    try:
        qr.make(fit=False)
    except DataOverflowError as exc:
        raise PrintingError(f"The sheet code {text!r} does not fit a version-2 QR.") from exc
    matrix = qr.get_matrix()
    if len(matrix) != QR_MODULES:
        raise PrintingError(f"The QR of {text!r} came out {len(matrix)} modules wide instead of {QR_MODULES}.")
    return matrix


def dark_runs(row: Sequence[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark cells in a row; fewer, wider rectangles print the same."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, dark in enumerate([*row, False]):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


class PageCanvas:
    """Draws in layout millimetres (top-left origin) on a reportlab canvas (bottom-left points)."""

    def __init__(self, canvas: Canvas, page_h: float) -> None:
        self.c = canvas
        self.page_h = page_h

    def fill_rects(self, rects: Sequence[Rect]) -> None:
        if not rects:
            return
        path = self.c.beginPath()
        for r in rects:
            path.rect(r.x * PT_PER_MM, (self.page_h - r.y2) * PT_PER_MM, r.w * PT_PER_MM, r.h * PT_PER_MM)
        self.c.drawPath(path, stroke=0, fill=1)

    def outline_rects(self, rects: Sequence[Rect], width: float) -> None:
        """Outlines whose ink lies inside each rect (the rect is the outline's outer edge)."""
        if not rects:
            return
        self.c.setLineWidth(width * PT_PER_MM)
        path = self.c.beginPath()
        for r in rects:
            inner = r.grow(-width / 2)
            path.rect(inner.x * PT_PER_MM, (self.page_h - inner.y2) * PT_PER_MM,
                      inner.w * PT_PER_MM, inner.h * PT_PER_MM)
        self.c.drawPath(path, stroke=1, fill=0)

    def text(self, x: float, baseline: float, text: str, font: str, size_pt: float) -> None:
        self.c.setFont(font, size_pt)
        self.c.drawString(x * PT_PER_MM, (self.page_h - baseline) * PT_PER_MM, text)

    def grid(self, area: Rect, cells: np.ndarray | Sequence[Sequence[bool]]) -> None:
        """A matrix of dark cells filling area (markers, QR), merged into horizontal runs.

        Drawn in cell units under one transform, so the content stream holds small integers: formatting
        floats was most of the cost of a QR, and the QR is drawn once per printed page.
        """
        n_rows, n_cols = len(cells), len(cells[0])
        cw, ch = area.w / n_cols * PT_PER_MM, area.h / n_rows * PT_PER_MM
        ops = [
            f"{start} {i} {length} 1 re"
            for i, row in enumerate(cells)
            for start, length in dark_runs([bool(v) for v in row])
        ]
        if not ops:
            return
        self.c.saveState()
        self.c.transform(cw, 0, 0, -ch, area.x * PT_PER_MM, (self.page_h - area.y) * PT_PER_MM)
        self.c.addLiteral("\n".join(ops) + "\nf")
        self.c.restoreState()


def draw_sheet_template(page: PageCanvas, sheet: SheetLayout) -> None:
    """Everything on a sheet except the QR."""
    c = page.c
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)
    for marker in sheet.markers:
        page.grid(marker.rect, aruco_bits(marker.id))
    for block in sheet.texts:
        page.text(block.x, block.baseline, block.text, block.font, block.size_pt)
    for row in sheet.rows:
        page.text(row.number_x, row.number_baseline, row.number_text, REGULAR, row.number_pt)
        page.text(row.name_box.x, row.baseline, row.name, REGULAR, row.name_pt)
    page.fill_rects([t for row in sheet.rows for t in row.ticks] + list(sheet.rules) + list(sheet.fold_guides))
    boxes = [b for row in sheet.rows for b in (row.agree_box, row.disagree_box) if b is not None]
    page.outline_rects(boxes, BOX_LINE)


@contextmanager
def binary_streams() -> Iterator[None]:
    """Compressed streams without the ASCII-85 layer: smaller, and its pure-Python encoder was slow."""
    with _a85_lock:
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = previous


def _check_nonces(copies: int, nonces: Sequence[str] | None) -> list[str]:
    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
        raise PrintingError(f"The number of copies must be a whole number of at least 1, not {copies!r}.")
    if nonces is None:
        return [new_nonce() for _ in range(copies)]
    nonces = list(nonces)
    if len(nonces) != copies:
        raise PrintingError(f"{len(nonces)} nonces were given for {copies} copies; give one per copy.")
    for i, nonce in enumerate(nonces, start=1):
        if not is_nonce(nonce):
            raise PrintingError(f"Nonce {i} ({nonce!r}) must be 13 characters of 0-9 and A-Z (see new_nonce()).")
    if len(set(nonces)) != len(nonces):
        raise PrintingError("Two copies were given the same nonce; every printed copy needs its own.")
    return nonces


def render_pdf(
    layout: BallotLayout, out: str | Path | BinaryIO, copies: int, nonces: Sequence[str] | None = None
) -> list[str]:
    """Write copies x sheet_count pages (copy by copy, its sheets in order); return the nonce of each copy."""
    nonces = _check_nonces(copies, nonces)
    register_fonts()
    first = layout.sheets[0]
    target = str(out) if isinstance(out, Path) else out
    try:
        canvas = Canvas(
            target, pagesize=(first.page_w * PT_PER_MM, first.page_h * PT_PER_MM), pageCompression=1,
            invariant=1,  # no timestamps or random ids in the file
        )
    except OSError as exc:
        raise PrintingError(f"Cannot write the ballot PDF to {out}: {exc.strerror or exc}.") from exc
    canvas.setTitle(f"{layout.spec.texts.title} {layout.spec.election} vòng {layout.spec.round_no}")
    canvas.setCreator("congress ballots")
    forms = []
    for sheet in layout.sheets:
        name = f"sheet{sheet.index}"
        canvas.beginForm(name)
        draw_sheet_template(PageCanvas(canvas, sheet.page_h), sheet)
        canvas.endForm()
        forms.append(name)
    for nonce in nonces:
        for sheet, form in zip(layout.sheets, forms, strict=True):
            canvas.setPageSize((sheet.page_w * PT_PER_MM, sheet.page_h * PT_PER_MM))
            canvas.doForm(form)
            code = SheetCode(VERSION, layout.spec.election, layout.spec.round_no, sheet.index,
                             layout.sheet_count, layout.layout_hash, nonce)
            try:
                text = encode(code)
            except SheetCodeError as exc:
                raise PrintingError(f"Cannot print sheet {sheet.index}: {exc}") from exc
            canvas.setFillColorRGB(0, 0, 0)
            PageCanvas(canvas, sheet.page_h).grid(sheet.qr, qr_matrix(text))
            canvas.showPage()
    try:
        with binary_streams():
            canvas.save()
    except OSError as exc:
        raise PrintingError(f"Cannot write the ballot PDF to {out}: {exc.strerror or exc}.") from exc
    return nonces


def render_pdf_bytes(layout: BallotLayout, copies: int = 1, nonces: Sequence[str] | None = None) -> tuple[bytes, list[str]]:
    """render_pdf into memory: (the PDF bytes, the nonces used)."""
    buffer = io.BytesIO()
    used = render_pdf(layout, buffer, copies, nonces)
    return buffer.getvalue(), used


def rasterise(pdf: bytes, dpi: float = 200.0, pages: Sequence[int] | None = None) -> list[np.ndarray]:
    """Greyscale uint8 images of PDF pages (0-based indices; all when None), rendered by pdfium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        wanted = range(len(document)) if pages is None else pages
        images = []
        for i in wanted:
            bitmap = document[i].render(scale=dpi / 72.0, grayscale=True)
            array = bitmap.to_numpy()
            if array.ndim == 3:  # some pdfium builds return BGR(x) even when asked for grey
                array = cv2.cvtColor(np.ascontiguousarray(array[:, :, :3]), cv2.COLOR_BGR2GRAY)
            images.append(np.ascontiguousarray(array))
        return images
    finally:
        document.close()


def render_sheet_images(layout: BallotLayout, dpi: float = 200.0, nonce: str | None = None) -> list[np.ndarray]:
    """One greyscale image per sheet of one printed copy (for previews, synthetic scans and tests)."""
    pdf, _ = render_pdf_bytes(layout, 1, None if nonce is None else [nonce])
    return rasterise(pdf, dpi)
