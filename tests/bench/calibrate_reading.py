"""Calibrate the ballot reader's thresholds: evidence per ground-truth class, and the margins.

    python -m tests.bench.calibrate_reading                  # presets x dpi x forms, 4 sides each
    python -m tests.bench.calibrate_reading --per-cell 8 --hard 0.3 --seed 2

Generates a seeded synthetic corpus (every degradation preset x 150/200/300 dpi x strike/boxes;
the strike layouts include a multi-column, multi-sheet list), reads every side in `--workers`
processes (each generates and reads its own sides, so no image crosses a process boundary), and
prints:
- the outcome table: silent kept<->struck errors, uncertain positions, uncertain sheets among those
  marked as instructed (the target is <= 1 %; sheets folded through a name are counted on their
  own line), rejected valid sheets (target <= 1 in 500);
- per truth class (kept / struck / ambiguous, agree / disagree / none), the distribution of each
  evidence score (min, 1st pct, median, 99th pct, max), and the margin between the classes
  (e.g. the smallest strike's cover vs the largest unmarked row's cover);
- why uncertain names of definite truth were uncertain, by preset and dpi.

Writes bench-results/calibrate_reading.json (summary) and, with --dump, one JSON line per position.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ballots.rules import Mark
from ballots.synth.corpus import PRESETS, make_layout, make_side, random_marks

DPIS = (150, 200, 300)
FORMS = ("strike", "boxes")
STRIKE_KEYS = ("cover", "span", "span_letters", "gaps", "cover_cell", "ink_mm2", "blob_mm2", "blob_mm", "edge", "beyond", "runout")
BOX_KEYS = ("agree_fill", "agree_x", "agree_ring", "disagree_fill", "disagree_x", "disagree_ring",
            "name_ink_mm2")

_LAYOUTS: dict = {}


def _layouts() -> dict:
    if not _LAYOUTS:
        lays = {"strike": [make_layout(30, "strike", seed=1), make_layout(90, "strike", seed=2),
                           make_layout(250, "strike", seed=3),
                           # 110 names on A4: two landscape sheets of four tight columns (long names)
                           make_layout(110, "strike", seed=6, election="BCH4", paper="A4"),
                           make_layout(9, "strike", seed=9, election="CB")],  # a cell's A5 ballot
                "boxes": [make_layout(30, "boxes", seed=4, election="BCH2"), make_layout(1, "boxes", seed=5,
                                                                                       election="BCH3"),
                          # 80 names: four landscape A4 sheets of two tables
                          make_layout(80, "boxes", seed=8, election="BCH5")]}
        _LAYOUTS.update(lays)
    return _LAYOUTS


def _init() -> None:
    cv2.setNumThreads(1)
    _layouts()


def _job(job: tuple[int, str, int, str, float, int]) -> dict:
    """Generate one side, JPEG it like a scanner would store it, read it; return plain data."""
    from ballots.reading import read_side

    i, preset, dpi, form, hard_share, seed = job
    lays = _layouts()[form]
    rng = np.random.default_rng(seed * 1_000_003 + i)
    lay = lays[i % len(lays)]
    sheet = 1 + int(rng.integers(lay.sheet_count))
    marks = random_marks(lay, sheet, rng, hard_share=hard_share)
    rows = lay.sheet(sheet).rows
    fold = rows[int(rng.integers(len(rows)))].number if preset == "fold" else None
    side = make_side(lay, sheet, marks, dpi=dpi, preset=preset, seed=seed * 100_000 + i,
                     nonce=f"CAL{seed:03d}{i:07d}", fold_through=fold)
    ok, buf = cv2.imencode(".jpg", side.image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    t = time.perf_counter()
    r = read_side(buf.tobytes(), {x.layout_hash: x for x in _layouts()[form]})
    ms = (time.perf_counter() - t) * 1000
    positions = []
    for m in r.marks:
        positions.append({"n": m.number, "kind": side.marks.get(m.number, "none"), "truth": side.truth[m.number],
                          "decision": m.decision.value, "why": m.why, "ev": m.evidence})
    return {"i": i, "preset": preset, "dpi": dpi, "form": form, "layout": lay.layout_hash, "sheet": sheet,
            "names": len(lay.spec.names), "status": r.status.value, "reason": r.reason,
            "proposal": None if r.proposal is None else r.proposal.status,
            "instructed": side.as_instructed and preset != "fold", "folded_instructed": side.as_instructed and
            preset == "fold", "positions": positions, "ms": ms,
            "fold_through": fold}


def _dist(vals: list[float]) -> dict[str, float]:
    a = np.array(vals, float)
    return {"n": len(vals), "min": float(a.min()), "p01": float(np.percentile(a, 1)),
            "median": float(np.median(a)), "p99": float(np.percentile(a, 99)), "max": float(a.max())}


def summarise(sides: list[dict]) -> dict:
    stats = Counter()
    instructed = uncertain_instructed = 0
    folded = uncertain_folded = 0  # marked as instructed, then folded through a name (folds are not marks)
    rejected = []
    silent = []
    why_uncertain: Counter = Counter()
    where_uncertain: Counter = Counter()
    by_class: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for s in sides:
        stats["sides"] += 1
        if s["status"] != "read":
            rejected.append((s["preset"], s["dpi"], s["form"], s["i"], s["reason"]))
            continue
        any_unc = False
        for p in s["positions"]:
            stats["positions"] += 1
            truth, dec = p["truth"], p["decision"]
            keys = STRIKE_KEYS if s["form"] == "strike" else BOX_KEYS
            cls = f"{s['form']}:{truth}" if truth != "ambiguous" else f"{s['form']}:ambiguous:{p['kind']}"
            for k in keys:
                if k in p["ev"]:
                    by_class[cls][k].append(p["ev"][k])
            if dec == Mark.UNCERTAIN.value:
                stats["uncertain"] += 1
                any_unc = True
                if truth != "ambiguous":
                    stats["uncertain_definite"] += 1
                    why_uncertain[(p["kind"], (p["why"] or "").split("(")[0].strip())] += 1
                    where_uncertain[(s["preset"], s["dpi"])] += 1
            elif truth == "ambiguous":
                stats["ambiguous_decided"] += 1
            elif dec != truth:
                stats["silent_errors"] += 1
                silent.append((s["preset"], s["dpi"], s["form"], s["i"], p["n"], p["kind"], truth, dec))
        if s["instructed"]:
            instructed += 1
            uncertain_instructed += any_unc
        if s.get("folded_instructed"):
            folded += 1
            uncertain_folded += any_unc
    dists = {cls: {k: _dist(v) for k, v in keys.items()} for cls, keys in sorted(by_class.items())}
    margins = {}

    def gap(lo_cls: str, hi_cls: str, key: str) -> None:
        lo, hi = by_class.get(lo_cls, {}).get(key), by_class.get(hi_cls, {}).get(key)
        if lo and hi:
            margins[f"{key}: max {lo_cls} vs min {hi_cls}"] = (round(max(lo), 4), round(min(hi), 4))

    for key in ("cover", "span", "gaps", "ink_mm2", "blob_mm2", "blob_mm", "cover_cell", "runout"):
        gap("strike:kept", "strike:struck", key)
    for box in ("agree", "disagree"):
        gap("boxes:none", f"boxes:{box}", f"{box}_fill")
        gap("boxes:none", f"boxes:{box}", f"{box}_x")
    return {
        "sides": stats["sides"], "positions": stats["positions"], "silent_errors": stats["silent_errors"],
        "uncertain_positions": stats["uncertain"], "uncertain_definite_positions": stats["uncertain_definite"],
        "ambiguous_decided": stats["ambiguous_decided"],
        "instructed_sheets": instructed, "uncertain_instructed_sheets": uncertain_instructed,
        "uncertain_instructed_rate": uncertain_instructed / max(instructed, 1),
        "folded_instructed_sheets": folded, "uncertain_folded_sheets": uncertain_folded,
        "uncertain_folded_rate": uncertain_folded / max(folded, 1),
        "rejected_valid": len(rejected), "rejected": rejected, "silent": silent[:50],
        "why_uncertain": [[*k, v] for k, v in why_uncertain.most_common(30)],
        "where_uncertain": [[*k, v] for k, v in where_uncertain.most_common()],
        "margins": margins, "distributions": dists,
    }


def _print(summary: dict) -> None:
    s = summary
    print(f"sides {s['sides']}  positions {s['positions']}  silent errors {s['silent_errors']}  "
          f"uncertain positions {s['uncertain_positions']} ({s['uncertain_definite_positions']} of definite truth)  "
          f"ambiguous decided {s['ambiguous_decided']}  rejected valid {s['rejected_valid']}")
    print(f"uncertain sheets among those marked as instructed: {s['uncertain_instructed_sheets']}/"
          f"{s['instructed_sheets']} = {s['uncertain_instructed_rate'] * 100:.2f} %")
    print(f"... and among those folded through a name (preset fold): {s['uncertain_folded_sheets']}/"
          f"{s['folded_instructed_sheets']} = {s['uncertain_folded_rate'] * 100:.2f} %")
    for r in s["rejected"]:
        print("  rejected:", *r)
    for e in s["silent"]:
        print("  SILENT:", *e)
    print("\nmargins between classes (the threshold must sit strictly inside each pair):")
    for k, (lo, hi) in s["margins"].items():
        print(f"  {k:<58} {lo:>9.4f} {hi:>9.4f}")
    print("\nuncertain names of definite truth, by mark and reason:")
    for kind, why, n in s["why_uncertain"]:
        print(f"  {n:>5}  {kind:<10} {why}")
    print("by preset and dpi:", ", ".join(f"{p}@{d}: {n}" for p, d, n in s["where_uncertain"]))
    print(f"\n{'class':<32} {'score':<14} {'n':>6} {'min':>8} {'p01':>8} {'median':>8} {'p99':>8} {'max':>8}")
    for cls, keys in s["distributions"].items():
        for k, d in keys.items():
            print(f"{cls:<32} {k:<14} {d['n']:>6} {d['min']:>8.3f} {d['p01']:>8.3f} {d['median']:>8.3f} "
                  f"{d['p99']:>8.3f} {d['max']:>8.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-cell", type=int, default=4, help="sides per preset x dpi x form")
    ap.add_argument("--hard", type=float, default=0.0, help="share of marks drawn from the hard cases")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--presets", default=",".join(PRESETS))
    ap.add_argument("--dpis", default=",".join(map(str, DPIS)))
    ap.add_argument("--forms", default=",".join(FORMS))
    ap.add_argument("--dump", type=Path, default=None, help="write every side as a JSON line here")
    args = ap.parse_args()
    jobs = []
    i = 0
    for preset in args.presets.split(","):
        for dpi in map(int, args.dpis.split(",")):
            for form in args.forms.split(","):
                for _ in range(args.per_cell):
                    jobs.append((i, preset, dpi, form, args.hard, args.seed))
                    i += 1
    t0 = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(args.workers, mp_context=ctx, initializer=_init) as pool:
        sides = list(pool.map(_job, jobs, chunksize=2))
    summary = summarise(sides)
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    summary["args"] = {k: str(v) for k, v in vars(args).items()}
    _print(summary)
    print(f"\n{len(sides)} sides in {summary['seconds']} s")
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "calibrate_reading.json").write_text(json.dumps(summary, indent=1, default=str))
    if args.dump:
        with args.dump.open("w") as f:
            for s in sides:
                f.write(json.dumps(s, default=str) + "\n")


if __name__ == "__main__":
    main()
