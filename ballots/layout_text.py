"""Placing lines of text: measuring, wrapping, shrinking to fit, and the ballot header."""

from __future__ import annotations

from ballots.errors import LayoutError
from ballots.fonts import BOLD, REGULAR, ink_extent_em, missing_chars, text_width_mm
from ballots.geometry import MM_PER_PT, Rect
from ballots.layout_model import EDGE, SIDE, BallotTexts, Form, TextBlock

LINE_GAP = 0.6  # minimum white between the ink of two wrapped lines
BLOCK_GAP = 1.8  # white between two header blocks


def text_block(role: str, text: str, font: str, size_pt: float, x: float, baseline: float) -> TextBlock:
    """A TextBlock drawn at (x, baseline) whose rect is the advance width by the inked height."""
    ascent, descent = ink_extent_em(text, font)
    size = size_pt * MM_PER_PT
    rect = Rect(x, baseline - ascent * size, text_width_mm(text, font, size_pt), (ascent + descent) * size)
    return TextBlock(role, text, font, size_pt, x, baseline, rect)


def wrap(text: str, font: str, size_pt: float, max_w: float) -> list[str]:
    """Greedy word wrap; a single word wider than max_w stays on its own (too wide) line."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width_mm(f"{lines[-1]} {word}", font, size_pt) <= max_w:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit_lines(
    role: str, text: str, font: str, size_pt: float, min_pt: float, max_w: float, max_lines: int
) -> tuple[float, list[str]]:
    """The largest size (by 0.5 pt steps, >= min_pt) at which text wraps into <= max_lines within max_w."""
    missing = missing_chars(text, font)
    if missing:
        raise LayoutError(f"The {role} text {text!r} has characters the bundled font cannot print: {missing!r}.")
    size = size_pt
    while size >= min_pt - 1e-9:
        lines = wrap(text, font, size, max_w)
        if len(lines) <= max_lines and all(text_width_mm(ln, font, size) <= max_w for ln in lines):
            return size, lines
        size -= 0.5
    raise LayoutError(
        f"The {role} text {text!r} does not fit in {max_lines} line(s) of {max_w:.0f} mm even at {min_pt:g} pt;"
        " shorten it."
    )


def centred_lines(
    role: str, lines: list[str], font: str, size_pt: float, cx: float, top: float
) -> tuple[list[TextBlock], float]:
    """Lines centred on cx with the first line's ink starting at top; returns the blocks and the ink bottom."""
    size = size_pt * MM_PER_PT
    blocks: list[TextBlock] = []
    bottom = top
    for line in lines:
        ascent, _ = ink_extent_em(line, font)
        baseline = top + ascent * size if not blocks else max(
            blocks[-1].baseline + 1.2 * size, bottom + LINE_GAP + ascent * size
        )
        block = text_block(role, line, font, size_pt, cx - text_width_mm(line, font, size_pt) / 2, baseline)
        blocks.append(block)
        bottom = block.rect.y2
    return blocks, bottom


# (role, font, size, min size, max lines) of each header line; the first three sit beside the stamp.
_BESIDE = (("party_line", BOLD, 11.0, 8.0, 1), ("organisation", BOLD, 10.5, 8.0, 2),
           ("congress", REGULAR, 10.0, 8.0, 3), ("term", REGULAR, 10.0, 8.0, 2))
_BELOW = (("title", BOLD, 16.0, 12.0, 1), ("subject", BOLD, 12.0, 9.0, 3),
          ("seats", REGULAR, 11.0, 9.0, 2), ("instruction", REGULAR, 10.0, 8.0, 3))


def plan_header(
    texts: BallotTexts, form: Form, seats: int, page_w: float, stamp: Rect, qr_quiet: Rect
) -> tuple[tuple[TextBlock, ...], float]:
    """The header: organisation lines between the stamp area and the QR, the title block centred below.

    Returns the blocks and the y where the header's ink ends.
    """
    values = {
        "party_line": texts.party_line, "organisation": texts.organisation, "congress": texts.congress_name,
        "term": texts.term, "title": texts.title, "subject": texts.subject,
        "seats": texts.seats_text(seats), "instruction": texts.instruction_for(form),
    }
    blocks: list[TextBlock] = []
    left, right = stamp.x2 + 3.0, qr_quiet.x - 1.0
    y = EDGE + 0.5
    for role, font, size, min_pt, max_lines in _BESIDE:
        if values[role]:
            fitted, lines = fit_lines(role, values[role], font, size, min_pt, right - left, max_lines)
            new, bottom = centred_lines(role, lines, font, fitted, (left + right) / 2, y)
            blocks += new
            y = bottom + BLOCK_GAP
    y = max(y, stamp.y2 + 2.0, qr_quiet.y2 + 1.0)
    left, right = SIDE, page_w - SIDE
    for role, font, size, min_pt, max_lines in _BELOW:
        if values[role]:
            fitted, lines = fit_lines(role, values[role], font, size, min_pt, right - left, max_lines)
            new, bottom = centred_lines(role, lines, font, fitted, page_w / 2, y)
            blocks += new
            y = bottom + BLOCK_GAP
    return tuple(blocks), y - BLOCK_GAP
