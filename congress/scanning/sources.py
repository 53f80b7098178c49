"""Where scans come from: files and folders → image files; the kept copies of scanned images.

The reader decodes every page itself (PNG, JPEG, TIFF incl. multi-page, BMP, PDF). Here we only
find the files, hash their bytes and keep a content-addressed copy of each one in the data folder
(DOMAIN.md §7: scanned images are kept like the paper ballots, never deleted automatically).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ballots.errors import ImageError
from ballots.reading import decode_bytes
from ballots.reading.decode import sniff
from congress.errors import CongressError

SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf", ".bmp"})
EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "tiff": ".tif", "pdf": ".pdf", "bmp": ".bmp"}


@dataclass(frozen=True)
class ScanFile:
    """One file to read: where it is, the SHA-256 of its bytes, and its size."""

    path: Path
    sha256: str
    size: int

    @property
    def source(self) -> str:
        return str(self.path)[-500:]


def is_scan(path: Path) -> bool:
    """An image file a scanner writes (hidden files and partial downloads are left alone)."""
    name = path.name
    return (path.suffix.lower() in SUFFIXES and not name.startswith((".", "~"))
            and not name.endswith((".part", ".tmp", ".crdownload")))


def expand(paths: list[Path]) -> list[Path]:
    """Files given, and image files inside folders (recursively), each once, folders in name order."""
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            items = sorted(p for p in given.rglob("*") if p.is_file() and is_scan(p))
        elif given.is_file():
            items = [given]
        else:
            raise CongressError(f"Không tìm thấy tệp hoặc thư mục {given}.")
        for item in items:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                found.append(item)
    return found


def load(path: Path) -> tuple[ScanFile, bytes]:
    """The file's bytes and hash; CongressError naming the file when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CongressError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from None
    return ScanFile(path, hashlib.sha256(data).hexdigest(), len(data)), data


def kept_path(scans_dir: Path, sha256: str, data: bytes) -> Path:
    return scans_dir / (sha256 + EXTENSIONS.get(sniff(data), ".bin"))


def keep_copy(scans_dir: Path, sha256: str, data: bytes) -> Path:
    """Store the scanned file once under its hash (atomic write; an existing copy is left as is)."""
    target = kept_path(scans_dir, sha256, data)
    if target.exists():
        return target
    try:
        scans_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=scans_dir, suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise CongressError(f"Không lưu được bản ảnh quét vào {scans_dir}: {exc.strerror or exc}.") from None
    return target


def find_kept(scans_dir: Path, sha256: str) -> Path:
    """The kept copy of a scanned file (for a recount or the review crops)."""
    for ext in (*EXTENSIONS.values(), ".bin"):
        candidate = scans_dir / (sha256 + ext)
        if candidate.exists():
            return candidate
    raise CongressError(f"Không còn bản ảnh quét {sha256[:12]}… trong {scans_dir}.")


def page_image(path: Path, page: int) -> np.ndarray:
    """One page of a kept file as a greyscale image."""
    try:
        decoded = decode_bytes(path.read_bytes(), path.name)
    except (OSError, ImageError) as exc:
        raise CongressError(f"Không đọc được ảnh {path.name}: {exc}") from None
    if not 0 <= page < len(decoded.pages):
        raise CongressError(f"Ảnh {path.name} không có trang {page + 1}.")
    return decoded.pages[page]
