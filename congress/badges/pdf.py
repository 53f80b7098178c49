"""Badge sheets (thẻ đại biểu) as PDF: A6 (4 per A4) or ID-1 cards (10 per A4), with crop marks.

Takes plain `BadgeFace`s (no database). Names are printed exactly as registered, shrunk to fit and
wrapped onto a second line when needed — never cut. Voting and non-voting badges differ by more
than colour: a solid band with white text for voters, a hatched, outlined band for the others,
and the words BIỂU QUYẾT / KHÔNG BIỂU QUYẾT. The QR code is drawn as vector squares in
alphanumeric mode with a quiet zone of four modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import qrcode
from qrcode.constants import ERROR_CORRECT_Q
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ballots.fonts import BOLD, REGULAR, register_fonts
from ballots.printing import dark_runs
from congress.badges.tokens import grouped
from congress.errors import CongressError

PT = 72.0 / 25.4  # points per millimetre
QUIET = 4  # QR quiet zone in modules (the standard's minimum)
QR_MASK = 2
INK = HexColor("#111111")


@dataclass(frozen=True)
class BadgeFace:
    """Everything printed on one badge."""

    code: str
    name: str
    category_word: str  # e.g. ĐẠI BIỂU CHÍNH THỨC
    voting: bool
    colour: str  # hex, the category's colour
    header: str = ""  # the congress
    title: str = ""
    delegation: str = ""
    seat: str = ""
    photo: Path | None = None

    @property
    def voting_word(self) -> str:
        return "BIỂU QUYẾT" if self.voting else "KHÔNG BIỂU QUYẾT"


@dataclass(frozen=True)
class SheetLayout:
    name: str
    badge_w: float  # mm
    badge_h: float
    cols: int
    rows: int
    qr_module: float  # mm per module: ≥ 0.6 mm reads reliably with wedge scanners and webcams

    @property
    def per_page(self) -> int:
        return self.cols * self.rows


LAYOUTS = {
    "a6": SheetLayout("a6", 105.0, 148.0, 2, 2, 1.1),
    "card": SheetLayout("card", 85.6, 53.98, 2, 5, 0.66),
}


@lru_cache(maxsize=64)
def qr_modules(text: str) -> list[list[bool]]:
    """The module matrix (no quiet zone) of an error-correction-Q QR holding text.

    A fixed mask pattern: choosing the "best" of eight costs ~25 ms a badge in pure Python and
    makes no difference to a scanner at these module sizes.
    """
    qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_Q, box_size=1, border=0, mask_pattern=QR_MASK)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.get_matrix()


def wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str] | None:
    """Split text at spaces into at most max_lines lines of width ≤ width mm (balanced), or None."""
    words = text.split(" ")

    def fits(line: str) -> bool:
        return stringWidth(line, font, size) / PT <= width

    if fits(text):
        return [text]
    if max_lines < 2 or len(words) < 2:
        return None
    if max_lines == 2:  # the split that makes the longer line shortest
        options = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        best = min(options, key=lambda pair: max(stringWidth(p, font, size) for p in pair))
        return list(best) if all(fits(p) for p in best) else None
    lines: list[str] = []
    for word in words:
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines if len(lines) <= max_lines and all(fits(line) for line in lines) else None


def fit(text: str, font: str, max_size: float, width: float, max_lines: int = 2,
        one_line_floor: float = 0.75) -> tuple[float, list[str]]:
    """The largest size (and its lines) at which text fits: one line down to one_line_floor × max_size,
    then up to max_lines lines; smaller still if need be. Text is never cut."""
    size = max_size
    while size >= 3.0:
        lines = wrap(text, font, size, width, 1 if size >= max_size * one_line_floor else max_lines)
        if lines is not None:
            return size, lines
        size = round(size - 0.25, 2)
    raise CongressError(f"Chữ '{text}' quá dài, không in vừa thẻ ngay cả ở cỡ chữ 3 pt.")


class _Badge:
    """Draws one badge in millimetres from its top-left corner (reportlab works bottom-left, in points)."""

    def __init__(self, c: Canvas, x0: float, top: float, w: float, h: float) -> None:
        self.c, self.x0, self.top, self.w, self.h = c, x0, top, w, h

    def _y(self, y: float) -> float:
        return (self.top - y) * PT

    def rect(self, x: float, y: float, w: float, h: float, fill: Color, stroke: Color | None = None,
             line: float = 0.0) -> None:
        self.c.setFillColor(fill)
        if stroke is not None:
            self.c.setStrokeColor(stroke)
            self.c.setLineWidth(line * PT)
        self.c.rect((self.x0 + x) * PT, self._y(y + h), w * PT, h * PT, stroke=int(stroke is not None), fill=1)

    def lines(self, lines: Sequence[str], font: str, size: float, x: float, y: float, w: float,
              colour: Color = INK, centre: bool = True) -> float:
        """Draw lines whose first line's top is at y; return the y below the last line."""
        self.c.setFillColor(colour)
        self.c.setFont(font, size)
        step = size * 1.18 / PT
        for i, line in enumerate(lines):
            baseline = y + size * 0.93 / PT + i * step
            if centre:
                self.c.drawCentredString((self.x0 + x + w / 2) * PT, self._y(baseline), line)
            else:
                self.c.drawString((self.x0 + x) * PT, self._y(baseline), line)
        return y + len(lines) * step

    @staticmethod
    def height(text: str, font: str, max_size: float, w: float, max_lines: int) -> float:
        size, lines = fit(text, font, max_size, w, max_lines)
        return len(lines) * size * 1.18 / PT

    def text(self, text: str, font: str, max_size: float, x: float, y: float, w: float,
             max_lines: int = 2, colour: Color = INK, centre: bool = True) -> float:
        if not text:
            return y
        size, lines = fit(text, font, max_size, w, max_lines)
        return self.lines(lines, font, size, x, y, w, colour, centre)

    def band(self, face: BadgeFace, x: float, y: float, w: float, h: float, size: float, one_line: bool) -> None:
        colour = HexColor(face.colour)
        if face.voting:
            self.rect(x, y, w, h, colour)
            ink = white
        else:  # light fill, thick outline and diagonal hatching: different even in black and white
            self.rect(x, y, w, h, white, colour, 0.8)
            self.c.saveState()
            path = self.c.beginPath()
            path.rect((self.x0 + x) * PT, self._y(y + h), w * PT, h * PT)
            self.c.clipPath(path, stroke=0, fill=0)
            self.c.setStrokeColor(colour)
            self.c.setLineWidth(0.25 * PT)
            step = 2.5
            offset = -h
            while offset < w:
                self.c.line((self.x0 + x + offset) * PT, self._y(y + h), (self.x0 + x + offset + h) * PT, self._y(y))
                offset += step
            self.c.restoreState()
            self.rect(x + 2, y + h * 0.12, w - 4, h * 0.76, white)
            ink = colour
        words = [f"{face.category_word} · {face.voting_word}"] if one_line else [face.category_word, face.voting_word]
        sizes = [fit(word, BOLD, size, w - 6, 1)[0] for word in words]
        common = min(sizes)
        block = len(words) * common * 1.18 / PT
        self.lines(words, BOLD, common, x, y + (h - block) / 2, w, ink)

    def qr(self, code: str, x: float, y: float, module: float) -> float:
        """QR with its quiet zone, top-left of the quiet zone at (x, y); returns the side in mm."""
        matrix = qr_modules(code)
        n = len(matrix)
        side = (n + 2 * QUIET) * module
        self.rect(x, y, side, side, white)
        self.c.setFillColor(Color(0, 0, 0))
        path = self.c.beginPath()
        for i, row in enumerate(matrix):
            for start, length in dark_runs(row):
                left = x + (QUIET + start) * module
                top = y + (QUIET + i) * module
                path.rect((self.x0 + left) * PT, self._y(top + module), length * module * PT, module * PT)
        self.c.drawPath(path, stroke=0, fill=1)
        return side

    def photo(self, face: BadgeFace, x: float, y: float, w: float, h: float) -> None:
        assert face.photo is not None
        try:
            self.c.drawImage(str(face.photo), (self.x0 + x) * PT, self._y(y + h), w * PT, h * PT,
                             preserveAspectRatio=True, anchor="c", mask="auto")
        except Exception as exc:  # reportlab raises OSError or its own errors for unreadable files
            raise CongressError(f"Không đọc được ảnh {face.photo} của {face.name}: {exc}.") from None


def _draw_a6(b: _Badge, face: BadgeFace, layout: SheetLayout) -> None:
    m = 7.0  # safe margin: crop marks and cutting tolerance live outside it
    inner = b.w - 2 * m
    y = b.text(face.header, REGULAR, 8.5, m, m, inner, 2)
    b.band(face, 0, y + 2.5, b.w, 16, 12, one_line=False)
    y += 2.5 + 16 + 3
    side = (len(qr_modules(face.code)) + 2 * QUIET) * layout.qr_module
    code_top = b.h - m - 3.2
    qr_top = code_top - side
    if face.photo is not None:
        b.photo(face, (b.w - 26) / 2, y, 26, 32)
        y += 34
    blocks = [(face.name, BOLD, 20, 2, 1.5), (face.title, REGULAR, 10, 2, 0.8),
              (face.delegation, REGULAR, 10, 2, 0.8), (f"Ghế: {face.seat}" if face.seat else "", BOLD, 11, 1, 0)]
    height = sum(b.height(text, font, size, inner, lines) + gap for text, font, size, lines, gap in blocks if text)
    y += max(0.0, (qr_top - 2 - y - height) / 2)  # centre the words in the free space
    for text, font, size, lines, gap in blocks:
        if text:
            y = b.text(text, font, size, m, y, inner, lines) + gap
    if y > qr_top + 1:
        raise CongressError(f"Thông tin của {face.name} quá dài cho thẻ A6; rút gọn chức vụ hoặc bỏ ảnh.")
    b.qr(face.code, (b.w - side) / 2, qr_top, layout.qr_module)
    b.text(grouped(face.code), REGULAR, 7, m, code_top + 0.6, inner, 1)


def _draw_card(b: _Badge, face: BadgeFace, layout: SheetLayout) -> None:
    m = 3.5
    band_h = 9.0
    b.band(face, 0, 0, b.w, band_h, 7.5, one_line=False)
    side = (len(qr_modules(face.code)) + 2 * QUIET) * layout.qr_module
    qr_x, qr_y = b.w - m - side + QUIET * layout.qr_module * 0.5, band_h + 1.0
    b.qr(face.code, qr_x, qr_y, layout.qr_module)
    b.text(face.code[-4:], REGULAR, 5, qr_x, qr_y + side + 0.2, side, 1)
    x = m
    if face.photo is not None:
        b.photo(face, m, band_h + 2, 15, 20)
        x = m + 17
    width = qr_x - x - 1
    y = b.text(face.name, BOLD, 12, x, band_h + 2.2, width, 2, centre=False) + 1.0
    y = b.text(face.title, REGULAR, 7, x, y, width, 2, centre=False) + 0.5
    y = b.text(face.delegation, REGULAR, 7, x, y, width, 2, centre=False) + 0.5
    if face.seat:
        y = b.text(f"Ghế: {face.seat}", BOLD, 7.5, x, y, width, 1, centre=False)
    y = max(y, band_h + 22.5 if face.photo is not None else y)
    if y > b.h - m - 3:
        raise CongressError(f"Thông tin của {face.name} quá dài cho thẻ cỡ thẻ ATM; dùng khổ A6.")
    b.text(face.header, REGULAR, 5.5, m, b.h - m - 2.8, qr_x - m - 1, 1, centre=False)


def _crop_marks(c: Canvas, layout: SheetLayout, x0: float, y0: float) -> None:
    """Short lines on every cut, outside the badges where the margin allows, else at the page edge."""
    c.setStrokeColor(INK)
    c.setLineWidth(0.2 * PT)
    page_w, page_h = A4[0] / PT, A4[1] / PT
    grid_w, grid_h = layout.cols * layout.badge_w, layout.rows * layout.badge_h
    length = 4.0
    for i in range(layout.cols + 1):
        x = x0 + i * layout.badge_w
        for edge, inward in ((0.0, 1), (page_h, -1)):
            gap = y0 if inward == 1 else page_h - (y0 + grid_h)
            start = edge + inward * max(gap - length - 1, 0.0)
            c.line(x * PT, (page_h - start) * PT, x * PT, (page_h - start - inward * length) * PT)
    for j in range(layout.rows + 1):
        y = y0 + j * layout.badge_h
        for edge, inward in ((0.0, 1), (page_w, -1)):
            gap = x0 if inward == 1 else page_w - (x0 + grid_w)
            start = edge + inward * max(gap - length - 1, 0.0)
            c.line(start * PT, (page_h - y) * PT, (start + inward * length) * PT, (page_h - y) * PT)


def render(faces: Sequence[BadgeFace], out: BinaryIO | str | Path, layout_name: str = "a6",
           title: str = "Thẻ đại biểu") -> int:
    """Write the badge sheets; return the number of pages."""
    if layout_name not in LAYOUTS:
        raise CongressError(f"Khổ thẻ '{layout_name}' không có; chọn một trong: {', '.join(LAYOUTS)}.")
    if not faces:
        raise CongressError("Không có thẻ nào để in.")
    layout = LAYOUTS[layout_name]
    register_fonts()
    c = Canvas(out if not isinstance(out, Path) else str(out), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor("congress")
    page_w, page_h = A4[0] / PT, A4[1] / PT
    x0 = (page_w - layout.cols * layout.badge_w) / 2
    y0 = (page_h - layout.rows * layout.badge_h) / 2
    pages = 0
    for start in range(0, len(faces), layout.per_page):
        for k, face in enumerate(faces[start : start + layout.per_page]):
            col, row = k % layout.cols, k // layout.cols
            badge = _Badge(c, x0 + col * layout.badge_w, page_h - (y0 + row * layout.badge_h),
                           layout.badge_w, layout.badge_h)
            (_draw_a6 if layout.name == "a6" else _draw_card)(badge, face, layout)
        _crop_marks(c, layout, x0, y0)
        c.showPage()
        pages += 1
    c.save()
    return pages
