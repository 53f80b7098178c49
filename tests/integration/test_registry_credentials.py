"""Credentials review, replacements, member statuses and one-by-one edits — every change audited."""

import json

import pytest
from sqlmodel import func, select

from congress import audit, db
from congress.actor import Actor, Role
from congress.congresses import create_congress
from congress.errors import Conflict, CongressError, Forbidden
from congress.models import AuditEvent, StatusChange
from congress.registry import credentials
from congress.registry.delegates import add_delegate, edit_delegate, list_delegates, remove_delegate


def _events(session) -> int:  # type: ignore[no-untyped-def]
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


def test_credentials_review_and_replacement_decide_who_votes(engine, actor) -> None:  # type: ignore[no-untyped-def]
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        create_congress(session, actor, name="Đại hội X", level="tinh", kind="delegates")
        official = add_delegate(session, actor, family_name="Tôn Thất", middle_name="Minh", given_name="Đức",
                                category="chính thức", delegation="Đoàn A", birth="01/02/1970", code="A1")
        alternate = add_delegate(session, actor, family_name="Đặng", given_name="Được", category="dự khuyết",
                                 delegation="Đoàn A")
        refused = add_delegate(session, actor, family_name="Lê", given_name="An", category="official")
        guest = add_delegate(session, actor, family_name="Mai", given_name="Hoa", category="khách mời")
        ids = official.id, alternate.id, refused.id, guest.id
    with db.unit_of_work(engine) as session:
        start = _events(session)
        assert credentials.recognise_all(session, actor, "Báo cáo thẩm tra tư cách") == 4
        credentials.not_recognise(session, actor, ids[2], "bị khởi tố trước khai mạc")
        credentials.replace(session, actor, ids[0], ids[1], "ốm dài ngày")
        rights = credentials.rights(session)
        assert {i: rights[i].votes for i in ids} == {ids[0]: False, ids[1]: True, ids[2]: False, ids[3]: False}
        assert rights[ids[1]].code == "replacing" and rights[ids[0]].code == "replaced"
        assert _events(session) == start + 6  # 4 recognitions, 1 refusal, 1 replacement
        last = session.exec(select(StatusChange).where(StatusChange.delegate_id == ids[2])
                            .order_by(StatusChange.id.desc())).first()  # type: ignore[union-attr]
        assert (last.old_status, last.new_status, last.reason, last.decided_by) == (
            "recognised", "not_recognised", "bị khởi tố trước khai mạc", "tester")
        with pytest.raises(Conflict, match="đã được thay"):
            credentials.replace(session, actor, ids[0], ids[1])
        with pytest.raises(Conflict, match="không phải đại biểu dự khuyết"):
            credentials.replace(session, actor, ids[2], ids[3])
        with pytest.raises(CongressError, match="cần lý do"):
            credentials.not_recognise(session, actor, ids[3], "")
        with pytest.raises(Conflict, match="dữ liệu liên quan"):
            remove_delegate(session, actor, ids[1])  # the replaced official points at this alternate
        credentials.cancel_replacement(session, actor, ids[0], "nhầm")
        rights = credentials.rights(session)
        assert rights[ids[0]].votes and not rights[ids[1]].votes
        assert audit.verify(session) == []


def test_members_congress_statuses(engine, actor) -> None:  # type: ignore[no-untyped-def]
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        create_congress(session, actor, name="Đại hội chi bộ", level="chi_bo", kind="members")
        member = add_delegate(session, actor, family_name="Ưng", given_name="Ơn", category="đảng viên chính thức")
        probationary = add_delegate(session, actor, family_name="Lò", given_name="Ân", category="dự bị")
        assert member.status == "active"
        credentials.set_status(session, actor, member.id, "exempted", "tuổi cao")
        assert credentials.rights(session)[member.id].votes
        with pytest.raises(CongressError, match="cần lý do"):
            credentials.set_status(session, actor, member.id, "suspended")
        credentials.set_status(session, actor, member.id, "suspended", "bị tạm giam")
        rights = credentials.rights(session)
        assert not rights[member.id].votes and not rights[probationary.id].votes
        with pytest.raises(CongressError, match="không dùng cho đại hội này"):
            credentials.set_status(session, actor, member.id, "recognised")
        with pytest.raises(Conflict):
            credentials.recognise_all(session, actor)


def test_add_edit_remove_validate_and_audit(engine, actor) -> None:  # type: ignore[no-untyped-def]
    db.migrate(engine)
    with db.unit_of_work(engine) as session:
        create_congress(session, actor, name="Đại hội X", level="tinh", kind="delegates")
        d = add_delegate(session, actor, family_name="Nguyễn", middle_name="Văn", given_name="Bình",
                         category="official", birth="1970", code="N1")
        assert d.birth_year == 1970 and d.search_text == "nguyen van binh"
        with pytest.raises(Conflict, match="cùng họ tên và ngày sinh"):
            add_delegate(session, actor, family_name="Nguyễn", middle_name="Văn", given_name="Bình",
                         category="official", birth=1970)
        with pytest.raises(Conflict, match="Mã 'N1'"):
            add_delegate(session, actor, given_name="Chi", category="guest", code="N1")
        with pytest.raises(CongressError, match="Ngày sinh"):
            add_delegate(session, actor, given_name="Chi", category="guest", birth="30/02/1980")
        with pytest.raises(CongressError, match="Loại"):
            add_delegate(session, actor, given_name="Chi", category="vip")
        start = _events(session)
        edit_delegate(session, actor, d.id, given_name="Đức", delegation="Đoàn Mới")
        assert d.search_text == "nguyen van duc" and d.delegation_id is not None
        edit_delegate(session, actor, d.id, given_name="Đức")  # no change, no event
        assert _events(session) == start + 2  # the new delegation and the edit
        viewer = Actor("xem", Role.VIEWER)
        with pytest.raises(Forbidden):
            edit_delegate(session, viewer, d.id, title="x")
        remove_delegate(session, actor, d.id)
        assert list_delegates(session) == []


def test_cli_one_by_one_commands(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "ĐH", "--level", "tinh", "--kind", "delegates").code == 0
    r = cli("delegates", "add", "--family", "Tôn Thất", "--middle", "Minh", "--given", "Đức", "--category",
            "chính thức", "--delegation", "Đoàn A", "--birth", "05/06/1970", "--json")
    assert r.code == 0, r.err
    official = json.loads(r.out)
    assert official["full_name"] == "Tôn Thất Minh Đức" and official["votes"] and official["delegation"] == "Đoàn A"
    alternate = json.loads(cli("delegates", "add", "--given", "Ơn", "--family", "Đỗ", "--category", "alternate",
                               "--json").out)
    assert not alternate["votes"]
    assert cli("delegates", "replace", str(official["id"]), "--by", str(alternate["id"])).code == 0
    shown = json.loads(cli("delegates", "show", str(alternate["id"]), "--json").out)
    assert shown["votes"] and shown["replaces_id"] == official["id"]
    r = cli("delegates", "not-recognise", str(official["id"]), "--reason", "chuyển công tác trước khai mạc")
    assert r.code == 0
    shown = json.loads(cli("delegates", "show", str(official["id"]), "--json").out)
    assert shown["status"] == "not_recognised" and shown["history"][0]["by"] == "admin"
    assert cli("delegates", "recognise", "--all").code == 0
    assert cli("delegates", "edit", str(alternate["id"]), "--title", "Bí thư Chi bộ").code == 0
    people = json.loads(cli("delegates", "list", "--json").out)
    assert [p["given_name"] for p in people] == ["Đức", "Ơn"] and people[1]["title"] == "Bí thư Chi bộ"
    bad = cli("delegates", "edit", "999", "--title", "x")
    assert bad.code == 2 and bad.err.startswith("Lỗi: Không có đại biểu số 999")
    assert cli("delegates", "remove", str(alternate["id"])).code == 2  # still referenced by the replacement
    assert cli("delegates", "unreplace", str(official["id"])).code == 0
    kept = cli("delegates", "remove", str(alternate["id"]))  # credentials decisions keep the person on file
    assert kept.code == 2 and "statuschange" in kept.err
    guest = json.loads(cli("delegates", "add", "--given", "Hoa", "--category", "guest", "--json").out)
    assert cli("delegates", "remove", str(guest["id"])).code == 0
    assert len(json.loads(cli("delegates", "list", "--json").out)) == 2
    assert cli("audit", "verify").code == 0
