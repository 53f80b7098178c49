"""What every command shares: settings, the engine, the acting account, JSON/table output."""

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import click
from sqlalchemy import Engine
from sqlmodel import Session

from congress import db
from congress.actor import Actor
from congress.errors import CongressError
from congress.settings import Settings


@dataclass
class CliContext:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)
    actor_override: Actor | None = None
    _actor: Actor | None = field(default=None, repr=False)

    def engine(self, *, create: bool = False) -> Engine:
        """The database engine; the schema is migrated to the newest version on first use."""
        if self._engine is None:
            engine = db.engine_for(self.settings.db_url)
            if not create and not db.has_schema(engine):
                raise CongressError(
                    f"Cơ sở dữ liệu {_shown(self.settings.db_url)} chưa được khởi tạo; "
                    "chạy 'congress init' hoặc 'congress demo' trước."
                )
            db.migrate(engine)
            self._engine = engine
        return self._engine

    @contextmanager
    def session(self, *, create: bool = False) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all."""
        with db.unit_of_work(self.engine(create=create)) as session:
            self.actor(session)  # once accounts exist, even reading needs a login
            yield session

    def actor(self, session: Session | None = None) -> Actor:
        """The account acting: the local administrator until accounts exist, then the logged-in one.

        Checked once per command (argon2 is deliberately slow).
        """
        if self.actor_override is not None:
            return self.actor_override
        if self._actor is None:
            from congress import accounts  # local import: accounts needs the engine only when it runs

            if session is None:
                with db.unit_of_work(self.engine()) as own:
                    self._actor = accounts.current_actor(own, self.settings)
            else:
                self._actor = accounts.current_actor(session, self.settings)
        return self._actor


def _shown(url: str) -> str:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.split("@")[-1]


pass_cli = click.make_pass_decorator(CliContext)


def emit_json(data: Any) -> None:
    """JSON for programs: UTF-8, no ASCII escapes, dates as ISO strings."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_jsonl(items: Sequence[Any]) -> None:
    for item in items:
        click.echo(json.dumps(item, ensure_ascii=False, default=str))


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A plain aligned table (wide characters counted as one column each; fine for Vietnamese)."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            click.echo("  ".join("-" * width for width in widths))


def is_terminal() -> bool:
    return sys.stdout.isatty()
