"""Shared pieces of the modal forms: a titled box, Ctrl+S to save, Escape to cancel."""

from typing import Any, ClassVar

from textual.binding import Binding
from textual.screen import ModalScreen

from congress.tui.i18n import translate_bindings
from congress.tui.screens.base import ServiceMixin


class FormScreen(ServiceMixin, ModalScreen[bool]):
    """A modal form; dismisses True when it changed something (the caller then reloads)."""

    DEFAULT_CLASSES = "form-screen"
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "key.save", id="form.save"),
        Binding("escape", "cancel", "key.cancel", id="form.cancel"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self._bindings, self.t)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        raise NotImplementedError
