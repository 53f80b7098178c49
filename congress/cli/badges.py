"""`congress badges`: print (issue or reprint) badge sheets, list badges, revoke a badge."""

from pathlib import Path

import click

from congress.badges import pdf
from congress.badges import service as badges
from congress.badges.printing import print_badges
from congress.cli.context import CliContext, emit_json, emit_table, pass_cli
from congress.vi import format_int


@click.group("badges")
def badges_group() -> None:
    """Badges (thẻ đại biểu): random codes as QR, only their hash is stored."""


@badges_group.command("print")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF file to write.")
@click.option("--layout", type=click.Choice(sorted(pdf.LAYOUTS)), default="a6", show_default=True,
              help="a6: 4 badges per A4; card: ID-1 cards (85.6 × 54 mm), 10 per A4.")
@click.option("--only", "only", multiple=True, metavar="MÃ",
              help="Print (or reprint) only these people, by code or #id; repeat or separate with commas.")
@click.option("--delegation", default=None, help="Only this delegation (name or code).")
@click.option("--category", default=None, help="Only this category (official, alternate, guest, ...).")
@click.option("--reprint", is_flag=True, help="Also reprint people who already hold a badge (revokes it).")
@click.option("--photos", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder that relative photo paths are read from (default: the current folder).")
@click.option("--json", "as_json", is_flag=True, help="Print what was issued as JSON.")
@pass_cli
def print_cmd(ctx: CliContext, out: Path, layout: str, only: tuple[str, ...], delegation: str | None,
              category: str | None, reprint: bool, photos: Path | None, as_json: bool) -> None:
    """Issue new badges and write them as a PDF; a reprinted badge's old code stops working.

    The new codes are committed only after the PDF is complete, and the file appears only after
    the commit, so a failure leaves the old badges valid.
    """
    refs = [part.strip() for item in only for part in item.split(",") if part.strip()]
    printed = print_badges(ctx.engine(), ctx.actor(), out, layout=layout, only=refs, delegation=delegation,
                           category=category, reprint=reprint, photo_root=photos)
    pages, rows = printed.pages, printed.rows
    if as_json:
        emit_json({"file": str(out), "pages": pages, "layout": layout, "badges": rows})
    else:
        click.echo(f"Đã in {format_int(len(rows))} thẻ ({format_int(pages)} trang {layout}) vào {out}.")


@badges_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def list_cmd(ctx: CliContext, as_json: bool) -> None:
    """Every badge issued, newest first, with the last symbols of its code (never the code)."""
    with ctx.session() as session:
        rows = badges.badge_rows(session)
    if as_json:
        emit_json(rows)
        return
    emit_table(["Thẻ", "Mã ĐB", "Họ và tên", "Đuôi mã", "Cấp lúc", "Thu hồi lúc"],
               [[r["badge"], r["code"] or f"#{r['delegate']}", r["name"], r["hint"],
                 r["issued_at"].strftime("%d/%m/%Y %H:%M"),
                 r["revoked_at"].strftime("%d/%m/%Y %H:%M") if r["revoked_at"] else ""] for r in rows])


@badges_group.command("revoke")
@click.argument("delegate")
@click.option("--reason", default="", help="Why (lost, withdrawn ...), for the audit log.")
@pass_cli
def revoke_cmd(ctx: CliContext, delegate: str, reason: str) -> None:
    """Revoke a person's badge (e.g. lost) without printing a new one; scans of it are refused."""
    with ctx.session() as session:
        badge = badges.revoke(session, ctx.actor(session), delegate, reason)
        hint = badge.hint
    click.echo(f"Đã thu hồi thẻ có đuôi mã {hint}.")


def register(cli: click.Group) -> None:
    cli.add_command(badges_group)
