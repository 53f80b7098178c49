"""Counting services through the CLI on SQLite and PostgreSQL: manual entry (all or nothing,
idempotent), independent double counts (agree → accepted; differ → located), review decisions,
closing and explicit reopening."""

import json

from sqlmodel import func, select

from congress import db
from congress.models import AuditEvent, SheetRecord
from tests.integration.counting_setup import bch_ready, delegates_congress, election, write_lines
from tests.integration.test_golden_congress import BCH, BCH_BALLOTS


def _ready(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bch_ready(cli, engine, tmp_path, pile=None)


def _sheets(engine) -> int:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as s:
        return s.exec(select(func.count()).select_from(SheetRecord)).one()


def test_bad_line_is_named_and_nothing_is_written(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _ready(cli, engine, tmp_path)
    bad = write_lines(tmp_path / "bad.jsonl", [{"struck": [1]}, {"struck": [2]}, {"struck": [9]}])
    r = cli("enter", "BCH", "--file", str(bad))
    assert r.code == 2 and "bad.jsonl, dòng 3" in r.err and "9" in r.err and len(r.err.strip().splitlines()) == 1
    (tmp_path / "broken.jsonl").write_text('{"struck": [1]}\n{"struck": [2\n', encoding="utf-8")
    r = cli("enter", "BCH", "--file", str(tmp_path / "broken.jsonl"))
    assert r.code == 2 and "dòng 2" in r.err and "JSON" in r.err
    r = cli("enter", "BCH", "--file", str(write_lines(tmp_path / "k.jsonl", [{"agree": [1]}])))
    assert r.code == 2 and '"agree"' in r.err
    assert _sheets(engine) == 0


def test_entering_the_same_file_twice_changes_nothing(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _ready(cli, engine, tmp_path)
    f = write_lines(tmp_path / "tap-1.jsonl", BCH_BALLOTS)
    assert cli("enter", "BCH", "--file", str(f)).code == 0
    again = cli("enter", "BCH", "--file", str(f), "--json")
    assert again.code == 0 and json.loads(again.out)["already_entered"] is True
    assert _sheets(engine) == 15


def test_double_count_agrees_and_is_accepted(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _ready(cli, engine, tmp_path)
    first, second = BCH_BALLOTS[:8], BCH_BALLOTS[8:]
    for count in ("may-1", "may-2"):
        ballots = (first, second) if count == "may-1" else (first[::-1], second[::-1])  # another order
        for n, pile in enumerate(ballots, start=1):
            f = write_lines(tmp_path / f"{count}-{n}.jsonl", pile)
            assert cli("enter", "BCH", "--file", str(f), "--count", count, "--batch", f"tập {n}").code == 0
    r = cli("compare", "BCH", "--json")
    assert r.code == 0, r.out
    assert json.loads(r.out)["identical"] is True
    data = json.loads(cli("results", "BCH", "--json").out)
    assert data["accepted"] is True and data["counts"] == ["may-1", "may-2"]
    assert [c["votes"] for c in data["candidates"]] == [10, 8, 7, 7, 2]


def test_a_different_entry_is_caught_and_located(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _ready(cli, engine, tmp_path)
    changed = list(BCH_BALLOTS)
    changed[5] = {"struck": [2, 5]}  # the 6th ballot: operator 2 struck Bình instead of Cường
    for count, ballots in (("may-1", BCH_BALLOTS), ("may-2", changed)):
        f = write_lines(tmp_path / f"{count}.jsonl", ballots)
        assert cli("enter", "BCH", "--file", str(f), "--count", count, "--batch", "tập 1").code == 0
    r = cli("compare", "BCH", "--json")
    assert r.code == 4
    detail = json.loads(r.out)["comparisons"][0]["details"]
    assert len(detail) == 1
    d = detail[0]
    assert d["batch"] == "tập 1"
    assert "phiếu thứ 6" in d["positions_a"] and "phiếu thứ 6" in d["positions_b"]
    assert d["names"] == ["2. Trần Thị Bình", "3. Lê Văn Cường"]
    refused = cli("results", "BCH")
    assert refused.code != 0 and "chưa khớp" in refused.err and "tập 1" in refused.err and "Trần Thị Bình" in refused.err
    one = cli("results", "BCH", "--count", "may-2", "--json")  # a single count can still be inspected
    assert one.code == 0 and json.loads(one.out)["accepted"] is False


def test_close_freezes_and_reopen_is_explicit(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _ready(cli, engine, tmp_path)
    assert cli("enter", "BCH", "--file", str(write_lines(tmp_path / "a.jsonl", BCH_BALLOTS[:10]))).code == 0
    closed = cli("close", "BCH", "--json")
    assert closed.code == 0, closed.err
    data = json.loads(closed.out)
    assert data["status"] == "closed" and data["denominator"]["value"] == 15
    r = cli("enter", "BCH", "--file", str(write_lines(tmp_path / "b.jsonl", BCH_BALLOTS[10:])))
    assert r.code == 2 and "đã kết thúc kiểm phiếu" in r.err and "reopen" in r.err
    assert cli("reopen", "BCH").code != 0  # a reason is required
    assert cli("reopen", "BCH", "--reason", "Sót một tập phiếu chưa nhập").code == 0
    assert json.loads(cli("results", "BCH", "--json").out)["status"] == "provisional"
    assert cli("enter", "BCH", "--file", str(write_lines(tmp_path / "b.jsonl", BCH_BALLOTS[10:]))).code == 0
    assert json.loads(cli("close", "BCH", "--json").out)["ballots"]["returned"] == 15
    with db.unit_of_work(engine) as s:
        actions = list(s.exec(select(AuditEvent.action).where(AuditEvent.action.like("count.%"))  # type: ignore[attr-defined]
                              .order_by(AuditEvent.seq)))
    assert actions == ["count.enter_file", "count.close", "count.reopen", "count.enter_file", "count.close"]


def test_close_refuses_without_issued_count(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    delegates_congress(engine)
    election(engine, "BCH", "Ban Chấp hành Đảng bộ xã khóa I", 3, BCH)
    assert cli("enter", "BCH", "--file", str(write_lines(tmp_path / "a.jsonl", BCH_BALLOTS))).code == 0
    r = cli("close", "BCH")
    assert r.code == 2 and "phiếu phát ra" in r.err
    shown = json.loads(cli("results", "BCH", "--json").out)
    assert shown["ballots"]["issued"] is None and "Chưa ghi số phiếu phát ra" in shown["problems"]


def test_review_decision_overrides_and_is_logged(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _ready(cli, engine, tmp_path)
    assert cli("enter", "BCH", "--file", str(write_lines(tmp_path / "a.jsonl", BCH_BALLOTS))).code == 0
    with db.unit_of_work(engine) as s:
        extra = s.exec(select(SheetRecord).where(SheetRecord.reason == "extra_marks")).one()
    # The committee looks at ballot 13 ("ghi thêm tên") and finds a smudge: valid, Cường and Dung struck.
    r = cli("review", "decide", "BCH", extra.id[:8], "--status", "valid", "--mark", "1=kept", "--mark", "2=kept",
            "--mark", "3=struck", "--mark", "4=struck", "--mark", "5=kept", "--note", "vết mực, không phải chữ", "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["decided_by"] == "admin"
    data = json.loads(cli("results", "BCH", "--json").out)
    assert data["ballots"]["valid"] == 13 and data["ballots"]["invalid"] == 2
    assert [c["votes"] for c in data["candidates"]] == [11, 9, 7, 7, 3]
    bad = cli("review", "decide", "BCH", extra.id[:8], "--status", "valid", "--mark", "3=agree")
    assert bad.code == 2 and "agree" in bad.err
    with db.unit_of_work(engine) as s:
        assert s.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "review.decide")).one() == 1
