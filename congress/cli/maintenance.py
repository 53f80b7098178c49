"""backup, restore and account commands."""

from pathlib import Path

import click

from congress import accounts, audit, backup
from congress.actor import ROLE_LABELS, Role
from congress.cli.context import CliContext, emit_json, emit_table, pass_cli
from congress.errors import CongressError
from congress.models import UserAccount
from congress.vi import format_int


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_cli
def backup_cmd(ctx: CliContext, out: Path, as_json: bool) -> None:
    """Write a verified copy of the whole database to OUT (SQLite file or pg_dump archive)."""
    engine = ctx.engine()
    with ctx.session() as session:
        ctx.actor(session).require(Role.SECRETARIAT, Role.COUNTING, action="sao lưu")
    report = backup.backup(engine, out)
    with ctx.session() as session:
        audit.record(session, ctx.actor(session), "backup.write", "backup", out.name[:80],
                     {"path": str(out.resolve()), "size": report.size})
    if as_json:
        emit_json({"path": str(report.path), "size": report.size, "backend": report.backend, "tables": report.tables})
    else:
        click.echo(f"Đã sao lưu vào {report.path} ({format_int(report.size)} byte).")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds a congress.")
@pass_cli
def restore_cmd(ctx: CliContext, source: Path, force: bool) -> None:
    """Replace the current database with the backup SOURCE, then verify its audit chain."""
    engine = ctx.engine(create=True)
    from congress import db

    if db.has_schema(engine):
        with ctx.session(create=True) as session:
            from sqlmodel import select

            from congress.models import Congress

            if session.exec(select(Congress)).first() is not None:
                if not force:
                    raise CongressError("Cơ sở dữ liệu đích đã có đại hội; thêm --force để thay bằng bản sao lưu.")
                ctx.actor(session).require(Role.ADMIN, action="khôi phục")
    backup.restore(engine, source)
    with db.unit_of_work(engine) as session:
        problems = audit.verify(session)
        events = audit.count(session)
    if problems:
        raise CongressError(f"Đã khôi phục nhưng nhật ký bị hỏng ở sự kiện số {problems[0].seq}: {problems[0].what}.")
    click.echo(f"Đã khôi phục từ {source}; nhật ký nguyên vẹn ({format_int(events)} sự kiện).")


@click.group("users")
def users_group() -> None:
    """Local accounts and their roles."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True, help="Role of the account.")
@click.option("--name", "display_name", default="", help="Full name shown in the audit log.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Password (asked when not given; at least 8 characters).")
@pass_cli
def users_add(ctx: CliContext, username: str, role: str, display_name: str, password: str) -> None:
    """Create an account (the first account must be an administrator)."""
    with ctx.session() as session:
        account = accounts.create_account(session, ctx.actor(session), username, password, role, display_name)
        click.echo(f"Đã tạo tài khoản {account.username} ({ROLE_LABELS[Role(account.role)]}).")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def users_list(ctx: CliContext, as_json: bool) -> None:
    """List accounts (never their password hashes)."""
    from sqlmodel import select

    with ctx.session() as session:
        rows = [{"username": a.username, "name": a.display_name, "role": a.role, "disabled": a.disabled}
                for a in session.exec(select(UserAccount).order_by(UserAccount.username))]
    if as_json:
        emit_json(rows)
    else:
        emit_table(["Tài khoản", "Họ tên", "Vai trò", "Khoá"],
                   [[r["username"], r["name"], ROLE_LABELS[Role(r["role"])], "có" if r["disabled"] else ""] for r in rows])


def register(cli: click.Group) -> None:
    for command in (backup_cmd, restore_cmd, users_group):
        cli.add_command(command)
