"""Benchmark: delegate import speed (rows/s), against a floor measured in the same run.

    python -m tests.bench.bench_import [--rows 2000] [--repeat 3] [--pg URL]

Floor: openpyxl read-only iteration over the same workbook (what any import must pay). Stages:
preview only (read + classify), full import into an empty database (one transaction), and a
re-import of the same file (0 changes). Writes bench-results/bench_import.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine

from congress import db
from congress.actor import Actor, Role
from congress.congresses import create_congress
from congress.registry import commit
from fixtures.make_fixtures import HEADER, delegates_rows, write_workbook
from tests.bench.timing import best

ACTOR = Actor("bench", Role.ADMIN, "bench")
RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "bench_import.json"



def floor_read(path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    for _ in workbook.active.iter_rows(values_only=True):
        pass
    workbook.close()


def fresh_engine(url: str | None, folder: Path, n: int) -> Engine:
    if url is None:
        engine = db.make_engine(f"sqlite:///{folder / f'bench{n}.db'}")
    else:
        engine = db.make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        create_congress(session, ACTOR, name="Đại hội", level="tinh", kind="delegates")
    return engine


def run(rows: int, repeat: int, pg: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "bench.xlsx"
        write_workbook([], HEADER, [[n, *r] for n, r in enumerate(delegates_rows(seed=3, count=rows), 1)], path)
        floor = best(lambda: floor_read(path), repeat)
        backends = {"sqlite": None, **({"postgresql": pg} if pg else {})}
        result: dict = {"rows": rows, "repeat": repeat, "floor_read_s": floor, "backends": {}}
        counter = iter(range(10_000))
        for name, url in backends.items():
            engine = fresh_engine(url, folder, next(counter))
            with db.unit_of_work(engine) as session:
                preview = best(lambda: commit.preview_file(session, path), repeat)

            timings: list[float] = []
            for _ in range(repeat):
                target = fresh_engine(url, folder, next(counter))
                start = time.perf_counter()
                with db.unit_of_work(target) as session:
                    commit.import_file(session, ACTOR, path)
                timings.append(time.perf_counter() - start)
                target.dispose()
            first = min(timings)
            with db.unit_of_work(engine) as session:
                commit.import_file(session, ACTOR, path)

            def again(engine: Engine = engine) -> None:
                with db.unit_of_work(engine) as session:
                    report = commit.import_file(session, ACTOR, path)
                assert report.preview.changes == 0

            reimport = best(again, repeat)
            engine.dispose()
            result["backends"][name] = {
                "preview_s": preview, "import_s": first, "reimport_s": reimport,
                "import_rows_per_s": rows / first, "preview_rows_per_s": rows / preview,
                "import_vs_floor": first / floor, "median_import_s": statistics.median(timings),
            }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="rows in the generated workbook")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; the best time is reported")
    parser.add_argument("--pg", default=None, help="a PostgreSQL URL to a scratch database (its schema is dropped)")
    args = parser.parse_args()
    result = run(args.rows, args.repeat, args.pg)
    print(f"Delegate import, {args.rows} rows (best of {args.repeat}); floor = openpyxl read "
          f"{result['floor_read_s']:.3f} s ({args.rows / result['floor_read_s']:,.0f} rows/s)")
    print(f"{'backend':<11} {'preview s':>9} {'import s':>9} {'rows/s':>8} {'× floor':>8} {'re-import s':>11}")
    for name, b in result["backends"].items():
        print(f"{name:<11} {b['preview_s']:>9.3f} {b['import_s']:>9.3f} {b['import_rows_per_s']:>8,.0f} "
              f"{b['import_vs_floor']:>8.2f} {b['reimport_s']:>11.3f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"→ {RESULTS}")


if __name__ == "__main__":
    main()
