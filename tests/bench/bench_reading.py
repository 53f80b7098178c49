"""Benchmark the ballot reader on a synthetic corpus: accuracy and speed against cv2.imread.

    python -m tests.bench.bench_reading --quick      # ~200 sides
    python -m tests.bench.bench_reading              # 2,000+ sides

Prints a table and writes bench-results/bench_reading.json. The corpus (JPEG q90 files; every
third side also as an 8-bit PNG, timed again in that format) is
generated first in its own worker processes, so neither its caches nor its images count against
the reader. Then ONE reading pool (`ballots.reading.Reader`, `--workers` processes) is started and
kept for the whole run: its start-up and template preparation are reported on their own, and
every dpi x paper group is timed on the warm pool. The floor is `cv2.imread` (greyscale) of the
same files in a warm pool of the same size and the reader's allocator settings, measured in the
same run. A shared machine's speed
drifts by a third from minute to minute (the floor as much as the reader), so each group is timed
`--repeats` times, the floor and the reader taking turns, and the fastest pass of each is kept;
the spread of the passes is reported beside it. Every pass must give the same records as the
first (the workers read different sides in each pass): a reader that is not repeatable fails the
run. Reported per group: sides/s (wall), the ratio to the floor, and the workers' CPU ms per side;
peak RSS of the reading workers and of this process.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ballots.reading import Reader, threshold_report
from ballots.reading.parallel import peak_rss_mb
from ballots.rules import Mark, judge_ballot
from tests.bench.timing import save_results

DPIS = (150, 200, 300)
PNG_EVERY = 3  # every third side is also written as PNG and timed again in that format
_GEN: dict = {}


def _layouts() -> list:
    from ballots.synth.corpus import make_layout

    return [make_layout(30, "strike", seed=1), make_layout(90, "strike", seed=2),
            make_layout(250, "strike", seed=3), make_layout(30, "boxes", seed=4, election="BCH2"),
            # Landscape A4 sheets: 110 names in four tight columns (long names near the gutter) on
            # two sheets; 80 names in two tables of boxes on four sheets
            make_layout(110, "strike", seed=6, election="BCH4", paper="A4"),
            make_layout(80, "boxes", seed=8, election="BCH5"),
            # A cell's congress: 9 names on an A5 sheet. (Seven layouts: side i has layout i % 7 and
            # dpi i % 3, so every layout is read at every dpi.)
            make_layout(9, "strike", seed=9, election="CB")]


def _paper(layout) -> str:
    w, h = sorted((layout.sheets[0].page_w, layout.sheets[0].page_h))
    return {(148.0, 210.0): "A5", (210.0, 297.0): "A4", (297.0, 420.0): "A3"}.get((w, h), f"{w:g}x{h:g}")


def _gen_init(out: str, seed: int) -> None:
    from ballots.sheetcode import new_nonce

    cv2.setNumThreads(1)
    _GEN.update(out=Path(out), seed=seed, layouts=_layouts(), nonces=[new_nonce() for _ in range(8)])


def _gen_one(i: int) -> dict:
    """Side number i of the corpus: its own seeded generator, so any worker makes the same side."""
    from ballots.synth.corpus import PRESETS, make_side, random_marks

    layouts, seed = _GEN["layouts"], _GEN["seed"]
    rng = np.random.default_rng([seed, i])
    lay = layouts[i % len(layouts)]
    sheet = 1 + int(rng.integers(lay.sheet_count))
    dpi = DPIS[i % len(DPIS)]
    preset = PRESETS[int(rng.integers(len(PRESETS)))]
    hard = rng.random() < 0.25
    marks = random_marks(lay, sheet, rng, hard_share=0.3 if hard else 0.0)
    rows = lay.sheet(sheet).rows
    fold = rows[int(rng.integers(len(rows)))].number if preset == "fold" else None
    side = make_side(lay, sheet, marks, dpi=dpi, preset=preset, seed=seed * 100_000 + i,
                     nonce=_GEN["nonces"][i % len(_GEN["nonces"])], fold_through=fold)
    path = _GEN["out"] / f"side{i:05d}_{dpi}.jpg"
    cv2.imwrite(str(path), side.image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    png = None
    if (i // len(DPIS)) % PNG_EVERY == 0:  # the same side as a scanner's lossless 8-bit PNG (the other common format)
        png = str(path.with_suffix(".png"))
        cv2.imwrite(png, side.image)
    return {"path": str(path), "dpi": dpi, "preset": preset, "layout": lay.layout_hash, "paper": _paper(lay),
            "truth": dict(side.truth), "instructed": side.as_instructed and preset != "fold",
            "folded_instructed": side.as_instructed and preset == "fold",
            "form": lay.spec.form.value, "extra_ink": side.extra_ink, "seats": lay.spec.seats,
            "sheet_count": lay.sheet_count, "png": png}


def build_corpus(n: int, out: Path, seed: int, workers: int) -> list[dict]:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_gen_init, initargs=(str(out), seed)) as pool:
        return list(pool.map(_gen_one, range(n), chunksize=4))


NATIONAL_BALLOTS = 1600  # a national congress: ~1,600 ballots of a 200+ name list (SCANNER.md)
NATIONAL_DPI = 200


def blank_backs(n: int, out: Path, seed: int, dpi: int = NATIONAL_DPI) -> list[str]:
    """`n` duplex backs of A4 sheets as a feeder scans them: paper, noise, a little dust, JPEG q90."""
    from ballots.synth import degrade as dg

    rng = np.random.default_rng([seed, 7])
    k = dpi / 25.4
    paths = []
    for i in range(n):
        page = np.full((round(297 * k), round(210 * k)), int(rng.integers(235, 250)), np.uint8)
        page = dg.noise(dg.dust(page, rng, count=int(rng.integers(0, 20))), rng, max_sigma=6.0)
        path = out / f"back{i:04d}_{dpi}.jpg"
        cv2.imwrite(str(path), page, [cv2.IMWRITE_JPEG_QUALITY, 90])
        paths.append(str(path))
    return paths


def _generic(reason: str | None) -> str:
    """A reason without its numbers, so sheets group by cause ("... (4.2 % more ...)" -> "... (#)")."""
    import re

    return re.sub(r"\([^)]*\d[^)]*\)", "(#)", reason or "?")


def _dump_rejected(m: dict, r) -> dict:
    return {"kind": "rejected", "file": Path(m["path"]).name, "preset": m["preset"], "dpi": m["dpi"],
            "paper": m["paper"], "why": _generic(r.reason), "reason": r.reason,
            "registration": r.registration.to_dict() if r.registration else None}


def _dump_uncertain(m: dict, r) -> dict:
    names = [{"number": nr.number, "truth": m["truth"][nr.number], "why": nr.why,
              "evidence": nr.evidence} for nr in r.marks if nr.decision is Mark.UNCERTAIN]
    return {"kind": "uncertain", "file": Path(m["path"]).name, "preset": m["preset"], "dpi": m["dpi"],
            "paper": m["paper"], "form": m["form"], "instructed": m["instructed"], "flags": list(r.flags),
            "causes": sorted({_generic(n["why"]) for n in names}), "names": names}


def truth_verdict(m: dict) -> str | None:
    """What the side's proposal should be from its ground truth: "valid" / "invalid", or None when a
    truth is ambiguous (a stroke between two rows: a person decides). One sheet of several is
    judged alone only on writing outside the names (the rest needs every sheet of the copy)."""
    if any(t == "ambiguous" for t in m["truth"].values()):
        return None
    if m["sheet_count"] > 1:
        return "invalid" if m["extra_ink"] else "valid"
    marks = {int(n): Mark(t) for n, t in m["truth"].items()}
    return judge_ballot(m["form"], m["seats"], marks, extra_ink=m["extra_ink"]).status.value


def _imread(path: str) -> int:
    img = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    return 0 if img is None else int(img.shape[0])


def _imread_init() -> None:
    # The floor at its best, with the reader's allocator settings: otherwise glibc hands each decoded
    # page a fresh zero-filled mmap or not depending on the sizes decoded before (measured: imread of
    # the same 150 dpi A4 files took 4.6 or 6.1 ms a side by the order of the groups).
    from ballots.reading.heap import keep_freed_memory

    cv2.setNumThreads(1)
    keep_freed_memory()


def _cpu(_: int) -> tuple[int, float]:
    time.sleep(0.05)  # hold this worker so the other workers answer the other probes
    return os.getpid(), time.process_time()


def _floor_cpu(pool: ProcessPoolExecutor, workers: int) -> float:
    """Total CPU seconds used so far by the floor pool's workers."""
    seen: dict[int, float] = {}
    for _ in range(20):
        seen.update(pool.map(_cpu, range(workers)))
        if len(seen) >= workers:
            break
    return sum(seen.values())


def _timed(fn, cpu) -> tuple[float, float]:
    """(wall s, worker CPU s) of fn(); cpu() is the workers' CPU seconds so far."""
    c0 = cpu()
    t = time.perf_counter()
    fn()
    wall = time.perf_counter() - t
    return wall, cpu() - c0


def race(paths: list[str], floor_pool: ProcessPoolExecutor, floor_cpu, reader: Reader, reader_cpu,
         repeats: int) -> tuple[dict, list]:
    """Time imread and the reader on `paths`, taking turns `repeats` times; the fastest pass of each
    counts (the one the machine disturbed least). Returns the timing and the first pass's readings;
    raises SystemExit when a later pass reads any side differently (the reader must be repeatable)."""
    list(floor_pool.map(_imread, paths[:8]))  # page cache and decoder warm
    floors, reads, first = [], [], None
    for _ in range(repeats):
        floors.append(_timed(lambda: list(floor_pool.map(_imread, paths, chunksize=4)), floor_cpu))
        res: list = []
        reads.append(_timed(lambda r=res: r.extend(reader.read(paths)), reader_cpu))
        if first is None:
            first = res
        elif res != first:
            bad = [Path(p).name for p, a, b in zip(paths, first, res, strict=True) if a != b]
            raise SystemExit(f"the reader is not repeatable: {len(bad)} sides read differently in a later "
                             f"pass, e.g. {bad[:5]}")
    (t_imread, c_imread), (t_read, c_read) = min(floors), min(reads)
    n = len(paths)
    return dict(sides=n, sides_per_s=n / t_read, imread_sides_per_s=n / t_imread, ratio_to_imread=t_read / t_imread,
                 cpu_ms_per_side=1000 * c_read / n, imread_cpu_ms_per_side=1000 * c_imread / n,
                 read_spread=max(reads)[0] / t_read, imread_spread=max(floors)[0] / t_imread), first


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sides", type=int, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3,
                    help="timed passes of each group (floor and reader in turn); the fastest counts")
    ap.add_argument("--dump", type=Path, default=None,
                    help="JSON lines: why each rejected or uncertain sheet was not read cleanly")
    args = ap.parse_args()
    n = args.sides or (201 if args.quick else 2001)
    w, reps = args.workers, max(1, args.repeats)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        meta = build_corpus(n, Path(tmp), args.seed, w)
        gen_s = time.perf_counter() - t0
        layouts = {lay.layout_hash: lay for lay in _layouts()}
        groups = {}
        for m in meta:
            groups.setdefault((m["dpi"], m["paper"]), []).append(m)
        speed: dict[str, dict] = {}
        speed_png: dict[str, dict] = {}
        readings = []
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(w, mp_context=ctx, initializer=_imread_init) as floor_pool:
            t = time.perf_counter()
            reader = Reader(layouts, workers=w, chunksize=4)
            states = reader.worker_states()  # starts every worker: imports + templates of every layout
            start_s = time.perf_counter() - t
            with reader:
                def floor_cpu() -> float:
                    return _floor_cpu(floor_pool, w)

                def reader_cpu() -> float:
                    return sum(st.cpu_s for st in reader.worker_states())

                for (dpi, paper), group in sorted(groups.items()):
                    paced, res = race([m["path"] for m in group], floor_pool, floor_cpu, reader, reader_cpu, reps)
                    readings += list(zip(group, res, strict=True))
                    speed[f"{dpi} {paper}"] = {"dpi": dpi, "paper": paper, **paced}
                for (dpi, paper), group in sorted(groups.items()):
                    paths = [m["png"] for m in group if m["png"]]
                    if paths:
                        paced, _ = race(paths, floor_pool, floor_cpu, reader, reader_cpu, reps)
                        speed_png[f"{dpi} {paper}"] = {"dpi": dpi, "paper": paper, **paced}
                # A national congress: every sheet of the longest list (one printed face, one blank back).
                longest = max(layouts.values(), key=lambda lay: len(lay.spec.names))
                faces = [m["path"] for m in meta if m["layout"] == longest.layout_hash and m["dpi"] == NATIONAL_DPI]
                if not faces:
                    raise SystemExit(f"no side of the {len(longest.spec.names)}-name list at {NATIONAL_DPI} dpi: "
                                     "use more --sides")
                backs = blank_backs(len(faces), Path(tmp), args.seed)
                national = {"ballots": NATIONAL_BALLOTS, "names": len(longest.spec.names),
                            "sheets": longest.sheet_count, "paper": longest.paper, "dpi": NATIONAL_DPI,
                            "sides_timed": len(faces) + len(backs)}
                for kind, paths in (("face", faces), ("back", backs)):
                    paced, res = race(paths, floor_pool, floor_cpu, reader, reader_cpu, reps)
                    national[f"{kind}_s"] = 1 / paced["sides_per_s"]
                    national[f"{kind}_imread_s"] = 1 / paced["imread_sides_per_s"]
                    national[f"{kind}_statuses"] = dict(Counter(str(pages[0].status) for pages in res))
                sides = NATIONAL_BALLOTS * longest.sheet_count
                national["read_s"] = sides * (national["face_s"] + national["back_s"])
                national["imread_s"] = sides * (national["face_imread_s"] + national["back_imread_s"])
                end_states = reader.worker_states()
    stats = Counter()
    proposals = Counter()  # (instructed?, truth verdict, proposed status)
    wrong_proposals = []
    uncertain_instructed_sheets = 0
    instructed_sheets = 0
    silent_examples = []
    dump: list[dict] = []
    for m, pages in readings:
        r = pages[0]
        stats["sides"] += 1
        if r.status != "read":
            stats["rejected_valid"] += 1
            dump.append(_dump_rejected(m, r))
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
        want = truth_verdict(m)
        got = r.proposal.status if r.proposal else "none"
        proposals[(bool(m["instructed"]), want, got, r.proposal.reason if got == "review" else None)] += 1
        if want is not None and got in ("valid", "invalid") and got != want:
            wrong_proposals.append((Path(m["path"]).name, m["preset"], want, got, r.proposal.detail))
        if m["instructed"]:
            instructed_sheets += 1
            uncertain_instructed_sheets += any_uncertain
        if any_uncertain:
            dump.append(_dump_uncertain(m, r))
    per_dpi = {}
    for dpi in DPIS:
        rows = [s for s in speed.values() if s["dpi"] == dpi]
        sides = sum(s["sides"] for s in rows)
        t_read = sum(s["sides"] / s["sides_per_s"] for s in rows)
        t_imread = sum(s["sides"] / s["imread_sides_per_s"] for s in rows)
        per_dpi[dpi] = {"sides": sides, "sides_per_s": sides / t_read, "ratio_to_imread": t_read / t_imread,
                        "cpu_ms_per_side": sum(s["cpu_ms_per_side"] * s["sides"] for s in rows) / sides}
    def share(pred) -> tuple[int, int]:
        return sum(v for k, v in proposals.items() if pred(*k)), sum(proposals.values())

    instructed_review, _ = share(lambda i, want, got, why: i and got == "review")
    folded = [(m, p[0]) for m, p in readings if m["folded_instructed"]]
    # A fold "proven" on a sheet that was never folded would take ink out of its rows.
    false_folds = [Path(m["path"]).name for m, p in readings
                   if m["preset"] != "fold" and any(f.startswith("sheet folded") for f in p[0].flags)]
    folded_review = [(Path(m["path"]).name, r.proposal.detail if r.proposal else r.reason) for m, r in folded
                     if r.proposal is None or r.proposal.status == "review"]
    result = {
        "proposals": {
            "wrong": len(wrong_proposals),  # valid proposed invalid or the reverse: must be 0
            "wrong_examples": wrong_proposals[:20],
            "instructed_sheets_to_review": instructed_review,
            "instructed_review_rate": instructed_review / max(instructed_sheets, 1),
            "review_reasons_instructed": dict(Counter(
                why for (i, _w, got, why), v in proposals.items() for _ in range(v) if i and got == "review")),
            # Voters fold their ballots: sheets marked as instructed with a fold through a name.
            "folded_instructed_sheets": len(folded),
            "folded_instructed_to_review": len(folded_review),
            "folded_review_examples": folded_review[:10],
            "folds_found_on_unfolded_sheets": len(false_folds),
            "false_fold_examples": false_folds[:10],
            "table": [{"instructed": i, "truth": w, "proposed": g, "review_reason": why, "sheets": v}
                      for (i, w, g, why), v in sorted(proposals.items(), key=str)],
        },
        "sides": stats["sides"], "positions_read": stats["positions"], "silent_errors": stats["silent_errors"],
        # Rule of three: with 0 errors in n positions, the error rate is below 3/n (95 % confidence).
        "silent_error_rate_below": 3 / stats["positions"] if stats["positions"] and not stats["silent_errors"] else None,
        "uncertain_positions": stats["uncertain"], "ambiguous_decided": stats["ambiguous_decided"],
        "uncertain_rate_instructed_sheets": uncertain_instructed_sheets / max(instructed_sheets, 1),
        "instructed_sheets": instructed_sheets,
        "rejected_valid_sheets": stats["rejected_valid"], "workers": w, "timed_passes": reps,
        "pool_start_s": round(start_s, 2), "template_prepare_s": [round(s.prepare_s, 2) for s in states],
        "speed": speed, "speed_per_dpi": per_dpi, "speed_png": speed_png, "national": national,
        "peak_rss_mb": {"workers": [round(s.peak_rss_mb, 1) for s in end_states], "main": round(peak_rss_mb(), 1)},
        "load_average": {"start": load_start, "end": os.getloadavg()},
        "generation_s": round(gen_s, 1), "silent_examples": silent_examples[:20],
        "thresholds": threshold_report(p[0] for _, p in readings),
        "rejection_reasons": dict(Counter(d["why"] for d in dump if d["kind"] == "rejected").most_common()),
        "uncertain_causes_instructed": dict(Counter(
            why for d in dump if d["kind"] == "uncertain" and d["instructed"] for why in d["causes"]).most_common()),
    }
    if args.dump:
        args.dump.write_text("".join(json.dumps(d, default=str) + "\n" for d in dump))
    print(f"sides {result['sides']}  positions {result['positions_read']}  silent errors {result['silent_errors']}  "
          f"uncertain positions {result['uncertain_positions']}  rejected valid {result['rejected_valid_sheets']}")
    if result["silent_error_rate_below"] is not None:
        print(f"silent error rate below {result['silent_error_rate_below']:.1e} (rule of three, 95 % confidence)")
    print(f"uncertain sheets among those marked as instructed: {uncertain_instructed_sheets}/{instructed_sheets} "
          f"= {result['uncertain_rate_instructed_sheets'] * 100:.1f} %")
    pr = result["proposals"]
    print(f"proposals: {pr['wrong']} wrong (valid<->invalid); instructed sheets sent to review "
          f"{pr['instructed_sheets_to_review']}/{instructed_sheets} = {pr['instructed_review_rate'] * 100:.1f} % "
          f"{pr['review_reasons_instructed']}")
    print(f"folded sheets marked as instructed sent to review: {pr['folded_instructed_to_review']}/"
          f"{pr['folded_instructed_sheets']}; folds found on sheets never folded: "
          f"{pr['folds_found_on_unfolded_sheets']}")
    for ex in pr["wrong_examples"][:5]:
        print(f"  wrong proposal: {ex}")
    for kind, counts in (("rejected", result["rejection_reasons"]),
                         ("uncertain instructed", result["uncertain_causes_instructed"])):
        for why, k in counts.items():
            print(f"  {kind}: {k} x {why}")
    print(f"pool start {start_s:.1f} s (templates {max(result['template_prepare_s'])} s per worker), "
          f"{w} workers; load average {load_start[0]:.1f} -> {os.getloadavg()[0]:.1f}")
    print(f"fastest of {reps} passes per group (floor and reader in turn); every pass read every side the same; "
          "spread: slowest pass / fastest")
    print(f"{'dpi':>5} {'paper':>5} {'sides':>6} {'read/s':>8} {'imread/s':>9} {'ratio':>6} {'cpu ms':>7} "
          f"{'imread cpu':>10} {'spread':>11}")
    for s in speed.values():
        print(f"{s['dpi']:>5} {s['paper']:>5} {s['sides']:>6} {s['sides_per_s']:>8.1f} {s['imread_sides_per_s']:>9.1f} "
              f"{s['ratio_to_imread']:>6.1f} {s['cpu_ms_per_side']:>7.1f} {s['imread_cpu_ms_per_side']:>10.1f} "
              f"{s['read_spread']:>5.2f}/{s['imread_spread']:<5.2f}")
    for s in speed_png.values():
        print(f"{s['dpi']:>5} {s['paper'] + ' png':>9} {s['sides']:>2} {s['sides_per_s']:>8.1f} "
              f"{s['imread_sides_per_s']:>9.1f} {s['ratio_to_imread']:>6.1f} {s['cpu_ms_per_side']:>7.1f} "
              f"{s['imread_cpu_ms_per_side']:>10.1f} {s['read_spread']:>5.2f}/{s['imread_spread']:<5.2f}")
    for dpi, s in per_dpi.items():
        print(f"{dpi:>5} {'all':>5} {s['sides']:>6} {s['sides_per_s']:>8.1f} {'':>9} {s['ratio_to_imread']:>6.1f} "
              f"{s['cpu_ms_per_side']:>7.1f}")
    nat = result["national"]
    print(f"national congress: {nat['ballots']} ballots x {nat['sheets']} {nat['paper']} sheets ({nat['names']} names), "
          f"duplex at {nat['dpi']} dpi: read in {nat['read_s']:.0f} s on {w} workers (imread alone "
          f"{nat['imread_s']:.0f} s); per side {nat['face_s'] * 1000:.1f} ms face, {nat['back_s'] * 1000:.1f} ms "
          f"blank back; timed on {nat['sides_timed']} sides {nat['face_statuses']} {nat['back_statuses']}")
    print(f"peak RSS: workers {result['peak_rss_mb']['workers']} MB, main {result['peak_rss_mb']['main']} MB")
    save_results("bench_reading", result)


if __name__ == "__main__":
    main()
