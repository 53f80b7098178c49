"""A scanned pile and its manual entry meet in one counter: the two counts agree batch by batch, and a
recount re-reads every stored image and reproduces the records and the result — or names the side
whose stored image no longer gives the same reading."""

import json
from pathlib import Path

import cv2
import pytest
from sqlmodel import select

from ballots.synth.corpus import make_side
from congress import db
from congress.elections.layouts import round_layout
from congress.elections.service import get_election, get_round
from congress.models import PrintedSheet, SheetRecord
from congress.scanning.sources import find_kept
from tests.integration.counting_setup import delegates_congress, election, write_lines
from tests.integration.test_golden_congress import BCH

# Six ballots (struck numbers); the last strikes everyone: invalid. Kept: {1,2,3}×2, {1,2,4}, {1,3,4},
# {2,3,4} → valid 5: An 4, Bình 4, Cường 4, Dung 3, Đức 0 (2 × 4 ≤ 15: nobody elected on this pile alone).
PILE = [[4, 5], [4, 5], [3, 5], [2, 5], [1, 5], [1, 2, 3, 4, 5]]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    monkeypatch.setenv("CONGRESS_DATA", str(folder))
    return folder


def marked_pile(cli, engine, tmp_path, dpi: int) -> Path:  # type: ignore[no-untyped-def]
    """The BCH election printed and issued, and PILE drawn on its printed sheets into a folder."""
    delegates_congress(engine)
    election(engine, "BCH", "Ban Chấp hành Đảng bộ xã khóa I", 3, BCH)
    assert cli("ballots", "print", "BCH", "--out", str(tmp_path / "b.pdf"), "--copies", "8").code == 0
    assert cli("ballots", "issue", "BCH", "--count", "6").code == 0
    with db.unit_of_work(engine) as s:
        rnd = get_round(s, get_election(s, "BCH"))
        layout = round_layout(s, rnd)
        nonces = sorted(s.exec(select(PrintedSheet.nonce).where(PrintedSheet.round_id == rnd.id)))
    folder = tmp_path / "to-1"
    folder.mkdir()
    for i, (struck, nonce) in enumerate(zip(PILE, nonces, strict=False)):
        side = make_side(layout, 1, {n: "single" for n in struck}, dpi=dpi, preset="clean", nonce=nonce, seed=i)
        assert cv2.imwrite(str(folder / f"p{i}.png"), side.image)
    return folder


@pytest.fixture
def scanned(cli, engine, tmp_path, data_dir):  # type: ignore[no-untyped-def]
    folder = marked_pile(cli, engine, tmp_path, dpi=150)
    r = cli("scan", "BCH", str(folder), "--count", "quet", "--workers", "1", "--json")
    assert r.code == 0, r.err
    return folder


def test_manual_entry_of_the_pile_agrees_with_its_scan(cli, engine, tmp_path, scanned) -> None:  # type: ignore[no-untyped-def]
    entry = write_lines(tmp_path / "to-1.jsonl", [{"struck": s} for s in reversed(PILE)])
    assert cli("enter", "BCH", "--file", str(entry), "--count", "nhap-tay").code == 0
    r = cli("compare", "BCH", "--json")
    assert r.code == 0, r.out
    data = json.loads(cli("results", "BCH", "--json").out)
    assert data["accepted"] and [c["votes"] for c in data["candidates"]] == [4, 4, 4, 3, 0]
    assert (data["ballots"]["valid"], data["ballots"]["invalid"]) == (5, 1)
    # A different entry of the same pile is caught and located by position and names.
    wrong = [{"struck": s} for s in PILE]
    wrong[2] = {"struck": [4, 5]}
    assert cli("enter", "BCH", "--file", str(write_lines(tmp_path / "sai.jsonl", wrong)), "--count", "nhap-2").code == 0
    r = cli("compare", "BCH", "--json")
    assert r.code == 4
    second = json.loads(r.out)["comparisons"][1]
    assert second["b"] == "nhap-2" and len(second["details"]) == 1
    d = second["details"][0]
    # The wrong ballot reads like ballots 1 and 2, so every position holding that content is named.
    assert d["positions_b"] == ["phiếu thứ 1", "phiếu thứ 2", "phiếu thứ 3"]
    assert d["names"] == ["3. Lê Văn Cường", "4. Phạm Thị Dung"]
    assert len(d["positions_a"]) == 1 and d["positions_a"][0].endswith("p2.png trang 1")


def test_recount_reproduces_records_and_result(cli, engine, data_dir, scanned) -> None:  # type: ignore[no-untyped-def]
    r = cli("recount", "BCH", "--json")
    assert r.code == 0, r.out + r.err
    data = json.loads(r.out)
    assert data["identical"] and data["sides"] == 6 and data["counts"] == ["quet"]
    # Swap the kept image of one side for another side's: the recount names that side.
    with db.unit_of_work(engine) as s:
        records = {rec.source.rsplit("/", 1)[-1]: rec for rec in s.exec(select(SheetRecord))}
    scans = data_dir / "scans"
    first, other = find_kept(scans, records["p0.png"].image_sha256), find_kept(scans, records["p3.png"].image_sha256)
    first.write_bytes(other.read_bytes())
    r = cli("recount", "BCH", "--json")
    assert r.code == 4
    problems = json.loads(r.out)["differences"]
    assert any("p0.png" in p for p in problems) and any("kết quả đọc lại khác" in p for p in problems)


def test_a_folder_stored_in_several_transactions_is_one_pile(cli, engine, tmp_path, data_dir) -> None:  # type: ignore[no-untyped-def]
    """Regression: `scan --batch 2` stores the six sides of one folder as three ScanBatch rows with
    the folder's label; compare took them for three piles and never agreed with the typed pile."""
    folder = marked_pile(cli, engine, tmp_path, dpi=100)
    assert cli("scan", "BCH", str(folder), "--count", "quet", "--workers", "1", "--batch", "2").code == 0
    entry = write_lines(tmp_path / "to-1.jsonl", [{"struck": s} for s in reversed(PILE)])
    assert cli("enter", "BCH", "--file", str(entry), "--count", "nhap-tay").code == 0
    r = cli("compare", "BCH", "--json")
    assert r.code == 0, r.out
    comparison = json.loads(r.out)["comparisons"][0]
    assert comparison["identical"] and comparison["batches"] == 1 and comparison["ballots"] == 6
    assert [c["votes"] for c in json.loads(cli("results", "BCH", "--json").out)["candidates"]] == [4, 4, 4, 3, 0]
