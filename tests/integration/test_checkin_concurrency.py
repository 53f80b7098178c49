"""Several desks on PostgreSQL: 4 processes, 1,600 delegates, 10 % scanned twice at two desks.

No scan is lost and nobody is counted twice: exactly one entry per delegate, and every scan is
an event (ok or already).
"""

import pytest
from sqlmodel import func, select

from congress import audit, db
from congress.models import CheckinEvent
from tests.bench.bench_checkin import entries_per_delegate, plan_desks, prepare, run_desks

DELEGATES = 1600
DESKS = 4


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_four_desks_never_lose_a_scan_or_count_anyone_twice(db_url: str) -> None:
    codes = prepare(db_url, DELEGATES)
    lanes = plan_desks(codes, DESKS, double_share=0.10)
    assert sum(len(lane) for lane in lanes) == DELEGATES + 160
    reports, _ = run_desks(db_url, lanes)
    totals: dict[str, int] = {}
    for report in reports:
        for outcome, n in report["outcomes"].items():
            totals[outcome] = totals.get(outcome, 0) + n
    assert totals == {"ok": DELEGATES, "already": 160}
    print("races resolved by the unique entry key:", sum(r["races"] for r in reports))
    entries = entries_per_delegate(db_url)
    assert len(entries) == DELEGATES and set(entries.values()) == {1}
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        events = session.exec(select(func.count()).select_from(CheckinEvent)).one()
        assert events == DELEGATES + 160
        assert not audit.verify(session)  # the audit chain stayed whole under concurrent appends
    engine.dispose()
