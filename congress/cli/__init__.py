"""The `congress` command: every workflow scriptable, with --json where a program reads it."""

import importlib
import sys
import traceback
from pathlib import Path

import click

from congress.cli.app import cli
from congress.errors import CongressError

# Each module adds its commands to `cli` with a `register(cli)` function.
COMMAND_MODULES = (
    "congress.cli.core",
    "congress.cli.badges",
    "congress.cli.checkin",
    "congress.cli.counting",
    "congress.cli.documents",
    "congress.cli.delegates",
    "congress.cli.elections",
    "congress.cli.scan",
    "congress.cli.maintenance",
)


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(cli)


_load_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point: a clear one-sentence error and a non-zero exit, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="congress", standalone_mode=False)
        if isinstance(code, int) and code:  # click returns (not raises) Exit's code when not standalone
            return code
    except CongressError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Đã huỷ.", err=True)
        return 130
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("Đã dừng (Ctrl+C); dữ liệu đã ghi vẫn được giữ nguyên.", err=True)
        return 130
    except Exception as exc:  # the last guard: log the details, show one sentence
        log = Path("congress-error.log")
        try:
            with log.open("a", encoding="utf-8") as fh:
                fh.write(traceback.format_exc() + "\n")
            where = f" (chi tiết trong {log.resolve()})"
        except OSError:
            where = ""
        click.echo(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}{where}", err=True)
        return 1
    return 0


def run() -> None:
    sys.exit(main())
