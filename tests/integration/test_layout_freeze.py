"""A printed round keeps the layout it was printed with: a software update that changes the layout code
between printing and scanning neither changes what is read nor what is reprinted."""

import json
from typing import Any

import cv2
import pytest
from sqlalchemy import Engine
from sqlmodel import select

import ballots.layout as layout_module
import congress.elections.layouts as layouts_module
from ballots.layout import BallotLayout, plan_ballot
from ballots.layout_io import layout_from_dict
from ballots.synth.corpus import make_side
from congress import db
from congress.elections.layouts import round_layout
from congress.elections.service import get_election, get_round
from congress.errors import Conflict
from congress.models import PrintedSheet, Round
from tests.integration.test_elections import NAMES, init_congress, make_election

HEADER_TO_NAMES = layout_module.HEADER_TO_NAMES  # before any test changes it


@pytest.fixture
def data_dir(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    folder = tmp_path / "data"
    monkeypatch.setenv("CONGRESS_DATA", str(folder))
    return folder


def _round(engine: Engine, code: str) -> tuple[Round, BallotLayout, list[str]]:
    with db.unit_of_work(engine) as session:
        rnd = get_round(session, get_election(session, code))
        layout = round_layout(session, rnd)
        nonces = sorted(session.exec(select(PrintedSheet.nonce).where(PrintedSheet.round_id == rnd.id)))
        session.expunge(rnd)
    return rnd, layout, nonces


def _scan(cli, *args: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    r = cli("scan", *args, "--json", "--workers", "1")
    assert r.code == 0, r.err
    return [json.loads(line) for line in r.out.splitlines()]


@pytest.fixture
def printed(cli, engine, tmp_path, data_dir):  # type: ignore[no-untyped-def]
    """Election BCH (6 names, 5 seats) printed in 3 copies, with its layout as printed."""
    init_congress(cli)
    make_election(cli, seats=5, names=NAMES[:6])
    r = cli("ballots", "print", "BCH", "--copies", "3", "--out", str(tmp_path / "bch.pdf"), "--json")
    assert r.code == 0, r.err
    return _round(engine, "BCH")


@pytest.fixture
def software_update(monkeypatch):  # type: ignore[no-untyped-def]
    """More white under the header from now on, and a record of every re-planning the application asks for."""
    calls: list[str] = []

    def spy(spec):  # type: ignore[no-untyped-def]
        calls.append(spec.election)
        return plan_ballot(spec)

    monkeypatch.setattr(layout_module, "HEADER_TO_NAMES", HEADER_TO_NAMES + 5.0)
    monkeypatch.setattr(layouts_module, "plan_ballot", spy)
    return calls


def test_the_first_print_stores_the_layout_it_printed(engine, printed) -> None:  # type: ignore[no-untyped-def]
    rnd, layout, _ = printed
    assert rnd.layout and rnd.layout_hash == layout.layout_hash
    assert layout_from_dict(rnd.layout) == layout
    assert layout_from_dict(json.loads(json.dumps(rnd.layout))) == layout  # what the database gave back


def test_a_printed_round_is_read_with_its_stored_layout_after_the_code_changes(  # type: ignore[no-untyped-def]
        cli, engine, tmp_path, printed, software_update) -> None:
    _, layout, nonces = printed
    # The updated code would now lay the same ballot out differently...
    replanned = plan_ballot(layout.spec)
    assert replanned.layout_hash != layout.layout_hash
    assert replanned.rows[0].name_box != layout.rows[0].name_box
    # ...yet the round still answers with the printed layout, without planning anything.
    rnd, again, _ = _round(engine, "BCH")
    assert again == layout and software_update == []
    # A sheet marked on the printed paper still reads: name 2 struck, the others kept.
    side = make_side(layout, 1, {2: "single"}, dpi=150, preset="clean", nonce=nonces[0])
    folder = tmp_path / "scans"
    folder.mkdir()
    assert cv2.imwrite(str(folder / "p0.png"), side.image)
    (report,) = _scan(cli, "BCH", str(folder))
    assert report["status"] == "valid", report
    assert {m["number"]: m["decision"] for m in report["marks"]} == {1: "kept", 2: "struck", 3: "kept", 4: "kept",
                                                                      5: "kept", 6: "kept"}
    # A reprint is the printed page again: same hash, and its unmarked sheets read with the stored layout.
    r = cli("ballots", "print", "BCH", "--copies", "1", "--out", str(tmp_path / "more.pdf"), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["layout_hash"] == layout.layout_hash
    (reprint,) = _scan(cli, "BCH", str(tmp_path / "more.pdf"))
    assert reprint["round"] == 1 and reprint["sheet_index"] == 1
    assert reprint["status"] == "invalid"  # six names kept for five seats: read, and counted as invalid
    assert [m["decision"] for m in reprint["marks"]] == ["kept"] * 6
    assert software_update == []
    rnd, after, _ = _round(engine, "BCH")
    assert after == layout and rnd.layout_hash == layout.layout_hash


def test_a_round_never_printed_is_planned_with_the_current_code(cli, engine, printed,  # type: ignore[no-untyped-def]
                                                                software_update, monkeypatch) -> None:
    r = cli("election", "create", "--title", "Ủy ban Kiểm tra", "--seats", "2", "--kind", "inspection", "--json")
    code = json.loads(r.out)["code"]
    for name in NAMES[:3]:
        assert cli("candidates", "add", code, "--name", name).code == 0
    rnd, draft, _ = _round(engine, code)
    assert not rnd.layout and not rnd.layout_hash and software_update == [code]
    with monkeypatch.context() as before_the_update:
        before_the_update.setattr(layout_module, "HEADER_TO_NAMES", HEADER_TO_NAMES)
        old = plan_ballot(draft.spec)
    assert draft.rows[0].band.y == pytest.approx(old.rows[0].band.y + 5.0)  # the updated spacing


def test_no_reprint_when_the_drawing_or_fonts_changed(cli, engine, tmp_path, printed,  # type: ignore[no-untyped-def]
                                                      monkeypatch) -> None:
    _, layout, _ = printed
    monkeypatch.setattr(layout_module, "fonts_digest", lambda: "f" * 16)
    r = cli("ballots", "print", "BCH", "--copies", "1", "--out", str(tmp_path / "more.pdf"))
    assert r.code != 0 and "không in thêm" in r.err and len(r.err.strip().splitlines()) == 1
    assert not (tmp_path / "more.pdf").exists()
    _, again, _ = _round(engine, "BCH")
    assert again == layout  # reading is unaffected


def _edit_stored(engine: Engine, change) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session:
        rnd = get_round(session, get_election(session, "BCH"))
        stored = json.loads(json.dumps(rnd.layout))
        change(stored)
        rnd.layout = stored
        session.add(rnd)


def test_a_damaged_stored_layout_is_refused_in_one_sentence(cli, engine, tmp_path, printed) -> None:  # type: ignore[no-untyped-def]
    def move_a_name(stored: dict) -> None:  # type: ignore[type-arg]
        stored["sheets"][0]["rows"][1]["name_box"][0] += 1.0

    _edit_stored(engine, move_a_name)
    with db.unit_of_work(engine) as session, pytest.raises(Conflict, match="bị hỏng"):
        round_layout(session, get_round(session, get_election(session, "BCH")))
    r = cli("scan", "BCH", str(tmp_path / "bch.pdf"), "--workers", "1")
    assert r.code != 0 and "bị hỏng" in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_a_round_printed_without_a_stored_layout_gets_one_at_its_next_print(  # type: ignore[no-untyped-def]
        cli, engine, tmp_path, printed) -> None:
    _, layout, _ = printed
    _edit_stored(engine, lambda stored: stored.clear())
    rnd, replanned, _ = _round(engine, "BCH")
    assert not rnd.layout and replanned == layout  # re-planned from the frozen inputs, same code: same hash
    r = cli("ballots", "print", "BCH", "--copies", "1", "--out", str(tmp_path / "more.pdf"), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["layout_hash"] == layout.layout_hash
    rnd, again, _ = _round(engine, "BCH")
    assert layout_from_dict(rnd.layout) == layout == again
