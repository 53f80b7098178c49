"""manifest.json: the SHA-256 of every file of an export folder, and the check that names tampering.

`verify` names exactly what was altered: a changed file, a missing file or an extra file.
Adding a file to a folder whose manifest no longer matches is refused, so a tampered file can
never be blessed by a later export.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from congress.documents.atomic import write_bytes
from congress.errors import CongressError
from congress.models import utcnow

MANIFEST = "manifest.json"
VERSION = 1


@dataclass(frozen=True)
class Problem:
    file: str
    kind: str  # changed | missing | extra

    def sentence(self) -> str:
        return {"changed": f"{self.file}: nội dung đã bị thay đổi (mã băm SHA-256 không khớp)",
                "missing": f"{self.file}: tệp bị thiếu",
                "extra": f"{self.file}: tệp lạ, không có trong manifest.json"}[self.kind]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _folder(path: Path) -> Path:
    path = Path(path)
    return path.parent if path.name == MANIFEST else path


def read_manifest(folder: Path) -> dict:
    path = _folder(folder) / MANIFEST
    if not path.is_file():
        raise CongressError(f"Không có {MANIFEST} trong {_folder(folder)}.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(v, dict) and "sha256" in v for v in files.values()):
            raise ValueError("files")
    except (OSError, ValueError, KeyError, TypeError):
        raise CongressError(f"{path}: tệp manifest bị hỏng hoặc đã bị sửa (không đọc được).") from None
    if "check" in data and data["check"] != _self_check(data):
        raise CongressError(f"{path}: tệp manifest đã bị sửa (mã kiểm tra của chính manifest không khớp).")
    return data


def _self_check(data: dict) -> str:
    """SHA-256 of the manifest's own fields, so an edit to a recorded hash or the closing hash is named."""
    body = {k: v for k, v in data.items() if k != "check"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def verify(folder: Path) -> list[Problem]:
    """Every file that differs from the manifest, by name and kind."""
    folder = _folder(folder)
    files = read_manifest(folder)["files"]
    problems = []
    for name in sorted(files):
        path = folder / name
        if not path.is_file():
            problems.append(Problem(name, "missing"))
        elif sha256_file(path) != files[name]["sha256"] or path.stat().st_size != files[name].get("bytes", path.stat().st_size):
            problems.append(Problem(name, "changed"))
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != MANIFEST and path.name not in files:
            problems.append(Problem(path.name, "extra"))
    return problems


def add_files(folder: Path, names: list[str], closing_hash: str = "") -> dict:
    """Record `names` (files just written into `folder`) in its manifest, after checking the rest."""
    folder = _folder(folder)
    if (folder / MANIFEST).exists():
        data = read_manifest(folder)
        # Refuse only when a recorded file changed or vanished; unrelated files beside it are not blessed.
        others = [p for p in verify(folder) if p.file not in names and p.kind != "extra"]
        if others:
            raise CongressError(f"Thư mục {folder} đã bị sửa, không ghi thêm: {others[0].sentence()}.")
    else:
        data = {"version": VERSION, "files": {}}
    for name in names:
        path = folder / name
        data["files"][name] = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
    data["updated_at"] = utcnow().isoformat(timespec="seconds")
    if closing_hash:
        data["audit_closing_hash"] = closing_hash
    data["files"] = dict(sorted(data["files"].items()))
    data["check"] = _self_check(data)
    write_bytes(folder / MANIFEST, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    return data
