"""Golden elections, end to end on SQLite and PostgreSQL: the denominator from real registry and
attendance facts, ballots entered through `congress enter`, results checked against numbers worked
out by hand (in the comments)."""

import json

from tests.integration.counting_setup import delegates_congress, election, members_congress, write_lines

BCH = [("Nguyễn", "Văn", "An"), ("Trần", "Thị", "Bình"), ("Lê", "Văn", "Cường"), ("Phạm", "Thị", "Dung"),
       ("Đỗ", "Văn", "Đức")]

# 15 ballots (15 issued). Struck numbers → names kept:
BCH_BALLOTS = [
    {"struck": [4, 5]}, {"struck": [4, 5]}, {"struck": [4, 5]}, {"struck": [4, 5]},  # 1 2 3 ×4
    {"struck": [3, 5]}, {"struck": [3, 5]},  # 1 2 4 ×2
    {"struck": [2, 5]}, {"struck": [2, 5]},  # 1 3 4 ×2
    {"struck": [1, 5]},  # 2 3 4
    {"struck": [1, 2, 3, 5]},  # only 4 kept: fewer than the seats is valid
    {"struck": [4]},  # 4 names kept > 3 seats: invalid (over vote)
    {"struck": [1, 2, 3, 4, 5]},  # all struck: invalid
    {"invalid": "ghi thêm tên"},  # written-in name: invalid (extra marks)
    {"struck": [2, 3]},  # 1 4 5
    {"struck": [3, 4]},  # 1 2 5
]
# Valid 12, invalid 3. Votes: An 10, Bình 8, Cường 7, Dung 7, Đức 2.
# Denominator 15 (18 summoned − 1 convening-committee member absent − 2 officials absent, not replaced).
# Eligible iff 2 × votes > 15: An, Bình. Seats 3 → too few; further round among the rest.


def _setup_bch(cli, engine, tmp_path):  # type: ignore[no-untyped-def]
    delegates_congress(engine)
    election(engine, "BCH", "Ban Chấp hành Đảng bộ xã khóa I", 3, BCH)
    assert cli("ballots", "print", "BCH", "--out", str(tmp_path / "bch.pdf"), "--copies", "18").code == 0
    assert cli("ballots", "issue", "BCH", "--count", "15").code == 0


def test_delegates_congress_too_few_elected(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _setup_bch(cli, engine, tmp_path)
    r = cli("enter", "BCH", "--file", str(write_lines(tmp_path / "to-1.jsonl", BCH_BALLOTS)), "--count", "may-1")
    assert r.code == 0, r.err
    r = cli("results", "BCH", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["status"] == "provisional"
    den = data["denominator"]
    assert den["value"] == 15
    assert [(i["count"], i["sign"]) for i in den["items"]] == [(18, 1), (1, -1), (2, -1)]
    assert data["ballots"] | {"invalid_reasons": None, "anomalies": None} == {
        "issued": 15, "returned": 15, "valid": 12, "invalid": 3, "review": 0, "invalid_reasons": None,
        "anomalies": None}
    assert {r["code"]: r["count"] for r in data["ballots"]["invalid_reasons"]} == {
        "over_vote": 1, "all_struck": 1, "extra_marks": 1}
    assert [(c["name"], c["votes"], c["percent"]) for c in data["candidates"]] == [
        ("Nguyễn Văn An", 10, "66.67"), ("Trần Thị Bình", 8, "53.33"), ("Lê Văn Cường", 7, "46.67"),
        ("Phạm Thị Dung", 7, "46.67"), ("Đỗ Văn Đức", 2, "13.33")]
    assert [e["name"] for e in data["elected"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert data["outcome"] == "too_few" and data["further_round_needed"] and data["seats_remaining"] == 1
    assert data["further_round"] == [3, 4, 5]
    text = cli("results", "BCH")
    assert "66,67 %" in text.out and "Nguyễn Văn An" in text.out


TIE = [("Bùi", "Văn", "Hải"), ("Ngô", "Thị", "Lan"), ("Hồ", "Văn", "Minh"), ("Vũ", "Thị", "Nga")]
# Seats 2, 15 ballots: keep (1,2)×4, (1,3)×4, (2,3)×4, (1,4)×2, (4)×1
# → Hải 4+4+2 = 10, Lan 4+4 = 8, Minh 4+4 = 8, Nga 2+1 = 3. Denominator 15: Hải, Lan, Minh eligible;
# Hải takes the first seat, Lan and Minh tie for the last one → not broken, a new round between them.
TIE_BALLOTS = ([{"struck": [3, 4]}] * 4 + [{"struck": [2, 4]}] * 4 + [{"struck": [1, 4]}] * 4
               + [{"struck": [2, 3]}] * 2 + [{"struck": [1, 2, 3]}])


def test_tie_at_the_cut_off_is_flagged_not_broken(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    delegates_congress(engine)
    election(engine, "BTV", "Ban Thường vụ Đảng ủy xã", 2, TIE, kind="standing_committee")
    assert cli("ballots", "print", "BTV", "--out", str(tmp_path / "btv.pdf"), "--copies", "16").code == 0
    assert cli("ballots", "issue", "BTV", "--count", "15").code == 0
    assert cli("enter", "BTV", "--file", str(write_lines(tmp_path / "btv.jsonl", TIE_BALLOTS))).code == 0
    data = json.loads(cli("results", "BTV", "--json").out)
    # Ballot order by given name: Hải, Lan, Minh, Nga. Hải 10 (66,67 %), Lan 8, Minh 8 (53,33 %), Nga 3.
    assert [c["votes"] for c in data["candidates"]] == [10, 8, 8, 3]
    assert [e["name"] for e in data["elected"]] == ["Bùi Văn Hải"]
    assert data["outcome"] == "tie" and data["tied"] == [2, 3] and data["seats_remaining"] == 1
    assert data["further_round_needed"]


DEPUTIES = [("Hoàng", "Minh", "Giang"), ("Hoàng", "Minh", "Hà")]
# Members congress, 2 deputies on 2 seats: boxes form. 7 ballots issued (9 members − 1 suspended − 1 absent
# exempted; the member absent with an accepted reason received none... 6 voters present plus 1 spare issued).
DEPUTY_BALLOTS = [
    {"agree": [1, 2]}, {"agree": [1, 2]}, {"agree": [1], "disagree": [2]},
    {"agree": [1], "both": [2]},  # both boxes on name 2: valid ballot, no vote for name 2
    {"disagree": [1, 2]},  # valid, no votes
    {"invalid": "not_issued"},  # a sheet not issued by the committee
]
# Valid 5, invalid 1, returned 6 ≤ issued 7. Giang 4, Hà 2. Denominator 6: Giang 2×4 > 6 elected,
# Hà 2×2 ≤ 6 not elected → too few (1 seat left). Percent: 4/6 = 66,67 %, 2/6 = 33,33 %.


def test_members_congress_boxes_form(cli, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    members_congress(engine)
    election(engine, "PBT", "Phó Bí thư Chi bộ", 2, DEPUTIES, kind="deputy_secretary", form="boxes")
    assert cli("ballots", "print", "PBT", "--out", str(tmp_path / "pbt.pdf"), "--copies", "8").code == 0
    assert cli("ballots", "issue", "PBT", "--count", "7").code == 0
    assert cli("enter", "PBT", "--file", str(write_lines(tmp_path / "pbt.jsonl", DEPUTY_BALLOTS))).code == 0
    data = json.loads(cli("results", "PBT", "--json").out)
    assert data["denominator"]["value"] == 6
    assert [(i["count"], i["sign"]) for i in data["denominator"]["items"]] == [(9, 1), (1, -1), (1, -1), (1, -1)]
    b = data["ballots"]
    assert (b["issued"], b["returned"], b["valid"], b["invalid"]) == (7, 6, 5, 1)
    assert [(c["name"], c["votes"], c["against"], c["percent"]) for c in data["candidates"]] == [
        ("Hoàng Minh Giang", 4, 1, "66.67"), ("Hoàng Minh Hà", 2, 2, "33.33")]
    assert [e["name"] for e in data["elected"]] == ["Hoàng Minh Giang"] and data["outcome"] == "too_few"
