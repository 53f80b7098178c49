"""Badge sheets: every QR decodes to its code, names are exact in the text layer, nothing is cut."""

import io
import unicodedata
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from ballots.printing import rasterise
from congress.badges import tokens
from congress.badges.pdf import LAYOUTS, BadgeFace, fit, render
from congress.errors import CongressError

NAMES = ["Tôn Thất Nguyễn Phúc Hoàng Thị Mỹ Uyên Ánh", "Lò Văn Ơn", "Âu Dương Thị Ứng", "Đặng Hữu Được",
         "Nguyễn Văn Ơn Thuyết", "Ưng Thị Thu Hằng", "Hồ Ngọc Ánh", "Trịnh Đình Lực", "Bùi Thị Ánh Tuyết",
         "Nguyễn Phúc Quang Nghĩa", "Vũ Diệu Yến"]


def faces(photo: Path | None = None) -> list[BadgeFace]:
    result = []
    for i, name in enumerate(NAMES):
        voting = i % 3 != 2
        result.append(BadgeFace(
            code=tokens.generate(), name=name, category_word="ĐẠI BIỂU CHÍNH THỨC" if voting else "KHÁCH MỜI",
            voting=voting, colour="#B3121F" if voting else "#2E6B30",
            header="Đại hội đại biểu Đảng bộ tỉnh Bình Minh lần thứ XVI, nhiệm kỳ 2025–2030",
            title="Chủ tịch Hội Liên hiệp Phụ nữ tỉnh kiêm Trưởng ban Dân vận Tỉnh ủy" if i % 2 else "Bí thư",
            delegation="Đoàn Đảng bộ xã Đắk Ơ", seat=f"B{i + 1}" if i % 4 == 0 else "",
            photo=photo if i == 1 else None,
        ))
    return result


def decoded_codes(pdf: bytes, dpi: float) -> list[str]:
    found = []
    for page in rasterise(pdf, dpi):
        found += [r.text for r in zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)]
    return found


def page_texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [unicodedata.normalize("NFC", document[i].get_textpage().get_text_range()) for i in range(len(document))]
    finally:
        document.close()


@pytest.mark.parametrize(("layout", "dpi"), [("a6", 120), ("card", 150)])
def test_every_qr_decodes_to_its_code_and_every_name_is_exact(layout: str, dpi: float, tmp_path: Path) -> None:
    photo = tmp_path / "anh.png"
    Image.fromarray(np.full((160, 120, 3), 128, np.uint8)).save(photo)
    sheet = faces(photo)
    buffer = io.BytesIO()
    pages = render(sheet, buffer, layout)
    assert pages == -(-len(sheet) // LAYOUTS[layout].per_page)
    pdf = buffer.getvalue()
    assert sorted(decoded_codes(pdf, dpi)) == sorted(f.code for f in sheet)
    text = " ".join(t.replace("\r\n", " ").replace("\n", " ") for t in page_texts(pdf))
    for face in sheet:
        assert face.name in text, face.name  # wrapped names come back with a space at the break
        assert face.voting_word in text
    assert "KHÔNG BIỂU QUYẾT" in text and "BIỂU QUYẾT" in text


def test_names_shrink_before_they_wrap_and_are_never_cut() -> None:
    from ballots.fonts import BOLD, register_fonts

    register_fonts()
    size, lines = fit("Lò Văn Ơn", BOLD, 20, 90)
    assert size == 20 and lines == ["Lò Văn Ơn"]
    long_name = "Tôn Thất Nguyễn Phúc Hoàng Thị Mỹ Uyên Ánh Dương"
    size, lines = fit(long_name, BOLD, 20, 90)
    assert " ".join(lines) == long_name and size < 20
    size, lines = fit(long_name, BOLD, 12, 20, 2)
    assert " ".join(lines) == long_name  # shrinks as far as needed, never drops a syllable
    with pytest.raises(CongressError):
        fit("X" * 400, BOLD, 12, 20, 1)


def test_unknown_layout_and_empty_sheet_are_one_sentence_errors() -> None:
    with pytest.raises(CongressError, match="Khổ thẻ"):
        render(faces(), io.BytesIO(), "a5")
    with pytest.raises(CongressError, match="Không có thẻ"):
        render([], io.BytesIO(), "a6")


def test_unreadable_photo_names_the_person(tmp_path: Path) -> None:
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(b"not a picture")
    with pytest.raises(CongressError, match="Lò Văn Ơn"):
        render(faces(broken), io.BytesIO(), "card")
