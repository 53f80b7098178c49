"""A reading worker keeps freed page-sized buffers: the next side reuses them without page faults."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import resource, sys
import numpy as np
from ballots.reading.heap import keep_freed_memory
if sys.argv[1] == "keep":
    assert keep_freed_memory()
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(3):  # warm: the heap grows to one side's peak once
    a = np.ones((1782, 1260), np.uint8); b = a + 1; del a, b
f = faults()
for _ in range(20):
    a = np.ones((1782, 1260), np.uint8); b = a + 1; del a, b
print(faults() - f)
"""


def _faults(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc malloc only")
def test_page_sized_buffers_are_reused_without_page_faults():
    # 20 pairs of 2.2 MB pages: ~1,100 faults each without, (nearly) none with the setting
    assert _faults("default") > 10_000
    assert _faults("keep") < 500
