"""Plan the ballot paper: the single source of truth for printing AND reading (mm, top-left origin).

`plan_ballot(spec)` is pure and deterministic: the same spec gives the same geometry and the same
`layout_hash` on every machine (metrics come from the bundled font files, not from a rasteriser).

Paper: a ballot goes on ONE sheet whenever some paper holds it, the smallest such paper first
(A5, A4, A3); a list too long for one A3 sheet goes on several A4 sheets (every feeder takes A4).
On the chosen paper the planner takes the arrangement with the fewest sheets, then portrait before
landscape, then the largest name size: names may go down from `spec.name_pt` to 10 pt (the
SCANNER.md minimum) and the sheet may turn to landscape only when that saves paper or sheets.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from typing import Any

from ballots.errors import LayoutError
from ballots.fonts import REGULAR, fonts_digest, missing_chars
from ballots.geometry import Rect
from ballots.layout_model import (
    BOX_LINE,
    EDGE,
    FOLD_CLEAR,
    LAYOUT_VERSION,
    MARKER,
    MARKER_IDS,
    MARKER_QUIET,
    MIN_NAME_PT,
    PAPERS,
    QR_MODULE,
    QR_MODULES,
    QR_QUIET,
    SIDE,
    STAMP_H,
    STAMP_W,
    BallotLayout,
    BallotSpec,
    BallotTexts,
    Corner,
    Form,
    HashBasis,
    Marker,
    Row,
    SheetLayout,
    TextBlock,
    page_size,
)
from ballots.layout_rows import HEAD_H, Grid, plan_grid, plan_rows, sheet_sizes
from ballots.layout_text import plan_header, text_block

__all__ = [
    "PAPERS",
    "BallotLayout",
    "BallotSpec",
    "BallotTexts",
    "Corner",
    "Form",
    "HashBasis",
    "Marker",
    "Row",
    "SheetLayout",
    "TextBlock",
    "auto_paper_order",
    "current_basis",
    "layout_hash",
    "plan_ballot",
]

ELECTION_CODE = re.compile(r"[A-Z0-9-]{1,8}")
MAX_ROUND = 35  # one base-36 digit in the sheet code
HEADER_TO_NAMES = 4.0  # white between the header and the first row
NAMES_TO_BOTTOM = 2.0  # white between the last row and the bottom markers' quiet zone
FOLD_GUIDE_L, FOLD_GUIDE_T = 3.0, 0.3


def auto_paper_order() -> tuple[str, ...]:
    """Papers tried, smallest first, when the spec leaves the paper to us (one sheet if at all possible)."""
    return ("A5", "A4", "A3")


MULTI_SHEET_PAPER = "A4"  # a list too long for one A3 sheet goes on several A4 sheets (every feeder takes A4)
ORIENTATIONS = (False, True)  # landscape? Portrait first: the usual ballot, and it wins every tie
NAME_PT_STEP = 0.5  # names get smaller by this step, down to MIN_NAME_PT, when that saves paper


def plan_ballot(spec: BallotSpec) -> BallotLayout:
    """Lay out every sheet of the ballot; LayoutError (one sentence) when the spec cannot be printed."""
    _validate(spec)
    if spec.paper is not None:
        chosen = _best_on(spec, spec.paper)
        if chosen is None:
            raise LayoutError(
                f"The names of election {spec.election} do not fit on {spec.paper} paper even at "
                f"{MIN_NAME_PT:g} pt in one column; choose a larger paper or shorten the longest name."
            )
    else:
        chosen = None
        tried: dict[str, _Choice | None] = {}
        for paper in auto_paper_order():
            candidate = tried[paper] = _best_on(spec, paper)
            if candidate is not None and candidate.sheets == 1:
                chosen = candidate
                break
        if chosen is None:  # every paper was tried above: no plan is made twice
            chosen = tried[MULTI_SHEET_PAPER] or tried["A3"]
        if chosen is None:
            raise LayoutError(
                f"A name of election {spec.election} is too long to print at {MIN_NAME_PT:g} pt even on A3 paper."
            )
    frame, grid = chosen.frame, chosen.grid
    sheets = _sheets(spec, frame, grid)
    basis = current_basis()
    digest = layout_hash(spec, sheets, basis)
    _check_code_fits(spec, len(sheets), digest)
    return BallotLayout(spec=spec, sheets=sheets, layout_hash=digest, paper=frame.paper, columns=grid.columns,
                        basis=basis)


def _validate(spec: BallotSpec) -> None:
    if not isinstance(spec.election, str) or not ELECTION_CODE.fullmatch(spec.election):
        raise LayoutError(
            f"Election code {spec.election!r} must be 1-8 characters of A-Z, 0-9 and '-' (it is printed in the QR)."
        )
    if not isinstance(spec.round_no, int) or not 1 <= spec.round_no <= MAX_ROUND:
        raise LayoutError(f"Round number {spec.round_no!r} must be a whole number from 1 to {MAX_ROUND}.")
    if not spec.names:
        raise LayoutError(f"Election {spec.election} has no names to print on the ballot.")
    for number, name in enumerate(spec.names, start=1):
        if not name:
            raise LayoutError(f"Name number {number} on the ballot of election {spec.election} is empty.")
        missing = missing_chars(name, REGULAR)
        if missing:
            raise LayoutError(f"Name number {number} ({name!r}) has characters the bundled font cannot print: {missing!r}.")
    if not isinstance(spec.seats, int) or not 1 <= spec.seats <= len(spec.names):
        raise LayoutError(
            f"Seats {spec.seats!r} must be a whole number from 1 to the number of names ({len(spec.names)})."
        )
    if spec.paper is not None and spec.paper not in PAPERS:
        raise LayoutError(f"Paper {spec.paper!r} is not one of {sorted(PAPERS)}.")
    if not MIN_NAME_PT <= spec.name_pt <= 20:
        raise LayoutError(f"Name size {spec.name_pt!r} pt must be between {MIN_NAME_PT:g} and 20 pt.")


class _Frame:
    """What every sheet of a ballot on one paper shares: markers, QR, stamp area, header, names area."""

    def __init__(self, spec: BallotSpec, paper: str, landscape: bool = False) -> None:
        self.paper = paper
        self.landscape = landscape
        self.w, self.h = page_size(paper, landscape)
        w, h = self.w, self.h
        origins = {
            Corner.TL: (EDGE, EDGE), Corner.TR: (w - EDGE - MARKER, EDGE),
            Corner.BR: (w - EDGE - MARKER, h - EDGE - MARKER), Corner.BL: (EDGE, h - EDGE - MARKER),
        }
        self.markers = tuple(
            Marker(MARKER_IDS[c], c, Rect(x, y, MARKER, MARKER), Rect(x, y, MARKER, MARKER).grow(MARKER_QUIET))
            for c, (x, y) in origins.items()
        )
        size = QR_MODULES * QR_MODULE
        # Top-right, under the TR marker: far from the stamp, found in a fixed corner crop.
        self.qr = Rect(w - EDGE - size, EDGE + MARKER + max(MARKER_QUIET, QR_QUIET), size, size)
        self.stamp = Rect(EDGE + MARKER + MARKER_QUIET, EDGE, STAMP_W, STAMP_H)
        qr_quiet = self.qr.grow(QR_QUIET)
        self.header, header_bottom = plan_header(spec.texts, spec.form, spec.seats, w, self.stamp, qr_quiet)
        # The names span the page, so they start below the header, the stamp area and the QR alike.
        top = max(header_bottom, self.stamp.y2, qr_quiet.y2) + HEADER_TO_NAMES
        bottom = h - EDGE - MARKER - MARKER_QUIET - NAMES_TO_BOTTOM
        fold = h / 2
        clear = all(abs(fold - b.rect.cy) > b.rect.h / 2 + FOLD_CLEAR for b in self.header)
        self.fold_y: float | None = fold if clear else None
        head = HEAD_H if spec.form is Form.BOXES else 0.0  # the table's head row: text, kept off the fold
        if self.fold_y is not None and top < self.fold_y + FOLD_CLEAR and top + head > self.fold_y - FOLD_CLEAR:
            top = self.fold_y + FOLD_CLEAR
        self.area = Rect.from_edges(SIDE, top, w - SIDE, bottom)


@dataclass(frozen=True)
class _Choice:
    """One way to print the ballot on one paper: the page (orientation) and the grid of names."""

    frame: _Frame
    grid: Grid
    sheets: int

    @property
    def rank(self) -> tuple[int, bool, float]:
        """Smaller is better: fewest sheets, then portrait, then the largest names."""
        return (self.sheets, self.frame.landscape, -self.grid.name_pt)


def _name_sizes(preferred: float) -> list[float]:
    """preferred, then smaller by NAME_PT_STEP, down to MIN_NAME_PT (always included)."""
    steps = int((preferred - MIN_NAME_PT) / NAME_PT_STEP + 1e-9)
    sizes = [preferred - i * NAME_PT_STEP for i in range(steps + 1)]
    return sizes if sizes[-1] <= MIN_NAME_PT + 1e-9 else [*sizes, MIN_NAME_PT]


def _best_on(spec: BallotSpec, paper: str) -> _Choice | None:
    """The best arrangement of the names on this paper (see _Choice.rank), None when no name row fits."""
    best: _Choice | None = None
    for landscape in ORIENTATIONS:
        frame = _Frame(spec, paper, landscape)
        if frame.area.h <= 0:
            continue
        for size in _name_sizes(spec.name_pt):
            grid = plan_grid(spec.form, spec.names, size, frame.area, frame.fold_y)
            if grid is None:
                continue
            choice = _Choice(frame, grid, math.ceil(len(spec.names) / grid.capacity))
            if best is None or choice.rank < best.rank:
                best = choice
    return best


def _sheets(spec: BallotSpec, frame: _Frame, grid: Grid) -> tuple[SheetLayout, ...]:
    sizes = sheet_sizes(len(spec.names), grid)
    sheets: list[SheetLayout] = []
    start = 0
    for index, size in enumerate(sizes, start=1):
        names = spec.names[start : start + size]
        planned = plan_rows(grid, start + 1, names, frame.area, frame.fold_y, spec.texts.column_heads)
        labels = planned.labels
        if len(sizes) > 1:
            labels += (_sheet_label(spec.texts, index, len(sizes), frame),)
        fold_guides: tuple[Rect, ...] = ()
        if frame.fold_y is not None:
            fold_guides = (
                Rect(EDGE - 2.0, frame.fold_y - FOLD_GUIDE_T / 2, FOLD_GUIDE_L, FOLD_GUIDE_T),
                Rect(frame.w - EDGE + 2.0 - FOLD_GUIDE_L, frame.fold_y - FOLD_GUIDE_T / 2, FOLD_GUIDE_L, FOLD_GUIDE_T),
            )
        sheets.append(SheetLayout(
            index=index, paper=frame.paper, page_w=frame.w, page_h=frame.h, markers=frame.markers,
            qr=frame.qr, qr_quiet=frame.qr.grow(QR_QUIET), qr_module=QR_MODULE, stamp_area=frame.stamp,
            header=frame.header, labels=labels, rows=planned.rows, columns=planned.columns,
            rules=planned.rules, fold_y=frame.fold_y, fold_guides=fold_guides, mark_zones=planned.mark_zones,
        ))
        start += size
    return tuple(sheets)


def _sheet_label(texts: BallotTexts, index: int, count: int, frame: _Frame) -> TextBlock:
    from ballots.fonts import text_width_mm

    text = texts.sheet_text(index, count)
    width = text_width_mm(text, REGULAR, 9.0)
    baseline = frame.h - EDGE - MARKER / 2 + 1.2
    return text_block("sheet_no", text, REGULAR, 9.0, frame.w / 2 - width / 2, baseline)


def _canonical(value: Any) -> Any:
    """A JSON-able form of the layout with floats rounded to 1 µm (stable across machines)."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    return value


def current_basis() -> HashBasis:
    """The drawing version and fonts of this build (what a layout planned now is hashed with)."""
    return HashBasis(layout_version=LAYOUT_VERSION, fonts=fonts_digest(), box_line=BOX_LINE, aruco="DICT_4X4_50")


def layout_hash(spec: BallotSpec, sheets: tuple[SheetLayout, ...], basis: HashBasis) -> str:
    """12 hex digits over everything that changes the printed page (not the nonce).

    The one hash function of the library: the planner stamps it, ballots.layout_io re-checks it on load.
    """
    payload = {
        "v": basis.layout_version, "fonts": basis.fonts,
        "drawing": {"box_line": basis.box_line, "aruco": basis.aruco},
        "spec": _canonical(spec), "sheets": _canonical(sheets),
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def _check_code_fits(spec: BallotSpec, sheet_count: int, layout_hash: str) -> None:
    """Fail at planning, not at printing, when the QR text would be too long for a version-2 QR."""
    from ballots.errors import SheetCodeError
    from ballots.sheetcode import VERSION, SheetCode, encode

    probe = SheetCode(VERSION, spec.election, spec.round_no, sheet_count, sheet_count, layout_hash, "0" * 13)
    try:
        encode(probe)
    except SheetCodeError as exc:
        raise LayoutError(
            f"The ballot of election {spec.election} round {spec.round_no} needs {sheet_count} sheets; "
            f"the sheet code allows at most 35 sheets and 35 rounds ({exc})"
        ) from exc
