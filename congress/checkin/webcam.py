"""An optional webcam reader: frames from a cv2.VideoCapture-like source → QR codes → check-in.

A badge held in front of the camera is seen in many consecutive frames; it is passed on once,
and again only after it has left the picture for `rearm_frames` frames. Even if it is passed on
twice, the check-in service answers `already`, so nobody is counted twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import cv2
import numpy as np
import zxingcpp

from congress.badges.tokens import PREFIX, normalise


class FrameSource(Protocol):
    def read(self) -> tuple[bool, Any]: ...


def decode_frame(frame: np.ndarray) -> list[str]:
    """Texts of the QR codes zxing-cpp finds in one BGR or grey frame."""
    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    return [r.text for r in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode) if r.text]


@dataclass
class Debouncer:
    """Lets a code through when it appears, then holds it until it has been absent for a while."""

    rearm_frames: int = 15
    _absent: dict[str, int] = field(default_factory=dict)

    def feed(self, texts: list[str]) -> list[str]:
        seen = {normalise(t) for t in texts}
        new = [t for t in dict.fromkeys(seen) if t not in self._absent]
        for key in list(self._absent):
            if key in seen:
                self._absent[key] = 0
            else:
                self._absent[key] += 1
                if self._absent[key] >= self.rearm_frames:
                    del self._absent[key]
        for t in new:
            self._absent[t] = 0
        return sorted(new)


def codes(source: FrameSource, *, rearm_frames: int = 15, max_frames: int | None = None,
          stop: Callable[[], bool] = lambda: False) -> Iterator[str]:
    """Each badge-like code once per presentation, until the source ends (or `stop()` says so)."""
    debouncer = Debouncer(rearm_frames)
    frames = 0
    while not stop() and (max_frames is None or frames < max_frames):
        ok, frame = source.read()
        if not ok or frame is None:
            return
        frames += 1
        for text in debouncer.feed(decode_frame(np.asarray(frame))):
            if text.startswith((PREFIX, PREFIX.replace("Z", "Y"))):
                yield text


def run(source: FrameSource, check_in: Callable[[str], Any], **options: Any) -> list[Any]:
    """Feed every code seen to `check_in` (the same service the desk uses); return its answers."""
    return [check_in(code) for code in codes(source, **options)]


def open_camera(device: int | str) -> Any:
    """A cv2.VideoCapture on a camera index or a video file/URL, or a clear error."""
    from congress.errors import CongressError

    capture = cv2.VideoCapture(device)
    if not capture.isOpened():
        raise CongressError(f"Không mở được camera/nguồn video '{device}'.")
    return capture
