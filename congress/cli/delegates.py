"""`congress delegates …`: import (two phases), list, export, one-by-one edits, credentials review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from congress.cli.context import CliContext, emit_json, emit_table, pass_cli
from congress.registry import credentials
from congress.registry.cells import birth_text
from congress.registry.commit import ImportRefused, ImportReport, import_file
from congress.registry.delegates import (
    DelegateRow,
    add_delegate,
    edit_delegate,
    list_delegates,
    remove_delegate,
)
from congress.registry.export import export_file
from congress.registry.preview import Preview
from congress.vi import format_int

STATE_LABELS = {"new": "mới", "update": "cập nhật", "unchanged": "không đổi", "warning": "cảnh báo",
                "error": "lỗi", "skip": "bỏ qua"}


def preview_json(preview: Preview, *, committed: bool, dry_run: bool) -> dict[str, Any]:
    return {
        "file": preview.source, "committed": committed, "dry_run": dry_run, "counts": preview.counts,
        "actions": preview.actions, "changes": preview.changes if committed or dry_run else 0,
        "notes": preview.notes, "new_delegations": preview.new_delegations,
        "rows": [
            {"row": r.row, "state": r.state, "action": r.action, "delegate_id": r.delegate_id,
             "full_name": r.name, "split": r.split,
             "changes": {k: [_plain(old), _plain(new)] for k, (old, new) in r.changes.items()},
             "issues": [{"level": i.level, "column": i.column, "reason": i.reason} for i in r.issues]}
            for r in preview.rows
        ],
    }


def _plain(value: object) -> object:
    return birth_text(value) if hasattr(value, "isoformat") else value  # type: ignore[arg-type]


def _print_preview(preview: Preview) -> None:
    for note in preview.notes:
        click.echo(f"Lưu ý: {note}")
    shown = [r for r in preview.rows if r.state != "unchanged"]
    if shown:
        emit_table(["Dòng", "Trạng thái", "Thao tác", "Họ và tên", "Chi tiết"], [
            (r.row, STATE_LABELS[r.state], STATE_LABELS[r.action], r.name,
             "; ".join([*(f"{i.column + ': ' if i.column else ''}{i.reason}" for i in r.issues),
                        *(f"{k}: {_plain(old) or '—'} → {_plain(new) or '—'}" for k, (old, new) in r.changes.items())]))
            for r in shown])
    hidden = len(preview.rows) - len(shown)
    if hidden:
        click.echo(f"({format_int(hidden)} dòng không đổi, không liệt kê.)")
    if preview.new_delegations:
        click.echo("Đoàn mới: " + ", ".join(preview.new_delegations))
    counts = preview.counts
    click.echo("Tổng: " + ", ".join(f"{STATE_LABELS[s]} {format_int(n)}" for s, n in counts.items()))


@click.group("delegates")
def delegates_group() -> None:
    """Đại biểu — the delegate registry: import, list, export, edit, credentials review."""


@delegates_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only show the preview; write nothing.")
@click.option("--skip-errors", is_flag=True, help="Import the good rows and skip rows with errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON (one object per row).")
@pass_cli
def import_cmd(ctx: CliContext, file: Path, dry_run: bool, skip_errors: bool, as_json: bool) -> None:
    """Import delegates from an .xlsx or .csv file: preview every row, then commit all or nothing."""
    try:
        with ctx.session() as session:
            report: ImportReport = import_file(session, ctx.actor(session), file, dry_run=dry_run,
                                               skip_errors=skip_errors)
    except ImportRefused as refused:
        if as_json:
            emit_json(preview_json(refused.preview, committed=False, dry_run=False))
        else:
            for line in refused.lines():
                click.echo(line, err=True)
        raise
    preview = report.preview
    if as_json:
        emit_json({**preview_json(preview, committed=report.committed, dry_run=dry_run),
                   "created": report.created, "updated": report.updated,
                   "delegations_created": report.delegations_created})
        return
    _print_preview(preview)
    if dry_run:
        click.echo("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
    else:
        skipped = len(preview.error_rows)
        click.echo(f"Đã nhập: thêm {format_int(len(report.created))}, cập nhật {format_int(len(report.updated))}"
                   + (f", bỏ qua {format_int(skipped)} dòng lỗi" if skipped else "") + ".")


@delegates_group.command("list")
@click.option("--search", default="", help="Only names (or codes) matching this text, with or without diacritics.")
@click.option("--category", default=None, help="Only this category code (official, alternate, …).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def list_cmd(ctx: CliContext, search: str, category: str | None, as_json: bool) -> None:
    """List delegates in Vietnamese name order (given name first)."""
    with ctx.session() as session:
        rows = list_delegates(session, search=search, category=category)
        data = [row.as_dict() for row in rows]
    if as_json:
        emit_json(data)
        return
    emit_table(["Số", "Mã", "Họ và tên", "Ngày sinh", "Đoàn", "Loại", "Trạng thái", "Biểu quyết"], [
        (d["id"], d["code"] or "", d["full_name"], _birth(r), d["delegation"] or "", d["category"], d["status"],
         "có" if d["votes"] else "không") for r, d in zip(rows, data, strict=True)])
    click.echo(f"Tổng: {format_int(len(rows))} người.")


def _birth(row: DelegateRow) -> str:
    return birth_text(row.delegate.birth_date or row.delegate.birth_year)


@delegates_group.command("export")
@click.argument("file", type=click.Path(path_type=Path))
@pass_cli
def export_cmd(ctx: CliContext, file: Path) -> None:
    """Export every delegate to .xlsx or .csv (UTF-8 with BOM); importing it back changes nothing."""
    with ctx.session() as session:
        result = export_file(session, file)
    click.echo(f"Đã xuất {format_int(result.rows)} đại biểu vào {result.path}.")


def _fields_options(func):  # type: ignore[no-untyped-def]
    options = [
        click.option("--code", default=None, help="External id (Mã)."),
        click.option("--family", "family_name", default=None, help="Family name (Họ), e.g. 'Tôn Thất'."),
        click.option("--middle", "middle_name", default=None, help="Middle name(s) (Tên đệm)."),
        click.option("--given", "given_name", default=None, help="Given name (Tên)."),
        click.option("--birth", default=None, help="Birth date dd/mm/yyyy or a year."),
        click.option("--gender", default=None, help="Nam or Nữ."),
        click.option("--ethnicity", default=None, help="Ethnicity (Dân tộc)."),
        click.option("--delegation", default=None, help="Delegation name (created when new)."),
        click.option("--category", default=None, help="chính thức, dự khuyết, đương nhiên, chỉ định, khách mời "
                     "(or official, alternate, ex_officio, appointed, guest)."),
        click.option("--title", default=None, help="Title (Chức vụ)."),
        click.option("--unit", default=None, help="Unit (Đơn vị)."),
        click.option("--json", "as_json", is_flag=True, help="Print the delegate as JSON."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _show_one(ctx: CliContext, delegate_id: int, as_json: bool, message: str) -> None:
    with ctx.session() as session:
        row = next(r for r in list_delegates(session) if r.delegate.id == delegate_id)
        data = row.as_dict()
    if as_json:
        emit_json(data)
    else:
        click.echo(f"{message}: số {data['id']} — {data['full_name']}.")


@delegates_group.command("add")
@_fields_options
@pass_cli
def add_cmd(ctx: CliContext, as_json: bool, **fields: Any) -> None:
    """Add one delegate (needs --given and --category)."""
    with ctx.session() as session:
        delegate = add_delegate(session, ctx.actor(session), **_given(fields))
        delegate_id = delegate.id
    _show_one(ctx, delegate_id, as_json, "Đã thêm")  # type: ignore[arg-type]


@delegates_group.command("edit")
@click.argument("delegate_id", type=int)
@_fields_options
@pass_cli
def edit_cmd(ctx: CliContext, delegate_id: int, as_json: bool, **fields: Any) -> None:
    """Change some fields of one delegate (only the options given)."""
    with ctx.session() as session:
        edit_delegate(session, ctx.actor(session), delegate_id, **_given(fields))
    _show_one(ctx, delegate_id, as_json, "Đã sửa")


@delegates_group.command("remove")
@click.argument("delegate_id", type=int)
@pass_cli
def remove_cmd(ctx: CliContext, delegate_id: int) -> None:
    """Remove one delegate nothing refers to yet (no badge, check-in or candidacy)."""
    with ctx.session() as session:
        remove_delegate(session, ctx.actor(session), delegate_id)
    click.echo(f"Đã xoá đại biểu số {delegate_id}.")


@delegates_group.command("recognise")
@click.argument("delegate_ids", type=int, nargs=-1)
@click.option("--all", "everyone", is_flag=True, help="Recognise every delegate still 'summoned'.")
@click.option("--reason", default="", help="Reference of the decision (e.g. the credentials report).")
@pass_cli
def recognise_cmd(ctx: CliContext, delegate_ids: tuple[int, ...], everyone: bool, reason: str) -> None:
    """Recognise the credentials of delegates (by id, or --all still summoned)."""
    if not delegate_ids and not everyone:
        raise click.UsageError("Cho biết số đại biểu hoặc dùng --all.")
    with ctx.session() as session:
        actor = ctx.actor(session)
        n = credentials.recognise_all(session, actor, reason) if everyone else 0
        for delegate_id in delegate_ids:
            credentials.recognise(session, actor, delegate_id, reason)
    click.echo(f"Đã công nhận tư cách {format_int(n + len(delegate_ids))} đại biểu.")


@delegates_group.command("not-recognise")
@click.argument("delegate_id", type=int)
@click.option("--reason", required=True, help="Why (e.g. 'bị khởi tố trước khai mạc').")
@pass_cli
def not_recognise_cmd(ctx: CliContext, delegate_id: int, reason: str) -> None:
    """Record that the congress did not recognise a delegate's credentials."""
    with ctx.session() as session:
        credentials.not_recognise(session, ctx.actor(session), delegate_id, reason)
    click.echo(f"Đại biểu số {delegate_id}: không được công nhận tư cách ({reason}).")


@delegates_group.command("status")
@click.argument("delegate_id", type=int)
@click.argument("status")
@click.option("--reason", default="", help="Why; required for not_recognised and suspended.")
@pass_cli
def status_cmd(ctx: CliContext, delegate_id: int, status: str, reason: str) -> None:
    """Set a status: summoned/recognised/not_recognised, or for members active/attached_elsewhere/exempted/suspended."""
    with ctx.session() as session:
        credentials.set_status(session, ctx.actor(session), delegate_id, status, reason)
    click.echo(f"Đại biểu số {delegate_id}: {status}.")


@delegates_group.command("replace")
@click.argument("official_id", type=int)
@click.option("--by", "alternate_id", type=int, required=True, help="The alternate delegate who takes the place.")
@click.option("--reason", default="", help="Why (e.g. the decision of the convening committee).")
@pass_cli
def replace_cmd(ctx: CliContext, official_id: int, alternate_id: int, reason: str) -> None:
    """Replace an official delegate by an alternate: the alternate then votes, the official does not."""
    with ctx.session() as session:
        credentials.replace(session, ctx.actor(session), official_id, alternate_id, reason)
    click.echo(f"Đại biểu dự khuyết số {alternate_id} thay đại biểu số {official_id}.")


@delegates_group.command("unreplace")
@click.argument("official_id", type=int)
@click.option("--reason", default="", help="Why the replacement is cancelled.")
@pass_cli
def unreplace_cmd(ctx: CliContext, official_id: int, reason: str) -> None:
    """Cancel a replacement decided in error."""
    with ctx.session() as session:
        credentials.cancel_replacement(session, ctx.actor(session), official_id, reason)
    click.echo(f"Đã huỷ việc thay thế đại biểu số {official_id}.")


@delegates_group.command("show")
@click.argument("delegate_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def show_cmd(ctx: CliContext, delegate_id: int, as_json: bool) -> None:
    """Show one delegate, their voting right and the history of status decisions."""
    from congress.registry.delegates import get_delegate

    with ctx.session() as session:
        get_delegate(session, delegate_id)
        row = next(r for r in list_delegates(session) if r.delegate.id == delegate_id)
        data = row.as_dict()
        data["history"] = [{"from": h.old_status, "to": h.new_status, "reason": h.reason, "by": h.decided_by,
                            "at": h.decided_at.isoformat()} for h in credentials.history(session, delegate_id)]
    if as_json:
        emit_json(data)
        return
    for key, value in data.items():
        if key != "history":
            click.echo(f"{key}: {'' if value is None else value}")
    for h in data["history"]:
        click.echo(f"  {h['at']}  {h['from']} → {h['to']}  ({h['by']}) {h['reason']}")


def register(cli: click.Group) -> None:
    cli.add_command(delegates_group)
