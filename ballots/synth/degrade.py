"""Scanner and phone degradations for synthetic ballots; every function is seeded by its caller.

Each takes a greyscale uint8 page and a numpy Generator and returns a new page. Geometric
degradations keep the paper white outside the original page (a scanner bed is white-ish).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

PAPER = 245


def _warp_affine(page: np.ndarray, m: np.ndarray, size: tuple[int, int] | None = None) -> np.ndarray:
    h, w = page.shape
    return cv2.warpAffine(page, m, size or (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=PAPER)


def skew(page: np.ndarray, rng: np.random.Generator, max_deg: float = 3.0,
         max_shift_mm: float = 3.0, px_per_mm: float = 8.0) -> np.ndarray:
    """Rotate by up to `max_deg` and translate by a few mm (paper fed askew).

    The scan area is a little larger than the paper (as on real scanners), so corners stay in.
    """
    pad = int(0.04 * max(page.shape))
    page = cv2.copyMakeBorder(page, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=PAPER)
    h, w = page.shape
    angle = rng.uniform(-max_deg, max_deg)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[:, 2] += rng.uniform(-max_shift_mm, max_shift_mm, 2) * px_per_mm
    return _warp_affine(page, m)


def fit_to_page(page: np.ndarray, rng: np.random.Generator, lo: float = 0.94, hi: float = 0.97) -> np.ndarray:
    """Printer "fit to page": the whole sheet shrunk to 94-97 % and centred."""
    h, w = page.shape
    s = rng.uniform(lo, hi)
    m = np.array([[s, 0, (1 - s) * w / 2], [0, s, (1 - s) * h / 2]], np.float64)
    return _warp_affine(page, m)


def uneven_stretch(page: np.ndarray, rng: np.random.Generator, amount: float = 0.015) -> np.ndarray:
    """Sheet feeders pull paper unevenly: y is stretched by up to `amount`, varying along the page."""
    h, w = page.shape
    ys = np.arange(h, dtype=np.float32)
    # Local stretch factor varies smoothly between 1-amount and 1+amount along the feed.
    phase = rng.uniform(0, 2 * math.pi)
    local = 1.0 + amount * np.sin(ys / h * math.pi * rng.uniform(0.8, 1.6) + phase)
    mapped = np.cumsum(1.0 / local).astype(np.float32)
    mapped *= (h - 1) / mapped[-1]
    # Slight skew of the stretch across x (one roller grips harder).
    tilt = rng.uniform(-amount, amount) * 0.5
    xs = np.arange(w, dtype=np.float32)
    map_y = mapped[:, None] + tilt * (xs[None, :] - w / 2) * (ys[:, None] / h)
    map_x = np.broadcast_to(xs[None, :], (h, w)).astype(np.float32)
    return cv2.remap(page, map_x, map_y.astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=PAPER)


def blur(page: np.ndarray, rng: np.random.Generator, max_sigma: float = 1.0) -> np.ndarray:
    return cv2.GaussianBlur(page, (0, 0), rng.uniform(0.3, max_sigma))


def noise(page: np.ndarray, rng: np.random.Generator, max_sigma: float = 8.0) -> np.ndarray:
    n = rng.normal(0, rng.uniform(2, max_sigma), page.shape).astype(np.float32)
    return np.clip(page.astype(np.float32) + n, 0, 255).astype(np.uint8)


def jpeg(page: np.ndarray, rng: np.random.Generator, lo: int = 60, hi: int = 92) -> np.ndarray:
    q = int(rng.integers(lo, hi + 1))
    ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, q])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def streaks(page: np.ndarray, rng: np.random.Generator, count: int = 2) -> np.ndarray:
    """Dust on the scanner glass: thin vertical lines along the whole feed."""
    out = page.copy()
    _h, w = page.shape
    for _ in range(count):
        x = int(rng.integers(w // 10, w - w // 10))
        width = int(rng.integers(1, 3))
        level = rng.uniform(0.35, 0.8)
        out[:, x:x + width] = (out[:, x:x + width] * level).astype(np.uint8)
    return out


def fold(page: np.ndarray, rng: np.random.Generator, y: int | None = None, darkness: float | None = None) -> np.ndarray:
    """A horizontal fold: a thin crease shadow plus a slight brightness step across it."""
    h, w = page.shape
    y = int(rng.integers(h // 5, 4 * h // 5)) if y is None else y
    dark = rng.uniform(0.55, 0.85) if darkness is None else darkness
    out = page.astype(np.float32)
    tilt = rng.uniform(-0.004, 0.004) * w
    xs = np.arange(w)
    ys = (y + tilt * (xs / w - 0.5)).astype(int)
    for dy, f in ((-1, 0.5), (0, 1.0), (1, 0.5)):
        yy = np.clip(ys + dy, 0, h - 1)
        out[yy, xs] *= 1.0 - (1.0 - dark) * f
    out[: max(y - 2, 0)] *= rng.uniform(0.96, 1.0)  # one half slightly shaded
    return np.clip(out, 0, 255).astype(np.uint8)


def dust(page: np.ndarray, rng: np.random.Generator, count: int = 30) -> np.ndarray:
    """Specks of dust/toner: tiny dark dots scattered over the page."""
    out = page.copy()
    h, w = page.shape
    for _ in range(count):
        cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = int(rng.integers(1, 3))
        cv2.circle(out, (cx, cy), r, int(rng.integers(40, 140)), -1)
    return out


def low_toner(page: np.ndarray, rng: np.random.Generator, lo: float = 0.55, hi: float = 0.8) -> np.ndarray:
    """Faded print: the ink contrast reduced to 55-80 %."""
    f = rng.uniform(lo, hi)
    return (255 - (255 - page.astype(np.float32)) * f).astype(np.uint8)


def perspective(page: np.ndarray, rng: np.random.Generator, amount: float = 0.04) -> np.ndarray:
    """A phone photo: the four corners moved by up to `amount` of the page size."""
    h, w = page.shape
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + rng.uniform(-amount, amount, (4, 2)).astype(np.float32) * np.float32([w, h])
    # Shrink so the page stays inside the frame.
    dst = (dst - dst.mean(0)) * 0.92 + np.float32([w / 2, h / 2])
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(page, m, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=120)


def curl(page: np.ndarray, rng: np.random.Generator, amount_mm: float = 1.5, px_per_mm: float = 8.0) -> np.ndarray:
    """Paper curling off the table: a smooth bulge displacing pixels by up to `amount_mm`."""
    h, w = page.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    a = amount_mm * px_per_mm
    phase = rng.uniform(0, math.pi)
    map_x = xs + a * np.sin(ys / h * math.pi + phase) * (xs / w - 0.5)
    map_y = ys + a * np.sin(xs / w * math.pi) * (ys / h)
    return cv2.remap(page, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=PAPER)


def shading(page: np.ndarray, rng: np.random.Generator, strength: float = 0.25) -> np.ndarray:
    """Uneven light: a linear gradient darkening one side by up to `strength`."""
    h, w = page.shape
    angle = rng.uniform(0, 2 * math.pi)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    g = (np.cos(angle) * xs / w + np.sin(angle) * ys / h)
    g = (g - g.min()) / max(float(g.max() - g.min()), 1e-6)
    f = 1.0 - strength * rng.uniform(0.5, 1.0) * g
    return np.clip(page.astype(np.float32) * f, 0, 255).astype(np.uint8)


def rotate(page: np.ndarray, quarter_turns: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(page, quarter_turns))


SCANNER = ("skew", "stretch", "blur", "noise", "jpeg")


def scanner_pipeline(page: np.ndarray, rng: np.random.Generator, px_per_mm: float,
                     strength: float = 1.0) -> np.ndarray:
    """A typical sheet-feeder scan: skew, uneven stretch, blur, noise, JPEG — all seeded."""
    out = skew(page, rng, max_deg=3.0 * strength, px_per_mm=px_per_mm)
    out = uneven_stretch(out, rng, amount=0.015 * strength)
    out = blur(out, rng, max_sigma=0.4 + 0.6 * strength)
    out = noise(out, rng, max_sigma=3 + 5 * strength)
    return jpeg(out, rng)
