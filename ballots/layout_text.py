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


Header = tuple[tuple[TextBlock, ...], float]  # the blocks, and the y where their ink ends
HeaderLine = tuple[str, str, float, float, int]  # role, font, size, min size, max lines

# Each header line: the organisation group sits beside the stamp; the ballot group (title, subject,
# seats, instruction) below it or, on a wide page, beside it.
_BESIDE: tuple[HeaderLine, ...] = (
    ("party_line", BOLD, 11.0, 8.0, 1), ("organisation", BOLD, 10.5, 8.0, 2),
    ("congress", REGULAR, 10.0, 8.0, 3), ("term", REGULAR, 10.0, 8.0, 2),
)
_BELOW: tuple[HeaderLine, ...] = (
    ("title", BOLD, 16.0, 12.0, 1), ("subject", BOLD, 12.0, 9.0, 3),
    ("seats", REGULAR, 11.0, 9.0, 2), ("instruction", REGULAR, 10.0, 8.0, 3),
)
STAMP_TEXT_GAP = 3.0  # white between the stamp area and text beside it
QR_TEXT_GAP = 1.0  # white between the QR's quiet zone and text beside it (the quiet zone is white already)
GROUPS_GAP = 6.0  # between the two groups when they stand side by side


def _values(texts: BallotTexts, form: Form, seats: int) -> dict[str, str]:
    return {
        "party_line": texts.party_line, "organisation": texts.organisation, "congress": texts.congress_name,
        "term": texts.term, "title": texts.title, "subject": texts.subject,
        "seats": texts.seats_text(seats), "instruction": texts.instruction_for(form),
    }


def _stack(values: dict[str, str], group: tuple[HeaderLine, ...], left: float, right: float, top: float, *,
           shrink: bool = True, keep_out: tuple[Rect, ...] = (), cx: float | None = None) -> Header:
    """The group's lines centred on cx (default: between left and right) from top down.

    Each block goes below any keep-out zone it would overlap horizontally. With shrink=False a text
    that does not fit at its own size raises LayoutError instead of getting smaller.
    """
    blocks: list[TextBlock] = []
    centre = (left + right) / 2 if cx is None else cx
    y = top
    for role, font, size, min_pt, max_lines in group:
        if not values[role]:
            continue
        fitted, lines = fit_lines(role, values[role], font, size, size if not shrink else min_pt, right - left, max_lines)
        new, bottom = centred_lines(role, lines, font, fitted, centre, y)
        for _ in range(len(keep_out) + 1):  # moving below one zone can only meet a lower one
            hit = [z for z in keep_out if any(b.rect.x < z.x2 and b.rect.x2 > z.x and b.rect.y < z.y2 for b in new)]
            if not hit:
                break
            y = max(y, *(z.y2 for z in hit))
            new, bottom = centred_lines(role, lines, font, fitted, centre, y)
        blocks += new
        y = bottom + BLOCK_GAP
    return tuple(blocks), y - BLOCK_GAP


def _flowed(values: dict[str, str], page_w: float, stamp: Rect, qr_quiet: Rect) -> Header:
    """Organisation lines between the stamp and the QR; the ballot lines centred on the page, each as
    high as it can go without touching the stamp area or the QR."""
    left, right = stamp.x2 + STAMP_TEXT_GAP, qr_quiet.x - QR_TEXT_GAP
    beside, y = _stack(values, _BESIDE, left, right, EDGE + 0.5)
    keep_out = (Rect.from_edges(0.0, 0.0, left, stamp.y2 + 2.0), Rect.from_edges(right, 0.0, page_w, qr_quiet.y2 + 1.0))
    top = y + BLOCK_GAP if beside else EDGE + 0.5
    below, bottom = _stack(values, _BELOW, SIDE, page_w - SIDE, top, keep_out=keep_out, cx=page_w / 2)
    if not below:
        bottom = y
    return beside + below, bottom


def _side_by_side(values: dict[str, str], stamp: Rect, qr_quiet: Rect) -> Header | None:
    """Both groups between the stamp and the QR, side by side, every text at its own size; None when
    they do not fit that way (a narrow page, long wording)."""
    left, right = stamp.x2 + STAMP_TEXT_GAP, qr_quiet.x - QR_TEXT_GAP
    room = right - left - GROUPS_GAP
    natural = [text_width_mm(values[role], font, size) for role, font, size, _, _ in _BESIDE if values[role]]
    split = left + min(max(natural, default=0.0), room / 2)
    try:
        first, bottom1 = _stack(values, _BESIDE, left, split, EDGE + 0.5, shrink=False)
        second, bottom2 = _stack(values, _BELOW, split + GROUPS_GAP, right, EDGE + 0.5, shrink=False)
    except LayoutError:
        return None
    return first + second, max(bottom1, bottom2)


def plan_header(
    texts: BallotTexts, form: Form, seats: int, page_w: float, stamp: Rect, qr_quiet: Rect
) -> Header:
    """The header: organisation lines between the stamp area and the QR, the ballot lines below them or,
    on a page wide enough to hold both groups at full size, beside them (whichever ends higher).

    Returns the blocks and the y where the header's ink ends (the stamp area and the QR are not text:
    the caller keeps the names clear of them separately).
    """
    values = _values(texts, form, seats)
    flowed = _flowed(values, page_w, stamp, qr_quiet)
    side = _side_by_side(values, stamp, qr_quiet)
    return side if side is not None and side[1] < flowed[1] - 1e-9 else flowed
