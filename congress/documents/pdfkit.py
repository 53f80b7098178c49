"""Shared reportlab pieces for the official documents: Vietnamese paragraph styles on the bundled
font, the local date of an event, and plain tables."""

from datetime import UTC, date, datetime, timedelta, timezone
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from ballots.fonts import BOLD, REGULAR, register_fonts

VIETNAM = timezone(timedelta(hours=7))  # no daylight saving in Việt Nam


def local_date(moment: datetime | None) -> date:
    """The calendar day in Việt Nam of a stored UTC moment (today when None)."""
    return (moment or datetime.now(UTC)).astimezone(VIETNAM).date()


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=11, leading=15, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, fontName=BOLD, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=20, alignment=TA_CENTER),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=13),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=BOLD, fontSize=10, leading=13,
                                    alignment=TA_CENTER),
    }


def p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: names may contain '&' or '<')."""
    return Paragraph(escape(text), style)


def grid(rows: list[list[object]], widths: list[float], header_rows: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee")),
    ]))
    return table
