"""The synthetic corpus is deterministic and carries ground truth."""

from __future__ import annotations

import numpy as np

from ballots.synth import degrade as dg
from ballots.synth.corpus import PRESETS, make_layout, make_side


def test_same_seed_same_image_and_truth():
    lay = make_layout(8, "strike", seed=1)
    a = make_side(lay, 1, {1: "single", 2: "spill"}, dpi=100, preset="scan", seed=5)
    b = make_side(lay, 1, {1: "single", 2: "spill"}, dpi=100, preset="scan", seed=5)
    assert np.array_equal(a.image, b.image)
    assert a.truth == b.truth and a.truth[1] == "struck" and a.truth[2] == a.truth[3] == "ambiguous"
    assert a.truth[4] == "kept"


def test_every_preset_gives_a_grey_page():
    lay = make_layout(6, "boxes", seed=2)
    for preset in PRESETS:
        side = make_side(lay, 1, {1: "x_agree"}, dpi=80, preset=preset, seed=3, fold_through=2)
        assert side.image.dtype == np.uint8 and side.image.ndim == 2
        assert side.truth[1] == "agree" and side.truth[2] == "none"


def test_degradations_keep_shape_and_type():
    rng = np.random.default_rng(0)
    page = np.full((300, 200), 245, np.uint8)
    for f in (dg.fit_to_page, dg.uneven_stretch, dg.blur, dg.noise, dg.jpeg, dg.streaks, dg.fold, dg.dust,
              dg.low_toner, dg.perspective, dg.shading):
        out = f(page, rng)
        assert out.shape == page.shape and out.dtype == np.uint8, f.__name__
