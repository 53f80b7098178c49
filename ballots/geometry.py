"""Page geometry in millimetres, origin at the TOP-LEFT of the page, x right, y down.

Printing converts to reportlab's bottom-left points; reading maps pixels to these millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_PT = 25.4 / 72.0
PT_PER_MM = 72.0 / 25.4
MM_PER_INCH = 25.4


def pt_to_mm(pt: float) -> float:
    return pt * MM_PER_PT


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


def mm_to_px(mm: float, dpi: float) -> float:
    return mm * dpi / MM_PER_INCH


def px_to_mm(px: float, dpi: float) -> float:
    return px * MM_PER_INCH / dpi


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle: (x, y) is its top-left corner, w and h its size, all in mm."""

    x: float
    y: float
    w: float
    h: float

    @property
    def x2(self) -> float:
        return self.x + self.w

    @property
    def y2(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def centre(self) -> tuple[float, float]:
        return (self.cx, self.cy)

    @property
    def area(self) -> float:
        return self.w * self.h

    @property
    def corners(self) -> tuple[tuple[float, float], ...]:
        """Corners clockwise from the top-left: TL, TR, BR, BL (the order ArUco uses)."""
        return ((self.x, self.y), (self.x2, self.y), (self.x2, self.y2), (self.x, self.y2))

    @classmethod
    def from_edges(cls, x1: float, y1: float, x2: float, y2: float) -> Rect:
        return cls(x1, y1, x2 - x1, y2 - y1)

    def grow(self, d: float) -> Rect:
        """The rectangle grown by d on every side (a negative d shrinks it)."""
        return Rect(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)

    def grow_xy(self, dx: float, dy: float) -> Rect:
        return Rect(self.x - dx, self.y - dy, self.w + 2 * dx, self.h + 2 * dy)

    def translate(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x2 and self.y <= y <= self.y2

    def contains_rect(self, other: Rect, tol: float = 1e-9) -> bool:
        return (
            other.x >= self.x - tol
            and other.y >= self.y - tol
            and other.x2 <= self.x2 + tol
            and other.y2 <= self.y2 + tol
        )

    def intersects(self, other: Rect) -> bool:
        return self.x < other.x2 and other.x < self.x2 and self.y < other.y2 and other.y < self.y2

    def gap_to(self, other: Rect) -> float:
        """The white distance between two rectangles (0 when they touch or overlap)."""
        dx = max(other.x - self.x2, self.x - other.x2, 0.0)
        dy = max(other.y - self.y2, self.y - other.y2, 0.0)
        return (dx * dx + dy * dy) ** 0.5

    def union(self, other: Rect) -> Rect:
        return Rect.from_edges(
            min(self.x, other.x), min(self.y, other.y), max(self.x2, other.x2), max(self.y2, other.y2)
        )

    def rounded(self, ndigits: int = 3) -> tuple[float, float, float, float]:
        """Rounded coordinates, for hashing and comparing layouts."""
        return (round(self.x, ndigits), round(self.y, ndigits), round(self.w, ndigits), round(self.h, ndigits))
