"""Results by keys: the table and the chart of a counted round, projection for the hall, refusals
shown as messages (closing before the ballots issued are recorded)."""

from sqlmodel import Session, select

from congress.models import Round
from congress.tui.widgets.bar_chart import BarChart
from tests.tui.pile import CODE, entered_by_hand


async def test_results_show_votes_and_projection_opens_full_screen(make_app, demo_engine, actor, data_dir) -> None:  # type: ignore[no-untyped-def]
    entered_by_hand(demo_engine, actor, ["4 5", "4 5", "3 5", "1 2", "2 5", "! ghi thêm tên"])
    app = make_app(start="results")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        results = app.screen
        assert results.query_one("#res-round").value == f"{CODE}:1"
        assert results.query_one("#res-table").row_count == 5
        assert "không hợp lệ: 1" in str(results.query_one("#res-facts").render())
        await pilot.press("k", "enter")  # issued not recorded: the service refuses, the screen says why
        await pilot.pause()
        assert not results.report.final
        assert any("phiếu phát ra" in n.message for n in app._notifications)
        await pilot.press("p")
        await pilot.pause()
        projection = app.screen
        assert projection.__class__.__name__ == "ProjectionScreen"
        assert str(projection.query_one("#p-title").render()).startswith("KẾT QUẢ BẦU ỦY BAN KIỂM TRA")
        assert [b.votes for b in projection.query_one(BarChart).bars] == [4, 3, 4, 3, 1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results
    with Session(demo_engine) as session:
        assert session.exec(select(Round).where(Round.status == "closed")).first() is None
