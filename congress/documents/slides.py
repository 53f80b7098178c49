"""Trình chiếu — landscape slides (PDF) of a round's result with a bar chart of the votes.

Drawn from `congress.counting.projection` (the same data the TUI projection screen shows); long
lists run over several slides, a dashed line marks the threshold (more than half of the denominator).
The same slides as PowerPoint: congress.documents.slides_pptx; `slides_format` picks one.
"""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ballots.fonts import BOLD, REGULAR, register_fonts
from congress.counting.projection import Projection
from congress.errors import CongressError

PER_SLIDE = 12
FORMATS = ("pdf", "pptx")


def slides_format(out: Path, forced: str | None = None) -> str:
    """pdf or pptx: `forced` (--format) if given, else the file's extension; a contradiction is refused."""
    suffix = out.suffix.lower().lstrip(".")
    if forced is None:
        if suffix not in FORMATS:
            raise CongressError(f"Tệp ra (--out) {out} phải có đuôi .pdf hoặc .pptx (hoặc chọn --format pdf|pptx).")
        return suffix
    if forced not in FORMATS:
        raise CongressError(f"Định dạng trang chiếu '{forced}' không hỗ trợ; chọn pdf hoặc pptx.")
    if suffix in FORMATS and suffix != forced:
        raise CongressError(f"Tệp ra (--out) {out} có đuôi .{suffix} nhưng --format là {forced}.")
    return forced
ELECTED = colors.HexColor("#b71c1c")
TIED = colors.HexColor("#f9a825")
OTHER = colors.HexColor("#90a4ae")


def _title(c: Canvas, proj: Projection, width: float, height: float, page: int, pages: int) -> None:
    c.setFont(BOLD, 22)
    c.drawCentredString(width / 2, height - 20 * mm, proj.title)
    c.setFont(REGULAR, 14)
    c.drawCentredString(width / 2, height - 29 * mm, proj.subtitle)
    c.setFont(REGULAR, 11)
    c.drawCentredString(width / 2, height - 36 * mm, f"{proj.denominator_text} · {proj.ballots_text}")
    c.setFont(REGULAR, 9)
    c.drawRightString(width - 10 * mm, 8 * mm, f"{page}/{pages}")
    c.drawString(10 * mm, 8 * mm, proj.percent_basis)


def write_slides(proj: Projection, out: Path) -> None:
    register_fonts()
    width, height = landscape(A4)
    c = Canvas(str(out), pagesize=(width, height))
    c.setTitle(proj.title)
    chunks = [proj.bars[i:i + PER_SLIDE] for i in range(0, len(proj.bars), PER_SLIDE)] or [()]
    pages = len(chunks) + 1
    left, right = 95 * mm, width - 45 * mm
    top, row_h = height - 48 * mm, 11 * mm
    for page, bars in enumerate(chunks, start=1):
        _title(c, proj, width, height, page, pages)
        x_threshold = left + (right - left) * proj.threshold_share
        for i, bar in enumerate(bars):
            y = top - i * row_h
            c.setFont(BOLD if bar.elected else REGULAR, 13)
            c.setFillColor(colors.black)
            c.drawRightString(left - 3 * mm, y - 6 * mm, f"{bar.number}. {bar.name}")
            c.setFillColor(ELECTED if bar.elected else TIED if bar.tied else OTHER)
            c.rect(left, y - 8 * mm, max(0.5, (right - left) * bar.share), 7 * mm, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.setFont(REGULAR, 12)
            c.drawString(left + (right - left) * bar.share + 2 * mm, y - 6 * mm, f"{bar.votes_text} · {bar.percent_text}")
        c.setDash(4, 3)
        c.setStrokeColor(colors.black)
        bottom = top - len(bars) * row_h - 2 * mm
        c.line(x_threshold, top + 2 * mm, x_threshold, bottom)
        c.setDash()
        c.setFont(REGULAR, 10)
        c.drawCentredString(x_threshold, bottom - 5 * mm, f"Trên một nửa: từ {proj.threshold_votes} phiếu")
        c.showPage()
    _title(c, proj, width, height, pages, pages)
    c.setFont(BOLD, 18)
    c.drawCentredString(width / 2, height / 2 + 20 * mm, proj.outcome)
    c.setFont(REGULAR, 15)
    y = height / 2
    for line in (proj.elected_text.split("; ") if proj.elected_text else ["Không có đồng chí nào trúng cử."]):
        c.drawCentredString(width / 2, y, line)
        y -= 9 * mm
    c.showPage()
    c.save()
