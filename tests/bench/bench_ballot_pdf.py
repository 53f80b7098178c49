"""Benchmark: `ballots print` through the application service — 1,600 copies of a 200-name list.

    python -m tests.bench.bench_ballot_pdf [--copies 1600] [--names 200]

What the service adds over the library: planning the round's layout from the database, freezing it,
recording one PrintedSheet row per copy and the issue counts, the audit event, and an atomic file
replace. The floor is `ballots.printing.render_pdf` of the same layout and copy count, measured in
the same run; the ratio says what the application costs on top. SQLite in a temporary folder.
Prints a table and writes bench-results/bench_ballot_pdf.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlmodel import func, select  # noqa: E402

from ballots.printing import render_pdf  # noqa: E402
from congress import db  # noqa: E402
from congress.actor import Actor, Role  # noqa: E402
from congress.congresses import create_congress  # noqa: E402
from congress.demo import random_person  # noqa: E402
from congress.elections.ballot_print import print_ballots  # noqa: E402
from congress.elections.candidate_file import CandidateRow  # noqa: E402
from congress.elections.candidates import _add_rows  # noqa: E402
from congress.elections.layouts import round_layout  # noqa: E402
from congress.elections.service import create_election, get_election, get_round  # noqa: E402
from congress.models import PrintedSheet  # noqa: E402

ADMIN = Actor("bench", Role.ADMIN, "bench")


def setup(url: str, names: int) -> None:
    engine = db.make_engine(url)
    db.migrate(engine)
    rng = random.Random(5)
    with db.unit_of_work(engine) as session:
        create_congress(session, ADMIN, name="Đại hội đại biểu toàn quốc lần thứ XIV", level="toan_quoc",
                        kind="delegates", organisation="Đảng Cộng sản Việt Nam", term="2026-2031")
        election = create_election(session, ADMIN, title="Ban Chấp hành Trung ương khóa XIV",
                                   seats=names * 10 // 13, code="TW")
        seen: set[tuple] = set()
        rows = []
        while len(rows) < names:
            p = random_person(rng)
            key = (p["family_name"], p["middle_name"], p["given_name"], p["birth_date"])
            if key in seen:
                continue
            seen.add(key)
            rows.append(CandidateRow(f"người {len(rows) + 1}", p["family_name"], p["middle_name"], p["given_name"],
                                     p["birth_date"]))
        _add_rows(session, ADMIN, election, rows, "bench")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1_600)
    parser.add_argument("--names", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        setup(url, args.names)
        engine = db.make_engine(url)
        t0 = time.perf_counter()
        with db.unit_of_work(engine) as session:
            result = print_ballots(session, ADMIN, get_election(session, "TW"), Path(tmp) / "service.pdf", args.copies)
        t_service = time.perf_counter() - t0
        with db.unit_of_work(engine) as session:
            rnd = get_round(session, get_election(session, "TW"))
            layout = round_layout(session, rnd)
            recorded = session.exec(select(func.count()).select_from(PrintedSheet)).one()
        assert recorded == args.copies
        t0 = time.perf_counter()
        render_pdf(layout, Path(tmp) / "floor.pdf", args.copies)
        t_floor = time.perf_counter() - t0
        size_mb = (Path(tmp) / "service.pdf").stat().st_size / 1e6
        engine.dispose()
    pages = result.pages
    row = {
        "names": args.names, "copies": args.copies, "sheets_per_copy": result.sheets_per_copy, "paper": result.paper,
        "pages": pages, "service_s": round(t_service, 2), "floor_render_pdf_s": round(t_floor, 2),
        "service_pages_per_s": round(pages / t_service, 1), "floor_pages_per_s": round(pages / t_floor, 1),
        "ratio_service_to_floor": round(t_service / t_floor, 2), "pdf_mb": round(size_mb, 1),
    }
    print(f"{'names':>5} {'copies':>6} {'pages':>6} {'paper':>5} {'service s':>9} {'floor s':>7} "
          f"{'pages/s':>8} {'ratio':>5} {'MB':>5}")
    print(f"{row['names']:>5} {row['copies']:>6} {row['pages']:>6} {row['paper']:>5} {row['service_s']:>9.2f} "
          f"{row['floor_render_pdf_s']:>7.2f} {row['service_pages_per_s']:>8.1f} {row['ratio_service_to_floor']:>5.2f} "
          f"{row['pdf_mb']:>5.1f}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench_ballot_pdf.json").write_text(json.dumps(
        {"bench": "bench_ballot_pdf", "python": platform.python_version(), "machine": platform.machine(),
         "results": [row]}, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
