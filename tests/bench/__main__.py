"""Run every benchmark: `python -m tests.bench [--quick] [name ...]`.

Each benchmark prints its own table (ratios against a floor measured in the same run) and writes
bench-results/<name>.json; this runner runs them one after another and lists what each wrote.
Benchmarks are never part of the test suite: timing assertions make CI flaky.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCHES: dict[str, tuple[list[str], list[str]]] = {
    # name: (full-run arguments, --quick arguments)
    "bench_reading": ([], ["--quick"]),
    "bench_scanning": ([], ["--quick"]),
    "bench_printing": ([], ["--copies", "200"]),
    "bench_ballot_pdf": ([], ["--copies", "200"]),
    "bench_counting": ([], ["--repeats", "1"]),
    "bench_import": ([], ["--repeat", "1"]),
    "bench_checkin": ([], ["--delegates", "400"]),
    "bench_tui": ([], ["--repeats", "1", "--delegates", "1600"]),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a first look")
    parser.add_argument("names", nargs="*", help="only these benchmarks (e.g. bench_reading)")
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}")
    root = Path(__file__).resolve().parents[2]
    failed = []
    for name in args.names or list(BENCHES):
        full, quick = BENCHES[name]
        print(f"\n=== {name} {'(quick)' if args.quick else ''}", flush=True)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", f"tests.bench.{name}", *(quick if args.quick else full)],
                              cwd=root, check=False)
        print(f"--- {name}: exit {proc.returncode}, {time.perf_counter() - started:.1f} s", flush=True)
        if proc.returncode != 0:
            failed.append(name)
    print("\nresults in", root / "bench-results")
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
