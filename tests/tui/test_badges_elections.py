"""Badges printed to PDF in a worker; an election created, a candidate added, ballots printed — by keys."""

from sqlmodel import Session, select

from congress.models import Badge, Candidate, Election


async def test_reprint_badges_of_a_category_to_pdf(make_app, demo_engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CONGRESS_DATA", str(tmp_path))
    with Session(demo_engine) as session:
        before = len(session.exec(select(Badge)).all())
    app = make_app(start="badges")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#b-category").value = "guest"
        app.screen.query_one("#b-reprint").value = True  # the demo already gave everyone a badge
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = app.screen.last_output
        assert out.exists() and out.read_bytes().startswith(b"%PDF")
        assert "Đã in" in str(app.screen.query_one("#b-status").render())
    with Session(demo_engine) as session:
        assert len(session.exec(select(Badge)).all()) > before


async def test_create_election_add_candidate_and_print_ballots(make_app, demo_engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CONGRESS_DATA", str(tmp_path))
    app = make_app(start="elections")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Ban Kiểm tra thử", "tab", "1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ElectionsScreen"
        with Session(demo_engine) as session:
            code = session.exec(select(Election).where(Election.title == "Ban Kiểm tra thử")).one().code
        table = app.screen.query_one("#e-table")
        table.move_cursor(row=app.screen.codes.index(code))
        await pilot.pause()
        for name in ("nguyen", "tran"):
            await pilot.press("ctrl+a")
            await pilot.pause()
            await pilot.press(*name, "enter")
            await pilot.pause()
        assert app.screen.query_one("#c-table").row_count == 2
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (tmp_path / "ballots" / f"{code}.pdf").read_bytes().startswith(b"%PDF")
        # 2 names for 1 seat: the size check of the printed list is said (warned, not blocked)
        assert any("vượt quá 30 % số lượng bầu (1)" in n.message for n in app._notifications)
    with Session(demo_engine) as session:
        election = session.exec(select(Election).where(Election.code == code)).one()
        assert len(session.exec(select(Candidate).where(Candidate.election_id == election.id)).all()) == 2
