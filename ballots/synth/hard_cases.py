"""Named hard cases, by failure mode (generated deterministically; nothing stored on disk)."""

from __future__ import annotations

from ballots.layout import BallotLayout
from ballots.synth import degrade as dg
from ballots.synth.corpus import SynthSide, make_side
from ballots.synth.marks import PENS, Pen


def _pen(prefix: str) -> Pen:
    return next(p for p in PENS if p.name.startswith(prefix))


def _all(pen: Pen):
    from ballots.synth.corpus import single_pen

    return single_pen(pen)


HARD_CASES = (
    "fold-through-name", "stroke-on-row-boundary", "wavy-line", "partial-strike", "blue-ballpoint",
    "pencil", "upside-down", "fit-to-page-94", "photocopy-same-nonce",
)


def hard_case(name: str, layout: BallotLayout, dpi: int = 150) -> list[SynthSide]:
    """The side(s) of one named hard case on sheet 1 of a strike-form `layout`."""
    if name == "fold-through-name":
        return [make_side(layout, 1, {2: "single"}, dpi=dpi, preset="fold", seed=31, fold_through=4)]
    if name == "stroke-on-row-boundary":
        return [make_side(layout, 1, {3: "boundary"}, dpi=dpi, preset="scan", seed=32)]
    if name == "wavy-line":
        return [make_side(layout, 1, {1: "wavy", 5: "zigzag"}, dpi=dpi, preset="scan", seed=33)]
    if name == "partial-strike":
        return [make_side(layout, 1, {2: "partial"}, dpi=dpi, preset="scan", seed=34)]
    if name == "blue-ballpoint":
        return [make_side(layout, 1, {1: "single", 3: "double"}, dpi=dpi, preset="scan", seed=35,
                          pens=_all(_pen("blue ballpoint 0.5")))]
    if name == "pencil":
        return [make_side(layout, 1, {1: "single", 4: "slanted"}, dpi=dpi, preset="scan", seed=36,
                          pens=_all(_pen("pencil")))]
    if name == "upside-down":
        side = make_side(layout, 1, {2: "single"}, dpi=dpi, preset="scan", seed=37)
        return [SynthSide(dg.rotate(side.image, 2), side.layout, 1, side.nonce, dpi, "upside-down",
                          side.marks, side.truth)]
    if name == "fit-to-page-94":
        import numpy as np

        side = make_side(layout, 1, {1: "single"}, dpi=dpi, preset="clean", seed=38)
        img = dg.fit_to_page(side.image, np.random.default_rng(38), 0.94, 0.94)
        return [SynthSide(img, side.layout, 1, side.nonce, dpi, "fit-to-page-94", side.marks, side.truth)]
    if name == "photocopy-same-nonce":
        a = make_side(layout, 1, {1: "single"}, dpi=dpi, preset="scan", seed=39, nonce="PHOTOCOPY0001")
        b = make_side(layout, 1, {1: "single"}, dpi=dpi, preset="scan", seed=40, nonce="PHOTOCOPY0001")
        return [a, b]
    raise ValueError(f"unknown hard case {name!r}")
