"""Developer tool: rewrite the initial migration from the models (only before the first release).

    python -m congress.migrations.regen

After the first release, add new revisions with `alembic revision --autogenerate` instead.
"""

import tempfile
from pathlib import Path

from alembic import command

from congress.db import alembic_config, make_engine

VERSIONS = Path(__file__).with_name("versions")


def main() -> None:
    for old in VERSIONS.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/empty.db")
        cfg = alembic_config(engine)
        command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
    for new in VERSIONS.glob("0001_*.py"):
        new.rename(VERSIONS / "0001_initial_schema.py")
    print("wrote", VERSIONS / "0001_initial_schema.py")


if __name__ == "__main__":
    main()
