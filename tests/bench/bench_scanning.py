"""Benchmark `congress scan` end to end (reading and storing) against the reader alone.

    python -m tests.bench.bench_scanning            # 200 copies x 3 sheets = 600 sides
    python -m tests.bench.bench_scanning --quick     # 40 copies
    python -m tests.bench.bench_scanning --db-url postgresql+psycopg://...   # an empty database

A congress with one election of NAMES names is made through the services, COPIES copies are
printed (their nonces recorded, as `congress ballots print` does) and every sheet of every copy is
scanned: a marked JPEG side (q90, 150/200 dpi, scanner and phone degradations). Timed on the same
files, each from a cold start of its worker pool:
- floor: `ballots.reading.read_many` on every file (one pool, nothing stored);
- scan: `congress.scanning.service.scan_files`, the path of the CLI and the TUI, into the database;
- again: the same folder scanned a second time (every side must be reported already scanned).
Prints sides/s, the ratio of the scan to the floor, and the records stored; writes
bench-results/bench_scanning.json.
"""

from __future__ import annotations

import argparse
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

from sqlmodel import select

from ballots.reading import read_many
from congress import congresses, db
from congress.actor import Actor, Role
from congress.elections.ballot_print import print_ballots
from congress.elections.candidate_file import CandidateRow
from congress.elections.candidates import add_candidate
from congress.elections.layouts import round_layout
from congress.elections.service import create_election, get_election, get_round
from congress.models import Mark, PrintedSheet, SheetRecord
from congress.scanning import service
from tests.bench.timing import save_results
from tests.pg import bench_database

ADMIN = Actor("thu-ky", Role.ADMIN, "may-quet-1")
NAMES = 120  # three A4 sheets of names: a provincial committee's list
SEATS = 95
DPIS = (150, 200)
_GEN: dict = {}


def _congress(engine, copies: int, out: Path):  # type: ignore[no-untyped-def]
    """The election, printed: its layout and the nonces of the copies."""
    from ballots.synth.corpus import names_for

    with db.unit_of_work(engine) as s:
        congresses.create_congress(s, ADMIN, name="Đại hội đại biểu Đảng bộ tỉnh lần thứ XV", level="tinh",
                                   kind="delegates", organisation="Đảng bộ tỉnh", term="2025–2030", place="Ea Tu")
        e = create_election(s, ADMIN, title="Ban Chấp hành Đảng bộ tỉnh khóa XV", seats=SEATS, kind="committee",
                            code="BCH", form="strike", paper="A4")
        for i, name in enumerate(names_for(NAMES, seed=3)):
            family, *middle, given = name.split()
            add_candidate(s, ADMIN, e, CandidateRow(where=f"BCH {i}", family=family, middle=" ".join(middle),
                                                    given=given))
    with db.unit_of_work(engine) as s:
        print_ballots(s, ADMIN, get_election(s, "BCH"), out / "bch.pdf", copies=copies)
    with db.unit_of_work(engine) as s:
        rnd = get_round(s, get_election(s, "BCH"))
        nonces = sorted(s.exec(select(PrintedSheet.nonce).where(PrintedSheet.round_id == rnd.id)))
        return round_layout(s, rnd), nonces


def _gen_init(layout, out: str) -> None:  # type: ignore[no-untyped-def]
    cv2.setNumThreads(1)
    _GEN.update(layout=layout, out=Path(out))


def _gen_one(job: tuple[int, str, int]) -> str:
    """One marked side of one printed copy, degraded as a scanner or a phone would."""
    from ballots.synth.corpus import PRESETS, make_side, random_marks

    i, nonce, sheet = job
    layout = _GEN["layout"]
    rng = np.random.default_rng([5, i])
    preset = PRESETS[int(rng.integers(len(PRESETS)))]
    marks = random_marks(layout, sheet, rng)
    dpi = DPIS[i % len(DPIS)]
    side = make_side(layout, sheet, marks, dpi=dpi, preset=preset, seed=i, nonce=nonce)
    path = _GEN["out"] / f"quet{i:05d}.jpg"
    cv2.imwrite(str(path), side.image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    return str(path)


def _scan_into(url: str, files: list[Path], nonces: list[str], layout_hash: str, root: Path, w: int) -> dict:
    """Scan `files` twice into a new congress at `url` whose printed copies carry `nonces`."""
    engine = db.make_engine(url)
    db.migrate(engine)
    layout, printed = _congress(engine, len(nonces), root)
    assert layout.layout_hash == layout_hash, "the same list must give the same printed sheet"
    with db.unit_of_work(engine) as s:  # the same paper in every database: its copies' identities
        for row in s.exec(select(PrintedSheet)).all():
            row.nonce = nonces[printed.index(row.nonce)]
            s.add(row)
        target = service.prepare(s, ADMIN, "BCH")
    kept = root / f"kept-{url.split(':', 1)[0]}"
    t = time.perf_counter()
    run = service.scan_files(engine, ADMIN, target, files, kept, workers=w)
    scan_s = time.perf_counter() - t
    t = time.perf_counter()
    again = service.scan_files(engine, ADMIN, target, files, kept, workers=w)
    again_s = time.perf_counter() - t
    with db.unit_of_work(engine) as s:
        records = len(s.exec(select(SheetRecord.id)).all())
        marks = len(s.exec(select(Mark.id)).all())
    engine.dispose()
    assert records == len(files), f"{records} records for {len(files)} sides"
    assert again.counts() == {"already_scanned": len(files)}, again.counts()
    return {"scan_s": scan_s, "scan_sides_per_s": len(files) / scan_s, "rescan_s": again_s,
            "rescan_sides_per_s": len(files) / again_s, "batches": run.batches, "statuses": run.counts(),
            "records": records, "marks": marks}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--copies", type=int, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = ap.parse_args()
    copies = args.copies or (40 if args.quick else 200)
    w = args.workers
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # The paper: printed once, scanned into each database.
        engine = db.make_engine(f"sqlite:///{root / 'print.db'}")
        db.migrate(engine)
        layout, nonces = _congress(engine, copies, root)
        engine.dispose()
        jobs = [(i, nonce, sheet) for i, (nonce, sheet) in enumerate(
            (n, s) for n in nonces for s in range(1, layout.sheet_count + 1))]
        folder = root / "scans"
        folder.mkdir()
        t = time.perf_counter()
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(w, mp_context=ctx, initializer=_gen_init, initargs=(layout, str(folder))) as pool:
            files = [Path(p) for p in pool.map(_gen_one, jobs, chunksize=4)]
        gen_s = time.perf_counter() - t

        t = time.perf_counter()
        floor = read_many(files, {layout.layout_hash: layout}, workers=w)
        floor_s = time.perf_counter() - t

        results["sqlite"] = _scan_into(f"sqlite:///{root / 'congress.db'}", files, nonces, layout.layout_hash, root, w)
        url, server = (None, None) if args.no_pg else bench_database("bench_scanning")
        try:
            if url:
                results["postgresql"] = _scan_into(url, files, nonces, layout.layout_hash, root, w)
        finally:
            if server is not None:
                server.stop()

    sides = len(files)
    for r in results.values():
        r["ratio_to_floor"] = r["scan_s"] / floor_s
    result = {
        "names": NAMES, "sheets_per_copy": layout.sheet_count, "paper": layout.paper, "copies": copies,
        "sides": sides, "dpi": list(DPIS), "workers": w, "generation_s": round(gen_s, 1),
        "floor_s": floor_s, "floor_sides_per_s": sides / floor_s,
        "floor_proposals": dict(Counter(p[0].proposal.status if p[0].proposal else str(p[0].status) for p in floor)),
        **results, "load_average": os.getloadavg(),
    }
    print(f"{copies} copies x {layout.sheet_count} {layout.paper} sheets ({NAMES} names) = {sides} sides, "
          f"{'/'.join(map(str, DPIS))} dpi JPEG, {w} workers")
    print(f"  reader alone              {floor_s:6.1f} s  {sides / floor_s:6.1f} sides/s")
    for name, r in results.items():
        print(f"  congress scan, {name:<11}{r['scan_s']:6.1f} s  {r['scan_sides_per_s']:6.1f} sides/s  "
              f"({r['ratio_to_floor']:.2f}x the reader alone; {r['batches']} batches; {r['records']} records, "
              f"{r['marks']} names)")
        print(f"  scanned again, {name:<11}{r['rescan_s']:6.1f} s  {r['rescan_sides_per_s']:6.1f} sides/s  "
              f"(every side reported already scanned)")
    print(f"  statuses {results['sqlite']['statuses']}")
    save_results("bench_scanning", result)


if __name__ == "__main__":
    main()
