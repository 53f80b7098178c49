"""Decoding image files: bad files are refused with one clear ImageError, never a traceback."""

from __future__ import annotations

import io
import struct
import zlib

import cv2
import numpy as np
import pytest

from ballots.errors import ImageError
from ballots.reading import decode_bytes, read_pages, read_side


def _png(img: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", img)
    assert ok
    return buf.tobytes()


PAGE = np.full((400, 300), 240, np.uint8)


def test_png_decodes_to_grey_with_the_hash_of_the_original_bytes():
    data = _png(PAGE)
    d = decode_bytes(data)
    assert d.kind == "png" and d.pages[0].shape == (400, 300)
    import hashlib

    assert d.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10])
def test_garbage_is_refused(data):
    with pytest.raises(ImageError):
        decode_bytes(data)


def test_truncated_png_and_jpeg_are_refused():
    png = _png(PAGE)
    _, jpg = cv2.imencode(".jpg", PAGE)
    for data in (png[: len(png) // 2], jpg.tobytes()[:-200]):
        with pytest.raises(ImageError, match="truncated"):
            decode_bytes(data)


def test_decompression_bomb_is_refused_before_decoding():
    # A valid PNG header announcing 30000 x 30000 pixels.
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")
    with pytest.raises(ImageError, match="decompression bomb"):
        decode_bytes(bomb)


def test_multi_page_tiff_gives_every_page():
    ok, buf = cv2.imencodemulti(".tiff", [PAGE, PAGE[::-1].copy()])
    assert ok
    assert len(decode_bytes(buf.tobytes()).pages) == 2


def test_pdf_pages_are_rendered():
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    c = Canvas(out)
    c.drawString(100, 700, "page one")
    c.showPage()
    c.drawString(100, 700, "page two")
    c.save()
    assert len(decode_bytes(out.getvalue()).pages) == 2


def test_read_pages_turns_a_bad_file_into_one_rejected_reading():
    (r,) = read_pages(b"garbage", {"x": None})
    assert r.status == "rejected" and "unreadable" in r.reason


def test_read_side_refuses_bytes_that_are_not_an_image():
    with pytest.raises(ImageError):
        read_side(b"\x00\x01", {"x": None})


def test_a_qr_the_local_threshold_breaks_up_is_read_with_one_threshold_for_the_crop():
    """From the reading bench (side 930, a hard 150 dpi scan): zxing's default local threshold
    finds no code in this crop at any upscale, though every module is plain to see. Rejecting the
    sheet ("no sheet code") would cost a valid ballot; the crop-wide threshold reads it."""
    from pathlib import Path

    import zxingcpp

    from ballots.reading.qr import read_qr_texts
    from ballots.sheetcode import decode

    crop = cv2.imread(str(Path(__file__).parent / "fixtures" / "qr_150dpi_local_threshold_fails.png"),
                      cv2.IMREAD_GRAYSCALE)
    assert zxingcpp.read_barcodes(crop, formats=zxingcpp.BarcodeFormat.QRCode) == []
    (text,) = read_qr_texts(crop)
    assert decode(text).sheet_index == 1
