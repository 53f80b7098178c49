"""Document commands: minutes, export (and export verify), slides, entry-log, counting-committee."""

from pathlib import Path

import click

from congress import audit, congresses
from congress.cli.context import CliContext, emit_json, pass_cli
from congress.counting.lookup import round_context
from congress.counting.projection import projection
from congress.counting.results import round_report
from congress.documents import manifest
from congress.documents.entry_log import write_entry_log
from congress.documents.minutes import write_minutes
from congress.documents.results_export import FORMATS, export_results, publish
from congress.documents.slides import FORMATS as SLIDE_FORMATS
from congress.documents.slides import slides_format, write_slides
from congress.documents.slides_pptx import write_slides_pptx
from congress.errors import CongressError

round_option = click.option("--round", "round_no", type=int, default=None,
                            help="Round number (default: the newest round).")


def _pdf(out: Path) -> Path:
    if out.suffix.lower() != ".pdf":
        raise CongressError(f"Tệp ra (--out) {out} phải có đuôi .pdf.")
    return out


def _report(ctx: CliContext, election: str, round_no: int | None) -> tuple:
    """The round's result and the audit log's closing hash, read in one transaction."""
    with ctx.session() as session:
        return round_report(session, round_context(session, election, round_no)), audit.closing_hash(session)


@click.command("minutes")
@click.argument("election")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="The PDF to write.")
@round_option
@pass_cli
def minutes_cmd(ctx: CliContext, election: str, out: Path, round_no: int | None) -> None:
    """Write the counting minutes (biên bản kiểm phiếu) of a round as a PDF, with the audit closing hash."""
    out = _pdf(out)
    report, closing = _report(ctx, election, round_no)
    publish(out, lambda tmp: write_minutes(report, closing, tmp), closing)
    state = "chính thức" if report.final else "DỰ THẢO (kết quả tạm thời)"
    click.echo(f"Đã ghi biên bản kiểm phiếu {report.ctx.label} ({state}) vào {out}.")


@click.command("export")
@click.argument("election")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "all"]), default="all", show_default=True,
              help="xlsx, csv (UTF-8 with BOM), json, or all three.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Export folder (created if needed); it keeps a manifest.json of SHA-256 hashes.")
@round_option
@click.option("--json", "as_json", is_flag=True, help="Print what was written (or the check) as JSON.")
@pass_cli
def export_cmd(ctx: CliContext, election: str, path: Path | None, fmt: str, out: Path | None, round_no: int | None,
               as_json: bool) -> None:
    """Export a round's results: 'congress export ELECTION --format xlsx --out FOLDER'.

    'congress export verify FOLDER' checks a folder against its manifest.json and names every
    changed, missing or extra file.
    """
    if election == "verify":
        if path is None:
            raise CongressError("Cần thư mục cần kiểm tra: congress export verify THƯ_MỤC.")
        _verify(path, as_json)
        return
    if out is None:
        raise CongressError("Cần thư mục xuất (--out).")
    report, closing = _report(ctx, election, round_no)
    written = export_results(report, list(FORMATS) if fmt == "all" else [fmt], out, closing)
    if as_json:
        emit_json({"folder": str(out), "files": [p.name for p in written], "status": report.status})
    else:
        click.echo(f"Đã xuất {', '.join(p.name for p in written)} vào {out} (kèm {manifest.MANIFEST}).")


def _verify(folder: Path, as_json: bool) -> None:
    problems = manifest.verify(folder)
    if as_json:
        emit_json({"ok": not problems, "problems": [{"file": p.file, "kind": p.kind} for p in problems]})
    elif problems:
        for problem in problems:
            click.echo(problem.sentence(), err=True)
    else:
        click.echo(f"Thư mục {folder} nguyên vẹn: mọi tệp khớp {manifest.MANIFEST}.")
    if problems:
        raise click.exceptions.Exit(4)


@click.command("slides")
@click.argument("election")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The file to write: .pdf or .pptx (PowerPoint, 16:9, with a native chart).")
@click.option("--format", "fmt", type=click.Choice(SLIDE_FORMATS), default=None,
              help="pdf or pptx (default: from the extension of --out).")
@round_option
@pass_cli
def slides_cmd(ctx: CliContext, election: str, out: Path, fmt: str | None, round_no: int | None) -> None:
    """Write landscape projection slides (PDF or PowerPoint PPTX) with a bar chart of the votes."""
    fmt = slides_format(out, fmt)
    report, closing = _report(ctx, election, round_no)
    if fmt == "pptx":
        publish(out, lambda tmp: write_slides_pptx(report, tmp), closing)
    else:
        publish(out, lambda tmp: write_slides(projection(report), tmp), closing)
    click.echo(f"Đã ghi trang trình chiếu ({fmt.upper()}) {report.ctx.label} vào {out}.")


@click.command("entry-log")
@click.argument("election")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="The PDF to write.")
@round_option
@pass_cli
def entry_log_cmd(ctx: CliContext, election: str, out: Path, round_no: int | None) -> None:
    """Print the entry log (nhật ký nhập phiếu) of every count of a round as a PDF."""
    out = _pdf(out)
    with ctx.session() as session:
        rc = round_context(session, election, round_no)
        closing = audit.closing_hash(session)
        publish(out, lambda tmp: write_entry_log(session, rc, closing, tmp), closing)
    click.echo(f"Đã ghi nhật ký nhập phiếu {rc.label} vào {out}.")


@click.command("counting-committee")
@click.option("--member", "members", multiple=True, required=True, metavar="NAME=ROLE",
              help="A member and their role, e.g. 'Nguyễn Văn A=Trưởng ban'; repeat for each member.")
@click.option("--presidium", default="", help="Who signs for the presidium (TM. Đoàn Chủ tịch).")
@pass_cli
def committee_cmd(ctx: CliContext, members: tuple[str, ...], presidium: str) -> None:
    """Set the counting committee (ban kiểm phiếu) printed and signing on the minutes."""
    parsed = []
    for item in members:
        name, _, role = item.partition("=")
        if not name.strip():
            raise CongressError(f"--member '{item}' phải có dạng HỌ TÊN=VAI TRÒ.")
        parsed.append({"name": " ".join(name.split()), "role": role.strip() or "Thành viên"})
    with ctx.session() as session:
        changes: dict = {"counting_committee": parsed}
        if presidium:
            changes["presidium_signer"] = " ".join(presidium.split())
        congresses.update_settings(session, ctx.actor(session), changes)
    click.echo(f"Đã ghi Ban kiểm phiếu gồm {len(parsed)} đồng chí.")


def register(cli: click.Group) -> None:
    for command in (minutes_cmd, export_cmd, slides_cmd, entry_log_cmd, committee_cmd):
        cli.add_command(command)
