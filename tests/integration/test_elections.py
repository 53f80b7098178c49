"""Elections, rounds and candidate lists through the real CLI, on SQLite and PostgreSQL."""

import json

from sqlmodel import select

from congress import db
from congress.models import AuditEvent, RoundCandidate

NAMES = ["Nguyễn Văn An", "Trần Thị Đào", "Lê Văn Bình", "Phạm Ánh Anh", "Đỗ Văn Zũng", "Hồ Thị Ơn",
         "Vũ Đức Ân", "Ngô Văn Ánh"]
# Ballot order: given name in Vietnamese collation (a < ă < â < b ... đ after d), then family name.
ORDER = ["Nguyễn Văn An", "Phạm Ánh Anh", "Ngô Văn Ánh", "Vũ Đức Ân", "Lê Văn Bình", "Trần Thị Đào",
         "Hồ Thị Ơn", "Đỗ Văn Zũng"]


def init_congress(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("init", "--name", "Đại hội đại biểu Đảng bộ xã Ea Tu lần thứ I", "--level", "xa",
            "--kind", "delegates", "--organisation", "Đảng bộ xã Ea Tu", "--term", "2025-2030")
    assert r.code == 0, r.err


def make_election(cli, seats: int = 5, names=NAMES, **opts) -> dict:  # type: ignore[no-untyped-def]
    args = ["election", "create", "--title", "Ban Chấp hành Đảng bộ xã khóa I", "--seats", str(seats), "--json"]
    for key, value in opts.items():
        args += [f"--{key}", value]
    r = cli(*args)
    assert r.code == 0, r.err
    election = json.loads(r.out)
    for name in names:
        r = cli("candidates", "add", election["code"], "--name", name)
        assert r.code == 0, r.err
    return election


def test_create_and_list_elections_with_json(cli) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    r = cli("election", "create", "--title", "Ban Chấp hành Đảng bộ xã khóa I", "--seats", "9")
    assert r.code == 0, r.err
    first_id = int(r.out.strip())
    r = cli("election", "create", "--title", "Bí thư Đảng ủy xã", "--seats", "1", "--kind", "secretary", "--json")
    assert r.code == 0, r.err
    secretary = json.loads(r.out)
    assert secretary["code"] == "BT" and secretary["kind"] == "secretary" and secretary["seats"] == 1
    assert secretary["rounds"][0]["number"] == 1 and secretary["rounds"][0]["status"] == "draft"
    r = cli("election", "create", "--title", "Phiếu thăm dò", "--seats", "2", "--kind", "tham_do", "--code", "td-1")
    assert r.code == 0, r.err  # a kind of the user's own is data, not code
    listed = json.loads(cli("election", "list", "--json").out)
    assert listed[0]["id"] == first_id
    assert [e["code"] for e in listed] == ["BCH", "BT", "TD-1"]
    assert listed[2]["kind"] == "tham_do"
    assert len(json.loads(cli("election", "show", "BCH", "--json").out)["rounds"]) == 1


def test_bad_election_input_is_one_sentence(cli) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    for args, field in ((("--seats", "0"), "--seats"), (("--seats", "3", "--code", "TOO-LONG-CODE"), "--code"),
                        (("--seats", "3", "--kind", "Huyện ủy!"), "Loại bầu cử")):
        r = cli("election", "create", "--title", "X", *args)
        assert r.code == 2 and field in r.err and "Traceback" not in r.err
        assert len(r.err.strip().splitlines()) == 1
    r = cli("candidates", "list", "KHONG")
    assert r.code == 2 and "KHONG" in r.err


def test_candidates_in_collation_order_with_surplus_warnings(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    election = make_election(cli, seats=5, names=NAMES[:6])
    r = cli("candidates", "list", "BCH", "--json")
    data = json.loads(r.out)
    # 6 names for 5 seats: surplus 1 — allowed for a body of 3-5.
    assert data["warnings"] == []
    path = tmp_path / "them.csv"
    path.write_text("STT,Họ,Tên đệm,Tên,Ngày sinh\n1,Vũ,Đức,Ân,05/03/1970\n2,Ngô,Văn,Ánh,1968\n"
                    "3,Nguyễn,Văn,An,\n", encoding="utf-8-sig")
    r = cli("candidates", "import", election["code"], str(path), "--json")
    assert r.code == 0, r.err
    result = json.loads(r.out)
    assert len(result["added"]) == 2 and result["skipped"] == ["Nguyễn Văn An"]  # idempotent by name and birth
    assert "số dư tối đa 1" in r.err  # 8 names for 5 seats: warned, not blocked
    data = json.loads(cli("candidates", "list", "BCH", "--json").out)
    assert [c["name"] for c in data["candidates"]] == ORDER
    assert [c["number"] for c in data["candidates"]] == list(range(1, 9))
    assert data["candidates"][3]["birth"] == "05/03/1970"
    assert [w["code"] for w in data["warnings"]] == ["small_body_surplus"]
    # Withdrawal keeps the record but leaves the name off the list.
    withdrawn = data["candidates"][0]["id"]
    r = cli("candidates", "withdraw", "BCH", str(withdrawn), "--reason", "Xin rút vì lý do sức khỏe")
    assert r.code == 0, r.err
    again = json.loads(cli("candidates", "list", "BCH", "--all", "--json").out)["candidates"]
    assert [c["name"] for c in again if not c["withdrawn"]] == ORDER[1:]
    assert again[-1]["withdrawn"] and again[-1]["withdrawn_reason"] == "Xin rút vì lý do sức khỏe"


def test_floor_nomination_needs_more_than_thirty_percent(cli) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    make_election(cli, seats=2, names=NAMES[:2])
    r = cli("candidates", "add", "BCH", "--name", "Lê Văn Bình", "--floor", "--agree", "30", "--attending", "100")
    assert r.code == 2 and "30/100" in r.err  # exactly 30 % is not more than 30 %
    r = cli("candidates", "add", "BCH", "--name", "Lê Văn Bình", "--floor", "--agree", "31", "--attending", "100")
    assert r.code == 0, r.err
    r = cli("candidates", "add", "BCH", "--name", "Hồ Thị Ơn", "--floor")
    assert r.code == 2 and "--agree" in r.err
    rows = json.loads(cli("candidates", "list", "BCH", "--json").out)["candidates"]
    floor = [c for c in rows if c["nominated_by"] == "floor"]
    assert [(c["name"], c["floor_agree"], c["floor_attending"]) for c in floor] == [("Lê Văn Bình", 31, 100)]


def test_fewer_names_than_seats_is_allowed_with_a_warning(cli) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    make_election(cli, seats=5, names=NAMES[:3])
    data = json.loads(cli("candidates", "list", "BCH", "--json").out)
    assert [w["code"] for w in data["warnings"]] == ["fewer_names"]


def test_further_round_restricted_to_tied_names(cli, tmp_path, db_url) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    make_election(cli, seats=5, names=NAMES)
    r = cli("election", "round", "BCH", "--only", "2,3")
    assert r.code == 2 and "chưa in phiếu" in r.err  # round 1 is still being drawn up
    assert cli("ballots", "print", "BCH", "--copies", "3", "--out", str(tmp_path / "r1.pdf")).code == 0
    r = cli("election", "round", "BCH", "--only", "7,2", "--seats", "1", "--json")
    assert r.code == 0, r.err
    second = json.loads(r.out)
    assert second["number"] == 2 and second["seats"] == 1 and second["restricted"]
    assert [c["name"] for c in second["candidates"]] == [ORDER[1], ORDER[6]]  # renumbered in ballot order
    # A name added to the list later does not slip onto the restricted round.
    r = cli("candidates", "add", "BCH", "--name", "Bùi Văn Cường")
    assert r.code == 0 and "lần bầu sau" in r.err
    r = cli("ballots", "print", "BCH", "--copies", "2", "--out", str(tmp_path / "r2.pdf"), "--json")
    assert r.code == 0, r.err
    printed = json.loads(r.out)
    assert printed["round"] == 2 and printed["form"] == "strike"
    shown = json.loads(cli("election", "show", "BCH", "--json").out)
    assert [c["name"] for c in shown["rounds"][1]["candidates"]] == [ORDER[1], ORDER[6]]
    assert shown["rounds"][0]["layout_hash"] != shown["rounds"][1]["layout_hash"]
    assert cli("election", "round", "BCH", "--only", "9").code == 2
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        assert len(session.exec(select(RoundCandidate)).all()) == 8 + 2
        actions = [e.action for e in session.exec(select(AuditEvent))]
        assert "round.create" in actions and actions.count("ballots.print") == 2
    engine.dispose()
