"""Benchmark: printing 1,600 copies of a 200-name ballot (and of a 30-name one) to PDF.

Run from the repository root:  python -m tests.bench.bench_printing  [--copies N] [--repeats N]
Prints a table and writes bench-results/bench_printing.json. Floors measured in the same run:
- blank: reportlab writing the same number of empty pages (the least any reportlab PDF costs);
- qr: building the QR matrices of those pages alone (the per-copy work nobody can share);
and, for comparison, `naive`: redrawing the whole page for every copy (no shared Form XObject),
timed on a sample of copies and scaled to the same page count.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # allow `python tests/bench/bench_printing.py` as well
    sys.path.insert(0, str(ROOT))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from ballots.fonts import register_fonts  # noqa: E402
from ballots.geometry import PT_PER_MM  # noqa: E402
from ballots.layout import BallotLayout, Form, plan_ballot  # noqa: E402
from ballots.printing import (  # noqa: E402
    PageCanvas,
    binary_streams,
    draw_sheet_template,
    qr_matrix,
    render_pdf,
)
from ballots.sheetcode import VERSION, SheetCode, encode, new_nonce  # noqa: E402
from tests.bench.timing import best  # noqa: E402
from tests.unit.test_layout_samples import sample_spec  # noqa: E402

NAIVE_SAMPLE = 40  # copies timed for the naive renderer



def blank_pages(layout: BallotLayout, pages: int) -> None:
    sheet = layout.sheets[0]
    canvas = Canvas(io.BytesIO(), pagesize=(sheet.page_w * PT_PER_MM, sheet.page_h * PT_PER_MM),
                    pageCompression=1, invariant=1)
    for _ in range(pages):
        canvas.showPage()
    with binary_streams():  # the same stream encoding as render_pdf
        canvas.save()


def qr_only(layout: BallotLayout, copies: int) -> None:
    for _ in range(copies):
        nonce = new_nonce()
        for sheet in layout.sheets:
            qr_matrix(encode(SheetCode(VERSION, layout.spec.election, layout.spec.round_no, sheet.index,
                                       layout.sheet_count, layout.layout_hash, nonce)))


def naive(layout: BallotLayout, copies: int) -> None:
    """Every page drawn in full: what the shared Form XObject saves."""
    register_fonts()
    sheet0 = layout.sheets[0]
    canvas = Canvas(io.BytesIO(), pagesize=(sheet0.page_w * PT_PER_MM, sheet0.page_h * PT_PER_MM),
                    pageCompression=1, invariant=1)
    for _ in range(copies):
        nonce = new_nonce()
        for sheet in layout.sheets:
            page = PageCanvas(canvas, sheet.page_h)
            draw_sheet_template(page, sheet)
            code = SheetCode(VERSION, layout.spec.election, layout.spec.round_no, sheet.index,
                             layout.sheet_count, layout.layout_hash, nonce)
            page.grid(sheet.qr, qr_matrix(encode(code)))
            canvas.showPage()
    with binary_streams():
        canvas.save()


def run(name: str, layout: BallotLayout, copies: int, repeats: int) -> dict:
    pages = copies * layout.sheet_count
    size = 0

    def printing() -> None:
        nonlocal size
        out = io.BytesIO()
        render_pdf(layout, out, copies)
        size = len(out.getvalue())

    t_print = best(printing, repeats)
    t_blank = best(lambda: blank_pages(layout, pages), repeats)
    t_qr = best(lambda: qr_only(layout, copies), repeats)
    sample = min(NAIVE_SAMPLE, copies)
    t_naive = best(lambda: naive(layout, sample), repeats) * copies / sample
    return {
        "scenario": name, "paper": layout.paper, "sheets": layout.sheet_count, "copies": copies, "pages": pages,
        "seconds": round(t_print, 3), "pages_per_s": round(pages / t_print, 1), "mb": round(size / 1e6, 2),
        "floor_blank_s": round(t_blank, 3), "floor_qr_s": round(t_qr, 3), "naive_s_estimated": round(t_naive, 2),
        "ratio_to_blank": round(t_print / t_blank, 2), "ratio_to_blank_plus_qr": round(t_print / (t_blank + t_qr), 2),
        "speedup_vs_naive": round(t_naive / t_print, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1_600)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    scenarios = [
        ("200 names, strike", plan_ballot(sample_spec(200, Form.STRIKE))),
        ("200 names, boxes", plan_ballot(sample_spec(200, Form.BOXES))),
        ("30 names, strike", plan_ballot(sample_spec(30, Form.STRIKE))),
    ]
    plan_s = time.perf_counter() - start
    results = [run(name, layout, args.copies, args.repeats) for name, layout in scenarios]
    header = (f"{'scenario':<20} {'paper':>5} {'pages':>6} {'s':>7} {'pages/s':>8} {'MB':>6} "
              f"{'blank s':>8} {'qr s':>6} {'x blank':>8} {'x blank+qr':>10} {'naive s':>8} {'speedup':>8}")
    print(f"planning the three layouts: {plan_s * 1000:.0f} ms")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['scenario']:<20} {r['paper']:>5} {r['pages']:>6} {r['seconds']:>7.2f} {r['pages_per_s']:>8.0f} "
              f"{r['mb']:>6.1f} {r['floor_blank_s']:>8.2f} {r['floor_qr_s']:>6.2f} {r['ratio_to_blank']:>8.1f} "
              f"{r['ratio_to_blank_plus_qr']:>10.2f} {r['naive_s_estimated']:>8.1f} {r['speedup_vs_naive']:>8.1f}")
    out = ROOT / "bench-results" / "bench_printing.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "copies": args.copies, "repeats": args.repeats, "results": results,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
