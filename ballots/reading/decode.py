"""Decode scanned or photographed ballot files into greyscale pages.

Everything that can go wrong with a file (empty, truncated, a decompression bomb, absurd
dimensions, an unknown format) becomes one `ImageError` with a clear sentence; nothing else
escapes. The SHA-256 of the original bytes is kept for the audit trail.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import cv2
import numpy as np

from ballots.errors import ImageError

# A4 at 600 dpi is ~35 megapixels; A3 at 600 dpi ~70. Anything larger is not a ballot scan and
# could exhaust memory (a decompression bomb is a tiny file announcing a huge image).
MAX_PIXELS = 80_000_000
MAX_SIDE = 20_000
MIN_SIDE = 200
MAX_PAGES = 500
PDF_DPI = 200


@dataclass(frozen=True)
class DecodedFile:
    """The greyscale pages of one file and the hash of its original bytes."""

    sha256: str
    kind: str  # "png" | "jpeg" | "tiff" | "pdf" | "other"
    pages: tuple[np.ndarray, ...]


def sniff(data: bytes) -> str:
    """The container format from the magic bytes (the file name is never trusted)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(b"BM"):
        return "bmp"
    return "other"


def _check_dimensions(width: int, height: int, what: str) -> None:
    if width <= 0 or height <= 0:
        raise ImageError(f"{what} announces an empty image ({width}x{height} pixels).")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageError(
            f"{what} announces {width}x{height} pixels, more than a ballot scan can be "
            f"(limit {MAX_PIXELS // 1_000_000} megapixels); refused as a possible decompression bomb."
        )
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageError(f"{what} is only {width}x{height} pixels, too small to be a ballot scan.")


def _announced_size(data: bytes, what: str) -> tuple[int, int]:
    """Read the header only (Pillow opens lazily), so a bomb is refused before decoding."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # our own limit below is the one that applies
    try:
        with Image.open(io.BytesIO(data)) as im:
            return im.size
    except Exception as exc:  # Pillow raises many types on garbage; all mean "not an image"
        raise ImageError(f"{what} is not a readable image ({type(exc).__name__}).") from None


def _check_complete(data: bytes, kind: str, what: str) -> None:
    """Refuse truncated files: decoders otherwise return a half-grey page without complaint."""
    tail = data.rstrip(b"\x00\r\n ")
    if kind == "png" and b"IEND" not in tail[-16:]:
        raise ImageError(f"{what} is a truncated PNG (no end chunk).")
    if kind == "jpeg" and not tail.endswith(b"\xff\xd9"):
        raise ImageError(f"{what} is a truncated JPEG (no end marker).")


def _decode_pdf(data: bytes, what: str, dpi: int) -> tuple[np.ndarray, ...]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:
        raise ImageError(f"{what} is not a readable PDF.") from None
    try:
        if len(pdf) == 0:
            raise ImageError(f"{what} is a PDF without pages.")
        if len(pdf) > MAX_PAGES:
            raise ImageError(f"{what} has {len(pdf)} pages, more than {MAX_PAGES}.")
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            w_pt, h_pt = page.get_size()
            _check_dimensions(round(w_pt / 72 * dpi), round(h_pt / 72 * dpi), f"{what} page {i + 1}")
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            arr = bitmap.to_numpy()
            if arr.ndim == 3:
                arr = cv2.cvtColor(arr[:, :, :3], cv2.COLOR_BGR2GRAY)
            pages.append(np.ascontiguousarray(arr))
        return tuple(pages)
    finally:
        pdf.close()


def decode_bytes(data: bytes, name: str = "the image", pdf_dpi: int = PDF_DPI) -> DecodedFile:
    """Decode `data` (PNG, JPEG, TIFF incl. multi-page, BMP, PDF) into greyscale uint8 pages."""
    what = name
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImageError(f"{what} is not a byte string.")
    data = bytes(data)
    if len(data) == 0:
        raise ImageError(f"{what} is empty (0 bytes).")
    digest = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    if kind == "pdf":
        return DecodedFile(digest, kind, _decode_pdf(data, what, pdf_dpi))
    if kind == "other":
        raise ImageError(f"{what} is not an image format we read (PNG, JPEG, TIFF, BMP or PDF).")
    width, height = _announced_size(data, what)
    _check_dimensions(width, height, what)
    _check_complete(data, kind, what)
    buf = np.frombuffer(data, dtype=np.uint8)
    if kind == "tiff":
        ok, pages = cv2.imdecodemulti(buf, cv2.IMREAD_GRAYSCALE)
        if not ok or not pages:
            raise ImageError(f"{what} is a TIFF that cannot be decoded.")
        if len(pages) > MAX_PAGES:
            raise ImageError(f"{what} has {len(pages)} pages, more than {MAX_PAGES}.")
        for i, p in enumerate(pages):
            _check_dimensions(p.shape[1], p.shape[0], f"{what} page {i + 1}")
        return DecodedFile(digest, kind, tuple(_as_grey_u8(p) for p in pages))
    img = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    if img is None:
        raise ImageError(f"{what} cannot be decoded as {kind.upper()}.")
    return DecodedFile(digest, kind, (_as_grey_u8(img),))


def _as_grey_u8(img: np.ndarray) -> np.ndarray:
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    if img.dtype == np.uint16:
        img = (img >> 8).astype(np.uint8)
    elif img.dtype == bool:
        img = img.astype(np.uint8) * 255
    elif img.dtype != np.uint8:
        raise ImageError(f"an image page has unsupported pixel type {img.dtype}.")
    return np.ascontiguousarray(img)


def as_grey(image: np.ndarray, what: str = "the image") -> np.ndarray:
    """Validate an in-memory page (grey or BGR) and return it as contiguous grey uint8."""
    if not isinstance(image, np.ndarray) or image.ndim not in (2, 3) or image.size == 0:
        raise ImageError(f"{what} is not a greyscale or colour image array.")
    _check_dimensions(image.shape[1], image.shape[0], what)
    return _as_grey_u8(image)
