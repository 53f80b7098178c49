"""`congress ballots print` / `issue`: the PDF's QR codes verify against the round's layout, and the
printed copies are recorded as nonces that name no one."""

import json

import zxingcpp
from sqlmodel import select

from ballots.printing import rasterise
from ballots.sheetcode import decode, verify
from congress import db
from congress.elections.layouts import round_layout
from congress.elections.service import get_election, get_round
from congress.models import BallotIssue, Delegation, PrintedSheet
from tests.integration.test_elections import NAMES, init_congress, make_election


def _qr_codes(pdf: bytes, pages: list[int]) -> list:  # type: ignore[type-arg]
    codes = []
    for image in rasterise(pdf, dpi=200, pages=pages):
        found = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
        assert len(found) == 1
        codes.append(decode(found[0]))
    return codes


def test_printed_pdf_verifies_against_the_round_layout(cli, tmp_path, db_url) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    make_election(cli, seats=5, names=NAMES)
    out = tmp_path / "bch.pdf"
    r = cli("ballots", "print", "BCH", "--copies", "6", "--out", str(out), "--json")
    assert r.code == 0, r.err
    result = json.loads(r.out)
    assert result["copies"] == 6 and result["pages"] == 6 * result["sheets_per_copy"]
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and not list(tmp_path.glob("*.part"))
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        election = get_election(session, "BCH")
        rnd = get_round(session, election)
        layout = round_layout(session, rnd)
        nonces = set(session.exec(select(PrintedSheet.nonce).where(PrintedSheet.round_id == rnd.id)))
        issue = session.exec(select(BallotIssue).where(BallotIssue.round_id == rnd.id)).one()
        assert rnd.status == "printed" and rnd.layout_hash == layout.layout_hash == result["layout_hash"]
        assert rnd.form == "strike"
    assert len(nonces) == 6 and issue.printed == 6 and issue.delegation_id is None
    codes = _qr_codes(pdf, [0, 5])
    for code in codes:
        verify(code, layout)  # raises on another election, round, layout or sheet index
        assert code.nonce in nonces
    assert codes[0].nonce != codes[1].nonce
    # Reprinting the same round and list gives the same layout and new copies.
    r = cli("ballots", "print", "BCH", "--copies", "2", "--out", str(tmp_path / "more.pdf"), "--json")
    assert json.loads(r.out)["layout_hash"] == result["layout_hash"] and json.loads(r.out)["print_batch"] == 2
    with db.unit_of_work(engine) as session:
        rows = session.exec(select(PrintedSheet)).all()
        assert len(rows) == 8 and len({p.nonce for p in rows}) == 8
        assert session.exec(select(BallotIssue)).one().printed == 8
        # Secrecy: a printed copy is a random id, a nonce, a round and a batch — nothing else.
        assert set(PrintedSheet.model_fields) == {"id", "round_id", "nonce", "print_batch"}
    engine.dispose()


def test_one_name_election_prints_boxes(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    init_congress(cli)
    r = cli("election", "create", "--title", "Bí thư Đảng ủy xã", "--seats", "1", "--kind", "secretary")
    assert r.code == 0
    assert cli("candidates", "add", "BT", "--name", "Nguyễn Văn An").code == 0
    r = cli("ballots", "print", "BT", "--copies", "1", "--out", str(tmp_path / "bt.pdf"), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["form"] == "boxes"


def test_default_copies_are_voters_plus_reserve_and_issue_counts(cli, tmp_path, db_url) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo", "--no-tui", "--delegates", "30", "--seed", "3").code == 0
    r = cli("election", "create", "--title", "Ủy ban Kiểm tra", "--seats", "2", "--kind", "inspection", "--json")
    code = json.loads(r.out)["code"]
    for name in NAMES[:3]:
        cli("candidates", "add", code, "--name", name)
    from congress.elections.ballot_print import voters_entitled

    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        voters = voters_entitled(session)
        delegations = [d.name for d in session.exec(select(Delegation).order_by(Delegation.id)).all()[:2]]
    assert 0 < voters < 30  # guests and alternates do not vote
    r = cli("ballots", "print", code, "--out", str(tmp_path / "kt.pdf"), "--json")
    assert json.loads(r.out)["copies"] == voters + 10  # the default ballot_reserve
    r = cli("ballots", "issue", code, "--count", "5", "--delegation", delegations[0], "--json")
    assert r.code == 0, r.err
    r = cli("ballots", "issue", code, "--count", "4", "--delegation", delegations[1], "--json")
    r = cli("ballots", "issue", code, "--count", "6", "--delegation", delegations[0], "--json")  # corrected: set, not add
    counts = json.loads(r.out)
    assert counts["issued"] == 10 and counts["printed"] == voters + 10
    assert sorted(d["issued"] for d in counts["by_delegation"]) == [4, 6]
    r = cli("ballots", "issue", code, "--count", "3")
    assert r.code == 2 and "--delegation" in r.err  # a total on top of per-delegation counts would double count
    r = cli("ballots", "issue", code, "--count", str(voters + 10), "--delegation", delegations[1])
    assert r.code == 2 and "vượt số phiếu đã in" in r.err
    engine.dispose()


def test_a_landscape_ballot_says_so_for_the_printer(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A long no-surplus list prints two tables per A4 sheet on its side: the message says "ngang"."""
    from ballots.synth.corpus import names_for

    init_congress(cli)
    names = names_for(70, seed=2)
    make_election(cli, seats=len(names), names=names)
    r = cli("ballots", "print", "BCH", "--copies", "1", "--out", str(tmp_path / "b.pdf"), "--json")
    assert r.code == 0, r.err
    result = json.loads(r.out)
    assert result["form"] == "boxes" and result["paper"] == "A4" and result["landscape"] is True
    r = cli("ballots", "print", "BCH", "--copies", "1", "--out", str(tmp_path / "c.pdf"))
    assert r.code == 0 and "trang A4 ngang" in r.out
