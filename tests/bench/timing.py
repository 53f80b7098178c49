"""Timing shared by the benchmarks."""

import json
import time
from collections.abc import Callable
from pathlib import Path


def best(fn: Callable[[], object], repeats: int) -> float:
    """The fastest of `repeats` runs of `fn`, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def save_results(name: str, results: dict) -> Path:
    """Write bench-results/<name>.json at the repository root; returns the path."""
    out = Path(__file__).resolve().parents[2] / "bench-results"
    out.mkdir(exist_ok=True)
    path = out / f"{name}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    return path
