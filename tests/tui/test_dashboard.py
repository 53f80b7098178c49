"""The first TUI screen opens on the demo database and shows the congress."""

from congress import db
from congress.demo import DemoSize, build_demo
from congress.settings import Settings
from congress.tui.app import CongressApp


async def test_dashboard_shows_the_congress_name(engine, actor) -> None:  # type: ignore[no-untyped-def]
    with db.unit_of_work(engine) as session:
        congress = build_demo(session, actor, DemoSize(delegates=60, seed=3))
        name = congress.name
    app = CongressApp(engine, Settings(db_url=str(engine.url), lang="vi"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = str(app.query_one("#congress-name").render())
        assert shown == name
        counts = str(app.query_one("#congress-counts").render())
        assert "60" in counts
