"""Size warnings of an election list where they matter (DOMAIN.md §4), through the real CLI.

While the list is built, each add says once, neutrally, how many names stand against the seats; a
surplus already too large is still warned at once (more names cannot cure it). The whole check —
fewer names than seats included — comes when ballots are printed and when a round is opened.
"""

import json

from tests.integration.test_elections import NAMES, init_congress


def _create(cli, seats: int) -> str:  # type: ignore[no-untyped-def]
    r = cli("election", "create", "--title", "Ban Chấp hành Đảng bộ xã khóa I", "--seats", str(seats), "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)["code"]


def test_adding_names_one_by_one_says_the_size_without_warning(cli) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    code = _create(cli, 5)
    for n, name in enumerate(NAMES[:4], start=1):
        r = cli("candidates", "add", code, "--name", name)
        assert r.code == 0, r.err
        assert r.err == ""  # no "fewer than the seats" noise after every name
        assert f"Danh sách hiện có {n} người; số lượng bầu 5." in r.out
    r = cli("candidates", "add", code, "--name", NAMES[4], "--json")
    data = json.loads(r.out)
    assert (data["names"], data["seats"], data["warnings"]) == (5, 5, [])
    r = cli("candidates", "add", code, "--name", NAMES[5])
    assert r.err == "" and "số dư 1 (20 %)" in r.out  # a surplus of 1 for 5 seats is allowed
    r = cli("candidates", "add", code, "--name", NAMES[6])
    assert "Cảnh báo:" in r.err and "số dư tối đa 1" in r.err  # too large a surplus: said at once


def test_the_list_and_the_ballots_still_say_when_names_are_short(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    code = _create(cli, 5)
    for name in NAMES[:3]:
        assert cli("candidates", "add", code, "--name", name).err == ""
    listed = json.loads(cli("candidates", "list", code, "--json").out)
    assert [w["code"] for w in listed["warnings"]] == ["fewer_names"]  # reviewing the list shows it
    r = cli("ballots", "print", code, "--copies", "2", "--out", str(tmp_path / "r1.pdf"), "--json")
    assert r.code == 0, r.err  # warned, never blocked: the congress decides
    assert [w["code"] for w in json.loads(r.out)["warnings"]] == ["fewer_names"]
    assert r.err.count("ít hơn số lượng bầu (5)") == 1


def test_a_new_round_checks_its_own_list(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    code = _create(cli, 4)
    for name in NAMES[:5]:
        assert cli("candidates", "add", code, "--name", name).code == 0
    r = cli("ballots", "print", code, "--copies", "2", "--out", str(tmp_path / "r1.pdf"))
    assert r.code == 0 and r.err == ""  # 5 names for 4 seats: within the rules
    # A round on the tied names is not a new list: 2 names for 1 seat is no surplus to warn about ...
    r = cli("election", "round", code, "--only", "1,2", "--seats", "1", "--json")
    assert r.code == 0 and json.loads(r.out)["warnings"] == [] and r.err == ""
    assert cli("ballots", "print", code, "--copies", "2", "--out", str(tmp_path / "r2.pdf")).err == ""
    # ... but a round with fewer names than the seats still to fill is said when it is opened.
    r = cli("election", "round", code, "--only", "1", "--seats", "2")
    assert r.code == 0, r.err
    assert "Cảnh báo:" in r.err and "ít hơn số lượng bầu (2)" in r.err
