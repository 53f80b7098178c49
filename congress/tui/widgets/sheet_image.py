"""The crop of a scanned sheet beside the machine's proposal, with a text fallback.

textual-image draws with the best protocol the terminal offers (sixel, kitty, half cells) and falls
back to unicode blocks; it must query the terminal before Textual starts, so `prime()` is called
by `run_app` ahead of the app. Where no picture can be shown, the caption still says what to look at.
"""

import io
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

_IMAGE_CLASS: Any = None
_IMAGE_ERROR = ""


def prime() -> None:
    """Import textual-image (it asks the terminal its cell size) — before the app takes the terminal."""
    global _IMAGE_CLASS, _IMAGE_ERROR
    if _IMAGE_CLASS is not None or _IMAGE_ERROR:
        return
    try:
        from textual_image.widget import Image

        _IMAGE_CLASS = Image
    except Exception as exc:  # no terminal, no PIL: the text fallback is shown instead
        _IMAGE_ERROR = str(exc) or exc.__class__.__name__


class SheetImage(Vertical):
    """A PNG (bytes) and a caption; `show_text` alone when there is no picture."""

    DEFAULT_CSS = """
    SheetImage { height: 1fr; }
    SheetImage > #sheet-picture { height: 1fr; width: 1fr; }
    SheetImage > #sheet-caption { height: auto; }
    """

    def compose(self) -> ComposeResult:
        prime()
        if _IMAGE_CLASS is not None:
            yield _IMAGE_CLASS(id="sheet-picture")
        else:
            yield Static(id="sheet-picture")
        yield Static(id="sheet-caption", classes="muted")

    @property
    def has_picture(self) -> bool:
        return _IMAGE_CLASS is not None

    def show_png(self, png: bytes, caption: str) -> None:
        picture = self.query_one("#sheet-picture")
        if _IMAGE_CLASS is not None:
            from PIL import Image as PILImage

            picture.image = PILImage.open(io.BytesIO(png))  # type: ignore[attr-defined]
        else:
            picture.update(_IMAGE_ERROR)  # type: ignore[attr-defined]
        self.query_one("#sheet-caption", Static).update(caption)

    def show_text(self, caption: str) -> None:
        picture = self.query_one("#sheet-picture")
        if _IMAGE_CLASS is not None:
            picture.image = None  # type: ignore[attr-defined]
        else:
            picture.update("")  # type: ignore[attr-defined]
        self.query_one("#sheet-caption", Static).update(caption)
