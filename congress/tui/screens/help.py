"""F1 — help for the current screen: what it is for and every key it answers to."""

from typing import ClassVar

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from congress.tui.i18n import Translator


def binding_lines(screen: Screen, t: Translator) -> list[str]:
    """'key  description' for the screen's and the app's shown bindings, without repeats."""
    seen: set[str] = set()
    lines: list[str] = []
    for node in (screen, screen.app):
        for key, binding in node._bindings:
            if not binding.description or binding.id in seen:
                continue
            _namespace, action, parameters = parse(binding.action)
            if node.check_action(action, parameters) is False:  # e.g. no screen keys before a login
                continue
            seen.add(binding.id or key)
            shown = screen.app.get_key_display(binding)
            lines.append(f"[b]{shown:>12}[/b]  {binding.description}")
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,f1,q", "dismiss", "key.close", id="help.close"),
    ]

    def __init__(self, for_screen: Screen) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        t: Translator = self.app.t  # type: ignore[attr-defined]
        help_key = getattr(self.for_screen, "HELP_KEY", "")
        title_key = getattr(self.for_screen, "TITLE_KEY", "app.title")
        with VerticalScroll(id="help-box"):
            yield Static(t("help.title", screen=t(title_key)), classes="title")
            if help_key:
                yield Static(t(help_key), id="help-text")
            yield Static(t("help.keys"), classes="subtitle")
            yield Static("\n".join(binding_lines(self.for_screen, t)), id="help-keys")
            yield Static(t("help.global"), classes="muted")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
