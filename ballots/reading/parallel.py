"""Read many files with one worker process per core (OpenCV single-threaded in each).

Results come back in input order. Templates are rendered once per worker (cached by layout hash).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2

from ballots.layout import BallotLayout
from ballots.reading.model import Rejection, SheetReading, Status
from ballots.reading.side import read_pages

_LAYOUTS: Mapping[str, BallotLayout] = {}


def _init(layouts: Mapping[str, BallotLayout]) -> None:
    global _LAYOUTS
    cv2.setNumThreads(1)
    _LAYOUTS = layouts


def _read_one(item: str | Path | bytes) -> tuple[SheetReading, ...]:
    if isinstance(item, bytes | bytearray):
        return read_pages(bytes(item), _LAYOUTS)
    path = Path(item)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return (SheetReading(Status.REJECTED, f"{Rejection.UNREADABLE.value}: {path.name} cannot be read "
                             f"({exc.strerror or exc}).", None, 0),)
    return read_pages(data, _LAYOUTS, path.name)


def read_many(items: Sequence[str | Path | bytes], layouts: Mapping[str, BallotLayout],
              workers: int | None = None, chunksize: int = 8) -> list[tuple[SheetReading, ...]]:
    """Every page of every item (a path or file bytes), in input order; workers=1 runs in-process."""
    workers = workers or os.cpu_count() or 1
    layouts = dict(layouts)
    if workers <= 1 or len(items) <= 1:
        _init(layouts)
        return [_read_one(i) for i in items]
    # "spawn": a forked child can inherit OpenCV/pdfium thread state mid-use and hang.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init, initargs=(layouts,)) as pool:
        return list(pool.map(_read_one, items, chunksize=max(1, chunksize)))
