"""Benchmark: storing and loading a printed ballot layout (ballots.layout_io) against planning it afresh.

Run from the repository root:  python -m tests.bench.bench_layout_io  [--repeats N]
Prints a table and writes bench-results/bench_layout_io.json. Measured in the same run:
- plan: plan_ballot from the spec (what round_layout did on every scan before layouts were stored);
- hash: layout_hash alone over the planned geometry (the floor of a verified load);
- store: layout_to_dict + json.dumps; load: json.loads + layout_from_dict (rebuild, checks, hash).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # allow `python tests/bench/bench_layout_io.py` as well
    sys.path.insert(0, str(ROOT))

from ballots.layout import Form, layout_hash, plan_ballot  # noqa: E402
from ballots.layout_io import layout_from_dict, layout_to_dict  # noqa: E402
from tests.bench.timing import best  # noqa: E402
from tests.unit.test_layout_samples import sample_spec  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timings per figure; the best is kept")
    args = parser.parse_args()
    plan_ballot(sample_spec(5))  # warm the font metrics caches
    results = []
    for count in (30, 105, 250):
        for form in Form:
            spec = sample_spec(count, form)
            layout = plan_ballot(spec)
            text = json.dumps(layout_to_dict(layout), ensure_ascii=False)
            assert layout_from_dict(json.loads(text)) == layout
            plan_s = best(lambda spec=spec: plan_ballot(spec), args.repeats)
            hash_s = best(lambda layout=layout: layout_hash(layout.spec, layout.sheets, layout.basis), args.repeats)
            store_s = best(lambda layout=layout: json.dumps(layout_to_dict(layout), ensure_ascii=False), args.repeats)
            load_s = best(lambda text=text: layout_from_dict(json.loads(text)), args.repeats)
            results.append({
                "scenario": f"{count} names, {form.value}", "sheets": layout.sheet_count,
                "json_bytes": len(text.encode("utf-8")), "plan_ms": plan_s * 1000, "hash_ms": hash_s * 1000,
                "store_ms": store_s * 1000, "load_ms": load_s * 1000,
                "load_over_plan": load_s / plan_s, "load_over_hash": load_s / hash_s,
            })
    header = (f"{'scenario':<20} {'sheets':>6} {'KB':>6} {'plan ms':>8} {'hash ms':>8} {'store ms':>9} "
              f"{'load ms':>8} {'load/plan':>9} {'load/hash':>9}")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['scenario']:<20} {r['sheets']:>6} {r['json_bytes'] / 1024:>6.0f} {r['plan_ms']:>8.1f} "
              f"{r['hash_ms']:>8.1f} {r['store_ms']:>9.1f} {r['load_ms']:>8.1f} {r['load_over_plan']:>9.2f} "
              f"{r['load_over_hash']:>9.2f}")
    out = ROOT / "bench-results" / "bench_layout_io.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "machine": platform.platform(), "python": platform.python_version(), "repeats": args.repeats,
        "results": results,
    }, indent=2), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
