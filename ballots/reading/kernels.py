"""Compiled per-row loops (numba): the row alignment, the added ink and the strike's column counts.

Each row of a ballot needs a few dozen small mask operations. From Python every OpenCV call costs
1-2 us before it touches a pixel, and a row's masks are only a few thousand pixels, so the calls
cost more than the work. These kernels do the same work in one pass each. They compute exactly
what the OpenCV formulations in the tests compute (the same masks and the same whole counts).

All masks are uint8 0/255. Compiled on first use and cached beside this file (`cache=True`).
"""

from __future__ import annotations

import numpy as np
from numba import njit, types
from numba.extending import intrinsic


@intrinsic
def _popcount(typingctx, x):
    """Set bits of a uint64 (LLVM's ctpop: one instruction on any x86-64 with POPCNT)."""
    if not isinstance(x, types.Integer):
        return None

    def codegen(context, builder, signature, args):
        return builder.ctpop(args[0])

    return types.uint64(types.uint64), codegen


@njit(cache=True, nogil=True)
def _pack_window(img, y0, x0, h, w, words):
    """Rows of the h x w window of a 0/255 image at (x0, y0) as bits: column x0 + 64 j + b in bit b
    of word j; 0 where the window leaves the image."""
    big, wide = img.shape
    c0, c1 = max(x0, 0) - x0, min(x0 + w, wide) - x0  # the window's columns on the image
    out = np.zeros((h, words), np.uint64)
    for i in range(h):
        r = y0 + i
        if 0 <= r < big:
            line = img[r]
            for j in range(words):
                v = np.uint64(0)
                for b in range(max(c0 - 64 * j, 0), min(c1 - 64 * j, 64)):
                    v |= np.uint64(line[x0 + 64 * j + b] & 1) << np.uint64(b)
                out[i, j] = v
    return out


@njit(cache=True, nogil=True)
def _best_of(t_bits, w_bits, th, s):
    """(dx, dy) in 0..2s with the most overlapping bits of the template rows `t_bits` over the
    window rows `w_bits` (2s more of each), less 0.5 per pixel of |dx - s| + |dy - s| (small
    corrections win near-ties); the first in row-major order wins exact ties (numpy's argmax)."""
    wh, words = w_bits.shape[0], t_bits.shape[1]
    best = -1.0e18
    bx, by = 0, 0
    shifted = np.empty((wh, words), np.uint64)
    score = np.zeros((2 * s + 1, 2 * s + 1), np.float64)
    for dx in range(2 * s + 1):
        q, b = dx >> 6, dx & 63
        for r in range(wh):
            for j in range(words):
                lo = w_bits[r, j + q]
                if b:
                    lo = (lo >> np.uint64(b)) | (w_bits[r, j + q + 1] << np.uint64(64 - b))
                shifted[r, j] = lo
        for dy in range(2 * s + 1):
            n = np.uint64(0)
            for r in range(th):
                for j in range(words):
                    n += _popcount(t_bits[r, j] & shifted[r + dy, j])
            score[dy, dx] = float(n) - 0.5 * (abs(dx - s) + abs(dy - s))
    for dy in range(2 * s + 1):
        for dx in range(2 * s + 1):
            if score[dy, dx] > best:
                best = score[dy, dx]
                bx, by = dx, dy
    return bx, by


@njit(cache=True, nogil=True)
def best_overlap(window, tmpl):
    """(dx, dy) in 0..2s where `tmpl` overlaps `window` (2s px larger both ways) in the most ink
    pixels (see _best_of). Exact whole counts, where a DFT correlation (cv2.matchTemplate)
    carries rounding noise."""
    th, tw = tmpl.shape
    s = (window.shape[1] - tw) // 2
    words = (tw + 63) >> 6
    wh, ww = window.shape
    return _best_of(_pack_window(tmpl, 0, 0, th, tw, words), _pack_window(window, 0, 0, wh, ww, words + 1 + ((2 * s) >> 6)),
                    th, s)


@njit(cache=True, nogil=True)
def _stem_bits(ink, y0, x0, h, w, n, words):
    """Rows of the letter stems of `ink` (its opening by an n x 1 column: what OpenCV's
    morphologyEx gives, the image's border ignored) in the window of h x w px at (x0, y0), as
    bits (see _pack_window); 0 outside the image. The opening of a column needs only that column,
    n - 1 rows up and down, so the window's stems are computed from its own columns alone."""
    big = ink.shape[0]
    a = n // 2
    top = y0 - 2 * a  # first ink row the window's stems depend on
    raw = _pack_window(ink, top, x0, h + 2 * (n - 1), w, words)
    eroded = np.zeros((h + n - 1, words), np.uint64)  # rows y0 - a on
    for e in range(h + n - 1):
        q = y0 - a + e
        if q < 0 or q >= big:
            continue
        for j in range(words):
            v = ~np.uint64(0)
            for i in range(n):
                r = q + i - a
                if 0 <= r < big:
                    v &= raw[r - top, j]
            eroded[e, j] = v
    out = np.zeros((h, words), np.uint64)
    for t in range(h):
        r = y0 + t
        if r < 0 or r >= big:
            continue
        for j in range(words):
            v = np.uint64(0)
            for i in range(n):
                q = r + i - a
                if 0 <= q < big:
                    v |= eroded[t + i, j]
            out[t, j] = v
    return out


@njit(cache=True, nogil=True)
def pack_rows(mask):
    """The rows of a 0/255 mask as bits (see _pack_window), e.g. a template's, packed once."""
    h, w = mask.shape
    return _pack_window(mask, 0, 0, h, w, (w + 63) >> 6)


@njit(cache=True, nogil=True)
def best_stem_overlap(ink, x0, y0, t_bits, tw, s, n):
    """best_overlap of the template's stems (`t_bits`: pack_rows of them, `tw` px wide) over the
    scan's letter stems (the opening of `ink` by an n x 1 column) in the window at (x0, y0), 2s
    px larger than the template both ways: the scan's stems are computed in the window only."""
    th, words = t_bits.shape
    w_bits = _stem_bits(ink, y0, x0, th + 2 * s, tw + 2 * s, n, words + 1 + ((2 * s) >> 6))
    return _best_of(t_bits, w_bits, th, s)


@njit(cache=True, nogil=True)
def _and_column_sums(src, sy, sx, blank, by, bx, h, a, b, acc):
    """acc[c - a] = pixels inked in both src (from (sy, sx)) and blank (from (by, bx)) in column c."""
    acc[:b - a] = 0
    for r in range(h):
        s = src[sy + r, sx + a:sx + b]
        p = blank[by + r, bx + a:bx + b]
        for c in range(b - a):
            acc[c] += (s[c] & p[c]) >> 7


@njit(cache=True, nogil=True)
def added_tiled(src, sy, sx, blank, by, bx, h, w, tile, near):
    """The added ink of a h x w row cell, each `tile`-wide slice at its own best shift of `near`.

    The scan of the cell at the row's own shift starts at src[sy, sx] (one more pixel is read on
    every side); the template's blank (255 where it printed nothing) at blank[by, bx]. A slice
    takes the first shift in `near` (the row's own, (0, 0), first) leaving the least added ink.
    Windows are given as (whole image, origin) so rows stay contiguous for the vector units.
    """
    out = np.empty((h, w), np.uint8)
    acc = np.zeros(max(w, 1), np.uint16)  # column counts: a cell is far less than 65,536 px tall
    for r in range(h):
        s = src[sy + r, sx:sx + w]
        p = blank[by + r, bx:bx + w]
        o = out[r]
        for c in range(w):
            v = s[c] & p[c]
            o[c] = v
            acc[c] += v >> 7
    tiles = (w + tile - 1) // tile
    own = np.zeros(tiles, np.int64)
    for c in range(w):
        own[c // tile] += acc[c]
    first, last = tiles, -1
    for j in range(tiles):
        if own[j]:
            first, last = min(first, j), j
    if last < 0:
        return out  # nothing added: no other shift can have less (ties go to (0, 0))
    # Only the tiles from the first to the last one with added ink can change: the others keep
    # (0, 0), which no shift can beat. Each shift is counted over that whole stretch at once.
    a, b = first * tile, min((last + 1) * tile, w)
    best = own[first:last + 1].copy()
    choice = np.zeros(last + 1 - first, np.int64)
    for k in range(1, near.shape[0]):
        _and_column_sums(src, sy + near[k, 1], sx + near[k, 0], blank, by, bx, h, a, b, acc)
        for j in range(first, last + 1):
            if own[j] == 0:
                continue
            n = 0
            for c in range(j * tile - a, min((j + 1) * tile, w) - a):
                n += acc[c]
            if n < best[j - first]:
                best[j - first], choice[j - first] = n, k
    for j in range(first, last + 1):
        k = choice[j - first]
        if k:
            oy, ox = sy + near[k, 1], sx + near[k, 0]
            for r in range(h):
                for c in range(j * tile, min((j + 1) * tile, w)):
                    out[r, c] = src[oy + r, ox + c] & blank[by + r, bx + c]
    return out


@njit(cache=True, nogil=True)
def inked_columns(src, sy, sx, blank, by, bx, h, w):
    """Columns of a h x w window with a pixel inked in both src (from (sy, sx)) and blank (from (by, bx))."""
    seen = np.zeros(max(w, 1), np.uint8)
    for r in range(h):
        s = src[sy + r, sx:sx + w]
        p = blank[by + r, bx:bx + w]
        for c in range(w):
            seen[c] |= s[c] & p[c]
    n = 0
    for c in range(w):
        n += seen[c] >> 7
    return n


@njit(cache=True, nogil=True)
def _longest(flags):
    best = run = 0
    for f in flags:
        run = run + 1 if f else 0
        best = max(best, run)
    return best


@njit(cache=True, nogil=True)
def letter_bridged(visible, letters, max_run):
    """The name's columns a stroke crosses: those where it shows, plus each run of hidden columns
    that lies wholly under letters, at most `max_run` long, with the stroke showing on both sides.

    A wavy line enters and leaves a letter at different heights, so the pixel bridge (which
    allows +-1 px) misses it; seen on both sides of a letter, it crossed that letter. A white gap
    between letters is never bridged: there, nothing can hide a stroke.
    """
    n = visible.shape[0]
    out = visible.copy()
    c = 0
    while c < n:
        if visible[c]:
            c += 1
            continue
        e = c
        under = True
        while e < n and not visible[e]:
            under = under and letters[e]
            e += 1
        if c > 0 and e < n and e - c <= max_run and under:
            out[c:e] = True
        c = e
    return out


@njit(cache=True, nogil=True)
def strike_counts(clean, printed, x0, x1, ty0, ty1, r0, bridge, max_run, edge):
    """The whole counts behind ballots.reading.evidence.strike_evidence, one pass over the cell.

    Returns (crossed, span, span_letters, gap_columns, gaps_seen, cell_columns, ink, edge_ink,
    tail_inked): name columns crossed in the band after bridging, the longest crossed run, the
    same with letters bridged (letter_bridged), white gap columns and those with visible ink,
    name columns with ink anywhere in the cell, ink pixels, ink in the top/bottom `edge` rows,
    and inked columns of the band from r0 on.
    """
    h, w = clean.shape
    n = max(x1 - x0, 0)
    half = bridge // 2
    # The closing at a name column reads the row's slack up to 2 * half columns away.
    c0, c1 = max(x0 - 2 * half, 0), min(x1 + 2 * half, w)
    cols = np.zeros(n, np.bool_)
    seen = np.zeros(w, np.uint8)  # columns with ink anywhere in the band
    under = np.zeros(w, np.uint8)  # columns with printing anywhere in the band
    slack = np.zeros(w, np.uint8)
    for r in range(ty0, ty1):
        row, p = clean[r], printed[r]
        up = clean[r - 1] if r > 0 else row
        down = clean[r + 1] if r + 1 < h else row
        for c in range(w):
            seen[c] |= row[c]
            under[c] |= p[c]
        any_slack = 0
        for c in range(c0, c1):
            v = up[c] | row[c] | down[c]
            slack[c] = v
            any_slack |= v
        if not any_slack:
            continue  # one white gap the whole row long: nothing to bridge
        # Bridged: added | (close(dilate(added, 3x1), 1 x bridge) & printed). The closing
        # of a row fills exactly its gaps of at most 2 * half columns between two inked pixels,
        # and those of at most half columns at the image's edges (OpenCV ignores the border).
        c = c0
        while c < c1:
            if slack[c]:
                if x0 <= c < x1 and p[c]:
                    cols[c - x0] = True  # under the slack itself (the stroke a row up or down)
                c += 1
                continue
            g0 = c
            while c < c1 and not slack[c]:
                c += 1
            length = c - g0
            closed = length <= half if (g0 == 0 or c == w) else length <= 2 * half
            if closed:
                for i in range(max(g0, x0), min(c, x1)):
                    if p[i]:
                        cols[i - x0] = True
    letters = np.zeros(n, np.bool_)
    for i in range(n):
        letters[i] = under[x0 + i] != 0
    visible = np.zeros(n, np.bool_)
    crossed = gap_columns = gaps_seen = 0
    for i in range(n):
        visible[i] = seen[x0 + i] != 0
        cols[i] = cols[i] or visible[i]
        crossed += cols[i]
        if not letters[i]:
            gap_columns += 1
            gaps_seen += visible[i]
    cell = np.zeros(w, np.uint8)
    ink = edge_ink = 0
    for r in range(h):
        row = clean[r]
        k = 0
        for c in range(w):
            k += row[c] >> 7
            cell[c] |= row[c]
        ink += k
        if r < edge:
            edge_ink += k
        if r >= h - edge:
            edge_ink += k
    cell_columns = 0
    for c in range(x0, x1):
        cell_columns += cell[c] >> 7
    tail_inked = 0
    for c in range(r0, w):
        tail_inked += seen[c] >> 7
    return (crossed, _longest(cols), _longest(letter_bridged(visible, letters, max_run)), gap_columns, gaps_seen,
            cell_columns, ink, edge_ink, tail_inked)


def warm() -> None:
    """Compile the kernels (or load them from the cache) for the array types the reader passes
    them, at a reading worker's start rather than on its first side: the scan's masks (writable),
    the template's (read-only), and a read-only view of the template beside a padded copy."""
    scan = np.zeros((12, 12), np.uint8)
    fixed = scan.copy()
    fixed.flags.writeable = False
    near = np.zeros((2, 2), np.int64)
    added_tiled(scan, 1, 1, fixed, 0, 0, 8, 8, 4, near)
    inked_columns(scan, 1, 1, fixed, 0, 0, 8, 8)
    best_overlap(scan[:6, :6].copy(), fixed[:4, :4])
    best_stem_overlap(scan, 0, 0, pack_rows(fixed[:4, :4]), 4, 1, 3)
    for printed in (fixed[1:9, 1:9], fixed[:8, :8].copy()):
        printed.flags.writeable = False
        strike_counts(scan[:8, :8].copy(), printed, 1, 6, 2, 6, 7, 3, 4, 1)
