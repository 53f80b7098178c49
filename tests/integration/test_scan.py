"""`congress scan`: synthetic marked ballots stored once per side, idempotently, with photocopies,
unissued sheets and other elections' sheets caught."""

import json

import cv2
import numpy as np
import pytest
from sqlmodel import func, select

from ballots.sheetcode import new_nonce
from ballots.synth.corpus import make_side
from congress import db
from congress.models import Mark, ScanBatch, SheetRecord
from tests.integration.counting_setup import printed_copies
from tests.integration.test_elections import NAMES, init_congress, make_election


@pytest.fixture
def data_dir(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    monkeypatch.setenv("CONGRESS_DATA", str(folder))
    return folder


def _write(path, side) -> None:  # type: ignore[no-untyped-def]
    assert cv2.imwrite(str(path), side.image)


def _records(db_url: str) -> list[SheetRecord]:
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        rows = list(session.exec(select(SheetRecord)))
    engine.dispose()
    return rows


def _scan(cli, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    r = cli("scan", *args, "--json", "--workers", "1")
    assert r.code == 0, r.err
    return [json.loads(line) for line in r.out.splitlines()]


@pytest.fixture
def pile(cli, db_url, tmp_path, data_dir):  # type: ignore[no-untyped-def]
    """Election BCH (6 names, 5 seats, 4 copies printed) and a folder of marked sides."""
    init_congress(cli)
    make_election(cli, seats=5, names=NAMES[:6])
    assert cli("ballots", "print", "BCH", "--copies", "4", "--out", str(tmp_path / "bch.pdf")).code == 0
    layout, nonces = printed_copies(db_url, "BCH")
    folder = tmp_path / "scans"
    folder.mkdir()
    for i, nonce in enumerate(nonces[:3]):  # three voters each strike one name
        _write(folder / f"p{i}.png", make_side(layout, 1, {i + 1: "single"}, dpi=150, preset="clean", nonce=nonce))
    # A photocopy of the first copy: the same sheet identity, other bytes.
    _write(folder / "p9-copy.png", make_side(layout, 1, {1: "single"}, dpi=150, preset="clean", nonce=nonces[0],
                                              seed=7))
    # A well-made sheet with a nonce the committee never printed.
    _write(folder / "q-forged.png", make_side(layout, 1, {2: "single"}, dpi=150, preset="clean", nonce=new_nonce()))
    return layout, nonces, folder


def test_scanning_a_folder_stores_one_record_per_side(cli, db_url, pile, data_dir) -> None:  # type: ignore[no-untyped-def]
    layout, nonces, folder = pile
    reports = _scan(cli, "BCH", str(folder))
    by_source = {r["source"].rsplit("/", 1)[-1]: r for r in reports}
    assert len(reports) == 5
    for i in range(3):
        r = by_source[f"p{i}.png"]
        assert r["status"] == "valid" and r["election"] == "BCH" and r["round"] == 1
        assert r["sheet_index"] == 1 and r["sheet_count"] == 1
        marks = {m["number"]: m for m in r["marks"]}
        assert marks[i + 1]["decision"] == "struck"
        assert [m["decision"] for n, m in sorted(marks.items()) if n != i + 1] == ["kept"] * 5
        assert [m["name"] for _, m in sorted(marks.items())] == list(layout.spec.names)
    copy = by_source["p9-copy.png"]
    assert copy["status"] == "duplicate" and "sao chụp" in copy["reason"]
    forged = by_source["q-forged.png"]
    assert forged["status"] == "invalid" and "Ban kiểm phiếu" in forged["reason"]
    records = _records(db_url)
    assert len(records) == 5
    assert {r.status for r in records} == {"valid", "duplicate", "invalid"}
    genuine = [r for r in records if r.status == "valid"]
    assert {r.ballot_key for r in genuine} == set(nonces[:3])
    assert all(r.identity_key == f"{r.nonce}:1" for r in genuine)
    assert [r.identity_key for r in records if r.status == "duplicate"] == [None]
    assert all(r.reading["proposal"]["status"] for r in genuine)
    # The images are kept, content-addressed, for a recount.
    kept = sorted(p.name for p in (data_dir / "scans").iterdir())
    assert kept == sorted(f"{r.image_sha256}.png" for r in records)
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        marks = session.exec(select(Mark)).all()
        assert len(marks) == 5 * 6 and all(m.candidate_id for m in marks)
        assert session.exec(select(func.count()).select_from(ScanBatch)).one() == 1
    engine.dispose()


def test_scanning_twice_changes_nothing_and_a_renamed_file_is_known(cli, db_url, pile) -> None:  # type: ignore[no-untyped-def]
    _, _, folder = pile
    _scan(cli, "BCH", str(folder))
    before = sorted((r.id, r.status, r.content_key) for r in _records(db_url))
    again = _scan(cli, "BCH", str(folder))
    assert {r["status"] for r in again} == {"already_scanned"} and len(again) == 5
    (folder / "p0.png").rename(folder / "renamed-p0.png")
    renamed = _scan(cli, "BCH", str(folder / "renamed-p0.png"))
    assert [r["status"] for r in renamed] == ["already_scanned"]
    assert sorted((r.id, r.status, r.content_key) for r in _records(db_url)) == before


def test_sheets_of_another_election_are_rejected(cli, db_url, tmp_path, pile) -> None:  # type: ignore[no-untyped-def]
    r = cli("election", "create", "--title", "Bí thư Đảng ủy xã", "--seats", "1", "--kind", "secretary")
    assert r.code == 0
    cli("candidates", "add", "BT", "--name", "Nguyễn Văn An")
    assert cli("ballots", "print", "BT", "--copies", "1", "--out", str(tmp_path / "bt.pdf")).code == 0
    other, other_nonces = printed_copies(db_url, "BT")
    stray = tmp_path / "stray"
    stray.mkdir()
    _write(stray / "bt.png", make_side(other, 1, {1: "x_agree"}, dpi=150, preset="clean", nonce=other_nonces[0]))
    reports = _scan(cli, "BCH", str(stray))
    assert [(r["status"], r["election"]) for r in reports] == [("rejected", "BT")]
    assert "cuộc bầu cử khác" in reports[0]["reason"]
    assert [r.status for r in _records(db_url)] == ["rejected"]


def test_multi_page_tiff_and_pdf_give_one_record_per_page(cli, db_url, tmp_path, pile) -> None:  # type: ignore[no-untyped-def]
    layout, nonces, _ = pile
    pages = [make_side(layout, 1, {}, dpi=150, preset="clean", nonce=n).image for n in nonces[:2]]
    tiff = tmp_path / "feeder.tiff"
    assert cv2.imwritemulti(str(tiff), pages)
    blank = tmp_path / "back.png"
    cv2.imwrite(str(blank), np.full_like(pages[0], 250))
    reports = _scan(cli, "BCH", str(tiff), str(blank), str(tmp_path / "bch.pdf"))
    statuses = [(r["source"].rsplit("/", 1)[-1], r["page"], r["status"]) for r in reports]
    # An unmarked surplus ballot keeps 6 names for 5 seats: invalid. The printed PDF's pages carry
    # the same copies' identities as the TIFF's first two pages, so those two are duplicates.
    assert statuses[:3] == [("feeder.tiff", 0, "invalid"), ("feeder.tiff", 1, "invalid"), ("back.png", 0, "blank")]
    pdf_statuses = [s for name, _, s in statuses if name == "bch.pdf"]
    assert len(pdf_statuses) == 4 and sorted(pdf_statuses) == ["duplicate", "duplicate", "invalid", "invalid"]
    assert len(_records(db_url)) == 7


def test_scan_errors_are_one_sentence(cli, tmp_path, pile) -> None:  # type: ignore[no-untyped-def]
    r = cli("scan", "BCH", str(tmp_path / "missing"))
    assert r.code == 2 and "missing" in r.err and len(r.err.strip().splitlines()) == 1
    cli("election", "create", "--title", "Ủy ban Kiểm tra", "--seats", "3", "--kind", "inspection")
    r = cli("scan", "UBKT", str(tmp_path))
    assert r.code != 0 and "chưa in phiếu" in r.err
    r = cli("scan", "BCH", str(tmp_path / "bch.pdf"), "--watch")
    assert r.code == 2 and "thư mục" in r.err


def test_watch_follows_a_folder_for_a_bounded_time(cli, db_url, tmp_path, pile) -> None:  # type: ignore[no-untyped-def]
    _, _, folder = pile
    r = cli("scan", "BCH", str(folder), "--watch", "--watch-seconds", "0.3", "--interval", "0.1",
            "--workers", "2", "--json")
    assert r.code == 0, r.err
    reports = [json.loads(line) for line in r.out.splitlines()]
    assert sorted(x["status"] for x in reports) == ["duplicate", "invalid", "valid", "valid", "valid"]
    assert len(_records(db_url)) == 5


def test_one_reader_serves_every_batch_and_reads_ahead_while_a_batch_is_stored(cli, db_url, pile, data_dir,
                                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Starting reading workers costs as much as reading a hundred sides: a run starts them once,
    and each batch is being read while the one before it is stored. The same bytes in two batches
    are still stored once."""
    from congress.actor import Actor, Role
    from congress.scanning import service

    _, _, folder = pile
    files = sorted(folder.iterdir())
    (folder / "p0-again.png").write_bytes(files[0].read_bytes())  # the same scan, saved twice
    files.append(folder / "p0-again.png")
    started, events = [], []
    real_stage, real_store = service._stage, service._store

    class Counted(service.Reader):
        def __init__(self, *a, **k) -> None:  # type: ignore[no-untyped-def]
            started.append(a)
            super().__init__(*a, **k)

    monkeypatch.setattr(service, "Reader", Counted)
    monkeypatch.setattr(service, "_stage", lambda e, t, chunk, *a: events.append(("read", chunk[0].name))
                        or real_stage(e, t, chunk, *a))
    monkeypatch.setattr(service, "_store", lambda e, a, t, label, items: events.append(("store", items[0][0].source.rsplit("/", 1)[-1]))
                        or real_store(e, a, t, label, items))
    engine = db.make_engine(db_url)
    actor = Actor("tester", Role.ADMIN, "may-quet")
    with db.unit_of_work(engine) as session:
        target = service.prepare(session, actor, "BCH")
    run = service.scan_files(engine, actor, target, files, data_dir / "scans", workers=2, batch_size=2)
    engine.dispose()
    assert len(started) == 1 and run.batches == 3
    names = [f.name for f in files]
    assert events == [("read", names[0]), ("read", names[2]), ("store", names[0]), ("read", names[4]),
                      ("store", names[2]), ("store", names[4])]
    statuses = {r.source.rsplit("/", 1)[-1]: r.status for r in run.reports}
    assert statuses["p0-again.png"] == "already_scanned" and statuses["p0.png"] == "valid"
    assert len(_records(db_url)) == 5


def test_a_file_that_cannot_be_read_stops_the_run_after_the_batch_read_before_it_is_stored(
        db_url, pile, data_dir) -> None:  # type: ignore[no-untyped-def]
    from congress.actor import Actor, Role
    from congress.errors import CongressError
    from congress.scanning import service

    _, _, folder = pile
    files = [folder / "p0.png", folder / "p1.png", folder / "gone.png"]  # removed after the listing
    engine = db.make_engine(db_url)
    actor = Actor("tester", Role.ADMIN, "may-quet")
    with db.unit_of_work(engine) as session:
        target = service.prepare(session, actor, "BCH")
    with pytest.raises(CongressError, match=r"gone\.png"):
        service.scan_files(engine, actor, target, files, data_dir / "scans", workers=1, batch_size=2)
    engine.dispose()
    assert sorted(r.source.rsplit("/", 1)[-1] for r in _records(db_url)) == ["p0.png", "p1.png"]
