"""Follow a scanner's output folder: poll, and hand over each new file once its size is stable.

Polling (not inotify) works the same on every system and on network shares; a file is taken only
when two polls in a row saw the same size and modification time (the scanner has finished it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from congress.scanning.sources import expand

Clock = Callable[[], float]


class FolderWatch:
    """New, finished scan files under some folders, each handed out once."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self._pending: dict[Path, tuple[int, int]] = {}
        self._taken: set[Path] = set()

    def poll(self) -> list[Path]:
        """Files that were seen unchanged since the previous poll and not handed out before."""
        ready: list[Path] = []
        for path in expand(self.folders):
            key = path.resolve()
            if key in self._taken:
                continue
            try:
                st = path.stat()
            except OSError:
                continue  # moved away between the listing and now
            stamp = (st.st_size, st.st_mtime_ns)
            if st.st_size > 0 and self._pending.get(key) == stamp:
                ready.append(path)
                self._taken.add(key)
                self._pending.pop(key, None)
            else:
                self._pending[key] = stamp
        return ready


def watch(folders: list[Path], *, interval: float = 1.0, seconds: float | None = None,
          should_stop: Callable[[], bool] = lambda: False, clock: Clock = time.monotonic,
          sleep: Callable[[float], None] = time.sleep) -> Iterator[list[Path]]:
    """Yield batches of finished files until asked to stop or `seconds` have passed."""
    watcher = FolderWatch(folders)
    deadline = None if seconds is None else clock() + seconds
    while not should_stop():
        ready = watcher.poll()
        if ready:
            yield ready
        if deadline is not None and clock() >= deadline:
            # One last look so files finished just before the deadline are not left behind.
            ready = watcher.poll()
            if ready:
                yield ready
            return
        sleep(interval)
