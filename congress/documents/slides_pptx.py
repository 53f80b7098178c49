"""Trình chiếu PowerPoint — a round's result as 16:9 PPTX slides for the hall (python-pptx).

The same content as the PDF slides (congress.documents.slides), from the same data
(congress.counting.projection, built from the one shared round report): a title slide, the ballot
accounting with the adjusted summoned denominator, the results table in ballot order, a native bar
chart (editable in PowerPoint, not an image) and the outcome with ties or a further round. Long lists
run over several table and chart slides. Type is large: the slides are read from the back of a hall.
"""

import math
from collections.abc import Sequence
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from congress.counting.projection import Bar, Projection, projection
from congress.counting.results import RoundReport
from congress.vi import format_int, nfc

# PowerPoint on the secretariat's laptop has Arial, which carries every Vietnamese diacritic; the PDF
# keeps the bundled DejaVu (reportlab embeds it, a PPTX only names its fonts).
FONT = "Arial"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
ROWS_PER_SLIDE = 8  # table rows and chart bars per slide at 24 pt
ELECTED_FIRST, ELECTED_PER_SLIDE = 5, 10  # the outcome slide also carries the outcome, ties, further round
FURTHER_NAMES = 6  # more names than this for a further round: the table shows them
RED = RGBColor(0xB7, 0x1C, 0x1C)  # elected (the same colours as the PDF slides)
AMBER = RGBColor(0xF9, 0xA8, 0x25)  # tied at the cut-off
GREY = RGBColor(0x90, 0xA4, 0xAE)
BLACK = RGBColor(0, 0, 0)
HEADER_FILL = RGBColor(0xEC, 0xEF, 0xF1)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


def _chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


def _style(run, size: int, bold: bool = False, color: RGBColor = BLACK) -> None:  # type: ignore[no-untyped-def]
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    run.font.color.rgb = color


def _text(slide: Slide, top: Emu, height: Emu, lines: Sequence[tuple[str, int, bool, RGBColor]],
          align: PP_ALIGN = PP_ALIGN.CENTER, left: Emu = MARGIN, width: Emu | None = None) -> None:
    """A text box of (text, size, bold, colour) lines, wrapped inside the slide's margins."""
    box = slide.shapes.add_textbox(left, top, width or WIDTH - left - MARGIN, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for i, (text, size, bold, color) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = nfc(text)
        _style(run, size, bold, color)


def _slide(prs: PresentationType, heading: str, footer: str) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank: every shape is placed here
    if heading:
        _text(slide, Inches(0.3), Inches(0.9), [(heading, 32, True, RED)])
    _text(slide, HEIGHT - Inches(0.55), Inches(0.45), [(footer, 14, False, BLACK)], align=PP_ALIGN.LEFT,
          width=WIDTH - 2 * MARGIN - Inches(1.6))  # the page number sits to its right
    return slide


def _cell(table, row: int, col: int, text: str, size: int, bold: bool = False,  # type: ignore[no-untyped-def]
          color: RGBColor = BLACK, align: PP_ALIGN = PP_ALIGN.LEFT, fill: RGBColor = WHITE) -> None:
    cell = table.cell(row, col)
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = cell.text_frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = nfc(text)
    _style(run, size, bold, color)


def _grid(slide: Slide, rows: int, widths: Sequence[float], row_height: Emu):  # type: ignore[no-untyped-def]
    top = Inches(1.3)
    shape = slide.shapes.add_table(rows, len(widths), MARGIN, top, WIDTH - 2 * MARGIN, row_height * rows)
    table = shape.table
    table.first_row = False  # our own header styling, not the theme's banding
    table.horz_banding = False
    usable = WIDTH - 2 * MARGIN
    for col, share in enumerate(widths):
        table.columns[col].width = int(usable * share)
    for row in table.rows:
        row.height = row_height
    return table


def _title_slide(prs: PresentationType, report: RoundReport, proj: Projection, footer: str) -> None:
    slide = _slide(prs, "", footer)
    _text(slide, Inches(1.2), Inches(5.0), [
        (report.congress.name, 28, False, BLACK),
        ("", 16, False, BLACK),
        (proj.title, 40, True, RED),
        ("", 16, False, BLACK),
        (proj.subtitle, 28, False, BLACK),
    ])


def accounting_rows(report: RoundReport) -> list[tuple[str, str, bool]]:
    """(label, number, bold): the adjusted summoned denominator with its breakdown, then the ballots."""
    d, acc = report.denominator, report.result.accounting
    rows = [(label, ("− " if sign < 0 else "") + format_int(count), False) for label, count, sign in d.items]
    rows.append((d.label, format_int(d.value), True))
    issued = "chưa ghi" if report.issued is None else format_int(report.issued)
    rows += [("Số phiếu phát ra", issued, False), ("Số phiếu thu vào", format_int(acc.returned), False),
             ("Số phiếu hợp lệ", format_int(acc.valid), True), ("Số phiếu không hợp lệ", format_int(acc.invalid), False)]
    return rows


def _accounting_slide(prs: PresentationType, report: RoundReport, footer: str) -> None:
    slide = _slide(prs, "KIỂM PHIẾU", footer)
    rows = accounting_rows(report)
    size = 24 if len(rows) <= 8 else 20  # a long breakdown still fits one slide (long labels wrap)
    table = _grid(slide, len(rows), (0.84, 0.16), Inches(0.58 if size == 24 else 0.48))
    for r, (label, number, bold) in enumerate(rows):
        fill = HEADER_FILL if bold else WHITE
        _cell(table, r, 0, label, size, bold, fill=fill)
        _cell(table, r, 1, number, size, bold, align=PP_ALIGN.RIGHT, fill=fill)


def _mark(bar: Bar) -> str:
    return "Trúng cử" if bar.elected else "Bằng phiếu" if bar.tied else ""


def _table_slide(prs: PresentationType, proj: Projection, bars: Sequence[Bar], heading: str, footer: str) -> None:
    slide = _slide(prs, heading, footer)
    table = _grid(slide, len(bars) + 1, (0.07, 0.45, 0.15, 0.14, 0.19), Inches(0.55))  # "Trúng cử" on one line
    for col, (head, align) in enumerate((("STT", PP_ALIGN.CENTER), ("Họ và tên", PP_ALIGN.LEFT),
                                         ("Số phiếu", PP_ALIGN.RIGHT), ("Tỷ lệ", PP_ALIGN.RIGHT),
                                         ("Kết quả", PP_ALIGN.CENTER))):
        _cell(table, 0, col, head, 22, True, align=align, fill=HEADER_FILL)
    for r, bar in enumerate(bars, start=1):
        color = RED if bar.elected else BLACK
        for col, (text, align) in enumerate(((str(bar.number), PP_ALIGN.CENTER), (bar.name, PP_ALIGN.LEFT),
                                             (bar.votes_text, PP_ALIGN.RIGHT), (bar.percent_text, PP_ALIGN.RIGHT),
                                             (_mark(bar), PP_ALIGN.CENTER))):
            _cell(table, r, col, text, 24, bar.elected, color, align)
    _text(slide, HEIGHT - Inches(1.15), Inches(0.55), [(proj.percent_basis, 16, False, BLACK)], align=PP_ALIGN.LEFT)


def _chart_slide(prs: PresentationType, proj: Projection, bars: Sequence[Bar], denominator: int, heading: str,
                 footer: str) -> None:
    slide = _slide(prs, heading, footer)
    data = CategoryChartData()
    data.categories = [nfc(bar.name) for bar in bars]
    data.add_series("Số phiếu", [bar.votes for bar in bars])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, Inches(1.2), WIDTH - 2 * MARGIN,
                                   Inches(5.0), data)
    chart = frame.chart
    chart.has_legend = False
    chart.font.name, chart.font.size = FONT, Pt(20)
    chart.category_axis.reverse_order = True  # ballot order from the top, as on the table
    chart.category_axis.tick_labels.font.size = Pt(22)
    axis = chart.value_axis
    # One scale for every chart slide (bar length = share of the denominator, as in the PDF), with
    # room beyond the longest bar for its label.
    axis.minimum_scale, axis.maximum_scale = 0, max(1, math.ceil(denominator * 1.25))
    axis.has_major_gridlines = False
    axis.tick_labels.font.size = Pt(14)
    plot = chart.plots[0]
    plot.gap_width = 40
    for point, bar in zip(plot.series[0].points, bars, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RED if bar.elected else AMBER if bar.tied else GREY
        label = point.data_label
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        run = label.text_frame.paragraphs[0].add_run()
        run.text = nfc(f"{bar.votes_text} · {bar.percent_text}")  # the Vietnamese format, not the locale's
        _style(run, 20, bar.elected)
    _text(slide, Inches(6.25), Inches(0.6), [(f"Trên một nửa: từ {proj.threshold_votes} phiếu", 20, True, BLACK)])


def outcome_lines(report: RoundReport) -> list[tuple[str, int, bool, RGBColor]]:
    """The outcome, then the tie or the further round when there is one."""
    r = report.result
    lines = [(r.outcome.label, 30, True, RED if r.elected else BLACK)]
    if r.tied:
        names = "; ".join(f"{c.name} ({format_int(c.votes)} phiếu)" for c in r.tied)
        lines.append((f"Bằng phiếu ở vị trí cuối: {names}.", 24, True, BLACK))
    if r.further_round and r.seats_remaining > 0:
        among = (", ".join(c.name for c in r.further_round) if len(r.further_round) <= FURTHER_NAMES
                 else f"{len(r.further_round)} đồng chí chưa trúng cử (xem bảng kết quả)")
        lines.append((f"Còn {r.seats_remaining} vị trí — bầu tiếp trong số: {among}.", 24, False, BLACK))
    return lines


def _outcome_slides(prs: PresentationType, report: RoundReport, footer: str) -> None:
    elected = report.result.elected
    rest = elected[ELECTED_FIRST:]
    chunks = [elected[:ELECTED_FIRST], *(rest[i:i + ELECTED_PER_SLIDE] for i in range(0, len(rest), ELECTED_PER_SLIDE))]
    for i, chunk in enumerate(chunks):
        slide = _slide(prs, "KẾT QUẢ" if i == 0 else "KẾT QUẢ (tiếp)", footer)
        lines = outcome_lines(report) if i == 0 else []
        if chunk:
            lines = [*lines, ("Các đồng chí trúng cử:", 24, True, BLACK)]
            lines += [(f"{c.name} — {format_int(c.votes)} phiếu", 26, True, RED) for c in chunk]
        elif not elected:
            lines.append(("Không có đồng chí nào trúng cử.", 26, False, BLACK))
        _text(slide, Inches(1.3), Inches(5.4), lines)


def write_slides_pptx(report: RoundReport, out: Path) -> None:
    """Write the slides of `report` to `out` (a PPTX; `out` may be a temporary name)."""
    proj = projection(report)
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = nfc(proj.title)
    prs.core_properties.subject = nfc(proj.subtitle)
    status = "Kết quả chính thức" if report.final else "Kết quả tạm thời"
    footer = f"{report.ctx.election.title} — lần bầu thứ {report.ctx.round.number} — {status}"
    _title_slide(prs, report, proj, footer)
    _accounting_slide(prs, report, footer)
    chunks = _chunks(proj.bars, ROWS_PER_SLIDE)
    more = len(chunks) > 1
    for i, bars in enumerate(chunks, start=1):
        _table_slide(prs, proj, bars, "KẾT QUẢ KIỂM PHIẾU" + (f" ({i}/{len(chunks)})" if more else ""), footer)
    for i, bars in enumerate(chunks, start=1):
        _chart_slide(prs, proj, bars, report.denominator.value,
                     "BIỂU ĐỒ SỐ PHIẾU" + (f" ({i}/{len(chunks)})" if more else ""), footer)
    _outcome_slides(prs, report, footer)
    pages = len(prs.slides)
    for page, slide in enumerate(prs.slides, start=1):
        _text(slide, HEIGHT - Inches(0.55), Inches(0.45), [(f"{page}/{pages}", 14, False, BLACK)],
              align=PP_ALIGN.RIGHT, left=WIDTH - MARGIN - Inches(1.5), width=Inches(1.5))
    prs.save(str(out))
