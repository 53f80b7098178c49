"""Residual ink is judged where the rows were read: a sheet stretched unevenly by the feeder leaves
its table rules and row ticks ~1 mm away from where the page homography puts them. That is printing,
not writing: a valid sheet must still be proposed valid, while a written-in name stays residual."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import ballots.reading.residual as residual_module
from ballots.reading import read_side
from ballots.synth.corpus import make_layout, make_side

DPI = 200


def _bulge(img: np.ndarray, amount_mm: float) -> np.ndarray:
    """Move the middle of the page down by `amount_mm` (the feeder slipped, then caught up): the
    top and bottom edges, where the markers are, do not move."""
    h, w = img.shape[:2]
    k = DPI / 25.4
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dy = amount_mm * k * np.sin(np.pi * yy / h)
    return cv2.remap(img, xx, yy - dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


@pytest.fixture(scope="module", params=["strike", "boxes"])
def stretched(request):
    layout = make_layout(30, request.param, seed=5)
    marks = {r.number: ("single" if request.param == "strike" else "x_agree") for r in layout.sheets[0].rows[:6]}
    if request.param == "boxes":
        marks = {r.number: "x_agree" for r in layout.sheets[0].rows}
    side = make_side(layout, 1, marks, dpi=DPI, preset="clean", seed=3)
    return layout, _bulge(side.image, 2.5)


def _encode(img: np.ndarray) -> bytes:
    return cv2.imencode(".png", img)[1].tobytes()


def test_printing_moved_by_the_feeder_is_not_residual_ink(stretched):
    layout, img = stretched
    r = read_side(_encode(img), {layout.layout_hash: layout})
    assert r.status == "read"
    assert max(m.evidence["shift_y_mm"] for m in r.marks) >= 2.0  # the rows really moved
    assert r.residual == ()
    assert r.proposal.status == "valid", r.proposal


def test_without_the_rows_shifts_the_same_sheet_shows_slivers(stretched, monkeypatch):
    """The case above is a real one: judged at the page homography alone, slivers appear."""
    layout, img = stretched
    monkeypatch.setattr(residual_module, "explain_by_row_shifts", lambda *args: None)
    r = read_side(_encode(img), {layout.layout_hash: layout})
    assert r.residual != ()


def test_a_written_in_name_on_a_stretched_sheet_is_still_residual(stretched):
    layout, img = stretched
    img = img.copy()
    k = DPI / 25.4
    sheet = layout.sheets[0]
    x, y = round(sheet.page_w * 0.35 * k), round((sheet.page_h - 9.0) * k)
    cv2.putText(img, "Tran Van X", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 3)
    r = read_side(_encode(img), {layout.layout_hash: layout})
    assert sum(b.area_mm2 for b in r.residual) >= 12.0
    assert r.proposal.status == "invalid" and r.proposal.reason == "extra_marks"


def test_printed_table_rules_are_not_taken_for_scanner_streaks():
    """A perfectly straight scan of a long table: its vertical rules are printing, not dust."""
    layout = make_layout(30, "boxes", seed=5)
    side = make_side(layout, 1, {}, dpi=DPI, preset="clean", seed=3)
    r = read_side(_encode(side.image), {layout.layout_hash: layout})
    assert r.status == "read"
    assert not any("streak" in f for f in r.flags), r.flags


@pytest.mark.parametrize("seed", [14, 22])
def test_a_row_tick_misfit_on_a_curled_photo_is_not_a_mark(seed):
    """On a full A4 photographed with curl, the right-hand tick of a short name at the bottom of
    the right column sits ~1 mm off the name it is aligned by: a sliver that is printing."""
    from ballots.synth.corpus import random_marks

    layout = make_layout(50, "strike", seed=7)
    side = make_side(layout, 1, random_marks(layout, 1, np.random.default_rng(100 + seed)), dpi=DPI,
                     preset="phone", seed=seed)
    r = read_side(side.image, {layout.layout_hash: layout})
    assert {m.number: m.decision.value for m in r.marks} == dict(side.truth)


def _line_pieces(layout, x_mm: float, pieces_mm: list[tuple[float, float]], k: float = 6.0) -> np.ndarray:
    sheet = layout.sheets[0]
    added = np.zeros((round(sheet.page_h * k), round(sheet.page_w * k)), np.uint8)
    for y0, y1 in pieces_mm:
        added[round(y0 * k):round(y1 * k), round(x_mm * k):round(x_mm * k) + 2] = 255
    return added


def test_a_crease_broken_by_the_tables_is_a_line_for_a_person_not_writing():
    """From the reading bench (side 4819 of seed 2): a fold down an A3 boxes ballot, not proven
    (the tables leave no gaps to prove it in), showed as three thin pieces of one line between the
    tables: 20 mm² of "writing outside the names", a valid ballot proposed invalid. The pieces of
    one straight line down most of the sheet are a crease: the sheet goes to a person."""
    from ballots.reading.residual import residual_blobs

    layout = make_layout(30, "boxes", seed=4)
    sheet = layout.sheets[0]
    pieces = [(1.5, 57.7), (202.2, 210.3), (383.8, 418.5)] if sheet.page_h > 400 else [(1.5, 40), (140, 146), (260, 295)]
    blobs, line = residual_blobs(_line_pieces(layout, 87.5, pieces), sheet, 6.0)
    assert blobs == () and line
    # The same pieces scattered across the sheet are not one line: they stay ink outside the names.
    scattered = _line_pieces(layout, 87.5, pieces[:1]) | _line_pieces(layout, 150.0, pieces[1:2]) | \
        _line_pieces(layout, 30.0, pieces[2:])
    blobs, line = residual_blobs(scattered, sheet, 6.0)
    assert len(blobs) == 3 and not line
