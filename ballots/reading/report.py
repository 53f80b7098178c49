"""How far the evidence sits from the decision thresholds, over many readings."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ballots.reading.decide import THRESHOLDS
from ballots.reading.model import SheetReading, Status

KEYS = ("cover", "gaps", "span", "span_letters", "ink_mm2", "blob_mm2", "edge", "beyond",
        "agree_fill", "agree_x", "disagree_fill", "disagree_x")


def threshold_report(readings: Iterable[SheetReading]) -> dict:
    """Per decision: count and the min / 1st pct / median / 99th pct / max of each evidence score."""
    values: dict[str, dict[str, list[float]]] = {}
    for r in readings:
        if r.status is not Status.READ:
            continue
        for m in r.marks:
            bucket = values.setdefault(m.decision.value, {})
            for key in KEYS:
                if key in m.evidence:
                    bucket.setdefault(key, []).append(float(m.evidence[key]))
    out: dict = {"thresholds": dict(THRESHOLDS), "decisions": {}}
    for decision in sorted(values):
        stats = {}
        for key, vals in sorted(values[decision].items()):
            a = np.array(vals)
            stats[key] = {
                "n": len(vals), "min": round(float(a.min()), 4), "p01": round(float(np.percentile(a, 1)), 4),
                "median": round(float(np.median(a)), 4), "p99": round(float(np.percentile(a, 99)), 4),
                "max": round(float(a.max()), 4),
            }
        out["decisions"][decision] = stats
    return out
