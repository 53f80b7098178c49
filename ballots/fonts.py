"""The bundled fonts (DejaVu Sans): registration with reportlab and exact, machine-independent metrics.

Widths come from the font's hmtx table (reportlab's stringWidth) and heights from the glyph bounding
boxes in the glyf table, so a layout computed on any machine is the same to the last digit.
"""

from __future__ import annotations

import hashlib
import struct
import threading
from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ballots.errors import LayoutError
from ballots.geometry import MM_PER_PT

FONT_DIR = Path(__file__).resolve().with_name("fonts")
FONT_PATH = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD_PATH = FONT_DIR / "DejaVuSans-Bold.ttf"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FONT_FILES = {REGULAR: FONT_PATH, BOLD: FONT_BOLD_PATH}
_lock = threading.Lock()


def register_fonts() -> None:
    """Register "DejaVuSans" and "DejaVuSans-Bold" with reportlab; calling it again does nothing."""
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, path in _FONT_FILES.items():
            if name not in registered:
                if not path.is_file():
                    raise LayoutError(f"The bundled font file {path} is missing; reinstall the package.")
                pdfmetrics.registerFont(TTFont(name, str(path)))


def _face(font: str) -> TTFont:
    if font not in _FONT_FILES:
        raise LayoutError(f"Font {font!r} is not one of the bundled fonts {sorted(_FONT_FILES)}.")
    register_fonts()
    return pdfmetrics.getFont(font)


def text_width_mm(text: str, font: str, size_pt: float) -> float:
    """Advance width of text printed in font at size_pt, in mm (what reportlab will draw)."""
    _face(font)
    return pdfmetrics.stringWidth(text, font, size_pt) * MM_PER_PT


@cache
def _glyph_bounds_em(font: str, char: str) -> tuple[float, float] | None:
    """(yMin, yMax) of one character's glyph in em units (up positive), None if the font lacks it."""
    face = _face(font).face
    glyph = face.charToGlyph.get(ord(char))
    if glyph is None:
        return None
    glyf_start = face.table["glyf"]["offset"]
    start, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    if start == end:  # a glyph without outline (the space)
        return (0.0, 0.0)
    _, _, y_min, _, y_max = struct.unpack(">hhhhh", face._ttf_data[glyf_start + start : glyf_start + start + 10])
    return (y_min / face.unitsPerEm, y_max / face.unitsPerEm)


def missing_chars(text: str, font: str) -> str:
    """The characters of text that the font cannot print (empty when it can print all)."""
    return "".join(sorted({c for c in text if c not in "\t\n" and _glyph_bounds_em(font, c) is None}))


def ink_extent_em(text: str, font: str) -> tuple[float, float]:
    """(ascent, descent) of the inked glyphs of text in em units, both >= 0, e.g. "Ẳy" -> (1.07, 0.21)."""
    top, bottom = 0.0, 0.0
    for char in text:
        bounds = _glyph_bounds_em(font, char)
        if bounds is None:
            raise LayoutError(f"The bundled font {font} cannot print the character {char!r} in {text!r}.")
        bottom, top = min(bottom, bounds[0]), max(top, bounds[1])
    return (top, -bottom)


@cache
def max_extent_em(font: str) -> tuple[float, float]:
    """(ascent, descent) in em covering every Vietnamese letter with any tone: the row height budget."""
    import unicodedata

    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
    tones = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
    chars = {unicodedata.normalize("NFC", c + t) for c in letters + letters.upper() for t in tones}
    return ink_extent_em("".join(c for c in chars if len(c) == 1) + "0123456789().,-'", font)


@lru_cache(maxsize=1)
def fonts_digest() -> str:
    """A short digest of the bundled font files; part of every layout hash (another font = another page)."""
    digest = hashlib.sha256()
    for path in (FONT_PATH, FONT_BOLD_PATH):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
