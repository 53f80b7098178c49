"""Hostile and broken image files through ballots.reading: only ImageError (naming the file) or a reading.

≥ 1,000 generated files per run: 0-byte, truncated, decompression-bomb headers (PNG, JPEG, TIFF,
BMP announcing absurd sizes), wrong formats behind a right magic number, random noise, bit flips
of a real ballot scan, and pictures that are not ballots. Nothing but `ImageError` may escape
`decode_bytes`; `read_side`/`read_pages` return a SheetReading or raise `ImageError`.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import cache

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.errors import ImageError
from ballots.layout import BallotLayout
from ballots.reading.decode import decode_bytes
from ballots.reading.model import SheetReading
from ballots.reading.side import read_pages, read_side

NAME = "hop-phieu-07/trang-0042.png"
FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _layouts() -> dict[str, BallotLayout]:
    from ballots.synth.corpus import make_layout

    layout = make_layout(6, "strike", seed=9)
    return {layout.spec.election: layout}


@cache
def _ballot_png() -> bytes:
    """A real (synthetic) scan of a marked ballot side at 100 dpi, as PNG bytes."""
    from ballots.synth.corpus import make_side

    layout = next(iter(_layouts().values()))
    side = make_side(layout, 1, {2: "single"}, dpi=100, seed=3)
    return cv2.imencode(".png", side.image)[1].tobytes()


@cache
def _ballot_jpeg() -> bytes:
    img = cv2.imdecode(np.frombuffer(_ballot_png(), np.uint8), cv2.IMREAD_GRAYSCALE)
    return cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 70])[1].tobytes()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header announces width x height (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def jpeg_bomb(width: int, height: int) -> bytes:
    width, height = min(width, 65535), min(height, 65535)  # a JPEG header holds 16-bit sizes
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + sof + b"\xff\xd9"


def tiff_bomb(width: int, height: int) -> bytes:
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (262, 3, 1, 1), (273, 4, 1, 8),
               (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, 16)]
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + b"\0\0\0\0"
    return b"II*\x00" + struct.pack("<I", 24) + b"\0" * 16 + ifd


def bmp_bomb(width: int, height: int) -> bytes:
    width, height = min(width, 2**31 - 1), min(height, 2**31 - 1)
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 54 + 16, 0, 0, 54) + header + b"\0" * 16


def _png(img: np.ndarray) -> bytes:
    return cv2.imencode(".png", img)[1].tobytes()


dims = st.integers(0, 2**31 - 1)
huge_dims = st.tuples(st.integers(20_001, 2**31 - 1), st.integers(1, 2**31 - 1)) | st.tuples(
    st.integers(9_000, 20_000), st.integers(9_000, 20_000))
magic = st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"%PDF-1.7\n", b"BM", b""])


class Hostile(tuple):
    """(kind, bytes) with a short repr, so a failing example is readable in the report."""

    def __repr__(self) -> str:
        kind, data = self
        return f"Hostile({kind!r}, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}, head {data[:24]!r})"


@st.composite
def hostile_files(draw: st.DrawFn) -> Hostile:
    return Hostile(_hostile(draw))


def _hostile(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["empty", "truncated", "bomb", "dims", "wrong_format", "noise", "flip",
                                 "not_ballot", "tiny"]))
    if kind == "empty":
        return kind, b""
    if kind == "truncated":
        data = draw(st.sampled_from([_ballot_png(), _ballot_jpeg()]))
        return kind, data[: draw(st.integers(1, len(data) - 1))]
    if kind in ("bomb", "dims"):
        w, h = draw(huge_dims) if kind == "bomb" else (draw(dims), draw(dims))
        maker = draw(st.sampled_from([png_bomb, jpeg_bomb, tiff_bomb, bmp_bomb]))
        return kind, maker(w, h)
    if kind == "wrong_format":
        return kind, draw(magic) + draw(st.binary(max_size=2048))
    if kind == "noise":
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        h, w = draw(st.integers(200, 420)), draw(st.integers(200, 420))
        img = rng.integers(0, 256, (h, w), dtype=np.uint8)
        return kind, _png(img) if draw(st.booleans()) else cv2.imencode(".jpg", img)[1].tobytes()
    if kind == "flip":
        data = bytearray(draw(st.sampled_from([_ballot_png(), _ballot_jpeg()])))
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
        return kind, bytes(data)
    if kind == "not_ballot":
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        img = np.full((draw(st.integers(200, 500)), draw(st.integers(200, 500))), 240, np.uint8)
        for _ in range(draw(st.integers(0, 12))):  # a page of rectangles and lines: a form, not ours
            x, y = int(rng.integers(0, img.shape[1])), int(rng.integers(0, img.shape[0]))
            cv2.rectangle(img, (x, y), (x + int(rng.integers(5, 120)), y + int(rng.integers(5, 60))), 0, -1)
        cv2.putText(img, "BIEN BAN", (20, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
        return kind, _png(img)
    w, h = draw(st.integers(1, 199)), draw(st.integers(1, 199))
    return kind, _png(np.full((h, w), 200, np.uint8))


@FUZZ
@given(hostile_files())
def test_every_hostile_file_is_refused_clearly_or_read(case: tuple[str, bytes]) -> None:
    kind, data = case
    try:
        decoded = decode_bytes(data, NAME)
    except ImageError as exc:
        assert NAME in str(exc), f"{kind}: the message does not name the file: {exc}"
        assert "\n" not in str(exc)
    else:
        assert decoded.pages and all(p.dtype == np.uint8 and p.ndim == 2 for p in decoded.pages)
        assert kind not in ("empty", "bomb"), f"{kind} was decoded"
        assert all(p.shape[0] * p.shape[1] <= 80_000_000 for p in decoded.pages)
    # The whole reading path: a reading with a reason, or ImageError — never anything else.
    readings = read_pages(data, _layouts(), NAME)
    assert readings and all(isinstance(r, SheetReading) for r in readings)
    if kind in ("empty", "bomb", "wrong_format", "tiny", "noise", "not_ballot"):
        assert all(r.status.value in ("rejected", "blank") for r in readings), (kind, readings[0])
        assert all(r.reason for r in readings)


@settings(max_examples=100, deadline=None)
@given(hostile_files())
def test_read_side_on_bytes_raises_only_image_error(case: tuple[str, bytes]) -> None:
    _, data = case
    try:
        reading = read_side(data, _layouts())
    except ImageError as exc:
        assert str(exc)
    else:
        assert isinstance(reading, SheetReading) and reading.reason is not None


@pytest.mark.parametrize("maker", [png_bomb, jpeg_bomb, tiff_bomb, bmp_bomb])
def test_a_decompression_bomb_is_refused_before_decoding(maker) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImageError, match=r"decompression bomb|more than"):
        decode_bytes(maker(60_000, 60_000), NAME)
