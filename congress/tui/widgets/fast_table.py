"""A read-only table that renders only the visible lines (Line API).

DataTable measures every cell of every new row; refilling it with 1,600 rows on each keystroke
costs far more than the filter. This table takes a new list of rows in O(1) and draws only what
is on screen, so search-as-you-type stays at the cost of the filter itself.
"""

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

GAP = 2


class FastTable(ScrollView, can_focus=True):
    """Columns of fixed width (fitted once to all rows), a sticky header and a row cursor."""

    COMPONENT_CLASSES: ClassVar = {"fast-table--header", "fast-table--cursor", "fast-table--odd"}
    BINDINGS: ClassVar = [
        Binding("up", "move(-1)", "key.up", show=False),
        Binding("down", "move(1)", "key.down", show=False),
        Binding("pageup", "page(-1)", "key.pageup", show=False),
        Binding("pagedown", "page(1)", "key.pagedown", show=False),
        Binding("home", "edge(0)", "key.home", show=False),
        Binding("end", "edge(1)", "key.end", show=False),
        Binding("enter", "select", "key.select", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, table: "FastTable", index: int) -> None:
            super().__init__()
            self.table, self.index = table, index

    class Selected(Highlighted):
        pass

    def __init__(self, headers: Sequence[str], *, max_widths: Sequence[int] | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.headers = list(headers)
        self.max_widths = list(max_widths or [40] * len(headers))
        self.widths = [min(cell_len(h), m) for h, m in zip(self.headers, self.max_widths, strict=True)]
        self.rows: Sequence[Sequence[str]] = []

    # --- data ------------------------------------------------------------------------------------

    def fit(self, rows: Sequence[Sequence[str]]) -> None:
        """Size the columns once to the widest cell of all rows (the unfiltered list)."""
        for i, limit in enumerate(self.max_widths):
            widest = max((cell_len(row[i]) for row in rows), default=0)
            self.widths[i] = min(max(self.widths[i], widest), limit)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.rows = rows
        size = Size(sum(self.widths) + GAP * len(self.widths), len(rows) + 1)
        if self.is_mounted and self.show_vertical_scrollbar:
            # The vertical scrollbar is always shown (overflow-y: scroll), so a new row count
            # changes nothing outside this widget: update the scrollbars without a screen layout,
            # which would cost more than the whole filter.
            self.set_reactive(FastTable.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self.scroll_to(y=0, animate=False)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    # --- drawing ---------------------------------------------------------------------------------

    def _line(self, cells: Sequence[str]) -> str:
        return "".join(set_cell_size(" " + c, w + GAP) for c, w in zip(cells, self.widths, strict=False))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            text, style = self._line(self.headers), self.get_component_rich_style("fast-table--header")
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            text = self._line(self.rows[index])
            style = self.rich_style
            if index % 2:
                style += self.get_component_rich_style("fast-table--odd")
            if index == self.cursor:
                style += self.get_component_rich_style("fast-table--cursor")
        strip = Strip([Segment(text, style)]).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, style)

    # --- cursor ----------------------------------------------------------------------------------

    def watch_cursor(self, cursor: int) -> None:
        visible = max(self.size.height - 1, 1)
        top = int(self.scroll_y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False)
        self.refresh()
        if self.rows:
            self.post_message(self.Highlighted(self, cursor))

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height - 2, 1))

    def action_edge(self, end: int) -> None:
        if self.rows:
            self.cursor = len(self.rows) - 1 if end else 0

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
