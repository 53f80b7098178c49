"""Columns and rows of names: how many fit, where each name, tick, box and table rule goes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ballots.fonts import BOLD, REGULAR, max_extent_em, text_width_mm
from ballots.geometry import MM_PER_PT, Rect
from ballots.layout_model import (
    BOX,
    FOLD_CLEAR,
    GUTTER,
    MIN_NAME_PT,
    MIN_PITCH,
    NAME_CLEAR,
    RULE,
    TICK_GAP,
    TICK_L,
    TICK_T,
    Form,
    Row,
    TextBlock,
)
from ballots.layout_text import centred_lines, fit_lines, text_block

NUMBER_GAP = 2.0  # white between the STT and the name (strike form)
CELL_PAD = 2.0  # white between a table rule and a name
AGREE_W, DISAGREE_W = 20.0, 22.0  # box columns of the boxes form
HEAD_H = 11.0  # height of the table's head row
HEAD_PT, HEAD_MIN_PT = 9.0, 7.0
COLUMN_SLACK = 16.0  # a column is at most this much wider than its widest name needs


def name_height_mm(size_pt: float) -> float:
    """Inked height budget of a name line: the tallest Vietnamese letter to the deepest descender."""
    ascent, descent = max_extent_em(REGULAR)
    return (ascent + descent) * size_pt * MM_PER_PT


def row_pitch(form: Form, name_pt: float) -> float:
    """Row pitch in mm, rounded up to 0.1 mm: name height plus white above and below (and the boxes).

    (Rounding up to 0.5 mm made a 10 pt row 8 mm instead of 7.6 mm: two rows lost per A4 column.)
    """
    pitch = max(MIN_PITCH, name_height_mm(name_pt) + 2 * NAME_CLEAR)
    if form is Form.BOXES:
        pitch = max(pitch, BOX + 2 * NAME_CLEAR)
    return math.ceil(pitch * 10 - 1e-9) / 10


def baseline_for(y: float, size_pt: float) -> float:
    """The baseline that centres the name's height budget on the row's centre line y."""
    ascent, descent = max_extent_em(REGULAR)
    return y + (ascent - descent) / 2 * size_pt * MM_PER_PT


def band_tops(top: float, bottom: float, pitch: float, fold_y: float | None, limit: int) -> list[float]:
    """Tops of up to `limit` consecutive row bands in [top, bottom], skipping the white band of the fold."""
    tops: list[float] = []
    y = top
    while len(tops) < limit:
        if fold_y is not None and y < fold_y + FOLD_CLEAR and y + pitch > fold_y - FOLD_CLEAR:
            y = max(y, fold_y + FOLD_CLEAR)
        if y + pitch > bottom + 1e-9:
            break
        tops.append(y)
        y += pitch
    return tops


@dataclass(frozen=True)
class Grid:
    """The arrangement chosen for every sheet of one ballot."""

    form: Form
    columns: int
    col_w: float
    pitch: float
    rows_per_column: int
    number_w: float  # advance width of the widest STT text
    name_pt: float

    @property
    def capacity(self) -> int:
        return self.columns * self.rows_per_column


def _stt_w(number_w: float) -> float:
    return max(10.0, number_w + 2 * CELL_PAD)


def _name_room(form: Form, col_w: float, number_w: float) -> float:
    ends = 2 * (TICK_L + TICK_GAP)
    if form is Form.STRIKE:
        return col_w - ends - number_w - NUMBER_GAP
    return col_w - ends - _stt_w(number_w) - 2 * CELL_PAD - AGREE_W - DISAGREE_W


@lru_cache(maxsize=64)
def widest_name_mm(names: tuple[str, ...], size_pt: float) -> float:
    """Advance width of the widest name at size_pt (the planner asks once per paper, side and size)."""
    return max(text_width_mm(n, REGULAR, size_pt) for n in names)


def plan_grid(form: Form, names: tuple[str, ...], name_pt: float, area: Rect, fold_y: float | None) -> Grid | None:
    """The fewest columns giving the fewest sheets on this area, or None when a name cannot fit at all."""
    number_w = text_width_mm(f"{len(names)}.", REGULAR, name_pt)
    widest = widest_name_mm(names, MIN_NAME_PT)
    widest_base = widest_name_mm(names, name_pt)
    need_min = area.w - _name_room(form, area.w, number_w) + widest  # column width at 10 pt
    max_cols = int((area.w + GUTTER + 1e-9) // (need_min + GUTTER))
    if max_cols < 1:
        return None
    pitch = row_pitch(form, name_pt)
    head = HEAD_H if form is Form.BOXES else 0.0
    rows = len(band_tops(area.y + head, area.y2, pitch, fold_y, 10_000))
    if rows < 1:
        return None
    sheets = math.ceil(len(names) / (max_cols * rows))
    columns = next(c for c in range(1, max_cols + 1) if math.ceil(len(names) / (c * rows)) == sheets)
    col_w = min((area.w - (columns - 1) * GUTTER) / columns, need_min - widest + widest_base + COLUMN_SLACK)
    return Grid(form, columns, col_w, pitch, rows, number_w, name_pt)


def sheet_sizes(total: int, grid: Grid) -> list[int]:
    """How many names go on each sheet: as even as possible, earlier sheets taking the extra ones."""
    sheets = math.ceil(total / grid.capacity)
    base, extra = divmod(total, sheets)
    return [base + (1 if i < extra else 0) for i in range(sheets)]


@dataclass(frozen=True)
class SheetRows:
    rows: tuple[Row, ...]
    columns: tuple[Rect, ...]
    rules: tuple[Rect, ...]
    labels: tuple[TextBlock, ...]
    mark_zones: tuple[Rect, ...]


def _fit_name_pt(name: str, base_pt: float, room: float) -> float:
    """base_pt, or the largest size by 0.25 pt steps that fits room (the grid guarantees >= 10 pt)."""
    width = text_width_mm(name, REGULAR, base_pt)
    if width <= room:
        return base_pt
    return max(MIN_NAME_PT, math.floor(base_pt * room / width * 4) / 4)


def _hrule(x1: float, x2: float, y: float) -> Rect:
    return Rect(x1 - RULE / 2, y - RULE / 2, x2 - x1 + RULE, RULE)


def _vrule(x: float, y1: float, y2: float) -> Rect:
    return Rect(x - RULE / 2, y1 - RULE / 2, RULE, y2 - y1 + RULE)


def plan_rows(
    grid: Grid, first_number: int, names: tuple[str, ...], area: Rect, fold_y: float | None,
    column_heads: tuple[str, str, str, str],
) -> SheetRows:
    """Rows of one sheet: names numbered from first_number, filled down the columns left to right."""
    per_col = math.ceil(len(names) / grid.columns)
    total_w = grid.columns * grid.col_w + (grid.columns - 1) * GUTTER
    left = area.x + (area.w - total_w) / 2  # centre the block of columns
    boxes = grid.form is Form.BOXES
    rows: list[Row] = []
    columns: list[Rect] = []
    rules: list[Rect] = []
    labels: list[TextBlock] = []
    marks: list[Rect] = []
    for col in range(grid.columns):
        chunk = names[col * per_col : (col + 1) * per_col]
        if not chunk:
            break
        x0 = left + col * (grid.col_w + GUTTER)
        x1 = x0 + grid.col_w
        top = area.y + (HEAD_H if boxes else 0.0)
        tops = band_tops(top, area.y2, grid.pitch, fold_y, len(chunk))
        columns.append(Rect.from_edges(x0, area.y, x1, tops[-1] + grid.pitch))
        cells = _cells(grid, x0, x1) if boxes else None
        for i, (name, band_top) in enumerate(zip(chunk, tops, strict=True)):
            number = first_number + col * per_col + i
            rows.append(_row(grid, number, name, col, x0, x1, band_top, cells))
        if cells is not None:
            labels += _column_heads(cells, area.y, column_heads)
            rules += _table_rules(cells, area.y, tops, grid.pitch)
            marks += [Rect.from_edges(cells[2].x, s, cells[3].x2, e) for s, e in _segments(tops, grid.pitch)]
        else:
            marks += [Rect.from_edges(x0 - 2.0, s, x1 + 2.0, e) for s, e in _segments(tops, grid.pitch)]
    return SheetRows(tuple(rows), tuple(columns), tuple(rules), tuple(labels), tuple(marks))


def _cells(grid: Grid, x0: float, x1: float) -> tuple[Rect, Rect, Rect, Rect]:
    """Horizontal extents (y, h unused = 0) of the STT, name, agree and disagree cells of a table."""
    t0, t1 = x0 + TICK_L + TICK_GAP, x1 - TICK_L - TICK_GAP
    stt = _stt_w(grid.number_w)
    edges = (t0, t0 + stt, t1 - AGREE_W - DISAGREE_W, t1 - DISAGREE_W, t1)
    return tuple(Rect.from_edges(edges[i], 0.0, edges[i + 1], 0.0) for i in range(4))  # type: ignore[return-value]


def _segments(tops: list[float], pitch: float) -> list[tuple[float, float]]:
    """Runs of touching row bands (the fold splits a column into two runs)."""
    runs: list[tuple[float, float]] = []
    for t in tops:
        if runs and abs(runs[-1][1] - t) < 1e-9:
            runs[-1] = (runs[-1][0], t + pitch)
        else:
            runs.append((t, t + pitch))
    return runs


def _table_rules(cells: tuple[Rect, ...], head_top: float, tops: list[float], pitch: float) -> list[Rect]:
    x_edges = [c.x for c in cells] + [cells[-1].x2]
    rules: list[Rect] = []
    for n, (start, end) in enumerate(_segments(tops, pitch)):
        seg_top = head_top if n == 0 else start
        ys = [seg_top] + [t for t in tops if start <= t < end - 1e-9] + [end]
        rules += [_hrule(x_edges[0], x_edges[-1], y) for y in ys]
        rules += [_vrule(x, seg_top, end) for x in x_edges]
    return rules


def _column_heads(cells: tuple[Rect, ...], head_top: float, heads: tuple[str, ...]) -> list[TextBlock]:
    blocks: list[TextBlock] = []
    for cell, text in zip(cells, heads, strict=True):
        if not text:
            continue
        size, lines = fit_lines("column head", text, BOLD, HEAD_PT, HEAD_MIN_PT, cell.w - 2 * 1.0, 2)
        new, bottom = centred_lines("column_head", lines, BOLD, size, cell.cx, 0.0)
        dy = head_top + (HEAD_H - bottom) / 2
        blocks += [text_block(b.role, b.text, b.font, b.size_pt, b.x, b.baseline + dy) for b in new]
    return blocks


def _row(
    grid: Grid, number: int, name: str, col: int, x0: float, x1: float, band_top: float,
    cells: tuple[Rect, ...] | None,
) -> Row:
    y = band_top + grid.pitch / 2
    band = Rect(x0, band_top, x1 - x0, grid.pitch)
    ticks = (Rect(x0, y - TICK_T / 2, TICK_L, TICK_T), Rect(x1 - TICK_L, y - TICK_T / 2, TICK_L, TICK_T))
    number_text = f"{number}."
    number_baseline = baseline_for(y, grid.name_pt)
    if cells is None:
        text_x = x0 + TICK_L + TICK_GAP
        number_x = text_x + grid.number_w - text_width_mm(number_text, REGULAR, grid.name_pt)
        name_x = text_x + grid.number_w + NUMBER_GAP
        room = x1 - TICK_L - TICK_GAP - name_x
    else:
        number_x = cells[0].cx - text_width_mm(number_text, REGULAR, grid.name_pt) / 2
        name_x = cells[1].x + CELL_PAD
        room = cells[1].w - 2 * CELL_PAD
    size = _fit_name_pt(name, grid.name_pt, room)
    number_box = text_block("number", number_text, REGULAR, grid.name_pt, number_x, number_baseline).rect
    name_block = text_block("name", name, REGULAR, size, name_x, baseline_for(y, size))
    name_box = name_block.rect
    agree = disagree = None
    if cells is None:
        strike = Rect(name_box.x - 1.0, band.y, name_box.w + 2.0, band.h)
    else:
        strike = Rect(cells[1].x, band.y, cells[1].w, band.h)
        agree = Rect(cells[2].cx - BOX / 2, y - BOX / 2, BOX, BOX)
        disagree = Rect(cells[3].cx - BOX / 2, y - BOX / 2, BOX, BOX)
    return Row(
        number=number, name=name, column=col, y=y, baseline=name_block.baseline, name_pt=size, band=band,
        name_box=name_box, strike_zone=strike, ticks=ticks, number_text=number_text, number_box=number_box,
        number_x=number_x, number_baseline=number_baseline, number_pt=grid.name_pt, agree_box=agree, disagree_box=disagree,
    )
