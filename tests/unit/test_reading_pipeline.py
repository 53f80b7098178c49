"""Properties of the ballot reader (SCANNER.md "Properties the tests must hold") on synthetic scans."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ballots.reading import read_side, threshold_report
from ballots.rules import Mark
from ballots.synth.corpus import make_layout, make_side, single_pen
from ballots.synth.degrade import rotate
from ballots.synth.marks import BLACK_05

DPI = 150


@pytest.fixture(scope="module")
def strike():
    return make_layout(12, "strike", seed=3)


@pytest.fixture(scope="module")
def boxes():
    return make_layout(6, "boxes", seed=4)


@pytest.fixture(scope="module")
def layouts(strike, boxes):
    return {strike.layout_hash: strike, boxes.layout_hash: boxes}


def _silent(side, reading) -> list[tuple[int, str, str]]:
    """Definite truths read as a different definite decision."""
    bad = []
    for m in reading.marks:
        truth = side.truth[m.number]
        if truth != "ambiguous" and m.decision is not Mark.UNCERTAIN and m.decision.value != truth:
            bad.append((m.number, truth, m.decision.value))
    return bad


def test_a_single_half_millimetre_line_across_every_name_is_struck(strike, layouts):
    marks = {r.number: "single" for r in strike.sheets[0].rows}
    side = make_side(strike, 1, marks, dpi=DPI, preset="scan", seed=11, pens=single_pen(BLACK_05))
    r = read_side(side.image, layouts)
    assert r.status == "read"
    assert [m.decision for m in r.marks] == [Mark.STRUCK] * len(r.marks)


def test_same_mark_on_every_row_gives_the_same_decision(strike, layouts):
    for kind, expected in (("double", Mark.STRUCK), ("none", Mark.KEPT)):
        marks = {r.number: kind for r in strike.sheets[0].rows}
        side = make_side(strike, 1, marks, dpi=DPI, preset="clean", seed=5, pens=single_pen(BLACK_05))
        decisions = {m.decision for m in read_side(side.image, layouts).marks}
        assert decisions == {expected}, kind


def test_re_degrading_never_flips_kept_and_struck(strike, layouts):
    marks = {r.number: ("wavy" if r.number % 2 else "none") for r in strike.sheets[0].rows}
    seen: dict[int, set[Mark]] = {}
    for seed in range(4):
        side = make_side(strike, 1, marks, dpi=DPI, preset="scan", seed=100 + seed)
        for m in read_side(side.image, layouts).marks:
            seen.setdefault(m.number, set()).add(m.decision)
    for number, decisions in seen.items():
        assert not {Mark.KEPT, Mark.STRUCK} <= decisions, number


def test_same_bytes_give_the_same_record(strike, layouts):
    side = make_side(strike, 1, {1: "single", 4: "zigzag"}, dpi=DPI, preset="scan", seed=8)
    ok, png = cv2.imencode(".png", side.image)
    assert ok
    a, b = read_side(png.tobytes(), layouts), read_side(png.tobytes(), layouts)
    assert a.to_dict() == b.to_dict()
    assert a.sha256 is not None and len(a.sha256) == 64


def test_rotation_translation_and_skew_give_identical_decisions(strike, layouts):
    marks = {1: "single", 2: "double", 5: "slanted", 8: "wavy"}
    side = make_side(strike, 1, marks, dpi=DPI, preset="clean", seed=9)
    base = read_side(side.image, layouts)
    turned = read_side(rotate(side.image, 2), layouts)
    shifted = read_side(np.ascontiguousarray(np.roll(side.image, (12, -9), axis=(0, 1))), layouts)
    h, w = side.image.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 1.5, 0.985)
    skewed = read_side(cv2.warpAffine(side.image, m, (w, h), borderValue=245), layouts)
    assert turned.orientation == 180 and base.orientation == 0
    for other in (turned, shifted, skewed):
        assert other.decisions() == base.decisions()
    assert _silent(side, base) == []


@pytest.mark.parametrize("preset", ["fold", "streaks", "scan_hard"])
def test_folds_dust_and_streaks_never_become_silent_errors(strike, layouts, preset):
    marks = {2: "single", 3: "single", 7: "double"}
    for seed in range(2):
        # The fold runs through a name that is kept (the dangerous case: it looks like a strike).
        side = make_side(strike, 1, marks, dpi=DPI, preset=preset, seed=20 + seed, fold_through=5)
        r = read_side(side.image, layouts)
        assert r.status == "read"
        assert _silent(side, r) == []


def test_blank_back_is_blank(layouts):
    back = np.full((1240, 877), 243, np.uint8)
    back[::97, ::89] = 120  # a few specks of dust
    assert read_side(back, layouts).status == "blank"


def test_non_ballot_image_is_rejected_with_a_reason(layouts):
    rng = np.random.default_rng(0)
    page = np.full((1240, 877), 240, np.uint8)
    for _ in range(40):
        x, y = rng.integers(50, 800), rng.integers(50, 1150)
        cv2.putText(page, "Bien ban hop", (int(x), int(y)), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 20, 1)
    r = read_side(page, layouts)
    assert r.status == "rejected" and "not a ballot" in r.reason


def test_another_elections_sheet_is_rejected_naming_it(layouts):
    other = make_layout(12, "strike", seed=3, election="HDND")
    side = make_side(other, 1, {}, dpi=DPI, preset="clean", seed=1)
    r = read_side(side.image, layouts)
    assert r.status == "rejected" and "another election" in r.reason
    again = make_layout(12, "strike", seed=3, round_no=2)
    r2 = read_side(make_side(again, 1, {}, dpi=DPI, preset="clean", seed=1).image, layouts)
    assert r2.status == "rejected" and "another round" in r2.reason


def test_boxes_form_reads_agree_disagree_both_and_none(boxes, layouts):
    marks = {1: "x_agree", 2: "x_disagree", 3: "x_both", 4: "none", 5: "fill_agree", 6: "x_agree"}
    side = make_side(boxes, 1, marks, dpi=DPI, preset="scan", seed=2, pens=single_pen(BLACK_05))
    r = read_side(side.image, layouts)
    got = r.decisions()
    assert got[1] == Mark.AGREE and got[2] == Mark.DISAGREE and got[3] == Mark.BOTH and got[4] == Mark.NONE
    assert _silent(side, r) == []
    assert r.proposal is not None and r.proposal.status == "valid"


def test_a_tick_in_a_box_goes_to_review(boxes, layouts):
    side = make_side(boxes, 1, {1: "tick_agree", 2: "x_agree"}, dpi=DPI, preset="clean", seed=3)
    r = read_side(side.image, layouts)
    assert r.decisions()[1] in (Mark.UNCERTAIN, Mark.AGREE)  # never "none" or "disagree"
    if r.decisions()[1] is Mark.UNCERTAIN:
        assert r.proposal.status == "review"


def test_written_in_name_is_proposed_invalid_or_review(strike, layouts):
    side = make_side(strike, 1, {1: "single"}, dpi=DPI, preset="clean", seed=4, written_in=True)
    r = read_side(side.image, layouts)
    assert r.residual, "the written-in name must be reported as residual ink"
    assert r.proposal.status in ("invalid", "review")


def test_threshold_report_summarises_each_decision(strike, layouts):
    side = make_side(strike, 1, {1: "single", 2: "double"}, dpi=DPI, preset="scan", seed=6)
    rep = threshold_report([read_side(side.image, layouts)])
    assert rep["decisions"]["struck"]["cover"]["n"] == 2
    assert rep["decisions"]["kept"]["cover"]["max"] <= rep["thresholds"]["kept_cover"]


def test_read_many_keeps_order_and_matches_read_side(strike, layouts):
    from ballots.reading import read_many

    sides = [make_side(strike, 1, {n: "single"}, dpi=DPI, preset="clean", seed=n) for n in (1, 2, 3)]
    blobs = [cv2.imencode(".png", s.image)[1].tobytes() for s in sides]
    many = read_many([*blobs, b"junk"], layouts, workers=2, chunksize=1)
    assert [m[0].to_dict() for m in many[:3]] == [read_side(b, layouts).to_dict() for b in blobs]
    assert many[3][0].status == "rejected"


def test_review_crops_are_png(strike, layouts):
    from ballots.reading import row_crop_png, sheet_png

    side = make_side(strike, 1, {2: "single"}, dpi=DPI, preset="scan", seed=1)
    for png in (row_crop_png(side.image, layouts, 2), sheet_png(side.image, layouts, 600)):
        img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
        assert img is not None and max(img.shape) <= 1000
