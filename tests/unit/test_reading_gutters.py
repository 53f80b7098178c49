"""Tight columns: the next column's rows begin, 8 mm past a cell, with a printed tick on the same
centre line. A strike through a long name must not read as "a line running on past the name"
because of that tick's misregistration fringe."""

from __future__ import annotations

import pytest

from ballots.reading import read_side
from ballots.reading.evidence import BEYOND_MM
from ballots.reading.rows import TICK_CLEAR_MM, row_pixels
from ballots.rules import Mark
from ballots.synth.corpus import make_layout, make_side

K = 6.0


@pytest.fixture(scope="module")
def tight():
    layout = make_layout(80, "strike", seed=6, election="BCH4", paper="A4")
    assert layout.sheet_count == 1 and len(layout.sheets[0].columns) == 3  # 58 mm columns, 8 mm gutters
    return layout


def test_the_run_on_windows_stay_in_the_gutter(tight):
    sheet = tight.sheets[0]
    columns = sheet.columns
    for px in row_pixels(sheet, K):
        band, c = px.row.band, px.row.column
        (lx0, lx1), (rx0, rx1) = px.beyond
        assert lx1 == round((band.x - BEYOND_MM[0]) * K) and rx0 == round((band.x2 + BEYOND_MM[0]) * K)
        if c + 1 < len(columns):  # a neighbour on the right: stop short of its ticks
            assert rx1 <= round((columns[c + 1].x - TICK_CLEAR_MM) * K) and rx1 - rx0 >= 3 * K
        else:  # the page margin: the whole window
            assert rx1 == round((band.x2 + BEYOND_MM[1]) * K)
        if c > 0:
            assert lx0 >= round((columns[c - 1].x2 + TICK_CLEAR_MM) * K) and lx1 - lx0 >= 3 * K
        else:
            assert lx0 == round((band.x - BEYOND_MM[1]) * K)


@pytest.mark.parametrize("preset", ["scan", "phone"])
def test_strikes_through_long_names_next_to_a_column_are_struck(tight, preset):
    """The strikes stop within a few mm of the name: nothing runs on. (Before the windows were
    kept in the gutter, the neighbour's tick fringe measured up to 0.10 of run-on here, and 0.18
    on landscape sheets of four columns: over the 0.12 that sends a name to review.)"""
    layouts = {tight.layout_hash: tight}
    sheet = tight.sheets[0]
    runout = []
    for seed in range(3):
        marks = {r.number: ("single", "zigzag")[r.number % 2] for r in sheet.rows}
        side = make_side(tight, 1, marks, dpi=200, preset=preset, seed=seed)
        reading = read_side(side.image, layouts)
        assert reading.status == "read", reading.reason
        assert [m.number for m in reading.marks if m.decision is not Mark.STRUCK] == []
        runout += [m.evidence["runout"] for m in reading.marks]
    assert max(runout) < 0.02
