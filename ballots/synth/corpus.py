"""Synthetic marked ballots with ground truth: our real PDFs, human-like marks, seeded degradations.

`make_side(...)` renders one sheet of a layout at a dpi, draws the requested marks row by row,
applies a degradation preset and returns the image with what a perfect reader must say.
Truth per number: "kept"/"struck" (strike form), "agree"/"disagree"/"both"/"none" (boxes), or
"ambiguous" (a partial strike, a tick, a stroke across two rows: only a person can decide).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from ballots.layout import BallotLayout, BallotSpec, BallotTexts, Form, Row, plan_ballot
from ballots.synth import degrade as dg
from ballots.synth.marks import (
    BLACK_05,
    PENS,
    Canvas,
    Pen,
    circle_pts,
    draw_tick,
    draw_x,
    line_pts,
    scribble_pts,
    wave_pts,
    write_text,
)

STRIKE_AS_INSTRUCTED = ("none", "single", "double", "slanted", "wavy", "zigzag")
STRIKE_HARD = ("scribble", "partial", "spill", "tick", "circle")
BOX_AS_INSTRUCTED = ("none", "x_agree", "x_disagree")
BOX_HARD = ("x_both", "fill_agree", "tick_agree", "x_spill")

TRUTH = {
    "none": "kept", "single": "struck", "double": "struck", "slanted": "struck", "wavy": "struck",
    "zigzag": "struck", "scribble": "struck", "partial": "ambiguous", "spill": "ambiguous",
    "tick": "ambiguous", "circle": "ambiguous", "boundary": "ambiguous",
    "x_agree": "agree", "x_disagree": "disagree", "x_both": "both", "fill_agree": "agree",
    "tick_agree": "ambiguous", "x_spill": "ambiguous",
}

PRESETS = ("clean", "scan", "scan_hard", "fit", "rot180", "phone", "fold", "streaks")

FIRST = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
         "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Xuân", "Thu", "Hồng")
LAST = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Khánh",
        "Lan", "Long", "Mai", "Nam", "Nghĩa", "Phúc", "Phương", "Quang", "Sơn", "Tâm", "Thắng",
        "Thảo", "Trung", "Tuấn", "Việt", "Yến", "Ánh", "Đạt")


def names_for(n: int, seed: int) -> tuple[str, ...]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        parts = [FIRST[rng.integers(len(FIRST))], MIDDLE[rng.integers(len(MIDDLE))]]
        if rng.random() < 0.35:
            parts.append(MIDDLE[rng.integers(len(MIDDLE))])
        parts.append(LAST[rng.integers(len(LAST))])
        out.append(" ".join(parts))
    return tuple(out)


def make_layout(n_names: int, form: Form | str, seed: int = 0, election: str = "BCH", round_no: int = 1,
                seats: int | None = None, paper: str | None = None) -> BallotLayout:
    form = Form(form)
    texts = BallotTexts(
        organisation="ĐẢNG BỘ TỈNH HÀ NAM", congress_name="ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XX",
        term="NHIỆM KỲ 2025 - 2030", subject="Ban Chấp hành Đảng bộ tỉnh khóa XX",
    )
    if seats is None:
        seats = n_names if form is Form.BOXES else max(1, n_names - max(1, n_names // 5))
    spec = BallotSpec(election=election, round_no=round_no, texts=texts, seats=seats,
                      names=names_for(n_names, seed), form=form, paper=paper)
    return plan_ballot(spec)


@lru_cache(maxsize=64)
def _pdf(layout: BallotLayout, nonces: tuple[str, ...]) -> bytes:
    from ballots.printing import render_pdf

    buf = io.BytesIO()
    render_pdf(layout, buf, copies=len(nonces), nonces=list(nonces))
    return buf.getvalue()


@lru_cache(maxsize=128)
def _render(layout: BallotLayout, nonce: str, sheet_index: int, dpi: int) -> np.ndarray:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(_pdf(layout, (nonce,)))
    try:
        arr = pdf[sheet_index - 1].render(scale=dpi / 72, grayscale=True).to_numpy()
    finally:
        pdf.close()
    if arr.ndim == 3:
        arr = cv2.cvtColor(arr[:, :, :3], cv2.COLOR_BGR2GRAY)
    # Paper is not pure white: a scanner sees ~245.
    return np.ascontiguousarray((arr.astype(np.float32) * (245 / 255)).astype(np.uint8))


def render_sheet(layout: BallotLayout, sheet_index: int, dpi: int, nonce: str) -> np.ndarray:
    """The clean printed sheet as a greyscale image (a copy: callers draw on it)."""
    return _render(layout, nonce, sheet_index, dpi).copy()


@dataclass(frozen=True)
class SynthSide:
    image: np.ndarray
    layout: BallotLayout
    sheet_index: int
    nonce: str
    dpi: int
    preset: str
    marks: Mapping[int, str]  # number -> mark kind drawn
    truth: Mapping[int, str]
    extra_ink: bool = False  # a written-in name / signature was added
    as_instructed: bool = True  # only marks the printed instruction asks for
    pens: Mapping[int, str] = field(default_factory=dict)


def _strike(c: Canvas, row: Row, kind: str, pen: Pen, rng: np.random.Generator, pitch: float) -> None:
    nb = row.name_box
    x0 = nb.x - rng.uniform(0.0, 3.0) if rng.random() < 0.8 else nb.x + rng.uniform(0, 0.03) * nb.w
    x1 = nb.x2 + rng.uniform(0.0, 3.0) if rng.random() < 0.8 else nb.x2 - rng.uniform(0, 0.03) * nb.w
    yc = row.y + float(np.clip(rng.normal(0, 0.3), -0.7, 0.7))
    if kind == "single":
        tilt = rng.uniform(-0.5, 0.5)
        c.stroke(line_pts(x0, yc - tilt, x1, yc + tilt, rng), pen, rng)
    elif kind == "double":
        for off in (-0.6, 0.6):
            c.stroke(line_pts(x0, yc + off, x1, yc + off + rng.uniform(-0.2, 0.2), rng), pen, rng)
    elif kind == "slanted":
        rise = rng.uniform(1.0, 1.8) * (1 if rng.random() < 0.5 else -1)
        c.stroke(line_pts(x0, row.y - rise / 2, x1, row.y + rise / 2, rng), pen, rng)
    elif kind in ("wavy", "zigzag"):
        c.stroke(wave_pts(x0, x1, yc, rng.uniform(0.4, 0.9), rng.uniform(3.0, 7.0), kind == "zigzag"), pen, rng)
    elif kind == "scribble":
        c.stroke(scribble_pts(x0, x1, row.y, nb.h * 0.7, rng), pen, rng)
    elif kind == "partial":
        frac = rng.uniform(0.15, 0.5)
        start = nb.x + rng.uniform(0, 1 - frac) * nb.w
        c.stroke(line_pts(start, yc, start + frac * nb.w, yc, rng), pen, rng)
    elif kind == "spill":  # starts through this name and ends in the next row
        c.stroke(line_pts(x0, row.y, x1, row.y + pitch * rng.uniform(0.8, 1.1), rng), pen, rng)
    elif kind == "boundary":  # a line on the border between this row and the next
        yb = row.band.y2 + rng.uniform(-0.3, 0.3)
        c.stroke(line_pts(x0, yb, x1, yb, rng), pen, rng)
    elif kind == "tick":
        draw_tick(c, nb.x2 + 1.0, row.y - 2.0, 4.0, 4.0, pen, rng)
    elif kind == "circle":
        c.stroke(circle_pts(nb.cx, row.y, nb.w / 2 + 2, nb.h / 2 + 0.8), pen, rng)
    elif kind != "none":
        raise ValueError(f"unknown strike mark {kind!r}")


def _box(c: Canvas, row: Row, kind: str, pen: Pen, rng: np.random.Generator) -> None:
    a, d = row.agree_box, row.disagree_box
    assert a is not None and d is not None
    if kind in ("x_agree", "x_both"):
        draw_x(c, a.x, a.y, a.w, a.h, pen, rng, rng.uniform(0.12, 0.28))
    if kind in ("x_disagree", "x_both"):
        draw_x(c, d.x, d.y, d.w, d.h, pen, rng, rng.uniform(0.12, 0.28))
    if kind == "fill_agree":
        for i in range(12):
            yy = a.y + 1.0 + i * (a.h - 2.0) / 11
            c.stroke(line_pts(a.x + 0.9, yy, a.x2 - 0.9, yy, rng, 0.03, 8), Pen("fill", 0.8, pen.grey), rng)
    if kind == "tick_agree":
        draw_tick(c, a.x, a.y, a.w, a.h, pen, rng)
    if kind == "x_spill":
        draw_x(c, a.x + a.w * 0.6, a.y - a.h * 0.4, a.w * 1.3, a.h * 1.3, pen, rng, 0.1)


def _degrade(img: np.ndarray, preset: str, rng: np.random.Generator, k: float, fold_y_px: int | None) -> np.ndarray:
    if preset == "clean":
        return img
    if preset == "scan":
        return dg.scanner_pipeline(img, rng, k)
    if preset == "scan_hard":  # low toner was applied to the print before the marks
        out = dg.dust(img, rng)
        return dg.scanner_pipeline(out, rng, k, strength=1.3)
    if preset == "fit":
        return dg.scanner_pipeline(dg.fit_to_page(img, rng), rng, k, strength=0.7)
    if preset == "rot180":
        return dg.rotate(dg.scanner_pipeline(img, rng, k), 2)
    if preset == "phone":
        out = dg.curl(img, rng, px_per_mm=k)
        out = dg.perspective(out, rng, 0.03)
        out = dg.shading(out, rng)
        out = dg.blur(out, rng, 1.0)
        return dg.jpeg(dg.noise(out, rng, 5.0), rng)
    if preset == "fold":
        out = dg.fold(img, rng, y=fold_y_px)
        if rng.random() < 0.5:  # folded in quarters: a second crease down the sheet
            turned = dg.fold(np.ascontiguousarray(np.rot90(out)), rng)
            out = np.ascontiguousarray(np.rot90(turned, 3))
        return dg.scanner_pipeline(out, rng, k, strength=0.6)
    if preset == "streaks":
        # Dust on the glass draws along the feed direction of the already skewed image.
        return dg.streaks(dg.scanner_pipeline(img, rng, k, strength=0.6), rng, 2)
    raise ValueError(f"unknown degradation preset {preset!r}")


def make_side(layout: BallotLayout, sheet_index: int, marks: Mapping[int, str], *, dpi: int = 150,
              preset: str = "scan", seed: int = 0, nonce: str = "0000000000000", pens: Mapping[int, Pen] | None = None,
              written_in: bool = False, fold_through: int | None = None) -> SynthSide:
    """One side of `layout` with `marks` (number -> kind) drawn and degraded by `preset`."""
    rng = np.random.default_rng(seed)
    k = dpi / 25.4
    sheet = layout.sheet(sheet_index)
    img = render_sheet(layout, sheet_index, dpi, nonce)
    if preset == "scan_hard":
        img = dg.low_toner(img, rng)
    canvas = Canvas(img, k)
    pitch = sheet.rows[1].y - sheet.rows[0].y if len(sheet.rows) > 1 else 8.0
    truth: dict[int, str] = {}
    used: dict[int, str] = {}
    rows = {r.number: r for r in sheet.rows}
    for row in sheet.rows:
        kind = marks.get(row.number, "none")
        pen = (pens or {}).get(row.number) or PENS[int(rng.integers(len(PENS)))]
        if kind != "none":
            used[row.number] = pen.name
        if layout.spec.form is Form.STRIKE:
            _strike(canvas, row, kind, pen, rng, pitch)
        else:
            _box(canvas, row, kind, pen, rng)
        plain = "kept" if layout.spec.form is Form.STRIKE else "none"
        truth.setdefault(row.number, plain if kind == "none" else TRUTH[kind])
        if TRUTH[kind] == "ambiguous":
            truth[row.number] = "ambiguous"
        if kind in ("spill", "boundary") and row.number + 1 in rows:
            truth[row.number + 1] = "ambiguous"
    if written_in:
        write_text(canvas, "Tran Van X", sheet.page_w * 0.35, sheet.page_h - 8.0, 5.0)
    fold_y = None
    if fold_through is not None:
        fold_y = round(rows[fold_through].y * k)
    out = _degrade(img, preset, rng, k, fold_y)
    instructed = all(m in STRIKE_AS_INSTRUCTED + BOX_AS_INSTRUCTED for m in marks.values()) and not written_in
    return SynthSide(out, layout, sheet_index, nonce, dpi, preset, dict(marks), truth, written_in, instructed, used)


def random_marks(layout: BallotLayout, sheet_index: int, rng: np.random.Generator,
                 hard_share: float = 0.0) -> dict[int, str]:
    """Marks a plausible voter leaves: strike some names (or X every name), sometimes oddly."""
    sheet = layout.sheet(sheet_index)
    marks: dict[int, str] = {}
    strike = layout.spec.form is Form.STRIKE
    normal = STRIKE_AS_INSTRUCTED[1:] if strike else BOX_AS_INSTRUCTED[1:]
    hard = STRIKE_HARD if strike else BOX_HARD
    p_mark = rng.uniform(0.1, 0.5) if strike else 0.92
    for row in sheet.rows:
        if rng.random() >= p_mark:
            continue
        if rng.random() < hard_share:
            marks[row.number] = str(hard[int(rng.integers(len(hard)))])
        else:
            marks[row.number] = str(normal[int(rng.integers(len(normal)))])
    return marks


def single_pen(pen: Pen = BLACK_05):
    """A pens mapping giving every row the same pen (for property tests)."""

    class _All(dict):
        def get(self, key, default=None):
            return pen

    return _All()
