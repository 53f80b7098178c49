"""Votes as horizontal bars, with the majority threshold marked — for the results and projection screens.

Drawn from `congress.counting.projection` bars (ballot order). The bar length is for the eye only:
who passes the threshold is the service's integer decision (`eligible`), never read off a bar.
"""

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.widget import Widget

from congress.counting.projection import Bar

FULL, EMPTY, THRESHOLD = "█", " ", "┃"


def bar_line(bar: Bar, name_width: int, bar_width: int, threshold_share: float) -> Content:
    """One line: "3. Name      ██████████┃     12 · 40,00 % ★" (★ elected, = tied at the cut-off)."""
    filled = round(bar_width * min(max(bar.share, 0.0), 1.0))
    mark_at = min(bar_width - 1, int(bar_width * threshold_share)) if bar_width else -1
    style = "bold $success" if bar.elected else "bold $warning" if bar.tied else "$primary"
    parts: list[tuple[str, str]] = [(set_cell_size(f"{bar.number}. {bar.name}", name_width) + " ",
                                     "bold" if bar.elected else "")]
    for i in range(bar_width):
        if i == mark_at:
            parts.append((THRESHOLD, "bold $error" if i >= filled else f"{style} reverse"))
        else:
            parts.append((FULL, style) if i < filled else (EMPTY, ""))
    tail = f" {bar.votes_text} · {bar.percent_text}" + (" ★" if bar.elected else " =" if bar.tied else "")
    parts.append((tail, "bold" if bar.elected else ""))
    return Content.assemble(*parts)


def chart_lines(bars: Sequence[Bar], threshold_share: float, width: int, *, spacing: int = 0) -> list[Content]:
    """Fit the names and the bars into `width` cells; `spacing` blank lines between bars."""
    if not bars:
        return []
    tail = max(cell_len(f" {b.votes_text} · {b.percent_text} ★") for b in bars)
    name_width = min(max(cell_len(f"{b.number}. {b.name}") for b in bars), max(12, width // 3))
    bar_width = max(4, width - name_width - 1 - tail)
    lines: list[Content] = []
    for bar in bars:
        lines.append(bar_line(bar, name_width, bar_width, threshold_share))
        lines += [Content()] * spacing
    return lines


class BarChart(Widget):
    """Re-fits to its own width on every render; `show(bars, threshold_share)` replaces the data."""

    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(self, *, spacing: int = 0, empty: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.spacing = spacing
        self.empty = empty
        self.bars: tuple[Bar, ...] = ()
        self.threshold_share = 0.5

    def show(self, bars: Sequence[Bar], threshold_share: float, empty: str | None = None) -> None:
        self.bars, self.threshold_share = tuple(bars), threshold_share
        if empty is not None:
            self.empty = empty
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.bars) * (1 + self.spacing))

    def render(self) -> Content:
        if not self.bars:
            return Content(self.empty)
        return Content("\n").join(chart_lines(self.bars, self.threshold_share, self.content_size.width,
                                           spacing=self.spacing))
