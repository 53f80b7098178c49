"""Write a file so that a crash never leaves a partial file under its final name.

The content goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
the final name (atomic on POSIX and Windows); the folder is fsynced so the rename survives a crash.
"""

import contextlib
import glob
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from congress.errors import CongressError

PART_SUFFIX = ".part"


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it is fsynced and renamed to `path`."""
    path = Path(path)
    if not path.parent.is_dir():
        raise CongressError(f"Thư mục {path.parent} của tệp {path.name} không tồn tại.")
    # A write killed half-way (kill -9, power cut) leaves its temporary file; clear it, or the folder
    # would never verify against its manifest again (an "extra" file).
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*{PART_SUFFIX}"):
        with contextlib.suppress(OSError):
            stale.unlink()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; the final file follows the umask
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise CongressError(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_with(path: Path, writer: Callable[[Path], None]) -> None:
    """Let a library that writes to a path (reportlab, openpyxl) write atomically."""
    with atomic_path(path) as tmp:
        writer(tmp)
