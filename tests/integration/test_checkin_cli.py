"""The command line: badges print/list/revoke, checkin, sitting, absence, attendance."""

import io
import json
import sys
from pathlib import Path

import zxingcpp

from ballots.printing import rasterise
from congress import db
from congress.models import Delegate, Delegation


def _setup(cli, db_url: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Đại hội đại biểu Đảng bộ xã Ea Tu", "--level", "xa", "--kind", "delegates").code == 0
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        delegation = Delegation(name="Đoàn Đảng bộ thôn Ơn")
        session.add(delegation)
        session.flush()
        session.add_all([
            Delegate(code="DB001", family_name="Tôn Thất", middle_name="Minh", given_name="Đức", category="official",
                     delegation_id=delegation.id, seat="A1"),
            Delegate(code="DB002", family_name="Lò", middle_name="Văn", given_name="Ơn", category="guest"),
        ])
    engine.dispose()


def test_print_scan_and_report_from_the_command_line(cli, db_url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _setup(cli, db_url)
    out = tmp_path / "the.pdf"
    r = cli("badges", "print", "--out", str(out), "--layout", "card", "--json")
    assert r.code == 0, r.err
    printed = json.loads(r.out)
    assert printed["pages"] == 1 and [b["name"] for b in printed["badges"]] == ["Tôn Thất Minh Đức", "Lò Văn Ơn"]
    codes = [x.text for page in rasterise(out.read_bytes(), 150) for x in zxingcpp.read_barcodes(page)]
    assert len(codes) == 2
    again = cli("badges", "print", "--out", str(tmp_path / "none.pdf"))
    assert again.code == 2 and "đã có thẻ" in again.err and not (tmp_path / "none.pdf").exists()

    r = cli("checkin", codes[0], "--json")
    assert r.code == 5 and json.loads(r.out)["outcome"] == "wrong_sitting"
    assert cli("sitting", "open", "1", "--name", "Phiên trù bị").code == 0
    results = [json.loads(cli("checkin", code, "--json", "--station", "Cửa A").out) for code in codes]
    assert {(x["outcome"], x["delegate"]["name"]) for x in results} == {("ok", "Tôn Thất Minh Đức"), ("ok", "Lò Văn Ơn")}
    assert all(set(x) >= {"outcome", "delegate", "message"} for x in results)
    r = cli("checkin", codes[0])
    assert r.code == 5 and "[already]" in r.out and "Cửa A" in r.out
    r = cli("checkin", "DBZ-NOT-A-REAL-ONE", "--json")
    assert r.code == 5 and json.loads(r.out)["outcome"] == "unknown"

    assert cli("badges", "print", "--out", str(tmp_path / "re.pdf"), "--only", "DB001").code == 0
    r = cli("checkin", codes[0], "--json")
    assert json.loads(r.out)["outcome"] == "revoked"
    listing = json.loads(cli("badges", "list", "--json").out)
    assert len(listing) == 3 and sum(1 for b in listing if b["revoked_at"]) == 1
    assert cli("badges", "revoke", "DB002", "--reason", "mất thẻ").code == 0
    assert cli("badges", "revoke", "DB002").code != 0

    assert cli("absence", "record", "DB001", "--reason", "ốm", "--accepted").code == 0
    assert json.loads(cli("absence", "list", "--json").out)[0]["accepted"] is True
    data = json.loads(cli("attendance", "--json").out)
    assert data["present_now"] == 2 and data["present_now_voting"] == 1
    assert data["denominator_facts"]["summoned"] == 1
    text = cli("attendance")
    assert text.code == 0 and "Đoàn Đảng bộ thôn Ơn" in text.out
    assert cli("sitting", "close").code == 0
    sittings = json.loads(cli("sitting", "list", "--json").out)
    assert sittings[0]["closed_at"] is not None
    assert cli("sitting", "open", "1").code == 2  # closed: needs --reopen


def test_a_wedge_desk_reads_scans_from_standard_input(cli, db_url, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _setup(cli, db_url)
    out = tmp_path / "b.pdf"
    assert cli("badges", "print", "--out", str(out), "--only", "DB001").code == 0
    code = zxingcpp.read_barcodes(rasterise(out.read_bytes(), 120)[0])[0].text
    assert cli("sitting", "open", "1").code == 0
    typed = f"{code}\r\n\r\n{code.lower()}\t\n"  # Enter sent twice, then the same badge again
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    r = cli("checkin", "-", "--json")
    lines = [json.loads(line) for line in r.out.splitlines()]
    assert [x["outcome"] for x in lines] == ["ok", "already"] and r.code == 5, r.err


def test_check_in_by_name_without_a_badge(cli, db_url) -> None:  # type: ignore[no-untyped-def]
    """A delegate who forgot the badge is found by name at the desk: same rules, logged as 'theo tên'."""
    _setup(cli, db_url)
    assert cli("sitting", "open", "1", "--name", "Phiên thứ nhất").code == 0
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        from sqlmodel import select

        official = session.exec(select(Delegate).where(Delegate.code == "DB001")).one()
    r = cli("checkin", "--person", str(official.id), "--json", "--station", "Bàn tra cứu")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["outcome"] == "ok" and data["delegate"]["name"] == "Tôn Thất Minh Đức" and data["voting"] is True
    again = cli("checkin", "--person", str(official.id), "--json")
    assert again.code == 5 and json.loads(again.out)["outcome"] == "already"
    assert "Bàn tra cứu" in json.loads(again.out)["message"]
    missing = cli("checkin", "--person", "999999", "--json")
    assert missing.code == 5 and json.loads(missing.out)["outcome"] == "unknown"
    both = cli("checkin", "DBZABC", "--person", str(official.id))
    assert both.code == 2 and "không cả hai" in both.err
    summary = json.loads(cli("attendance", "--json").out)
    assert summary["present_now"] == 1
    engine.dispose()
