"""Settings from the command line and the environment (CONGRESS_DB, CONGRESS_LANG, ...)."""

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB_FILE = "congress.db"
LANGUAGES = ("vi", "en")


def database_url(value: str | None) -> str:
    """The SQLAlchemy URL for `--db`/CONGRESS_DB; a bare path means a SQLite file.

    PostgreSQL URLs may be written `postgresql://…`; psycopg 3 is the driver either way.
    """
    value = (value or os.environ.get("CONGRESS_DB") or DEFAULT_DB_FILE).strip()
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


@dataclass(frozen=True)
class Settings:
    """What a command runs with: the database, the data folder, the language, who and where."""

    db_url: str = field(default_factory=lambda: database_url(None))
    lang: str = field(default_factory=lambda: os.environ.get("CONGRESS_LANG", "vi"))
    station: str = field(default_factory=lambda: os.environ.get("CONGRESS_STATION", os.uname().nodename))
    user: str = field(default_factory=lambda: os.environ.get("CONGRESS_USER", ""))

    @property
    def data_dir(self) -> Path:
        """Folder beside a SQLite file (or CONGRESS_DATA) for scans and exports that must be kept."""
        explicit = os.environ.get("CONGRESS_DATA")
        if explicit:
            return Path(explicit)
        if self.db_url.startswith("sqlite:///") and self.db_url != "sqlite:///:memory:":
            db_path = Path(self.db_url.removeprefix("sqlite:///"))
            return db_path.with_name(db_path.stem + "-data")
        return Path("congress-data")
