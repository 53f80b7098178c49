"""Named hard cases by failure mode: each is read correctly or sent to review, never silently wrong."""

from __future__ import annotations

import pytest

from ballots.reading import read_side
from ballots.rules import Mark
from ballots.synth.corpus import make_layout
from ballots.synth.hard_cases import HARD_CASES, hard_case


@pytest.fixture(scope="module")
def layout():
    return make_layout(10, "strike", seed=7)


@pytest.mark.parametrize("name", HARD_CASES)
def test_hard_case_is_never_silently_wrong(layout, name):
    readings = [read_side(s.image, {layout.layout_hash: layout}) for s in hard_case(name, layout)]
    for side, r in zip(hard_case(name, layout), readings, strict=True):
        assert r.status == "read", r.reason
        for m in r.marks:
            truth = side.truth[m.number]
            if truth == "ambiguous":
                assert m.decision is Mark.UNCERTAIN or r.proposal.status == "review", (m.number, m.decision)
            elif m.decision is not Mark.UNCERTAIN:
                assert m.decision.value == truth, (name, m.number, truth, m.decision)
    if name == "photocopy-same-nonce":
        assert readings[0].code.nonce == readings[1].code.nonce  # the application flags the second
    if name == "upside-down":
        assert readings[0].orientation == 180
    if name in ("wavy-line", "blue-ballpoint", "pencil", "fit-to-page-94"):
        struck = {n for n, k in hard_case(name, layout)[0].marks.items() if k != "none"}
        assert {m.number for m in readings[0].marks if m.decision is Mark.STRUCK} == struck


def test_stroke_on_a_row_boundary_goes_to_review(layout):
    (side,) = hard_case("stroke-on-row-boundary", layout)
    r = read_side(side.image, {layout.layout_hash: layout})
    assert r.proposal.status == "review"
