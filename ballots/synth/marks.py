"""Human-like pen marks drawn onto a rendered ballot page (synthetic corpus).

Coordinates are millimetres on the page (origin top-left, y down); `Canvas` converts them to
pixels. Ink darkens the paper multiplicatively, like real ink, so marks over printed text stay
dark and a light pencil over a name is lighter than the name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Pen:
    """A pen: line width in mm, ink grey level (0 black .. 255 paper), texture (pencil grain)."""

    name: str
    width_mm: float
    grey: int
    grain: float = 0.0


BLACK_05 = Pen("black 0.5 mm", 0.5, 25)
PENS: tuple[Pen, ...] = (
    Pen("black 0.3 mm", 0.3, 30),
    BLACK_05,
    Pen("black 1.0 mm", 1.0, 20),
    Pen("blue ballpoint 0.5 mm", 0.5, 95),
    Pen("blue ballpoint 0.7 mm", 0.7, 85),
    Pen("pencil HB 0.5 mm", 0.5, 140, grain=0.35),
)


class Canvas:
    """A greyscale page with its pixel density; marks accumulate in an ink layer."""

    def __init__(self, page: np.ndarray, px_per_mm: float) -> None:
        self.page = page
        self.k = px_per_mm
        self._shift = 4  # cv2 sub-pixel drawing: coordinates scaled by 2**shift

    def _pts(self, pts_mm: np.ndarray) -> np.ndarray:
        return np.round(pts_mm * self.k * (1 << self._shift)).astype(np.int32).reshape(-1, 1, 2)

    def stroke(self, pts_mm: np.ndarray, pen: Pen, rng: np.random.Generator) -> None:
        """Draw a polyline through `pts_mm` (N x 2, mm) with `pen`."""
        h, w = self.page.shape
        xs, ys = pts_mm[:, 0] * self.k, pts_mm[:, 1] * self.k
        pad = int(pen.width_mm * self.k) + 4
        x0, x1 = max(int(xs.min()) - pad, 0), min(int(xs.max()) + pad + 1, w)
        y0, y1 = max(int(ys.min()) - pad, 0), min(int(ys.max()) + pad + 1, h)
        if x1 <= x0 or y1 <= y0:
            return
        mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
        local = pts_mm - np.array([x0 / self.k, y0 / self.k])
        thickness = max(1, round(pen.width_mm * self.k))
        cv2.polylines(mask, [self._pts(local)], False, 255, thickness, cv2.LINE_AA, self._shift)
        alpha = mask.astype(np.float32) / 255.0
        if pen.grain > 0:  # pencil: graphite only catches the paper's tooth
            alpha *= 1.0 - pen.grain * rng.random(alpha.shape, dtype=np.float32)
        region = self.page[y0:y1, x0:x1].astype(np.float32)
        darken = 1.0 - alpha * (1.0 - pen.grey / 255.0)
        self.page[y0:y1, x0:x1] = np.clip(region * darken, 0, 255).astype(np.uint8)


def _jitter(n: int, amount_mm: float, rng: np.random.Generator) -> np.ndarray:
    """Smooth hand tremor: a low-frequency random walk."""
    steps = rng.normal(0, amount_mm, n)
    walk = np.cumsum(steps)
    walk -= np.linspace(walk[0], walk[-1], n)
    return cv2.GaussianBlur(walk.reshape(1, -1), (1, 0), sigmaX=max(n / 20, 1)).ravel()


def line_pts(x0: float, y0: float, x1: float, y1: float, rng: np.random.Generator,
             tremor_mm: float = 0.08, n: int = 40) -> np.ndarray:
    t = np.linspace(0, 1, n)
    xs = x0 + (x1 - x0) * t
    ys = y0 + (y1 - y0) * t + _jitter(n, tremor_mm, rng)
    return np.stack([xs, ys], axis=1)


def wave_pts(x0: float, x1: float, yc: float, amp: float, period: float, zigzag: bool) -> np.ndarray:
    n = max(int((x1 - x0) / 0.25), 8)
    xs = np.linspace(x0, x1, n)
    phase = (xs - x0) / period * 2 * math.pi
    ys = yc + amp * (2 / math.pi) * np.arcsin(np.sin(phase)) if zigzag else yc + amp * np.sin(phase)
    return np.stack([xs, ys], axis=1)


def scribble_pts(x0: float, x1: float, yc: float, height: float, rng: np.random.Generator) -> np.ndarray:
    """Back-and-forth loops covering the name."""
    n = max(int((x1 - x0) / 0.6), 6)
    xs = np.linspace(x0, x1, n) + rng.normal(0, 0.3, n)
    ys = yc + (height / 2) * np.where(np.arange(n) % 2 == 0, 1, -1) * rng.uniform(0.6, 1.0, n)
    return np.stack([xs, ys], axis=1)


def circle_pts(cx: float, cy: float, rx: float, ry: float) -> np.ndarray:
    t = np.linspace(0, 2 * math.pi * 1.05, 60)
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)


def draw_x(canvas: Canvas, x: float, y: float, w: float, h: float, pen: Pen, rng: np.random.Generator,
           inset: float = 0.2) -> None:
    """An X filling the box (x, y, w, h) mm, drawn as two slightly wobbly diagonals."""
    a, b = inset * w, inset * h
    j = rng.normal(0, 0.15, 4)
    canvas.stroke(line_pts(x + a + j[0], y + b, x + w - a, y + h - b + j[1], rng, 0.04, 16), pen, rng)
    canvas.stroke(line_pts(x + w - a + j[2], y + b, x + a, y + h - b + j[3], rng, 0.04, 16), pen, rng)


def draw_tick(canvas: Canvas, x: float, y: float, w: float, h: float, pen: Pen, rng: np.random.Generator) -> None:
    pts = np.array([[x + 0.2 * w, y + 0.55 * h], [x + 0.42 * w, y + 0.8 * h], [x + 0.85 * w, y + 0.2 * h]])
    canvas.stroke(pts, pen, rng)


def write_text(canvas: Canvas, text: str, x: float, y: float, height_mm: float, grey: int = 40) -> None:
    """Hand-written-looking text (Hershey script) — a written-in name or a signature."""
    scale = height_mm * canvas.k / 22.0
    thickness = max(1, round(0.4 * canvas.k))
    org = (round(x * canvas.k), round(y * canvas.k))
    mask = np.zeros_like(canvas.page)
    cv2.putText(mask, text, org, cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, scale, 255, thickness, cv2.LINE_AA)
    alpha = mask.astype(np.float32) / 255.0
    darken = 1.0 - alpha * (1.0 - grey / 255.0)
    canvas.page[:] = np.clip(canvas.page.astype(np.float32) * darken, 0, 255).astype(np.uint8)
