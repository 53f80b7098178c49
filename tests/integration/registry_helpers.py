"""Helpers shared by the registry integration tests: database fingerprints and small workbooks."""

import hashlib
from pathlib import Path

from sqlalchemy import MetaData, create_engine, select


def table_contents(db_url: str) -> dict[str, list[tuple]]:
    """Every row of every table, ordered: equal before and after means no change on any backend."""
    engine = create_engine(db_url)
    metadata = MetaData()
    metadata.reflect(engine)
    try:
        with engine.connect() as conn:
            # Sorted in Python: PostgreSQL cannot ORDER BY a json column.
            return {name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
                    for name, t in sorted(metadata.tables.items())}
    finally:
        engine.dispose()


def file_fingerprint(db_url: str) -> str:
    """SHA-256 of the SQLite file and its WAL (the WAL holds committed pages not yet checkpointed)."""
    path = Path(db_url.removeprefix("sqlite:///"))
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        digest.update(part.read_bytes() if part.exists() else b"")
    return digest.hexdigest()


def fingerprint(db_url: str) -> object:
    if db_url.startswith("sqlite"):
        return file_fingerprint(db_url), table_contents(db_url)
    return table_contents(db_url)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path
