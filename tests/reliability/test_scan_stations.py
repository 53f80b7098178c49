"""Several scanning stations at once on PostgreSQL: overlapping folders, the same files under new
names, photocopies — every sheet is counted once and no station dies of a constraint error.

Four real `congress scan` processes (one per station) start together on the same round and count.
Station folders overlap (each sheet is in two or three folders), one folder holds byte-identical
copies under new names, and two sheets exist twice as different images of the same printed copy
(a photocopy: same nonce). Afterwards: one record per distinct image, every printed sheet exactly
once among the counted sides, both photocopies flagged duplicate, an intact audit chain.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from congress import audit, db
from congress.models import SheetRecord
from tests.pg import PgServer
from tests.reliability.ballot_setup import build_round, render_scans

ROOT = Path(__file__).resolve().parents[2]
STATIONS = 4
SHEETS = 8

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(pg_server: PgServer, pg_template: str) -> str:
    name = f"stations_{os.getpid()}"
    admin = create_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {pg_template}'))
    yield pg_server.url(name)
    cached = db._engines().pop(pg_server.url(name), None)
    if cached is not None:
        cached.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _station_folders(tmp: Path, files: tuple[Path, ...], photocopies: tuple[Path, ...]) -> list[Path]:
    """Overlapping folders: a sheet appears in 2-3 of them; one holds renamed copies; photocopies spread."""
    plan = {
        "tram1": [*files[:5], photocopies[0]],
        "tram2": [*files[3:], photocopies[1]],
        "tram3": [*files[::2], *photocopies],
        "tram4": list(files[1::2]) + list(files[:2]),
    }
    folders = []
    for name, members in plan.items():
        folder = tmp / name
        folder.mkdir()
        for n, f in enumerate(members):
            # tram4 receives the same bytes under new names: a re-scan must not count them again
            target = folder / (f"lai-{n:03d}.png" if name == "tram4" else f.name)
            shutil.copyfile(f, target)
        folders.append(folder)
    return folders


def test_four_scanning_stations_at_once_count_each_sheet_once(pg_url: str, tmp_path: Path) -> None:
    printed = build_round(tmp_path / "round", SHEETS, db_url=pg_url)
    engine = db.make_engine(pg_url)
    with db.unit_of_work(engine) as session:
        from congress.elections.layouts import round_layout
        from congress.elections.service import get_election, get_round

        layout = round_layout(session, get_round(session, get_election(session, "BCH")))
    # Photocopies: the printed copies of sheets 1 and 2 again, marked differently (same nonce).
    from congress.models import PrintedSheet

    with db.unit_of_work(engine) as session:
        nonces = sorted(session.exec(select(PrintedSheet.nonce)))[:2]
    _, copies = render_scans(tmp_path / "photocopies", layout, nonces, seed=99, dpi=150)
    copies = tuple(p.rename(p.with_name(f"photo-{p.name}")) for p in copies)
    folders = _station_folders(tmp_path, printed.files, copies)

    env = {**os.environ, "PYTHONPATH": str(ROOT), "CONGRESS_DATA": str(tmp_path / "data")}
    procs = [subprocess.Popen([sys.executable, "-m", "congress", "--db", pg_url, "--station", f"tram-{n + 1}", "scan",
                               "BCH", str(folder), "--workers", "1", "--batch", "2", "--json"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n, folder in enumerate(folders)]
    results = [p.communicate(timeout=600) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, f"a station failed: {err[-2000:]}"
        assert "Traceback" not in err and "IntegrityError" not in err

    distinct_images = {hashlib.sha256(f.read_bytes()).hexdigest() for f in (*printed.files, *copies)}
    with db.unit_of_work(engine) as session:
        records = list(session.exec(select(SheetRecord)))
        problems = audit.verify(session)
    engine.dispose()
    assert sorted(r.image_sha256 for r in records) == sorted(distinct_images), "one record per distinct image"
    counted = [r for r in records if r.status not in ("duplicate", "rejected", "blank")]
    assert sorted(r.identity_key for r in counted) == sorted({r.identity_key for r in counted})
    assert len(counted) == SHEETS, "every printed sheet counted exactly once"
    assert len([r for r in records if r.status == "duplicate"]) == len(copies), "each photocopy flagged"
    assert len({r.count_session_id for r in records}) == 1
    assert problems == []


def _prepare_at_once(url: str, station: str, barrier, results) -> None:  # type: ignore[no-untyped-def]
    from congress.actor import Actor, Role
    from congress.errors import CongressError
    from congress.scanning import service

    engine = db.make_engine(url)
    actor = Actor("kiemphieu", Role.COUNTING, station)
    barrier.wait()
    try:
        with db.unit_of_work(engine) as session:
            results.put(("ok", service.prepare(session, actor, "BCH", None, "scan").count_session_id))
    except CongressError as exc:
        results.put(("refused", str(exc)))
    except Exception as exc:  # what the test is looking for: a race lost with a raw database error
        results.put(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        engine.dispose()


def test_stations_starting_at_the_same_instant_share_one_count(pg_url: str, tmp_path: Path) -> None:
    """The first scan of a count creates its CountSession: stations racing to create it must all get it."""
    import multiprocessing

    build_round(tmp_path / "round", 1, db_url=pg_url)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(STATIONS), ctx.Queue()
    procs = [ctx.Process(target=_prepare_at_once, args=(pg_url, f"tram-{n}", barrier, results)) for n in range(STATIONS)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [o for o in outcomes if o[0] != "ok"] == []
    assert len({o[1] for o in outcomes}) == 1
