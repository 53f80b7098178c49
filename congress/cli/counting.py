"""Counting commands: enter, review list/decide, compare, close, reopen, results, recount."""

from pathlib import Path

import click

from congress.cli.context import CliContext, emit_json, emit_table, pass_cli
from congress.counting import close, compare, manual, review
from congress.counting.lookup import round_context
from congress.counting.results import RoundReport, round_report
from congress.errors import CongressError
from congress.vi import format_int, format_percent

round_option = click.option("--round", "round_no", type=int, default=None,
                            help="Round number (default: the newest round).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


@click.command("enter")
@click.argument("election")
@click.option("--file", "path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help='JSON lines, one ballot per line: {"struck": [2, 5]}, {"agree": [1], "disagree": [2]}, '
                   '{"invalid": "ghi thêm tên"}.')
@round_option
@click.option("--count", "count_label", default="nhap-tay", show_default=True,
              help="Name of this independent count (each operator or computer uses its own).")
@click.option("--batch", "batch_label", default=None, help="Name of the pile (tập phiếu); default: the file name.")
@json_option
@pass_cli
def enter_cmd(ctx: CliContext, election: str, path: Path, round_no: int | None, count_label: str,
              batch_label: str | None, as_json: bool) -> None:
    """Enter a pile of ballots by hand from a file (semi-automatic counting), all or nothing."""
    with ctx.session() as session:
        rc = round_context(session, election, round_no, freeze=True)
        report = manual.enter_file(session, ctx.actor(session), rc, path, count_label=count_label,
                                   batch_label=batch_label)
    if as_json:
        emit_json(report.__dict__)
    elif report.already_entered:
        click.echo(f"Tệp {path.name} đã được nhập vào lần kiểm '{report.count_label}'; không ghi thêm.")
    else:
        click.echo(f"Đã nhập {format_int(report.ballots)} phiếu vào tập '{report.batch_label}' của lần kiểm "
                   f"'{report.count_label}': {format_int(report.valid)} hợp lệ, {format_int(report.invalid)} không hợp lệ.")


@click.group("review")
def review_group() -> None:
    """The counting committee's review of sheets (xem xét phiếu)."""


@review_group.command("list")
@click.argument("election")
@round_option
@json_option
@pass_cli
def review_list(ctx: CliContext, election: str, round_no: int | None, as_json: bool) -> None:
    """List the sheets waiting for a decision, with the machine's proposal and evidence."""
    with ctx.session() as session:
        items = review.review_queue(session, round_context(session, election, round_no))
    if as_json:
        emit_json([i.to_json() for i in items])
        return
    if not items:
        click.echo("Không còn phiếu nào chờ xem xét.")
        return
    emit_table(["Mã tờ", "Lần kiểm", "Tập", "Vị trí", "Đề xuất", "Lý do", "Tên chưa rõ"],
               [[i.sheet_id[:10], i.count, i.batch, i.position, i.proposal, i.reason, "; ".join(i.uncertain)]
                for i in items])


def _parse_marks(values: tuple[str, ...]) -> dict[int, str]:
    marks = {}
    for value in values:
        number, _, mark = value.partition("=")
        if not number.strip().isdigit() or not mark.strip():
            raise CongressError(f"--mark '{value}' phải có dạng STT=dấu, ví dụ 3=struck.")
        marks[int(number)] = mark.strip().lower()
    return marks


@review_group.command("decide")
@click.argument("election")
@click.argument("sheet")
@click.option("--status", type=click.Choice(review.DECISIONS), required=True,
              help="valid, invalid (needs --reason) or rejected (not a ballot at all).")
@click.option("--reason", default="", help="Why the ballot is invalid (a reason code or words).")
@click.option("--mark", "marks", multiple=True, help="Corrected mark, STT=mark (kept, struck, agree, disagree, "
              "both, none); repeat for several names.")
@click.option("--note", default="", help="A note kept with the decision.")
@round_option
@json_option
@pass_cli
def review_decide(ctx: CliContext, election: str, sheet: str, status: str, reason: str, marks: tuple[str, ...],
                  note: str, round_no: int | None, as_json: bool) -> None:
    """Confirm or override one sheet (logged with who and when)."""
    with ctx.session() as session:
        rc = round_context(session, election, round_no)
        decision = review.decide(session, ctx.actor(session), rc, sheet, status, reason=reason,
                                 marks=_parse_marks(marks), note=note)
        data = decision.model_dump(mode="json")
    if as_json:
        emit_json(data)
    else:
        click.echo(f"Đã ghi quyết định '{status}' cho tờ {data['sheet_id'][:10]} ({data['decided_by']}).")


@click.command("compare")
@click.argument("election")
@round_option
@json_option
@pass_cli
def compare_cmd(ctx: CliContext, election: str, round_no: int | None, as_json: bool) -> None:
    """Compare the independent counts of a round batch by batch; accept them only if identical."""
    with ctx.session() as session:
        comparisons = compare.compare_round(session, ctx.actor(session), round_context(session, election, round_no))
    identical = all(c.identical for c in comparisons)
    if as_json:
        emit_json({"identical": identical, "comparisons": [
            {"a": c.label_a, "b": c.label_b, "identical": c.identical, "ballots": c.ballots, "batches": c.batches,
             "notes": list(c.notes), "differences": c.sentences(),
             "details": [{"batch": d.batch, "positions_a": d.positions_a, "positions_b": d.positions_b,
                          "a": d.text_a, "b": d.text_b, "names": d.names} for d in c.differences]}
            for c in comparisons]})
    else:
        for c in comparisons:
            for note in c.notes:
                click.echo(note)
            if c.identical:
                click.echo(f"'{c.label_a}' và '{c.label_b}' khớp nhau: {format_int(c.ballots)} phiếu, "
                           f"{format_int(c.batches)} tập.")
            for sentence in c.sentences():
                click.echo(f"Khác nhau — {sentence}")
        click.echo("Các lần kiểm được chấp nhận." if identical else "Chưa chấp nhận: các lần kiểm chưa khớp nhau.")
    if not identical:
        raise click.exceptions.Exit(4)


@click.command("close")
@click.argument("election")
@round_option
@json_option
@pass_cli
def close_cmd(ctx: CliContext, election: str, round_no: int | None, as_json: bool) -> None:
    """Close the count of a round: the result becomes official and nothing changes without a reopening."""
    with ctx.session() as session:
        report = close.close_round(session, ctx.actor(session), round_context(session, election, round_no))
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(f"Đã kết thúc kiểm phiếu {report.ctx.label}.")
        print_report(report)


@click.command("reopen")
@click.argument("election")
@click.option("--reason", required=True, help="Why the closed count is reopened (kept in the audit log).")
@round_option
@pass_cli
def reopen_cmd(ctx: CliContext, election: str, reason: str, round_no: int | None) -> None:
    """Reopen a closed count (explicit and logged)."""
    with ctx.session() as session:
        rc = round_context(session, election, round_no)
        close.reopen_round(session, ctx.actor(session), rc, reason)
    click.echo(f"Đã mở lại kiểm phiếu {rc.label}; kết quả trở lại tạm thời.")


@click.command("results")
@click.argument("election")
@round_option
@click.option("--count", "count_label", default=None, help="Show one count only (not the accepted result).")
@json_option
@pass_cli
def results_cmd(ctx: CliContext, election: str, round_no: int | None, count_label: str | None, as_json: bool) -> None:
    """The result of a round: status, denominator, ballots, votes and %, elected, ties, further round."""
    with ctx.session() as session:
        report = round_report(session, round_context(session, election, round_no), count_label)
    if as_json:
        emit_json(report.to_json())
    else:
        print_report(report)


def print_report(report: RoundReport) -> None:
    data, r = report.to_json(), report.result
    click.echo(f"{report.ctx.election.title} — lần bầu {report.ctx.round.number} — số lượng bầu {r.seats}")
    click.echo(f"Trạng thái: {data['status_label']} — lần kiểm: {report.count.label}")
    d = report.denominator
    for label, count, sign in d.items:
        click.echo(f"  {'' if sign > 0 else '− '}{label}: {format_int(count)}")
    click.echo(f"  {d.label}: {format_int(d.value)}")
    acc = r.accounting
    issued = "chưa ghi" if report.issued is None else format_int(report.issued)
    click.echo(f"Phiếu phát ra: {issued}; thu vào: {format_int(acc.returned)}; hợp lệ: {format_int(acc.valid)}; "
               f"không hợp lệ: {format_int(acc.invalid)}" + (f"; chờ xem xét: {acc.review}" if acc.review else ""))
    for _, label, count in report.invalid_reasons():
        click.echo(f"  {label}: {format_int(count)}")
    emit_table(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ", "Kết quả"],
               [[c.number, c.name, format_int(c.votes), format_percent(c.percent, report.places),
                 "trúng cử" if c.elected else ("bằng phiếu" if c.tied else "")] for c in r.candidates])
    click.echo(r.percent_basis)
    click.echo(f"Kết quả: {r.outcome.label}")
    if r.elected:
        click.echo("Trúng cử: " + "; ".join(f"{c.name} ({format_int(c.votes)})" for c in r.elected))
    for problem in report.problems:
        click.echo(f"Lưu ý: {problem}")


@click.command("recount")
@click.argument("election")
@round_option
@json_option
@pass_cli
def recount_cmd(ctx: CliContext, election: str, round_no: int | None, as_json: bool) -> None:
    """Re-read every stored image of the round and check the records and the result are reproduced."""
    from congress.counting.recount import recount

    with ctx.session() as session:
        outcome = recount(session, ctx.actor(session), round_context(session, election, round_no), ctx.settings)
    if as_json:
        emit_json(outcome.to_json())
    else:
        for line in outcome.lines():
            click.echo(line)
    if not outcome.identical:
        raise click.exceptions.Exit(4)


def register(cli: click.Group) -> None:
    for command in (enter_cmd, review_group, compare_cmd, close_cmd, reopen_cmd, results_cmd, recount_cmd):
        cli.add_command(command)
