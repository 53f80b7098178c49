"""The reader reads the fuller sheets of the paper-saving planner: a full A4 page of smaller names and
two tables on a landscape A4 sheet, also when a portrait feeder turns the landscape sheet a quarter."""

from __future__ import annotations

import numpy as np
import pytest

from ballots.layout import BallotLayout, Form, plan_ballot
from ballots.reading import read_side
from ballots.synth.corpus import make_side, random_marks
from tests.unit.test_layout_samples import sample_spec


@pytest.fixture(scope="module")
def full_a4() -> BallotLayout:
    layout = plan_ballot(sample_spec(51))
    assert (layout.paper, layout.sheet_count, layout.landscape) == ("A4", 1, False)
    return layout


@pytest.fixture(scope="module")
def two_tables() -> BallotLayout:
    layout = plan_ballot(sample_spec(200, Form.BOXES))
    assert layout.landscape and layout.columns == 2
    return layout


def _read(layout: BallotLayout, image: np.ndarray) -> dict[int, str]:
    reading = read_side(image, {layout.layout_hash: layout})
    assert reading.status == "read", reading.reason
    return {m.number: str(m.decision) for m in reading.marks}


def _as_truth_or_unsure_on_one_line(layout: BallotLayout, decisions: dict[int, str], truth: dict[int, str]) -> None:
    """A crease at a random height may send the names it crosses to review, never flip one."""
    unsure = {n for n, d in decisions.items() if d == "uncertain"}
    assert {n: d for n, d in decisions.items() if n not in unsure} == {n: t for n, t in truth.items() if n not in unsure}
    ys = [r.y for r in layout.rows if r.number in unsure]
    assert not ys or max(ys) - min(ys) < 8.0  # the rows on one horizontal line at most


@pytest.mark.parametrize(("preset", "seed"), [("scan", 1), ("rot180", 2), ("fit", 4)])
def test_a_full_a4_page_of_names_reads_exactly(full_a4: BallotLayout, preset: str, seed: int) -> None:
    marks = random_marks(full_a4, 1, np.random.default_rng(seed))
    side = make_side(full_a4, 1, marks, dpi=150, preset=preset, seed=seed)
    assert _read(full_a4, side.image) == dict(side.truth)


def test_a_fold_across_a_full_a4_page_flips_no_name(full_a4: BallotLayout) -> None:
    for seed in (3, 6):
        side = make_side(full_a4, 1, random_marks(full_a4, 1, np.random.default_rng(seed)), dpi=150,
                         preset="fold", seed=seed)
        _as_truth_or_unsure_on_one_line(full_a4, _read(full_a4, side.image), dict(side.truth))


@pytest.mark.parametrize(("sheet", "preset", "quarters"), [(1, "scan", 1), (1, "rot180", 3), (9, "phone", 1),
                                                           (9, "clean", 0)])
def test_a_landscape_sheet_reads_even_turned_a_quarter(two_tables: BallotLayout, sheet: int, preset: str,
                                                       quarters: int) -> None:
    marks = random_marks(two_tables, sheet, np.random.default_rng(sheet + quarters))
    side = make_side(two_tables, sheet, marks, dpi=150, preset=preset, seed=sheet)
    image = np.ascontiguousarray(np.rot90(side.image, quarters))  # how a portrait feeder delivers it
    decisions = _read(two_tables, image)
    assert decisions == dict(side.truth)
    assert set(decisions) == {r.number for r in two_tables.sheet(sheet).rows}


def test_a_fold_across_a_landscape_sheet_turned_a_quarter_flips_no_mark(two_tables: BallotLayout) -> None:
    side = make_side(two_tables, 2, random_marks(two_tables, 2, np.random.default_rng(8)), dpi=150, preset="fold",
                     seed=8)
    decisions = _read(two_tables, np.ascontiguousarray(np.rot90(side.image)))
    _as_truth_or_unsure_on_one_line(two_tables, decisions, dict(side.truth))
