"""Badges for the fixture delegates: print, rasterise, decode every QR, check each one in; refusals."""

import io
import unicodedata
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlmodel import func, select

from ballots.printing import rasterise
from congress import audit, db
from congress.badges import pdf, tokens
from congress.badges import service as badges
from congress.checkin import service as checkin
from congress.checkin.people import display_name
from congress.checkin.sittings import close_sitting, open_sitting
from congress.congresses import create_congress
from congress.errors import Conflict, Forbidden
from congress.models import Badge, CheckinEvent, Delegate
from congress.registry.commit import import_file

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "delegates.xlsx"


def _congress(session, actor) -> None:  # type: ignore[no-untyped-def]
    create_congress(session, actor, name="Đại hội đại biểu Đảng bộ tỉnh Bình Minh lần thứ XVI", level="tinh",
                    kind="delegates", start_date=date(2025, 10, 14))
    import_file(session, actor, FIXTURE, today=date(2025, 10, 1))


def test_fixture_badges_render_decode_and_check_in(engine, actor) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session:
        _congress(session, actor)
        people = badges.select_for_print(session)
        issued = badges.issue(session, actor, people)
        buffer = io.BytesIO()
        pdf.render(badges.faces(session, issued), buffer, "card")
        names = {i.delegate.id: display_name(i.delegate) for i in issued}
        open_sitting(session, actor, 1, "Phiên trù bị")
    assert len(issued) >= 300
    document = buffer.getvalue()
    codes = [r.text for page in rasterise(document, 150)
             for r in zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)]
    assert sorted(codes) == sorted(i.code for i in issued)

    pages = pdfium.PdfDocument(document)
    text = " ".join(unicodedata.normalize("NFC", pages[i].get_textpage().get_text_range()).replace("\r\n", " ")
                    for i in range(len(pages)))
    pages.close()
    for name in names.values():
        assert name in text, name

    with db.unit_of_work(engine) as session:
        for code in codes:
            result = checkin.scan(session, actor, code + "\r\n")
            assert result.decision.outcome == "ok", result.decision.message
            assert result.delegate is not None and result.delegate["name"] == names[result.delegate["id"]]
    with db.unit_of_work(engine) as session:
        entries = session.exec(select(func.count()).select_from(CheckinEvent).where(CheckinEvent.kind == "entry")).one()
        assert entries == len(issued)
        assert not audit.verify(session)


@pytest.fixture
def hall(engine, actor):  # type: ignore[no-untyped-def]
    """Five delegates with badges and sitting 1 open; returns {role: code}."""
    with db.unit_of_work(engine) as session:
        create_congress(session, actor, name="Đại hội đại biểu Đảng bộ xã Ea Tu", level="xa", kind="delegates")
        people = {
            "official": Delegate(family_name="Tôn Thất", middle_name="Minh", given_name="Đức", category="official"),
            "guest": Delegate(family_name="Lò", middle_name="Văn", given_name="Ơn", category="guest"),
            "rejected": Delegate(family_name="Âu Dương", given_name="Ứng", category="official", status="not_recognised"),
            "alternate": Delegate(family_name="Đặng", middle_name="Hữu", given_name="Được", category="alternate"),
            "replaced": Delegate(family_name="Hà", middle_name="Thị", given_name="Yến", category="official"),
        }
        session.add_all(people.values())
        session.flush()
        people["replaced"].replaced_by_id = people["alternate"].id
        codes = {role: item.code for role, item in zip(people, badges.issue(session, actor, list(people.values())),
                                                       strict=True)}
        open_sitting(session, actor, 1, "Phiên trù bị")
    return codes


def _scan(engine, actor, raw, **kw):  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session:
        return checkin.scan(session, actor, raw, **kw)


def test_second_scan_is_already_and_a_repeated_enter_records_one_entry(engine, actor, hall) -> None:  # type: ignore[no-untyped-def]
    first = _scan(engine, actor, hall["official"] + "\r\n", station="Cửa A")
    again = _scan(engine, actor, hall["official"].lower() + "\n\n", station="Cửa B")
    assert first.decision.outcome == "ok" and again.decision.outcome == "already"
    assert again.decision.already_station == "Cửa A" and again.decision.already_at is not None
    assert "Cửa A" in again.decision.message
    with db.unit_of_work(engine) as session:
        events = session.exec(select(CheckinEvent).order_by(CheckinEvent.id)).all()
        assert [(e.kind, e.outcome) for e in events] == [("entry", "ok"), ("refused", "already")]
        assert all(hall["official"][3:-4] not in e.raw_text for e in events)  # the log never holds a code


def test_forged_truncated_and_revoked_codes_are_refused_with_their_reasons(engine, actor, hall) -> None:  # type: ignore[no-untyped-def]
    forged = _scan(engine, actor, tokens.generate())
    truncated = _scan(engine, actor, hall["official"][:12])
    typo = hall["official"][:-2] + ("2" if hall["official"][-2] != "2" else "3") + hall["official"][-1]
    mistyped = _scan(engine, actor, typo)
    assert (forged.decision.outcome, forged.decision.reason) == ("unknown", "not_found")
    assert (truncated.decision.outcome, truncated.decision.reason) == ("unknown", "truncated")
    assert (mistyped.decision.outcome, mistyped.decision.reason) == ("unknown", "bad_check")
    with db.unit_of_work(engine) as session:
        reprint = badges.issue(session, actor, [session.get(Delegate, 1)])[0]  # type: ignore[list-item]
    old = _scan(engine, actor, hall["official"])
    assert old.decision.outcome == "revoked" and old.decision.replaced_at is not None
    assert "thẻ mới" in old.decision.message and old.delegate["name"] == "Tôn Thất Minh Đức"  # type: ignore[index]
    assert _scan(engine, actor, reprint.code).decision.outcome == "ok"
    with db.unit_of_work(engine) as session:
        refused = session.exec(select(CheckinEvent).where(CheckinEvent.kind == "refused")).all()
        assert sorted(e.outcome for e in refused) == ["revoked", "unknown", "unknown", "unknown"]
        assert all(e.reason for e in refused)
        old_badge = session.exec(select(Badge).where(Badge.delegate_id == 1, Badge.revoked_at.is_not(None))).one()  # type: ignore[union-attr]
        assert old_badge.replaced_by_id is not None


def test_credentials_and_replacement_decide_who_is_accredited(engine, actor, hall) -> None:  # type: ignore[no-untyped-def]
    rejected = _scan(engine, actor, hall["rejected"])
    replaced = _scan(engine, actor, hall["replaced"])
    guest = _scan(engine, actor, hall["guest"])
    alternate = _scan(engine, actor, hall["alternate"])
    assert (rejected.decision.outcome, rejected.decision.reason) == ("not_accredited", "not_recognised")
    assert (replaced.decision.outcome, replaced.decision.reason) == ("not_accredited", "replaced")
    assert guest.decision.outcome == "ok" and guest.delegate["voting"] is False  # type: ignore[index]
    assert alternate.decision.outcome == "ok" and alternate.delegate["voting"] is True  # type: ignore[index]


def test_sittings_open_close_and_the_wrong_sitting(engine, actor, hall) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session, pytest.raises(Conflict, match="Phiên 1"):
        open_sitting(session, actor, 2, "Phiên thứ nhất")
    assert _scan(engine, actor, hall["official"], sitting=2).decision.reason == "no_such_sitting"
    with db.unit_of_work(engine) as session:
        close_sitting(session, actor)
    assert _scan(engine, actor, hall["official"]).decision.reason == "no_open_sitting"
    assert _scan(engine, actor, hall["official"], sitting=1).decision.reason == "sitting_not_open"
    with db.unit_of_work(engine) as session:
        open_sitting(session, actor, 2, "Phiên bầu cử", internal=True)
    assert _scan(engine, actor, hall["guest"]).decision.reason == "internal_sitting"
    assert _scan(engine, actor, hall["official"]).decision.outcome == "ok"


def test_exit_and_reentry_are_keyed_so_nobody_is_counted_twice(engine, actor, hall) -> None:  # type: ignore[no-untyped-def]
    code = hall["official"]
    assert _scan(engine, actor, code).decision.entry_key == "1:1:1"
    assert _scan(engine, actor, code, direction="exit").decision.entry_key == "1:1:1:x"
    assert _scan(engine, actor, code, direction="exit").decision.outcome == "already"
    assert _scan(engine, actor, code).decision.entry_key == "1:1:2"


def test_roles_checkin_may_scan_but_not_issue_badges(engine, actor, hall) -> None:  # type: ignore[no-untyped-def]
    from congress.actor import Actor, Role

    desk = Actor("cua-a", Role.CHECKIN, "Cửa A")
    assert _scan(engine, desk, hall["official"]).decision.outcome == "ok"
    with db.unit_of_work(engine) as session, pytest.raises(Forbidden):
        badges.issue(session, desk, [session.get(Delegate, 1)])  # type: ignore[list-item]
    viewer = Actor("xem", Role.VIEWER)
    with pytest.raises(Forbidden):
        _scan(engine, viewer, hall["guest"])
