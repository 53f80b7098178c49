"""The dashboard opens on the demo database and shows the congress, counts and alerts."""

from congress.tui.nav import WORKFLOWS
from tests.tui.keys import run_command


async def test_dashboard_shows_the_congress_name_and_counts(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#congress-name").render()) == "Đại hội đại biểu Đảng bộ tỉnh Bình Minh lần thứ XVI"
        counts = str(app.screen.query_one("#congress-counts").render())
        assert "Người tham dự: 60" in counts
        assert "Không có cảnh báo" in str(app.screen.query_one("#alerts").render())


async def test_english_interface_with_lang_en(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Attendees: 60" in str(app.screen.query_one("#congress-counts").render())
        assert app.screen.sub_title == "Dashboard"


async def test_function_keys_switch_between_every_workflow(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for item in WORKFLOWS:
            await pilot.press(item.fkey)
            await pilot.pause()
            assert app.current_mode == item.mode
        await pilot.press("f2")
        await pilot.press("2")  # a number key works where no input has focus
        await pilot.pause()
        assert app.current_mode == "delegates"


async def test_f1_opens_help_listing_the_screen_keys(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(start="delegates")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        keys = str(app.screen.query_one("#help-keys").render())
        assert "Thêm" in keys and "Nhập tệp" in keys and "Trợ giúp" in keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "DelegatesScreen"


async def test_every_shown_binding_has_a_translated_description(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for item in WORKFLOWS:
            await pilot.press(item.fkey)
            await pilot.pause()
            for node in (app.screen, app):
                for _key, binding in node._bindings:
                    if binding.show:
                        assert binding.description, binding
                        assert "." not in binding.description.split(" ")[0], binding  # not a raw catalogue key


async def test_command_palette_lists_the_workflows(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await run_command(pilot, "bau cu")
        assert app.current_mode == "elections"
