"""Read many files with one worker process per core (OpenCV single-threaded in each).

`Reader` keeps its worker processes for as many batches as the caller sends: each worker starts
once, renders the templates of every layout once (in its initializer), and then only reads.
Workers get file paths (or bytes) and decode them themselves, so the parent never holds images;
results come back in input order, in chunks, as they are ready.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import cv2

from ballots.layout import BallotLayout
from ballots.reading.heap import keep_freed_memory
from ballots.reading.model import Rejection, SheetReading, Status
from ballots.reading.side import prepare, read_pages

_LAYOUTS: Mapping[str, BallotLayout] = {}
_PREPARE_S = 0.0


def _init(layouts: Mapping[str, BallotLayout], render: bool = True) -> None:
    global _LAYOUTS, _PREPARE_S
    cv2.setNumThreads(1)
    keep_freed_memory()
    _LAYOUTS = layouts
    t = time.perf_counter()
    if render:
        prepare(layouts)
    _PREPARE_S = time.perf_counter() - t


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


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (0.0 where the platform cannot tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


class WorkerState(NamedTuple):
    pid: int
    prepare_s: float  # templates rendered at start
    peak_rss_mb: float
    cpu_s: float  # CPU time used so far


def _worker_state(pause_s: float) -> WorkerState:
    time.sleep(pause_s)  # hold this worker so the other workers take the other probes
    return WorkerState(os.getpid(), _PREPARE_S, peak_rss_mb(), time.process_time())


class Reader:
    """A pool of reading workers kept for many batches; use as a context manager.

    `workers=1` reads in this process (no pool). Templates are rendered at worker start
    (`prepare=True`) so the first sheets do not pay for them.
    """

    def __init__(self, layouts: Mapping[str, BallotLayout], workers: int | None = None,
                 chunksize: int = 8, prepare: bool = True) -> None:
        self.layouts = dict(layouts)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.chunksize = max(1, chunksize)
        self._pool: ProcessPoolExecutor | None = None
        if self.workers == 1:
            _init(self.layouts, prepare)
        else:
            # "spawn": a forked child can inherit OpenCV/pdfium thread state mid-use and hang.
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init, initargs=(self.layouts, prepare))

    @classmethod
    def for_files(cls, layouts: Mapping[str, BallotLayout], files: int | None, workers: int | None = None,
                  chunksize: int = 8) -> Reader:
        """A reader sized by `pool_size` for `files` files (None: a watched folder). Its worker
        processes start with the first read, so a run that reads nothing starts none."""
        n, prepare = pool_size(files, workers)
        return cls(layouts, n, chunksize, prepare=prepare)

    def read(self, items: Iterable[str | Path | bytes]) -> Iterator[tuple[SheetReading, ...]]:
        """Every page of every item (a path or file bytes), lazily, in input order."""
        if self._pool is None:
            return (_read_one(i) for i in items)
        return self._pool.map(_read_one, items, chunksize=self.chunksize)

    def worker_states(self, rounds: int = 20) -> list[WorkerState]:
        """Start every worker (if not yet) and return the state of each (for benchmarks, monitoring)."""
        if self._pool is None:
            return [_worker_state(0.0)]
        seen: dict[int, WorkerState] = {}
        for _ in range(rounds):
            for state in self._pool.map(_worker_state, [0.05] * self.workers):
                seen[state[0]] = state
            if len(seen) >= self.workers:
                break
        return sorted(seen.values())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pool_size(items: int | None, workers: int | None = None) -> tuple[int, bool]:
    """(reading processes, render the templates at worker start) for `items` files (None: a stream
    of unknown length, e.g. a watched folder). One file is read in-process, and a short batch does
    not pay for rendering every layout's templates in every worker."""
    n = max(1, workers or os.cpu_count() or 1)
    if items is not None and items <= 1:
        n = 1
    return n, items is None or items > 4 * n


def read_many(items: Sequence[str | Path | bytes], layouts: Mapping[str, BallotLayout],
              workers: int | None = None, chunksize: int = 8) -> list[tuple[SheetReading, ...]]:
    """Every page of every item (a path or file bytes), in input order; workers=1 runs in-process."""
    with Reader.for_files(layouts, len(items), workers, chunksize) as reader:
        return list(reader.read(items))
