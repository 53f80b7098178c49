"""Delegates: search-as-you-type with and without diacritics, filters, add, edit, credentials, import."""

from pathlib import Path

from sqlmodel import Session, select

from congress.models import Delegate, StatusChange
from congress.tui.widgets.fast_table import FastTable

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def shown_names(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.name for row in app.screen.shown]


async def test_search_without_diacritics_finds_names_with_them(make_app, demo_engine) -> None:  # type: ignore[no-untyped-def]
    with Session(demo_engine) as session:
        target = session.exec(select(Delegate).where(Delegate.family_name == "Nguyễn")).first()
    app = make_app(start="delegates")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len(app.screen.shown) == 60
        query = f"nguyen {target.given_name}".lower()
        from congress.vi import fold

        await pilot.press(*[("space" if c == " " else c) for c in fold(query)])
        await pilot.pause()
        names = shown_names(app)
        assert names and all(name.startswith("Nguyễn") for name in names)
        assert any(name.endswith(target.given_name) for name in names)
        assert app.screen.query_one(FastTable).row_count == len(names)


async def test_a_query_with_diacritics_must_match_them(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(start="delegates")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"nguyên")  # ê: not the family name Nguyễn
        await pilot.pause()
        assert shown_names(app) == []
        for _ in range(6):
            await pilot.press("backspace")
        await pilot.press(*"nguyễn")
        await pilot.pause()
        assert shown_names(app) and all("Nguyễn" in n for n in shown_names(app))


async def test_category_filter_narrows_the_table(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(start="delegates")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#filter-category").value = "guest"
        await pilot.pause()
        assert screen.shown and all(r.category == "guest" for r in screen.shown)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert len(screen.shown) == 60


async def test_add_a_delegate_by_keys(make_app, demo_engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(start="delegates")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"Tôn Thất")
        await pilot.press("tab", *"Bảo", "tab", *"Lộc", "tab", *"12/03/1975")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DelegatesScreen"
        await pilot.press(*"ton that bao loc")
        await pilot.pause()
        assert shown_names(app) == ["Tôn Thất Bảo Lộc"]
    with Session(demo_engine) as session:
        added = session.exec(select(Delegate).where(Delegate.given_name == "Lộc",
                                                    Delegate.family_name == "Tôn Thất")).one()
        assert added.middle_name == "Bảo" and added.birth_date is not None


async def test_edit_and_credentials_from_the_table(make_app, demo_engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(start="delegates")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # from the search box to the table
        first = app.screen.shown[0]
        await pilot.press("e")
        await pilot.pause()
        title = app.screen.query_one("#f-title")
        title.value = "Bí thư Chi bộ 3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#c-status").value = "not_recognised"
        await pilot.press("ctrl+s")  # no reason: refused by the service, the form stays open
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CredentialsForm"
        app.screen.query_one("#c-reason").focus()
        await pilot.press(*"bị khởi tố")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DelegatesScreen"
    with Session(demo_engine) as session:
        d = session.get(Delegate, first.id)
        assert d.title == "Bí thư Chi bộ 3" and d.status == "not_recognised"
        assert session.exec(select(StatusChange).where(StatusChange.delegate_id == first.id)).one().reason == "bị khởi tố"


async def test_import_a_workbook_previews_then_commits(make_app, demo_engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(start="delegates")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press(*str(FIXTURES / "delegates.xlsx"), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.preview is not None and screen.preview.counts["new"] > 0
        assert "mới" in str(screen.query_one("#import-summary").render())
        with Session(demo_engine) as session:
            assert len(session.exec(select(Delegate)).all()) == 60  # the preview wrote nothing
        expected = 60 + screen.preview.counts["new"] + screen.preview.counts["warning"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DelegatesScreen"
        assert len(app.screen.rows) >= 60 + screen.preview.counts["new"]
    with Session(demo_engine) as session:
        assert len(session.exec(select(Delegate)).all()) <= expected
