"""Core commands: init, demo, info, tui, audit verify."""

import click

from congress import audit, congresses
from congress.actor import Actor
from congress.cli.context import CliContext, emit_json, pass_cli
from congress.demo import DemoSize, build_demo
from congress.errors import CongressError, Forbidden
from congress.models import Delegate
from congress.vi import format_date, format_int


def open_tui(ctx: CliContext) -> None:
    """Open the terminal interface on the current database."""
    engine = ctx.engine()
    try:
        actor: Actor | None = ctx.actor()  # no account yet, or valid CONGRESS_USER/CONGRESS_PASSWORD
    except Forbidden:
        actor = None  # the interface opens on its login screen
    from congress.tui.app import run_app  # Textual is imported only when the TUI is wanted

    run_app(engine, ctx.settings, actor)


def _parse_day(value: str | None, field: str):  # type: ignore[no-untyped-def]
    if not value:
        return None
    from datetime import date

    from congress.vi import parse_date

    try:
        parsed = parse_date(value)
    except ValueError as exc:
        raise CongressError(f"{field}: {exc}.") from None
    if not isinstance(parsed, date):
        raise CongressError(f"{field}: cần ngày đầy đủ dd/mm/yyyy.")
    return parsed


@click.command("init")
@click.option("--name", required=True, help="Full name of the congress, as printed on documents.")
@click.option("--level", required=True, help="Level code or name (congress levels lists them).")
@click.option("--kind", type=click.Choice(["delegates", "members"]), required=True,
              help="delegates: đại hội đại biểu; members: đại hội đảng viên.")
@click.option("--organisation", default="", help="The party organisation, e.g. 'Đảng bộ tỉnh X'.")
@click.option("--term", default="", help="Term, e.g. 2025-2030.")
@click.option("--place", default="", help="Where the congress sits.")
@click.option("--start", default=None, help="First day, dd/mm/yyyy.")
@click.option("--end", default=None, help="Last day, dd/mm/yyyy.")
@click.option("--json", "as_json", is_flag=True, help="Print the congress as JSON.")
@pass_cli
def init_cmd(ctx: CliContext, name: str, level: str, kind: str, organisation: str, term: str, place: str,
             start: str | None, end: str | None, as_json: bool) -> None:
    """Create the database schema and the congress it holds (one congress per database)."""
    with ctx.session(create=True) as session:
        congress = congresses.create_congress(
            session, ctx.actor(session), name=name, level=level, kind=kind, organisation=organisation,
            term=term, place=place, start_date=_parse_day(start, "--start"), end_date=_parse_day(end, "--end"),
        )
        data = congress.model_dump(mode="json")
    if as_json:
        emit_json(data)
    else:
        click.echo(f"Đã tạo đại hội: {data['name']} ({congresses.KINDS[kind]}).")


@click.command("demo")
@click.option("--no-tui", is_flag=True, help="Only build the demo congress; do not open the interface.")
@click.option("--seed", default=2025, show_default=True, help="Random seed: the same seed gives the same congress.")
@click.option("--delegates", "count", default=350, show_default=True, help="How many delegates to generate.")
@click.option("--accounts", "with_accounts", is_flag=True,
              help="Also create one demo account per role (admin, thuky, diemdanh, kiemphieu, xem) with "
                   "printed demo passwords; every later command then needs CONGRESS_USER/CONGRESS_PASSWORD.")
@pass_cli
def demo_cmd(ctx: CliContext, no_tui: bool, seed: int, count: int, with_accounts: bool) -> None:
    """Build a realistic demo congress in the current database and open the interface."""
    if not 1 <= count <= 5000:
        raise CongressError("--delegates phải từ 1 đến 5000.")
    with ctx.session(create=True) as session:
        from sqlmodel import select

        from congress.models import Congress

        existing = session.exec(select(Congress)).first()
        if existing is None:
            congress = build_demo(session, ctx.actor(session), DemoSize(delegates=count, seed=seed))
            click.echo(f"Đã tạo đại hội mẫu: {congress.name} — {format_int(count)} người tham dự.")
        else:
            click.echo(f"Cơ sở dữ liệu đã có đại hội: {existing.name}; giữ nguyên.")
    if with_accounts:
        _demo_accounts(ctx)
    if not no_tui:
        open_tui(ctx)


def _demo_accounts(ctx: CliContext) -> None:
    from congress.actor import ROLE_LABELS
    from congress.demo_accounts import create_demo_accounts

    with ctx.session() as session:
        created = create_demo_accounts(session, ctx.actor(session))
    if not created:
        click.echo("Các tài khoản mẫu đã có; giữ nguyên.")
        return
    click.echo("Đã tạo tài khoản mẫu (MẬT KHẨU MẪU, công khai — chỉ để dùng thử; đổi hoặc khoá trước khi dùng thật):")
    for demo in created:
        click.echo(f"  {demo.username:<10} {ROLE_LABELS[demo.role]:<16} mật khẩu: {demo.password}")
    click.echo("Từ nay mỗi lệnh cần CONGRESS_USER và CONGRESS_PASSWORD (ví dụ CONGRESS_USER=admin).")


@click.command("tui")
@pass_cli
def tui_cmd(ctx: CliContext) -> None:
    """Open the terminal interface (the same as running congress without a command)."""
    open_tui(ctx)


@click.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def info_cmd(ctx: CliContext, as_json: bool) -> None:
    """Show the congress this database holds and its headcounts."""
    from sqlmodel import func, select

    with ctx.session() as session:
        congress = congresses.get_congress(session)
        by_category = dict(session.exec(select(Delegate.category, func.count()).group_by(Delegate.category)).all())
        data = {**congress.model_dump(mode="json"), "people": sum(by_category.values()), "by_category": by_category}
    if as_json:
        emit_json(data)
        return
    click.echo(data["name"])
    click.echo(f"  {congresses.KINDS[congress.kind]} — cấp {congress.level} — nhiệm kỳ {congress.term}")
    if congress.start_date:
        click.echo(f"  {congress.place}, {format_date(congress.start_date)} – {format_date(congress.end_date)}")
    click.echo(f"  Người tham dự: {format_int(data['people'])}")
    for category, n in sorted(by_category.items()):
        click.echo(f"    {category}: {format_int(n)}")


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("verify")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_cli
def audit_verify(ctx: CliContext, as_json: bool) -> None:
    """Recompute the audit chain and name every event that was altered, dropped or reordered."""
    with ctx.session() as session:
        problems = audit.verify(session)
        total, closing = audit.count(session), audit.closing_hash(session)
    if as_json:
        emit_json({"ok": not problems, "events": total, "closing_hash": closing,
                   "problems": [{"seq": p.seq, "what": p.what} for p in problems]})
    elif problems:
        for p in problems:
            click.echo(f"Sự kiện số {p.seq}: {p.what}", err=True)
    else:
        click.echo(f"Nhật ký nguyên vẹn: {format_int(total)} sự kiện, mã băm cuối {closing}.")
    if problems:
        raise click.exceptions.Exit(4)


def register(cli: click.Group) -> None:
    for command in (init_cmd, demo_cmd, tui_cmd, info_cmd, audit_group):
        cli.add_command(command)
