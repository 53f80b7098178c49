"""Benchmark: the TUI with 1,600 delegates (a national congress) — keystrokes and start-up.

Run from the repository root:  python -m tests.bench.bench_tui  [--delegates N] [--repeats N]
Prints a table and writes bench-results/bench_tui.json. Floors measured in the same run:
- the pure in-memory filter (delegate_index.filter_rows) for the same queries: what a keystroke
  must cost at least, whatever the widget;
- a keystroke into a plain Input that nothing listens to: Textual's own cost of one key.
The keystroke figure is press → filter → table refilled → screen idle (pilot.press + pause).
"""

import argparse
import asyncio
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input  # noqa: E402

from congress import db  # noqa: E402
from congress.actor import Actor, Role  # noqa: E402
from congress.demo import DemoSize, build_demo  # noqa: E402
from congress.settings import Settings  # noqa: E402
from congress.tui.app import CongressApp  # noqa: E402
from congress.tui.delegate_index import Filters, filter_rows, load_rows  # noqa: E402

QUERY = "nguyen van an"  # typed one key at a time, then erased: narrowing and widening
SIZE = (120, 40)


class PlainInput(App[None]):
    def compose(self) -> ComposeResult:
        yield Input()


async def _typing(app: App, keys: list[str], settle: object) -> list[float]:
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # type: ignore[operator]
        for key in keys:
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


async def _floor_settle(app: App, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]


async def _delegates_settle(app: App, pilot: object) -> None:
    await pilot.press("f3")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def _startup(engine, settings: Settings, actor: Actor) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    app = CongressApp(engine, settings, actor=actor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - start
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delegates", type=int, default=1_600)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp())
    engine = db.make_engine(f"sqlite:///{folder / 'bench.db'}")
    db.migrate(engine)
    actor = Actor("bench", Role.ADMIN, "bench")
    with db.unit_of_work(engine) as session:
        build_demo(session, actor, DemoSize(delegates=args.delegates, seed=7))
    settings = Settings(db_url=str(engine.url), lang="vi", station="bench")
    keys = [("space" if ch == " " else ch) for ch in QUERY] + ["backspace"] * len(QUERY)

    with engine.connect():
        pass
    from sqlmodel import Session

    with Session(engine) as session:
        rows = load_rows(session)
    queries = [QUERY[:i] for i in range(1, len(QUERY) + 1)] + [QUERY[:i] for i in range(len(QUERY) - 1, -1, -1)]
    filter_times = []
    for _ in range(args.repeats):
        for q in queries:
            start = time.perf_counter()
            filter_rows(rows, Filters(query=q))
            filter_times.append(time.perf_counter() - start)

    floor_times: list[float] = []
    key_times: list[float] = []
    startup_times: list[float] = []
    for _ in range(args.repeats):
        floor_times += asyncio.run(_typing(PlainInput(), keys, _floor_settle))
        key_times += asyncio.run(_typing(CongressApp(engine, settings, actor=actor), keys, _delegates_settle))
        startup_times.append(asyncio.run(_startup(engine, settings, actor)))

    def ms(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {"median_ms": round(statistics.median(values) * 1000, 3),
                "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 3),
                "max_ms": round(max(values) * 1000, 3)}

    floor_key = statistics.median(floor_times)
    results = {
        "delegates": args.delegates,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "pure_filter": ms(filter_times),
        "plain_input_keystroke_floor": ms(floor_times),
        "delegates_keystroke": ms(key_times),
        "keystroke_vs_plain_input": round(statistics.median(key_times) / floor_key, 2),
        "startup_to_dashboard": ms(startup_times),
    }
    print(f"TUI benchmark — {args.delegates} delegates, {args.repeats} repeats, query {QUERY!r} typed and erased")
    print(f"{'measure':<34}{'median ms':>12}{'p90 ms':>10}{'max ms':>10}")
    for name in ("pure_filter", "plain_input_keystroke_floor", "delegates_keystroke", "startup_to_dashboard"):
        r = results[name]
        print(f"{name:<34}{r['median_ms']:>12.3f}{r['p90_ms']:>10.3f}{r['max_ms']:>10.3f}")  # type: ignore[index]
    print(f"keystroke / plain-input floor: {results['keystroke_vs_plain_input']}×")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench_tui.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
