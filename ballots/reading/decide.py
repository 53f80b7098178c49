"""Turn evidence into a decision. Three outcomes on purpose: uncertain is a real answer.

Thresholds are in units of the name width (strike) or the box interior (boxes), so they do not
depend on the scan resolution. `THRESHOLDS` is exported for the threshold report.
"""

from __future__ import annotations

from ballots.rules import Mark

THRESHOLDS = {
    # strike form
    "struck_cover": 0.70,  # the strike must cross >= 70 % of the name inside its band
    "struck_span": 0.25,  # ... with one uninterrupted stretch of at least a quarter
    "struck_gaps": 0.70,  # ... and show in >= 70 % of the white gaps between letters
    # A wavy or thin line hidden along the letters' edges breaks into short visible runs: it is
    # still a strike when it shows in nearly every white gap (partial strikes and folds measured
    # <= 0.78 there; strikes >= 0.88 — tests/bench/calibrate_reading.py).
    "struck_gaps_full": 0.85,
    "struck_span_full": 0.12,
    # A line seen in (almost) every white gap of the name and in one long run is a strike even when
    # the letters hide more of it than the bridge restores (cover 0.60-0.69, gaps 0.92-1.0 measured
    # on such strikes, on A3 lists); a partial strike of half the name shows in about half the gaps
    # (partial strikes measured cover <= 0.51 and gaps <= 0.83; folds gaps <= 0.78).
    "struck_cover_all_gaps": 0.60,
    "struck_gaps_all": 0.90,
    # A wavy or slanted line hides in the letters it crosses at a slant, but it shows in (almost)
    # every white gap and on both sides of the letters (span_letters). Measured on such strikes
    # left uncertain by the rules above: gaps 0.89-1.0, span_letters 0.77-1.0, cover 0.42-0.69 (the
    # low covers on the small names of four-column landscape lists). Partial strikes stay below on
    # two counts: gaps <= 0.86, span_letters <= 0.64, and those with gaps >= 0.85 have
    # span_letters <= 0.52 (calibrate_reading, four runs, 122,460 names).
    "struck_gaps_wavy": 0.88,
    "struck_span_letters": 0.75,
    "struck_cover_wavy": 0.40,
    "kept_ink_mm2": 4.0,  # "almost no added ink" in the whole row cell (print fringes, dust)
    "kept_blob_mm2": 0.9,  # ... in small scattered pieces, none of them a pen stroke
    "kept_blob_mm": 4.0,
    "kept_cover": 0.06,  # ... and nothing that crosses the name
    "kept_cover_cell": 0.12,
    # Slivers along the letters' edges (a phone photo's residual misfit) cross up to ~12 % of the
    # name in short pieces and never show in the white gaps between letters (measured: cover
    # <= 0.115, span <= 0.082, gaps <= 0.09); a stroke through the name shows in the gaps.
    "kept_fringe_cover": 0.12,
    "kept_fringe_span": 0.10,
    "kept_fringe_gaps": 0.10,
    "edge_max": 0.25,  # more than this share of the ink at the row's edge: whose stroke is it?
    "beyond_max": 0.5,  # the line continues well past the row on both sides: fold or streak
    "runout_max": 0.12,  # added ink running on past the name across the column: fold or crease
    # boxes form
    "box_marked_fill": 0.04,
    "box_marked_x": 0.55,
    "box_filled": 0.45,  # a filled-in box counts as marked without an X shape
    "box_empty_fill": 0.012,
    "box_ring_mm2": 1.0,  # ink outside the box next to it: spilled mark
    "name_ink_mm2": 6.0,  # boxes form: ink on the printed name (struck through?) -> look
}


def decide_strike(ev: dict[str, float]) -> tuple[Mark, str | None]:
    t = THRESHOLDS
    if (ev["ink_mm2"] <= t["kept_ink_mm2"] and ev["blob_mm2"] <= t["kept_blob_mm2"]
            and ev["blob_mm"] <= t["kept_blob_mm"] and ev["cover_cell"] <= t["kept_cover_cell"]
            and (ev["cover"] <= t["kept_cover"]
                 or (ev["cover"] <= t["kept_fringe_cover"] and ev["span"] <= t["kept_fringe_span"]
                     and ev["gaps"] <= t["kept_fringe_gaps"]))):
        return Mark.KEPT, None
    if ev["beyond"] > t["beyond_max"]:
        return Mark.UNCERTAIN, "a line runs past the row on both sides (fold or streak?)"
    if ev.get("runout", 0.0) > t["runout_max"]:
        return Mark.UNCERTAIN, "a line runs on well past the name (fold or crease?)"
    if ev["edge"] > t["edge_max"]:
        return Mark.UNCERTAIN, "ink on the edge of the row (which name is struck?)"
    if ev["cover"] >= t["struck_cover"] and (
            (ev["span"] >= t["struck_span"] and ev["gaps"] >= t["struck_gaps"])
            or (ev["span"] >= t["struck_span_full"] and ev["gaps"] >= t["struck_gaps_full"])):
        return Mark.STRUCK, None
    if (ev["cover"] >= t["struck_cover_all_gaps"] and ev["span"] >= t["struck_span"]
            and ev["gaps"] >= t["struck_gaps_all"]):
        return Mark.STRUCK, None
    if (ev["gaps"] >= t["struck_gaps_wavy"] and ev.get("span_letters", 0.0) >= t["struck_span_letters"]
            and ev["cover"] >= t["struck_cover_wavy"]):
        return Mark.STRUCK, None
    if ev["cover"] >= 0.3:
        return Mark.UNCERTAIN, f"the name is only partly struck ({ev['cover'] * 100:.0f} % of its width)"
    return Mark.UNCERTAIN, "marks near the name that are not a strike through it"


def decide_box(ev: dict[str, float]) -> str:
    """"marked" | "empty" | "unclear" for one box."""
    t = THRESHOLDS
    if ev["ring"] > t["box_ring_mm2"]:
        return "unclear"
    if ev["fill"] <= t["box_empty_fill"]:
        return "empty"
    if ev["fill"] >= t["box_filled"] or (ev["fill"] >= t["box_marked_fill"] and ev["x"] >= t["box_marked_x"]):
        return "marked"
    return "unclear"


def decide_boxes(agree: dict[str, float], disagree: dict[str, float],
                 name_ink_mm2: float) -> tuple[Mark, str | None]:
    a, d = decide_box(agree), decide_box(disagree)
    if "unclear" in (a, d):
        which = "Đồng ý" if a == "unclear" else "Không đồng ý"
        return Mark.UNCERTAIN, f"the mark in or near the {which} box is not a clear X"
    if name_ink_mm2 > THRESHOLDS["name_ink_mm2"]:
        return Mark.UNCERTAIN, "ink on the printed name"
    if a == "marked" and d == "marked":
        return Mark.BOTH, None
    if a == "marked":
        return Mark.AGREE, None
    if d == "marked":
        return Mark.DISAGREE, None
    return Mark.NONE, None
