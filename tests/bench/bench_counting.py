"""Benchmark: counting 1,600 ballots × 200 names (a national-congress Central Committee list).

Run from the repository root:  python -m tests.bench.bench_counting  [--repeats N]
Prints a table and writes bench-results/bench_counting.json. Every time is the best of N runs and
is reported as a ratio to a floor measured in the same run: a plain Python loop that only adds up
the same marks (no validity, no checks) — the least any pure-Python counter has to do.
"""

import argparse
import json
import platform
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # allow `python tests/bench/bench_counting.py` as well
    sys.path.insert(0, str(ROOT))

from ballots.rules import (  # noqa: E402
    BOXES,
    STRIKE,
    Ballot,
    Mark,
    Tally,
    count_round,
    delegates_denominator,
    judge_ballot,
    tally,
)
from tests.bench.timing import best  # noqa: E402

BALLOTS = 1_600
NAMES = 200
BATCHES = 16  # e.g. one tally per scanning batch, merged at the end


def make_marks(form: str, seats: int, rng: random.Random) -> list[dict[int, Mark]]:
    rows = []
    for _ in range(BALLOTS):
        if form == STRIKE:
            # strike 15–40 names; striking fewer than NAMES − seats (= 20) is an over-vote
            struck = set(rng.sample(range(1, NAMES + 1), rng.randint(15, 40)))
            rows.append({n: Mark.STRUCK if n in struck else Mark.KEPT for n in range(1, NAMES + 1)})
        else:
            choices = (Mark.AGREE,) * 16 + (Mark.DISAGREE,) * 3 + (Mark.NONE,)
            rows.append({n: rng.choice(choices) for n in range(1, NAMES + 1)})
    return rows



def floor_loop(ballots: list[Ballot]) -> list[int]:
    """The same additions as `tally`, with nothing else: skip non-valid ballots, add the votes."""
    votes = [0] * (NAMES + 1)
    kept, agree = Mark.KEPT, Mark.AGREE
    for ballot in ballots:
        if ballot.validity.status != "valid":
            continue
        for number, mark in ballot.marks.items():
            if mark is kept or mark is agree:
                votes[number] += 1
    return votes


def run_scenario(form: str, seats: int, repeats: int) -> list[dict]:
    rng = random.Random(20251122)
    rows = make_marks(form, seats, rng)
    names = [f"Đại biểu {n:03d}" for n in range(1, NAMES + 1)]
    denominator = delegates_denominator(1_650, committee_absent=10, absent_not_replaced=40)
    ballots = [Ballot(m, judge_ballot(form, seats, m)) for m in rows]
    counted = tally(ballots)

    # The library must agree with the floor before its speed means anything.
    expected = {n: v for n, v in enumerate(floor_loop(ballots)) if v}
    assert counted.votes == expected, "tally disagrees with a plain loop over the valid ballots"

    def batched() -> Tally:
        size = BALLOTS // BATCHES
        merged = Tally()
        for i in range(0, BALLOTS, size):
            merged = merged.merge(tally(ballots[i : i + size]))
        return merged

    def end_to_end() -> object:
        judged = [Ballot(m, judge_ballot(form, seats, m)) for m in rows]
        return count_round(names, seats, denominator, tally(judged), issued=BALLOTS)

    steps = {
        "floor: plain loop adding marks": lambda: floor_loop(ballots),
        "judge_ballot (validity of each)": lambda: [judge_ballot(form, seats, m) for m in rows],
        "tally (one pile)": lambda: tally(ballots),
        f"tally in {BATCHES} batches + merge": batched,
        "count_round on the tally": lambda: count_round(names, seats, denominator, counted, issued=BALLOTS),
        "end to end: judge + tally + count": end_to_end,
    }
    floor = best(steps["floor: plain loop adding marks"], repeats)
    out = []
    for step, fn in steps.items():
        seconds = floor if step.startswith("floor") else best(fn, repeats)
        out.append(
            {
                "form": form,
                "seats": seats,
                "step": step,
                "seconds": round(seconds, 6),
                "ballots_per_s": round(BALLOTS / seconds),
                "ratio_to_floor": round(seconds / floor, 2),
            }
        )
    out[0]["valid_ballots"] = counted.valid
    out[0]["invalid_ballots"] = counted.invalid
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    rows = run_scenario(STRIKE, 180, args.repeats) + run_scenario(BOXES, NAMES, args.repeats)
    print(f"Counting {BALLOTS:,} ballots × {NAMES} names, best of {args.repeats}")
    print(f"{'form':7} {'step':36} {'seconds':>9} {'ballots/s':>11} {'× floor':>8}")
    for r in rows:
        print(
            f"{r['form']:7} {r['step']:36} {r['seconds']:9.4f} {r['ballots_per_s']:11,} {r['ratio_to_floor']:8.2f}"
        )
    result = {
        "benchmark": "bench_counting",
        "ballots": BALLOTS,
        "names": NAMES,
        "repeats": args.repeats,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "floor": "plain Python loop adding the KEPT/AGREE marks of the same valid ballots",
        "rows": rows,
    }
    out_dir = ROOT / "bench-results"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / "bench_counting.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
