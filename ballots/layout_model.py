"""The ballot paper as data: what the planner produces and both the printer and the reader consume.

All lengths in millimetres, origin at the top-left of the page, y down (see ballots.geometry).
Import these names from ballots.layout; this module only holds the types and design constants.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from ballots.errors import LayoutError
from ballots.geometry import Rect

# Paper sizes, portrait (w, h).
PAPERS: dict[str, tuple[float, float]] = {"A5": (148.0, 210.0), "A4": (210.0, 297.0), "A3": (297.0, 420.0)}


def page_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    """(w, h) of the page in mm: the paper turned on its side when landscape."""
    w, h = PAPERS[paper]
    return (h, w) if landscape else (w, h)


EDGE = 6.0  # markers sit this far from the page edges (inside every printer's unprintable margin)
MARKER = 10.0  # ArUco black square incl. its black border (6 x 6 cells of 1.667 mm)
MARKER_QUIET = 2.0  # white around each marker
QR_MODULES = 25  # QR version 2, always: the same geometry on every sheet
QR_MODULE = 0.8  # mm per module (>= 0.66 mm, about 6 px at 200 dpi)
QR_QUIET = 4 * QR_MODULE  # the standard 4-module quiet zone
STAMP_W, STAMP_H = 38.0, 36.0  # room for a round seal of up to ~36 mm
SIDE = 10.0  # left/right margin of the names area
MIN_NAME_PT = 10.0
TICK_L, TICK_T = 3.0, 0.5  # row ticks: length and thickness
TICK_GAP = 2.0  # white between a tick and the row's text
NAME_CLEAR = 1.5  # white above and below every name (row pitch = name height + 2 x this)
MIN_PITCH = 6.0
GUTTER = 8.0  # between columns of names
BOX = 7.0  # agree/disagree boxes (>= 6 mm)
BOX_LINE = 0.3  # box outline, drawn inside the box rect
RULE = 0.25  # table rules, drawn as filled rects centred on the cell boundaries
FOLD_CLEAR = 2.0  # white on each side of the fold line
LAYOUT_VERSION = 1  # bump when the drawing changes in a way the geometry does not show


class Form(StrEnum):
    """Hình thức phiếu: strike-through names (with surplus) or agree/disagree boxes (no surplus)."""

    STRIKE = "strike"
    BOXES = "boxes"


class Corner(StrEnum):
    TL = "TL"
    TR = "TR"
    BR = "BR"
    BL = "BL"


# ArUco id per corner (DICT_4X4_50); the id found tells the reader how the sheet is turned.
MARKER_IDS: dict[Corner, int] = {Corner.TL: 0, Corner.TR: 1, Corner.BR: 2, Corner.BL: 3}

DEFAULT_INSTRUCTIONS = {
    Form.STRIKE: "Gạch một đường ngang qua toàn bộ họ tên người không bầu",
    Form.BOXES: "Đánh dấu X vào một ô Đồng ý hoặc Không đồng ý cho mỗi người",
}


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class BallotTexts:
    """The printed wording, all configurable per congress. `instruction=None` -> the form's default."""

    organisation: str
    congress_name: str
    term: str
    subject: str
    party_line: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    title: str = "PHIẾU BẦU CỬ"
    seats_line: str = "Số lượng bầu: {seats} đồng chí"
    instruction: str | None = None
    sheet_label: str = "Tờ {index}/{count}"  # printed at the bottom of ballots of several sheets
    column_heads: tuple[str, str, str, str] = ("STT", "Họ và tên", "Đồng ý", "Không đồng ý")  # boxes form

    def __post_init__(self) -> None:
        for name in ("organisation", "congress_name", "term", "subject", "party_line", "title",
                     "seats_line", "sheet_label"):
            object.__setattr__(self, name, _nfc(getattr(self, name)))
        if self.instruction is not None:
            object.__setattr__(self, "instruction", _nfc(self.instruction))
        heads = tuple(_nfc(h) for h in self.column_heads)
        if len(heads) != 4:
            raise LayoutError(f"Column heads must be 4 texts (STT, name, agree, disagree), not {len(heads)}.")
        object.__setattr__(self, "column_heads", heads)

    def instruction_for(self, form: Form) -> str:
        return self.instruction if self.instruction is not None else DEFAULT_INSTRUCTIONS[form]

    def seats_text(self, seats: int) -> str:
        try:
            return self.seats_line.format(seats=seats)
        except (KeyError, IndexError, ValueError) as exc:
            raise LayoutError(f"The seats line {self.seats_line!r} may only use the field {{seats}}.") from exc

    def sheet_text(self, index: int, count: int) -> str:
        try:
            return self.sheet_label.format(index=index, count=count)
        except (KeyError, IndexError, ValueError) as exc:
            raise LayoutError(
                f"The sheet label {self.sheet_label!r} may only use the fields {{index}} and {{count}}."
            ) from exc


@dataclass(frozen=True)
class BallotSpec:
    """Everything that decides the printed ballot of one round of one election.

    election: a short code (1-8 characters of A-Z, 0-9 and "-") that goes into the QR;
    names: full names in ballot order (number = index + 1), normalised to NFC with single spaces;
    paper: "A5" | "A4" | "A3", or None to choose by the number of names (either way the planner may
    turn the page to landscape when that saves sheets: SheetLayout.landscape);
    name_pt: the preferred size of the names; all of them may be printed smaller when that saves paper
    or sheets, and a long name shrinks further to fit its column, never below 10 pt.
    """

    election: str
    round_no: int
    texts: BallotTexts
    seats: int
    names: tuple[str, ...]
    form: Form
    paper: str | None = None
    name_pt: float = 12.0

    def __post_init__(self) -> None:
        if isinstance(self.names, str) or not all(isinstance(n, str) for n in self.names):
            raise LayoutError("Ballot names must be a sequence of texts, one full name each.")
        object.__setattr__(self, "names", tuple(_nfc(n) for n in self.names))
        try:
            object.__setattr__(self, "form", Form(self.form))
        except ValueError as exc:
            raise LayoutError(f"Ballot form {self.form!r} is not one of {[f.value for f in Form]}.") from exc


@dataclass(frozen=True)
class TextBlock:
    """One line of printed text. (x, baseline) is where it is drawn; rect is its inked extent."""

    role: str  # party_line, organisation, congress, title, subject, seats, instruction, column_head, sheet_no
    text: str
    font: str
    size_pt: float
    x: float
    baseline: float
    rect: Rect


@dataclass(frozen=True)
class Marker:
    """An ArUco marker (DICT_4X4_50). rect is the black square EXCLUDING the quiet zone; quiet includes it."""

    id: int
    corner: Corner
    rect: Rect
    quiet: Rect


@dataclass(frozen=True)
class Row:
    """One name on the ballot.

    y: the row's centre line (where the ticks are); baseline: where the name is drawn;
    band: the row's full slot in its column (pitch high); name_box: the printed name (advance width,
    inked height); strike_zone: where a strike through the name counts; ticks: (left, right) filled
    rects; number_box: the printed STT; agree_box/disagree_box: outer edges of the boxes (boxes form).
    """

    number: int
    name: str
    column: int  # 0-based column on its sheet
    y: float
    baseline: float
    name_pt: float
    band: Rect
    name_box: Rect
    strike_zone: Rect
    ticks: tuple[Rect, Rect]
    number_text: str
    number_box: Rect
    number_x: float  # where the STT text is drawn: (number_x, number_baseline) at number_pt
    number_baseline: float
    number_pt: float
    agree_box: Rect | None = None
    disagree_box: Rect | None = None


@dataclass(frozen=True)
class SheetLayout:
    """One printed page (one side) of a ballot.

    qr: the QR modules EXCLUDING the quiet zone (qr_quiet includes it), a 25 x 25 grid of qr_module mm.
    rules: filled rects (table lines); columns: the slot of each column of names;
    mark_zones: where voters' marks are expected (rows, boxes); printed_zones: every printed thing.
    """

    index: int  # 1-based
    paper: str
    page_w: float
    page_h: float
    markers: tuple[Marker, ...]
    qr: Rect
    qr_quiet: Rect
    qr_module: float
    stamp_area: Rect
    header: tuple[TextBlock, ...]
    labels: tuple[TextBlock, ...]
    rows: tuple[Row, ...]
    columns: tuple[Rect, ...]
    rules: tuple[Rect, ...]
    fold_y: float | None
    fold_guides: tuple[Rect, ...]
    mark_zones: tuple[Rect, ...] = field(default=())

    @property
    def landscape(self) -> bool:
        """The paper is printed on its side (wider than high); the reader needs nothing else to know it."""
        return self.page_w > self.page_h

    @property
    def texts(self) -> tuple[TextBlock, ...]:
        return self.header + self.labels

    @property
    def printed_zones(self) -> tuple[Rect, ...]:
        """Every place the printer puts ink (the template the reader subtracts)."""
        zones: list[Rect] = [m.rect for m in self.markers]
        zones.append(self.qr)
        zones.extend(t.rect for t in self.texts)
        for row in self.rows:
            zones.extend((row.name_box, row.number_box, *row.ticks))
            zones.extend(b for b in (row.agree_box, row.disagree_box) if b is not None)
        zones.extend(self.rules)
        zones.extend(self.fold_guides)
        return tuple(zones)

    @property
    def allowed_zones(self) -> tuple[Rect, ...]:
        """Where ink is legitimate: printed content, voters' marks and the stamp (the rest is residual)."""
        return (*self.printed_zones, *self.mark_zones, self.stamp_area)


@dataclass(frozen=True)
class HashBasis:
    """What the layout hash covers besides the geometry: the drawing code's version and the font files.

    Kept with the layout so a stored layout still verifies after a software update changes them.
    """

    layout_version: int
    fonts: str  # ballots.fonts.fonts_digest() of the fonts the names were measured with
    box_line: float
    aruco: str


@dataclass(frozen=True)
class BallotLayout:
    """The whole ballot: its spec, one SheetLayout per sheet, and a short hash of the exact geometry."""

    spec: BallotSpec
    sheets: tuple[SheetLayout, ...]
    layout_hash: str
    paper: str
    columns: int  # columns of names per sheet
    basis: HashBasis

    @property
    def sheet_count(self) -> int:
        return len(self.sheets)

    @property
    def landscape(self) -> bool:
        """Every sheet of a ballot has the same page, so the first sheet tells."""
        return self.sheets[0].landscape

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every row of every sheet, in ballot order."""
        return tuple(r for s in self.sheets for r in s.rows)

    def sheet(self, index: int) -> SheetLayout:
        """The sheet with 1-based index; LayoutError when there is none."""
        if not 1 <= index <= len(self.sheets):
            raise LayoutError(f"Sheet {index} does not exist; this ballot has {len(self.sheets)} sheet(s).")
        return self.sheets[index - 1]
