"""Commands for elections, rounds, candidate lists and ballots: election, candidates, ballots."""

from __future__ import annotations

from pathlib import Path

import click

from congress.cli.context import CliContext, emit_json, emit_table, pass_cli
from congress.elections import ballot_print, candidates, service
from congress.elections.candidate_file import CandidateRow, parse_birth
from congress.elections.kinds import kind_label
from congress.elections.listrules import ListWarning, list_size
from congress.errors import CongressError


def _warn(warnings: list[ListWarning]) -> None:
    for w in warnings:
        click.echo(f"Cảnh báo: {w.message}", err=True)


def _parse_texts(pairs: tuple[str, ...]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CongressError(f"--text '{pair}' phải có dạng khóa=giá trị, ví dụ subject=Ban Chấp hành khóa XV.")
        texts[key.strip()] = value
    return texts


@click.group("election")
def election_group() -> None:
    """Elections (what is elected, seats) and their rounds."""


@election_group.command("create")
@click.option("--title", required=True, help="What is elected, as printed on the ballot.")
@click.option("--seats", type=int, required=True, help="Number to elect (số lượng bầu).")
@click.option("--kind", default="committee", show_default=True,
              help="committee, standing_committee, secretary, deputy_secretary, inspection, inspection_chair, "
                   "higher_delegates, higher_alternates, opinion — or a new code of your own.")
@click.option("--code", default=None, help="Short code printed in the sheet QR (1-8 of A-Z, 0-9, '-'); automatic if left out.")
@click.option("--form", type=click.Choice(service.FORMS), default="auto", show_default=True,
              help="Ballot form: strike names, agree/disagree boxes, or auto (strike when names > seats).")
@click.option("--paper", type=click.Choice(service.PAPERS), default="auto", show_default=True, help="Paper size.")
@click.option("--parent", default=None, help="For alternates: the officials' election (code or number).")
@click.option("--text", "texts", multiple=True, metavar="KEY=VALUE",
              help="Override a printed wording (party_line, organisation, congress_name, term, subject, title, "
                   "seats_line, instruction).")
@click.option("--json", "as_json", is_flag=True, help="Print the election as JSON.")
@pass_cli
def election_create(ctx: CliContext, title: str, seats: int, kind: str, code: str | None, form: str, paper: str,
                    parent: str | None, texts: tuple[str, ...], as_json: bool) -> None:
    """Create an election with its first round; prints the new election's number."""
    with ctx.session() as session:
        parent_election = service.get_election(session, parent) if parent else None
        election = service.create_election(session, ctx.actor(session), title=title, seats=seats, kind=kind,
                                           code=code, form=form, paper=paper, parent=parent_election,
                                           texts=_parse_texts(texts))
        data = service.election_summary(session, election)
    if as_json:
        emit_json(data)
    else:
        click.echo(data["id"])
        click.echo(f"Đã tạo cuộc bầu cử {data['code']}: {data['title']} ({data['seats']} người).", err=True)


@election_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def election_list(ctx: CliContext, as_json: bool) -> None:
    """List the elections with their rounds."""
    with ctx.session() as session:
        data = [service.election_summary(session, e) for e in service.list_elections(session)]
    if as_json:
        emit_json(data)
        return
    emit_table(["Số", "Mã", "Bầu", "Loại", "Số lượng", "Danh sách", "Lần bầu"],
               [[d["id"], d["code"], d["title"], kind_label(d["kind"]), d["seats"], d["candidates"],
                 ", ".join(f"{r['number']}:{r['status']}" for r in d["rounds"])] for d in data])


@election_group.command("show")
@click.argument("election")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def election_show(ctx: CliContext, election: str, as_json: bool) -> None:
    """Show one election, each round's list and the printed and issued counts."""
    with ctx.session() as session:
        found = service.get_election(session, election)
        data = service.election_summary(session, found)
        for rnd, summary in zip(service.rounds_of(session, found), data["rounds"], strict=True):
            summary["ballots"] = ballot_print.ballot_counts(session, rnd)
    if as_json:
        emit_json(data)
        return
    click.echo(f"{data['code']} — {data['title']} — {data['seats']} người ({kind_label(data['kind'])})")
    for r in data["rounds"]:
        click.echo(f"  Lần {r['number']}: {r['seats']} người, {r['status']}, in {r['ballots']['printed']}, "
                   f"phát {r['ballots']['issued']}, mẫu {r['layout_hash'] or '-'}")
        for c in r["candidates"]:
            click.echo(f"    {c['number']:>3}. {c['name']}")


@election_group.command("round")
@click.argument("election")
@click.option("--only", default=None, metavar="STT,STT",
              help="Restrict the new round to these numbers on the previous round's ballot (e.g. the tied names).")
@click.option("--add", "add_ids", multiple=True, type=int, metavar="ID",
              help="Add a candidate of the list (by id, see 'candidates list') to a restricted round.")
@click.option("--seats", type=int, default=None, help="Seats still to fill (default: the previous round's).")
@click.option("--json", "as_json", is_flag=True, help="Print the new round as JSON.")
@pass_cli
def election_round(ctx: CliContext, election: str, only: str | None, add_ids: tuple[int, ...], seats: int | None,
                   as_json: bool) -> None:
    """Open a further round (bầu lại / bầu tiếp), restricted to some names or on the whole list."""
    with ctx.session() as session:
        found = service.get_election(session, election)
        ids: list[int] | None = None
        if only is not None or add_ids:
            previous = service.get_round(session, found)
            by_number = {n: c.id for n, c in service.round_candidates(session, previous)}
            ids = []
            for part in (only or "").replace(" ", "").split(","):
                if not part:
                    continue
                if not part.isdigit() or int(part) not in by_number:
                    raise CongressError(f"--only: '{part}' không phải số thứ tự trên phiếu lần {previous.number}.")
                ids.append(by_number[int(part)])
            ids += list(add_ids)
        rnd = service.new_round(session, ctx.actor(session), found, candidate_ids=ids, seats=seats)
        data = service.round_summary(session, rnd)
        warnings = candidates.round_warnings(session, found, rnd)
    _warn(warnings)
    if as_json:
        emit_json(data | {"warnings": [w.__dict__ for w in warnings]})
    else:
        click.echo(f"Đã mở lần bầu thứ {data['number']} ({data['seats']} người, {len(data['candidates'])} tên).")


@click.group("candidates")
def candidates_group() -> None:
    """The election list: add, import, list, withdraw."""


def _emit_change(change: candidates.ListChange, as_json: bool, rows: list[dict]) -> None:
    _warn(change.warnings)
    if as_json:
        emit_json({"added": [r for r in rows if r["id"] in {c.id for c in change.added}],
                   "skipped": change.skipped, "names": change.names, "seats": change.seats,
                   "warnings": [w.__dict__ for w in change.warnings]})
        return
    click.echo(f"Đã thêm {len(change.added)} người" + (f"; bỏ qua {len(change.skipped)} người đã có." if change.skipped else "."))
    click.echo(list_size(change.seats, change.names))  # said once, neutrally: the list is still being built


@candidates_group.command("add")
@click.argument("election")
@click.option("--name", default=None, help="Full name (split as family / middle / given; prefer the parts).")
@click.option("--family", default="", help="Family name (họ).")
@click.option("--middle", default="", help="Middle name(s) (tên đệm).")
@click.option("--given", default="", help="Given name (tên).")
@click.option("--birth", default=None, help="Date of birth dd/mm/yyyy, or a year.")
@click.option("--delegate", "delegate_code", default=None, help="Copy the name of a registered delegate (by code).")
@click.option("--title", default="", help="Position (chức vụ).")
@click.option("--unit", default="", help="Unit (đơn vị).")
@click.option("--gender", default="", help="Gender (giới tính).")
@click.option("--floor", is_flag=True, help="Nominated from the floor (needs --agree and --attending).")
@click.option("--agree", type=int, default=None, help="Show of hands agreeing to put the name on the list.")
@click.option("--attending", type=int, default=None, help="Delegates attending at that show of hands.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_cli
def candidates_add(ctx: CliContext, election: str, name: str | None, family: str, middle: str, given: str,
                   birth: str | None, delegate_code: str | None, title: str, unit: str, gender: str, floor: bool,
                   agree: int | None, attending: int | None, as_json: bool) -> None:
    """Add one name to an election's list."""
    from congress.vi import clean, split_full_name

    if name:
        family, middle, given = split_full_name(name)
    if not clean(given) and not delegate_code:
        raise CongressError("Cần --given (và --family, --middle), --name hoặc --delegate.")
    row = CandidateRow(where="Người được thêm", family=clean(family), middle=clean(middle), given=clean(given),
                       birth=parse_birth(birth, "--birth"), delegate_code=clean(delegate_code or ""),
                       title=clean(title), unit=clean(unit), gender=clean(gender),
                       nominated_by="floor" if floor else "convening", floor_agree=agree, floor_attending=attending)
    with ctx.session() as session:
        found = service.get_election(session, election)
        change = candidates.add_candidate(session, ctx.actor(session), found, row)
        rows = candidates.list_candidates(session, found)
    _emit_change(change, as_json, rows)


@candidates_group.command("import")
@click.argument("election")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--floor", is_flag=True, help="Rows without a 'Đề cử' column were nominated from the floor.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_cli
def candidates_import(ctx: CliContext, election: str, file: Path, floor: bool, as_json: bool) -> None:
    """Import a list from XLSX or CSV (Họ, Tên đệm, Tên or Họ và tên; Ngày sinh; ...), all rows or none."""
    with ctx.session() as session:
        found = service.get_election(session, election)
        change = candidates.import_candidates(session, ctx.actor(session), found, file,
                                              "floor" if floor else "convening")
        rows = candidates.list_candidates(session, found)
    _emit_change(change, as_json, rows)


@candidates_group.command("list")
@click.argument("election")
@click.option("--all", "include_withdrawn", is_flag=True, help="Also show withdrawn names.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def candidates_list(ctx: CliContext, election: str, include_withdrawn: bool, as_json: bool) -> None:
    """The list in ballot order (by given name, Vietnamese collation), with the surplus warnings."""
    with ctx.session() as session:
        found = service.get_election(session, election)
        rows = candidates.list_candidates(session, found, include_withdrawn)
        warnings = candidates.list_warnings(session, found)
        seats = service.get_round(session, found).seats
    if as_json:
        emit_json({"election": found.code, "seats": seats, "candidates": rows,
                   "warnings": [w.__dict__ for w in warnings]})
        return
    emit_table(["STT", "Số", "Họ và tên", "Ngày sinh", "Đề cử", "Ghi chú"],
               [[r["number"] or "", r["id"], r["name"], r["birth"], candidates.NOMINATED_BY[r["nominated_by"]],
                 f"Rút: {r['withdrawn_reason']}" if r["withdrawn"] else ""] for r in rows])
    _warn(warnings)


@candidates_group.command("withdraw")
@click.argument("election")
@click.argument("candidate_id", type=int)
@click.option("--reason", required=True, help="Why the name leaves the list.")
@pass_cli
def candidates_withdraw(ctx: CliContext, election: str, candidate_id: int, reason: str) -> None:
    """Withdraw a name from the list (kept for the record; left off later ballots)."""
    with ctx.session() as session:
        found = service.get_election(session, election)
        cand = candidates.withdraw_candidate(session, ctx.actor(session), found, candidate_id, reason)
        warnings = candidates.list_warnings(session, found)
    click.echo(f"Đã rút {service.candidate_name(cand)} khỏi danh sách {found.code}.")
    _warn(warnings)


@click.group("ballots")
def ballots_group() -> None:
    """Print ballots and record how many were issued."""


@ballots_group.command("print")
@click.argument("election")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The PDF to write.")
@click.option("--copies", type=int, default=None, help="Ballots to print (default: voters entitled + ballot_reserve).")
@click.option("--round", "round_no", type=int, default=None, help="Round number (default: the newest).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_cli
def ballots_print(ctx: CliContext, election: str, out: Path, copies: int | None, round_no: int | None,
                  as_json: bool) -> None:
    """Write the round's ballots as a PDF and record the printed copies (never linked to a person)."""
    with ctx.session() as session:
        found = service.get_election(session, election)
        result = ballot_print.print_ballots(session, ctx.actor(session), found, out, copies, round_no)
        warnings = candidates.round_warnings(session, found, service.get_round(session, found, result.round_no))
    _warn(warnings)  # the list as printed: the congress decides, the ballots are printed either way
    if as_json:
        emit_json(result.to_dict() | {"warnings": [w.__dict__ for w in warnings]})
    else:
        click.echo(f"Đã in {result.copies} phiếu ({result.pages} trang {result.paper_label}) bầu {result.election} "
                   f"lần {result.round_no} vào {result.out}; mẫu phiếu {result.layout_hash}.")


@ballots_group.command("issue")
@click.argument("election")
@click.option("--count", type=int, required=True, help="Ballots issued (phát ra).")
@click.option("--delegation", default=None, help="Record the count for one delegation (name, code or number).")
@click.option("--round", "round_no", type=int, default=None, help="Round number (default: the newest).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_cli
def ballots_issue(ctx: CliContext, election: str, count: int, delegation: str | None, round_no: int | None,
                  as_json: bool) -> None:
    """Record how many ballots were issued, in total or per delegation (never per person)."""
    with ctx.session() as session:
        found = service.get_election(session, election)
        data = ballot_print.issue_ballots(session, ctx.actor(session), found, count, delegation, round_no)
    if as_json:
        emit_json(data)
    else:
        click.echo(f"Lần {data['round']}: đã in {data['printed']}, đã phát {data['issued']} phiếu.")


def register(cli: click.Group) -> None:
    for command in (election_group, candidates_group, ballots_group):
        cli.add_command(command)
