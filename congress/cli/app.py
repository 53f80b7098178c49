"""The root command group and its global options."""

import click

from congress.cli.context import CliContext
from congress.settings import LANGUAGES, Settings, database_url


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="URL|FILE", help="Database: a SQLite file (default congress.db) or a "
              "postgresql:// URL. Also CONGRESS_DB.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Language of the interface (vi, en).")
@click.option("--station", default=None, help="Name of this desk or scanning station (audit log).")
@click.option("--user", default=None, help="Account acting (also CONGRESS_USER).")
@click.version_option(package_name="congress")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None, station: str | None, user: str | None) -> None:
    """congress — registry, badges, check-in, ballots, counting and minutes for a Party congress.

    Run without a command to open the terminal interface.
    """
    defaults = Settings()
    settings = Settings(
        db_url=database_url(db),
        lang=lang or defaults.lang,
        station=station or defaults.station,
        user=user or defaults.user,
    )
    ctx.obj = CliContext(settings)
    if ctx.invoked_subcommand is None:
        from congress.cli.core import open_tui

        open_tui(ctx.obj)
