"""Read one side of a scanned sheet: the whole pipeline of SCANNER.md, as one pure function."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import cv2
import numpy as np

from ballots.errors import ImageError
from ballots.layout import BallotLayout, Form
from ballots.reading.decode import as_grey, decode_bytes
from ballots.reading.folds import find_folds
from ballots.reading.identify import Identified, find_code_text, identify
from ballots.reading.kernels import warm
from ballots.reading.markers import find_markers
from ballots.reading.model import (
    InkBlob,
    NameReading,
    Proposal,
    Registration,
    Rejection,
    SheetReading,
    Status,
)
from ballots.reading.page import ink_mask, is_blank, mask_streaks
from ballots.reading.registration import (
    WORK_PX_PER_MM,
    Alignment,
    align,
    registration_problem,
    same_frame,
    warp_to_template,
)
from ballots.reading.residual import residual_blobs
from ballots.reading.rows import PageContext, read_rows
from ballots.reading.template import Template, templates_for
from ballots.rules import Mark, judge_ballot

EXTRA_INK_INVALID_MM2 = 12.0  # this much writing outside the zones: propose invalid (§5)
# A long thin line outside the rows that is not a proven fold: a crease we cannot explain, or a
# pen line. A person looks. (A PROVEN fold is information only: voters fold their ballots.)
UNEXPLAINED_LINE = "fold line seen outside the names (not a proven fold)"


def fold_flag(count: int) -> str:
    """The information-only flag of a sheet with `count` proven sheet-wide folds."""
    return f"sheet folded: {count} proven fold line{'s' if count > 1 else ''} taken out of the rows"


@dataclass(frozen=True)
class Registered:
    """A side aligned to its sheet: what crops and the reader both need."""

    found: Identified
    alignment: Alignment
    page: np.ndarray  # grey, template space
    template: Template
    flags: tuple[str, ...]


def _rejected(rejection: Rejection, reason: str, sha: str | None, page: int, **kw) -> SheetReading:
    return SheetReading(Status.REJECTED, f"{rejection.value}: {reason}", sha, page, **kw)


def register(grey: np.ndarray, layouts: Mapping[str, BallotLayout], sha: str | None = None,
             page_no: int = 0) -> Registered | SheetReading:
    """Blank gate, markers, QR, identification and warp; a SheetReading when it stops early."""
    if not layouts:
        raise ImageError("No ballot layouts were given to read the sheet against.")
    if is_blank(grey):
        return SheetReading(Status.BLANK, "the side is blank", sha, page_no)
    grey, streaks = mask_streaks(grey)
    flags = (f"streak masked at image columns {streaks[0]}-{streaks[-1]}",) if streaks else ()
    found, whole_page = find_markers(grey)
    if len(found) == 0:
        return _rejected(Rejection.NOT_A_BALLOT, "no corner markers were found", sha, page_no, flags=flags)
    texts, located = find_code_text(grey, found, layouts)
    if not texts:
        return _rejected(Rejection.NOT_A_BALLOT, "no sheet code (QR) was found", sha, page_no, flags=flags)
    who = identify(texts, layouts)
    if not isinstance(who, Identified):
        return SheetReading(Status.REJECTED, f"{who.rejection.value}: {who.reason}", sha, page_no,
                            code=who.code, flags=flags)
    if len(found) < 3:
        return _rejected(Rejection.REGISTRATION, f"only {len(found)} of 4 corner markers were found", sha,
                         page_no, code=who.code, flags=flags)
    a = located[1] if located is not None and same_frame(located[0], who.sheet) else align(found, who.sheet)
    problem = "the markers could not be aligned" if a is None else registration_problem(a)
    if a is None or problem:
        return _rejected(Rejection.REGISTRATION, problem or "", sha, page_no, code=who.code, flags=flags)
    if whole_page:
        flags += ("markers found only on a whole-page search",)
    k = WORK_PX_PER_MM
    page = warp_to_template(grey, a, who.sheet, k)
    template = templates_for(who.layout, k)[who.code.sheet_index - 1]
    return Registered(who, a, page, template, flags)


def _proposal(form: Form, seats: int, marks: tuple[NameReading, ...], residual: tuple[InkBlob, ...],
              sheet_count: int, flags: tuple[str, ...]) -> Proposal:
    extra = sum(b.area_mm2 for b in residual)
    decisions = {m.number: m.decision for m in marks}
    uncertain = tuple(n for n, d in decisions.items() if d is Mark.UNCERTAIN)
    whole = sheet_count == 1
    if uncertain:
        return Proposal("review", "uncertain_mark", "STT " + ", ".join(map(str, uncertain)), uncertain, whole)
    if 0 < extra < EXTRA_INK_INVALID_MM2:
        return Proposal("review", "extra_marks", f"small marks outside the names ({extra:.1f} mm²)", (), whole)
    if UNEXPLAINED_LINE in flags:
        return Proposal("review", "other", "a long line crosses the sheet outside the names and is not a "
                        "proven fold", (), whole)
    if whole:
        v = judge_ballot(str(form), seats, decisions, extra_ink=extra >= EXTRA_INK_INVALID_MM2)
        reason = None if v.reason is None else v.reason.value
        return Proposal(v.status.value, reason, v.detail, tuple(v.numbers), True)
    if extra >= EXTRA_INK_INVALID_MM2:
        return Proposal("invalid", "extra_marks", f"writing outside the names ({extra:.0f} mm²)", (), False)
    # One sheet of several: the kept <= seats and all-struck rules need every sheet of the copy.
    return Proposal("valid", None, "this sheet only; the ballot is judged when all its sheets are read",
                    (), False)


def read_registered(reg: Registered, sha: str | None = None, page_no: int = 0) -> SheetReading:
    k = reg.template.k
    layout, sheet = reg.found.layout, reg.found.sheet
    ink = ink_mask(reg.page)
    ctx = PageContext(ink, reg.template, k)
    added = cv2.bitwise_and(ink, reg.template.blank)
    folds = find_folds(added, sheet, k, reg.page, reg.template.ink_dilated)
    marks = read_rows(ctx, sheet, layout.spec.form, folds)
    # Residual ink is judged with the printing moved by each row's local shift (as the rows were read).
    shifts = {m.number: (round(m.evidence["shift_x_mm"] * k), round(m.evidence["shift_y_mm"] * k)) for m in marks}
    residual, unexplained = residual_blobs(added, sheet, k, folds, shifts, reg.template.ink_dilated)
    flags = reg.flags + ((fold_flag(len(folds)),) if folds else ()) + ((UNEXPLAINED_LINE,) if unexplained else ())
    a = reg.alignment
    shifts = [max(abs(m.evidence["shift_x_mm"]), abs(m.evidence["shift_y_mm"])) for m in marks]
    registration = Registration(
        markers=a.markers, whole_page_search=any("whole-page" in f for f in flags),
        reprojection_px=a.reprojection_px, px_per_mm=a.px_per_mm, anisotropy=a.anisotropy,
        orientation=a.orientation, row_shift_max_mm=max(shifts, default=0.0), perspective=a.perspective,
    )
    proposal = _proposal(layout.spec.form, layout.spec.seats, marks, residual, layout.sheet_count, flags)
    code = reg.found.code
    return SheetReading(Status.READ, None, sha, page_no, code, layout.layout_hash, code.sheet_index,
                        registration, marks, residual, proposal, flags)


def prepare(layouts: Mapping[str, BallotLayout]) -> None:
    """Render the templates of every layout and ready the row kernels now, e.g. at worker start."""
    for h in sorted(layouts):
        templates_for(layouts[h], WORK_PX_PER_MM)
    warm()


def read_grey(grey: np.ndarray, layouts: Mapping[str, BallotLayout], sha: str | None = None,
              page_no: int = 0) -> SheetReading:
    reg = register(grey, layouts, sha, page_no)
    if isinstance(reg, SheetReading):
        return reg
    return read_registered(reg, sha, page_no)


def read_side(image: np.ndarray | bytes, layouts: Mapping[str, BallotLayout]) -> SheetReading:
    """Read one side. `image`: a grey/colour array, or the bytes of a one-page image file.

    Raises ImageError for bytes that are not a readable one-page image; every other problem
    (blank, not ours, another election, cannot align) is a SheetReading with a reason.
    """
    if isinstance(image, bytes | bytearray | memoryview):
        decoded = decode_bytes(bytes(image))
        if len(decoded.pages) != 1:
            raise ImageError(f"The image holds {len(decoded.pages)} pages; read it with read_pages().")
        return read_grey(decoded.pages[0], layouts, decoded.sha256, 0)
    return read_grey(as_grey(image), layouts)


def read_pages(data: bytes, layouts: Mapping[str, BallotLayout], name: str = "the image") -> tuple[SheetReading, ...]:
    """Every page of a file (multi-page TIFF or PDF); an undecodable file gives one rejected reading."""
    try:
        decoded = decode_bytes(data, name)
    except ImageError as exc:
        import hashlib

        sha = hashlib.sha256(bytes(data)).hexdigest() if isinstance(data, bytes | bytearray) else None
        return (SheetReading(Status.REJECTED, f"{Rejection.UNREADABLE.value}: {exc}", sha, 0),)
    return tuple(read_grey(p, layouts, decoded.sha256, i) for i, p in enumerate(decoded.pages))
