"""Benchmark the ballot reader on a synthetic corpus: accuracy and speed against cv2.imread.

    python tests/bench/bench_reading.py --quick      # ~200 sides
    python tests/bench/bench_reading.py              # 2,000+ sides

Prints a table and writes bench-results/bench_reading.json. Speed is reported as sides/s on
`--workers` processes and as the ratio to merely decoding the same files with cv2.imread in the
same number of processes (the floor, measured in the same run).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ballots.reading import read_many, threshold_report
from ballots.rules import Mark
from ballots.sheetcode import new_nonce
from ballots.synth.corpus import PRESETS, make_layout, make_side, random_marks

DPIS = (150, 200, 300)


def _imread(path: str) -> int:
    cv2.setNumThreads(1)
    img = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    return 0 if img is None else int(img.shape[0])


def build_corpus(n: int, out: Path, seed: int) -> list[dict]:
    layouts = [make_layout(30, "strike", seed=1), make_layout(90, "strike", seed=2),
               make_layout(250, "strike", seed=3), make_layout(30, "boxes", seed=4, election="BCH2")]
    rng = np.random.default_rng(seed)
    nonces = [new_nonce() for _ in range(8)]
    meta = []
    for i in range(n):
        lay = layouts[i % len(layouts)]
        sheet = 1 + int(rng.integers(lay.sheet_count))
        dpi = DPIS[i % len(DPIS)]
        preset = PRESETS[int(rng.integers(len(PRESETS)))]
        hard = rng.random() < 0.25
        marks = random_marks(lay, sheet, rng, hard_share=0.3 if hard else 0.0)
        rows = lay.sheet(sheet).rows
        fold = rows[int(rng.integers(len(rows)))].number if preset == "fold" else None
        side = make_side(lay, sheet, marks, dpi=dpi, preset=preset, seed=seed * 100_000 + i,
                         nonce=nonces[i % len(nonces)], fold_through=fold)
        path = out / f"side{i:05d}_{dpi}.jpg"
        cv2.imwrite(str(path), side.image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        meta.append({"path": str(path), "dpi": dpi, "preset": preset, "layout": lay.layout_hash,
                     "truth": dict(side.truth), "instructed": side.as_instructed and preset != "fold",
                     "form": lay.spec.form.value})
    return meta, {lay.layout_hash: lay for lay in layouts}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sides", type=int, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n = args.sides or (201 if args.quick else 2001)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        meta, layouts = build_corpus(n, Path(tmp), args.seed)
        gen_s = time.perf_counter() - t0
        speed = {}
        readings = []
        for dpi in DPIS:
            paths = [m["path"] for m in meta if m["dpi"] == dpi]
            with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                list(pool.map(_imread, paths[:4]))  # warm up the workers
                t = time.perf_counter()
                list(pool.map(_imread, paths, chunksize=8))
                t_imread = time.perf_counter() - t
            read_many(paths[: args.workers * 2], layouts, workers=args.workers)  # warm-up run
            t = time.perf_counter()
            res = read_many(paths, layouts, workers=args.workers)
            t_read = time.perf_counter() - t
            readings += list(zip([m for m in meta if m["dpi"] == dpi], res, strict=True))
            speed[dpi] = {"sides": len(paths), "sides_per_s": len(paths) / t_read,
                          "imread_sides_per_s": len(paths) / t_imread, "ratio_to_imread": t_read / t_imread}
    stats = Counter()
    uncertain_instructed_sheets = 0
    instructed_sheets = 0
    silent_examples = []
    for m, pages in readings:
        r = pages[0]
        stats["sides"] += 1
        if r.status != "read":
            stats["rejected_valid"] += 1
            continue
        any_uncertain = False
        for nr in r.marks:
            truth = m["truth"][nr.number]
            stats["positions"] += 1
            if nr.decision is Mark.UNCERTAIN:
                stats["uncertain"] += 1
                any_uncertain = True
            elif truth == "ambiguous":
                stats["ambiguous_decided"] += 1
            elif nr.decision.value != truth:
                stats["silent_errors"] += 1
                silent_examples.append((m["path"].rsplit("/", 1)[-1], nr.number, truth, nr.decision.value))
        if m["instructed"]:
            instructed_sheets += 1
            uncertain_instructed_sheets += any_uncertain
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "sides": stats["sides"], "positions_read": stats["positions"], "silent_errors": stats["silent_errors"],
        "uncertain_positions": stats["uncertain"], "ambiguous_decided": stats["ambiguous_decided"],
        "uncertain_rate_instructed_sheets": uncertain_instructed_sheets / max(instructed_sheets, 1),
        "instructed_sheets": instructed_sheets,
        "rejected_valid_sheets": stats["rejected_valid"], "workers": args.workers,
        "speed": speed, "peak_rss_mb": {"worker_max": round(peak_children, 1), "main": round(peak_self, 1)},
        "generation_s": round(gen_s, 1), "silent_examples": silent_examples[:20],
        "thresholds": threshold_report(p[0] for _, p in readings),
    }
    print(f"sides {result['sides']}  positions {result['positions_read']}  silent errors {result['silent_errors']}  "
          f"uncertain positions {result['uncertain_positions']}  rejected valid {result['rejected_valid_sheets']}")
    print(f"uncertain sheets among those marked as instructed: {uncertain_instructed_sheets}/{instructed_sheets} "
          f"= {result['uncertain_rate_instructed_sheets'] * 100:.1f} %")
    print(f"{'dpi':>5} {'sides':>6} {'read/s':>8} {'imread/s':>9} {'ratio':>6}")
    for dpi, s in speed.items():
        print(f"{dpi:>5} {s['sides']:>6} {s['sides_per_s']:>8.1f} {s['imread_sides_per_s']:>9.1f} "
              f"{s['ratio_to_imread']:>6.1f}")
    print(f"peak RSS: worker {result['peak_rss_mb']['worker_max']} MB, main {result['peak_rss_mb']['main']} MB")
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "bench_reading.json").write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
