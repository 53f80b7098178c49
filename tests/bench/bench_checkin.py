"""Check-in benchmark: p50/p99 latency of one scan on SQLite, scans/s with 4 desks on PostgreSQL.

    python -m tests.bench.bench_checkin [--delegates 1600] [--desks 4] [--pg-url URL]

Each scan is its own transaction, as at a desk (parse, look up, decide, append, audit). The floor
is a bare `SELECT 1` transaction on the same engine, measured in the same run, so the ratio says
what check-in costs above the database's own round trip. Without --pg-url a throwaway PostgreSQL
server is started (tests/pg.py); if none can be started the PostgreSQL part is skipped.

The population builder and the desk worker live here and are shared with
tests/integration/test_checkin_concurrency.py.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from datetime import date

from sqlalchemy import text
from sqlmodel import Session, func, select

from congress import db
from congress.actor import Actor, Role
from congress.badges import service as badges
from congress.checkin import service as checkin
from congress.checkin.sittings import open_sitting
from congress.congresses import create_congress
from congress.demo import delegation_names, random_person
from congress.models import CheckinEvent, Delegate, Delegation
from congress.vi import fold, full_name
from tests.bench.timing import save_results
from tests.pg import bench_database

ADMIN = Actor("bench", Role.ADMIN, "bench")


def build_population(session: Session, n: int, seed: int = 7, kind: str = "delegates") -> list[Delegate]:
    """A congress with `n` official delegates (unique names) in ~17 delegations, in one transaction."""
    rng = random.Random(seed)
    create_congress(session, ADMIN, name="Đại hội đại biểu thử tải", level="tinh", kind=kind,
                    start_date=date(2025, 10, 14))
    delegations = [Delegation(name=name, sort_order=i) for i, name in enumerate(delegation_names(), 1)]
    session.add_all(delegations)
    session.flush()
    people = []
    for i in range(n):
        person = random_person(rng)
        name = full_name(person["family_name"], person["middle_name"], person["given_name"])
        people.append(Delegate(**person, code=f"DB{i + 1:05d}", category="official" if kind == "delegates" else "member",
                               status="summoned" if kind == "delegates" else "active",
                               delegation_id=delegations[i % len(delegations)].id, search_text=fold(name)))
    session.add_all(people)
    session.flush()
    return people


def prepare(url: str, n: int) -> list[str]:
    """Migrate, build `n` delegates, issue their badges, open sitting 1; return the plain codes."""
    engine = db.make_engine(url)
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        people = build_population(session, n)
        codes = [item.code for item in badges.issue(session, ADMIN, people)]
        open_sitting(session, ADMIN, 1, "Phiên thứ nhất")
    engine.dispose()
    return codes


def desk(url: str, station: str, codes: list[str], out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One check-in desk (its own process and engine): scan each code in its own transaction."""
    engine = db.make_engine(url)
    actor = Actor(f"op-{station}", Role.CHECKIN, station)
    outcomes: dict[str, int] = {}
    latencies = []
    races = 0
    for code in codes:
        started = time.perf_counter()
        with db.unit_of_work(engine) as session:
            result = checkin.scan(session, actor, code, station=station)
        latencies.append(time.perf_counter() - started)
        outcome = result.decision.outcome.value
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        races += result.raced
    engine.dispose()
    out.put({"station": station, "outcomes": outcomes, "latencies": latencies, "races": races})


def plan_desks(codes: list[str], desks: int, double_share: float, seed: int = 11) -> list[list[str]]:
    """Share the codes among desks; `double_share` of them are scanned again at another desk at about
    the same moment (the same place in its queue), so the two scans race."""
    rng = random.Random(seed)
    lanes: list[list[str]] = [[] for _ in range(desks)]
    for i, code in enumerate(codes):
        lanes[i % desks].append(code)
    doubles: list[list[tuple[int, str]]] = [[] for _ in range(desks)]
    for index in sorted(rng.sample(range(len(codes)), round(len(codes) * double_share))):
        other = (index % desks + rng.randint(1, desks - 1)) % desks
        doubles[other].append((index // desks, codes[index]))
    for lane, extra in zip(lanes, doubles, strict=True):
        for shift, (position, code) in enumerate(extra):
            lane.insert(position + shift, code)
    return lanes


def run_desks(url: str, lanes: list[list[str]]) -> tuple[list[dict], float]:
    """Run one process per lane at once; return their reports and the wall time."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=desk, args=(url, f"Cửa {i + 1}", lane, queue)) for i, lane in enumerate(lanes)]
    started = time.perf_counter()
    for p in procs:
        p.start()
    reports = [queue.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    elapsed = time.perf_counter() - started
    if any(p.exitcode != 0 for p in procs):
        raise RuntimeError(f"a desk process failed: exit codes {[p.exitcode for p in procs]}")
    return reports, elapsed


def entries_per_delegate(url: str) -> dict[int, int]:
    engine = db.make_engine(url)
    with db.unit_of_work(engine) as session:
        rows = session.exec(select(CheckinEvent.delegate_id, func.count()).where(CheckinEvent.kind == "entry")
                            .group_by(CheckinEvent.delegate_id)).all()
    engine.dispose()
    return {d: n for d, n in rows if d is not None}


def _floor(url: str, rounds: int) -> list[float]:
    engine = db.make_engine(url)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        with db.unit_of_work(engine) as session:
            session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        times.append(time.perf_counter() - started)
    engine.dispose()
    return times


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_sqlite(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        codes = prepare(url, n)
        queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        desk(url, "Cửa 1", codes, queue)
        latencies = queue.get()["latencies"]
        floor = _floor(url, 200)
    return {"scans": len(latencies), "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * _pct(latencies, 0.99), "floor_p50_ms": 1000 * statistics.median(floor),
            "ratio_p50": statistics.median(latencies) / statistics.median(floor)}


def bench_postgres(url: str, n: int, desks: int, double_share: float) -> dict:
    codes = prepare(url, n)
    lanes = plan_desks(codes, desks, double_share)
    reports, elapsed = run_desks(url, lanes)
    scans = sum(len(lane) for lane in lanes)
    entries = entries_per_delegate(url)
    latencies = [x for r in reports for x in r["latencies"]]
    floor = _floor(url, 200)
    return {"desks": desks, "scans": scans, "seconds": elapsed, "scans_per_s": scans / elapsed,
            "p50_ms": 1000 * statistics.median(latencies), "p99_ms": 1000 * _pct(latencies, 0.99),
            "floor_p50_ms": 1000 * statistics.median(floor),
            "floor_scans_per_s_one_desk": 1 / statistics.median(floor),
            "delegates_with_one_entry": sum(1 for v in entries.values() if v == 1),
            "races_resolved": sum(r["races"] for r in reports),
            "delegates_counted_twice": sum(1 for v in entries.values() if v > 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=1600)
    parser.add_argument("--desks", type=int, default=4)
    parser.add_argument("--double-share", type=float, default=0.10)
    parser.add_argument("--pg-url", default=None, help="an empty PostgreSQL database to use")
    args = parser.parse_args(argv)
    results: dict = {"delegates": args.delegates, "sqlite": bench_sqlite(args.delegates)}
    server = None
    url = args.pg_url
    if url is None:
        url, server = bench_database("bench_checkin")
    try:
        if url:
            results["postgresql"] = bench_postgres(url, args.delegates, args.desks, args.double_share)
    finally:
        if server is not None:
            server.stop()
    s = results["sqlite"]
    print(f"{'backend':<12}{'measure':<34}{'value':>12}")
    print(f"{'sqlite':<12}{'scan latency p50 (ms)':<34}{s['p50_ms']:>12.2f}")
    print(f"{'sqlite':<12}{'scan latency p99 (ms)':<34}{s['p99_ms']:>12.2f}")
    print(f"{'sqlite':<12}{'floor: empty txn p50 (ms)':<34}{s['floor_p50_ms']:>12.2f}")
    print(f"{'sqlite':<12}{'scan / floor (p50)':<34}{s['ratio_p50']:>12.1f}")
    if "postgresql" in results:
        p = results["postgresql"]
        label = f"scans/s, {p['desks']} desks"
        print(f"{'postgresql':<12}{label:<34}{p['scans_per_s']:>12.1f}")
        print(f"{'postgresql':<12}{'scan latency p50 (ms)':<34}{p['p50_ms']:>12.2f}")
        print(f"{'postgresql':<12}{'scan latency p99 (ms)':<34}{p['p99_ms']:>12.2f}")
        print(f"{'postgresql':<12}{'floor: empty txns/s, one desk':<34}{p['floor_scans_per_s_one_desk']:>12.1f}")
        print(f"{'postgresql':<12}{'delegates counted twice':<34}{p['delegates_counted_twice']:>12d}")
    save_results("bench_checkin", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
