"""Keep freed page-sized buffers for reuse in a reading process.

Reading one side allocates dozens of page-sized buffers (the warp, the ink mask, crease maps).
glibc serves blocks above 128 KiB with fresh mmap()s and returns them on free, so every such
buffer is zero-filled again by the kernel, page by page: about 3 ms of system time per A4 side
at 150 dpi, 7 % of the whole read (measured). Serving them from the heap, and not trimming it,
lets the next side reuse the same memory. The resident size stays at the peak of one side.
"""

from __future__ import annotations

import ctypes
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
HEAP_LIMIT = 32 * 1024 * 1024  # glibc's largest mmap threshold on 64-bit; a 300 dpi A3 page is 17 MB


def keep_freed_memory() -> bool:
    """Tell glibc malloc to keep freed buffers up to HEAP_LIMIT; False where it is not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, HEAP_LIMIT)) and bool(mallopt(_M_TRIM_THRESHOLD, 2 * HEAP_LIMIT))
