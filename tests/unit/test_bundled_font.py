"""The bundled font prints Vietnamese exactly, on any machine (read back by an independent renderer)."""

import io

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ballots.fonts import BOLD, FONT_DIR, REGULAR, register_fonts

NAMES = ["Nguyễn Thị Ánh Tuyết", "Đặng Văn Ưng", "Tôn Thất Thuyết", "Lò Thị Ơn", "Phạm Ngọc Thạch"]


def test_font_and_licence_ship_inside_the_package() -> None:
    assert (FONT_DIR / "DejaVuSans.ttf").stat().st_size > 100_000
    assert (FONT_DIR / "DejaVuSans-Bold.ttf").stat().st_size > 100_000
    assert "Bitstream" in (FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_pdf_text_layer_holds_exact_vietnamese_names() -> None:
    register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(BOLD, 14)
    pdf.drawString(72, 800, "ĐẢNG CỘNG SẢN VIỆT NAM")
    pdf.setFont(REGULAR, 12)
    for n, name in enumerate(NAMES):
        pdf.drawString(72, 760 - 20 * n, name)
    pdf.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    text = document[0].get_textpage().get_text_range()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == ["ĐẢNG CỘNG SẢN VIỆT NAM", *NAMES]
