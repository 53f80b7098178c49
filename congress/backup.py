"""Backup and restore of the whole congress database (SQLite online backup; pg_dump/pg_restore).

A backup is verified as it is made: the copy passes SQLite's integrity check (or pg_restore can
list it) and its audit chain verifies. Ballot images in the data folder are never deleted here.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, make_url

from congress.errors import CongressError


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    backend: str
    tables: dict[str, int]


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    raise CongressError(f"Không tìm thấy chương trình {name} của PostgreSQL trên máy này.")


def _libpq_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise CongressError("Không sao lưu được cơ sở dữ liệu trong bộ nhớ.")
    return Path(database)


def _sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise CongressError(f"Bản sao {path} hỏng: integrity_check báo '{check}'.")
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def copy_row_counts(lines: Iterable[str]) -> dict[str, int]:
    """Rows per table in a plain SQL dump: the lines between each `COPY schema.table … FROM stdin;` and `\\.`.

    COPY's text format escapes newlines inside values, so one data line is one row.
    """
    counts: dict[str, int] = {}
    table: str | None = None
    for line in lines:
        if table is None:
            if line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
                qualified = line.split()[1]
                table = qualified.rsplit(".", 1)[-1].strip('"')
                counts[table] = 0
        elif line.rstrip("\n") == "\\.":
            table = None
        else:
            counts[table] += 1
    if table is not None:
        raise CongressError(f"Dữ liệu bảng {table} trong bản sao lưu bị cắt cụt.")
    return counts


def _pg_archive_counts(path: Path) -> dict[str, int]:
    """Read the whole archive back (pg_restore to a script, streamed) and count its rows per table.

    Counting the copy itself, as on SQLite, proves every table's data can be read back.
    """
    # stderr goes to a file: a pipe nobody reads while stdout streams could fill and stall pg_restore.
    with tempfile.TemporaryFile() as errors, subprocess.Popen(
            [_pg_tool("pg_restore"), "--data-only", "--file=-", str(path)], stdout=subprocess.PIPE,
            stderr=errors, text=True, encoding="utf-8", errors="replace") as proc:
        counts = copy_row_counts(proc.stdout or ())
        proc.wait()
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        last = message.splitlines()[-1] if message else str(proc.returncode)
        raise CongressError(f"Bản sao lưu PostgreSQL {path} vừa tạo không đọc lại được (pg_restore): {last}")
    return counts


def backup(engine: Engine, out: Path) -> BackupReport:
    """Write a consistent copy of the database to `out` (never a partial file under that name)."""
    out = Path(out)
    if out.exists():
        raise CongressError(f"Tệp {out} đã có; chọn tên khác để không ghi đè bản sao lưu cũ.")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    if engine.url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # the online backup API: consistent even while others write
        finally:
            target.close()
            source.close()
        tables = _sqlite_counts(partial)
        backend = "sqlite"
    else:
        proc = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial),
                               _libpq_url(engine)], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CongressError(f"pg_dump thất bại: {proc.stderr.strip().splitlines()[-1] if proc.stderr else proc.returncode}")
        try:
            tables = _pg_archive_counts(partial)
        except CongressError:
            partial.unlink(missing_ok=True)
            raise
        backend = "postgresql"
    with open(partial, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, out)
    return BackupReport(out, out.stat().st_size, backend, tables)


def restore(engine: Engine, source: Path) -> BackupReport:
    """Replace the database behind `engine` with the backup `source` (the caller checks --force)."""
    source = Path(source)
    if not source.is_file():
        raise CongressError(f"Không có tệp sao lưu {source}.")
    if engine.url.get_backend_name() == "sqlite":
        with open(source, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise CongressError(f"Tệp {source} không phải bản sao lưu SQLite.")
        tables = _sqlite_counts(source)
        engine.dispose()
        target_path = _sqlite_path(engine)
        # The backup API writes through SQLite itself (WAL included), so other open connections
        # see the restored pages instead of a file swapped under them.
        src = sqlite3.connect(source)
        dst = sqlite3.connect(target_path, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return BackupReport(target_path, target_path.stat().st_size, "sqlite", tables)
    with open(source, "rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise CongressError(f"Tệp {source} không phải bản sao lưu pg_dump (định dạng custom).")
    engine.dispose()
    proc = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                           "--dbname", _libpq_url(engine), str(source)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else str(proc.returncode)
        raise CongressError(f"pg_restore thất bại: {last}")
    return BackupReport(source, source.stat().st_size, "postgresql", {})


def same_database_url(a: str, b: str) -> bool:
    return make_url(a) == make_url(b)
