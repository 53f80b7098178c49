"""Small modal prompts shared by the counting and results screens: a text to read, a yes/no, one answer."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from congress.tui.i18n import translate_bindings


class _Prompt(ModalScreen):  # type: ignore[type-arg]
    DEFAULT_CLASSES = "form-screen"

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self._bindings, self.app.t)  # type: ignore[attr-defined]


class TextModal(_Prompt):
    """A title and lines to read (a comparison's differences); Esc or Enter closes."""

    BINDINGS: ClassVar = [Binding("escape,enter", "close", "key.close", id="text.close")]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text, self.lines = title, lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static(self.title_text, classes="title")
            yield Static("\n".join(self.lines), id="text-body", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmModal(_Prompt):
    """Enter confirms (True), Escape cancels (False)."""

    BINDINGS: ClassVar = [
        Binding("enter", "answer(True)", "key.confirm", id="confirm.yes"),
        Binding("escape", "answer(False)", "key.cancel", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(self.question, id="confirm-text")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AskModal(_Prompt):
    """One line of input: Enter returns the text, Escape returns None."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "key.cancel", id="ask.cancel")]

    def __init__(self, title: str, hint: str, value: str = "", integer: bool = False) -> None:
        super().__init__()
        self.title_text, self.hint, self.value, self.integer = title, hint, value, integer

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(self.title_text, classes="title")
            yield Input(self.value, id="ask-input", type="integer" if self.integer else "text")
            yield Static(self.hint, classes="muted")

    def on_mount(self) -> None:
        self.query_one("#ask-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
