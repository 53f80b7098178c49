"""The check-in desk: a scanned code + Enter checks in; typing searches by name; counts stay live."""

from sqlmodel import Session, select

from congress import db
from congress.badges import service as badges
from congress.models import CheckinEvent, Delegate
from congress.tui.widgets.desk_result import DeskResult


def issue_badge(engine, actor) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session:
        person = session.exec(select(Delegate).where(Delegate.category == "official").order_by(Delegate.id)).first()
        issued = badges.issue(session, actor, [person])[0]
        return issued.code, person.given_name


async def test_scan_checks_in_then_says_already(make_app, demo_engine, actor) -> None:  # type: ignore[no-untyped-def]
    code, given = issue_badge(demo_engine, actor)
    app = make_app(start="checkin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        sitting = app.screen.query_one("#desk-sitting")
        if "Chưa mở phiên" not in str(sitting.render()):  # the demo leaves a sitting open: close it
            await pilot.press("ctrl+t")
            await pilot.pause()
            assert "Chưa mở phiên" in str(sitting.render())
        await pilot.press("ctrl+t")  # open the next sitting
        await pilot.pause()
        assert str(sitting.render()).startswith("Phiên ")
        result = app.screen.query_one(DeskResult)
        await pilot.press(*code, "enter")
        await pilot.pause()
        assert result.has_class("result-ok")
        assert given in str(result.render())
        assert "Có mặt: 1 /" in str(app.screen.query_one("#desk-counts").render())  # a fresh sitting
        await pilot.press(*code, "enter")
        await pilot.pause()
        assert result.has_class("result-warn")
        assert app.focused is app.screen.query_one("#desk-input")
        await pilot.press(*"DBZ2345", "enter")  # a truncated code: refused, never a crash
        await pilot.pause()
        assert result.has_class("result-bad")
    with Session(demo_engine) as session:
        sitting_id = max(e.sitting_id or 0 for e in session.exec(select(CheckinEvent)))
        kinds = [e.kind for e in session.exec(
            select(CheckinEvent).where(CheckinEvent.sitting_id == sitting_id).order_by(CheckinEvent.id))]
        assert kinds[0] == "entry" and kinds.count("entry") == 1


async def test_typing_a_name_searches_and_enter_checks_in_the_one_match(make_app, demo_engine, actor) -> None:  # type: ignore[no-untyped-def]
    from congress.checkin import attendance, sittings
    from congress.vi import fold, full_name

    with db.unit_of_work(demo_engine) as session:
        sitting = sittings.open_sitting_now(session) or sittings.open_sitting(session, actor, 90, "Phiên thử")
        inside = attendance.present_now(session, sitting)
        everyone = session.exec(select(Delegate)).all()
        names = [fold(full_name(p.family_name, p.middle_name, p.given_name)) for p in everyone]
        unique = next(p for p, n in zip(everyone, names, strict=True)
                      if p.category == "official" and p.id not in inside
                      and sum(n in other for other in names) == 1)
        query = fold(full_name(unique.family_name, unique.middle_name, unique.given_name))
    app = make_app(start="checkin")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"nguyen")
        await pilot.pause()
        assert "Nguyễn" in str(app.screen.query_one("#desk-matches").render())
        await pilot.press("enter")  # many people match: nobody is checked in, the operator narrows down
        await pilot.pause()
        result = app.screen.query_one(DeskResult)
        assert "người khớp" in str(result.render())
        await pilot.press("escape")
        await pilot.press(*query, "enter")  # one match (typed without diacritics): checked in by name
        await pilot.pause()
        assert result.has_class("result-ok"), str(result.render())
        assert unique.given_name in str(result.render())
    with Session(demo_engine) as session:
        event = session.exec(select(CheckinEvent).where(CheckinEvent.delegate_id == unique.id)
                             .order_by(CheckinEvent.id.desc())).first()
        assert event is not None and event.kind == "entry" and event.raw_text.startswith("theo tên")
