"""`congress checkin`, `attendance`, `sitting open/close/list`, `absence record/remove/list`, `webcam`."""

import sys

import click

from congress.checkin import absences, attendance, sittings
from congress.checkin import service as checkin
from congress.checkin.decision import Direction
from congress.cli.context import CliContext, emit_json, emit_jsonl, emit_table, pass_cli
from congress.errors import CongressError
from congress.vi import format_int

REFUSED_EXIT = 5


def _scan_one(ctx: CliContext, raw: str, sitting: int | None, station: str | None, direction: Direction,
              person: int | None = None) -> dict:
    station = station if station is not None else ctx.settings.station
    with ctx.session() as session:
        if person is not None:
            result = checkin.admit(session, ctx.actor(session), person, sitting=sitting, station=station,
                                   direction=direction)
        else:
            result = checkin.scan(session, ctx.actor(session), raw, sitting=sitting, station=station,
                                  direction=direction)
        return result.as_json()


@click.command("checkin")
@click.argument("code", required=False)
@click.option("--person", type=int, default=None, help="Check in by delegate id (found by name, no badge) instead of CODE.")
@click.option("--sitting", type=int, default=None, help="Sitting number (default: the open sitting).")
@click.option("--station", default=None, help="Desk name recorded with the scan (default: --station of congress).")
@click.option("--exit", "leaving", is_flag=True, help="Record leaving the hall instead of entering.")
@click.option("--json", "as_json", is_flag=True, help='Print {"outcome", "delegate", "message", ...} as JSON.')
@pass_cli
def checkin_cmd(ctx: CliContext, code: str | None, person: int | None, sitting: int | None, station: str | None,
                leaving: bool, as_json: bool) -> None:
    """Check a badge in (điểm danh). CODE is what the scanner typed; '-' reads one scan per line from
    standard input (a keyboard-wedge desk); --person ID checks in someone found by name. Exit status 0
    when admitted, 5 when refused."""
    direction = Direction.EXIT if leaving else Direction.ENTRY
    if (code is None) == (person is None):
        raise CongressError("Cho một mã thẻ (CODE) hoặc --person ID, không cả hai.")
    if code == "-":
        refused = False
        for line in sys.stdin:
            if not line.strip():
                continue  # a scanner that sends Enter twice: the empty scan is not a scan
            data = _scan_one(ctx, line, sitting, station, direction)
            refused |= data["outcome"] != "ok"
            if as_json:
                emit_jsonl([data])
            else:
                click.echo(_line(data))
        if refused:
            raise click.exceptions.Exit(REFUSED_EXIT)
        return
    data = _scan_one(ctx, code or "", sitting, station, direction, person)
    if as_json:
        emit_json(data)
    else:
        click.echo(_line(data))
    if data["outcome"] != "ok":
        raise click.exceptions.Exit(REFUSED_EXIT)


def _line(data: dict) -> str:
    mark = "✔" if data["outcome"] == "ok" else "✘"
    return f"{mark} [{data['outcome']}] {data['message']}"


@click.command("attendance")
@click.option("--sitting", type=int, default=None, help="Sitting to show (default: the open or latest one).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def attendance_cmd(ctx: CliContext, sitting: int | None, as_json: bool) -> None:
    """Attendance: present now, ever present, per sitting, by delegation, and the denominator facts."""
    with ctx.session() as session:
        data = attendance.summary(session, sitting)
    if as_json:
        emit_json(data)
        return
    s = data["sitting"]
    click.echo(f"Phiên {s['number']} — {s['name']} ({'đang mở' if s['open'] else 'đã đóng'})" if s
               else "Chưa mở phiên nào.")
    click.echo(f"Có mặt bây giờ: {format_int(data['present_now'])} người, trong đó "
               f"{format_int(data['present_now_voting'])}/{format_int(data['voters'])} người có quyền biểu quyết.")
    click.echo(f"Đã từng có mặt: {format_int(data['ever_present'])}/{format_int(data['people'])} người.")
    facts = data["denominator_facts"]
    click.echo(f"Triệu tập (chính thức): {format_int(facts['summoned'])}; số làm căn cứ tính kết quả: "
               f"{facts['denominator'] if facts['denominator'] is not None else facts.get('denominator_problem')}.")
    if data["quorum"]:
        q = data["quorum"]
        click.echo(f"Tỷ lệ tối thiểu {q['fraction']}: cần {q['needed']}, có {q['present_voting']} — "
                   f"{'đạt' if q['met'] else 'chưa đạt'}.")
    click.echo("")
    emit_table(["Phiên", "Tên", "Đã vào", "Có mặt", "Có mặt (biểu quyết)", "Vắng có lý do"],
               [[r["number"], r["name"], r["entered"], r["present_now"], r["present_now_voting"],
                 r["absent_with_reason"]] for r in data["per_sitting"]])
    click.echo("")
    emit_table(["Đoàn", "Người", "Biểu quyết", "Có mặt", "Có mặt (biểu quyết)"],
               [[r["delegation"], r["people"], r["voters"], r["present_now"], r["present_now_voting"]]
                for r in data["by_delegation"]])


@click.group("sitting")
def sitting_group() -> None:
    """Sittings (phiên): open one, check people in, close it."""


@sitting_group.command("open")
@click.argument("number", type=int)
@click.option("--name", default="", help="Name of the sitting, e.g. 'Phiên trù bị'.")
@click.option("--internal/--public", default=None, help="Internal sitting (phiên nội bộ): guests not admitted.")
@click.option("--reopen", is_flag=True, help="Reopen a sitting that was closed.")
@pass_cli
def sitting_open(ctx: CliContext, number: int, name: str, internal: bool | None, reopen: bool) -> None:
    """Open sitting NUMBER (created if new); check-in then goes to it."""
    with ctx.session() as session:
        s = sittings.open_sitting(session, ctx.actor(session), number, name, internal=internal, reopen=reopen)
        label = s.name
    click.echo(f"Đã mở phiên {number}: {label}.")


@sitting_group.command("close")
@click.argument("number", type=int, required=False)
@pass_cli
def sitting_close(ctx: CliContext, number: int | None) -> None:
    """Close the open sitting."""
    with ctx.session() as session:
        s = sittings.close_sitting(session, ctx.actor(session), number)
        closed = s.number
    click.echo(f"Đã đóng phiên {closed}.")


@sitting_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def sitting_list(ctx: CliContext, as_json: bool) -> None:
    """All sittings with their state."""
    with ctx.session() as session:
        rows = [s.model_dump(mode="json") for s in sittings.list_sittings(session)]
    if as_json:
        emit_json(rows)
        return
    emit_table(["Phiên", "Tên", "Nội bộ", "Trạng thái"],
               [[r["number"], r["name"], "có" if r["internal"] else "",
                 "đã đóng" if r["closed_at"] else ("đang mở" if r["opened_at"] else "chưa mở")] for r in rows])


@click.group("absence")
def absence_group() -> None:
    """Absences (vắng mặt) with their reason, per sitting or for the whole congress."""


@absence_group.command("record")
@click.argument("delegate")
@click.option("--reason", required=True, help="The reason given.")
@click.option("--sitting", type=int, default=None, help="Sitting number; omit for the whole congress.")
@click.option("--accepted", is_flag=True, help="The convening committee accepted the reason.")
@pass_cli
def absence_record(ctx: CliContext, delegate: str, reason: str, sitting: int | None, accepted: bool) -> None:
    """Record that DELEGATE (code or #id) is absent, with the reason."""
    with ctx.session() as session:
        absences.record_absence(session, ctx.actor(session), delegate, reason, sitting=sitting, accepted=accepted)
    where = f"phiên {sitting}" if sitting is not None else "cả đại hội"
    click.echo(f"Đã ghi nhận vắng mặt ({where}).")


@absence_group.command("remove")
@click.argument("delegate")
@click.option("--sitting", type=int, default=None, help="Sitting number; omit for the whole congress.")
@pass_cli
def absence_remove(ctx: CliContext, delegate: str, sitting: int | None) -> None:
    """Remove a recorded absence (recorded by mistake)."""
    with ctx.session() as session:
        absences.remove_absence(session, ctx.actor(session), delegate, sitting=sitting)
    click.echo("Đã xoá ghi nhận vắng mặt.")


@absence_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_cli
def absence_list(ctx: CliContext, as_json: bool) -> None:
    """Recorded absences."""
    with ctx.session() as session:
        rows = absences.absence_rows(session)
    if as_json:
        emit_json(rows)
        return
    emit_table(["Đại biểu", "Phiên", "Lý do", "Được chấp nhận"],
               [[f"#{r['delegate']}", r["sitting"] or "cả đại hội", r["reason"], "có" if r["accepted"] else ""]
                for r in rows])


@click.command("webcam")
@click.option("--device", default="0", show_default=True, help="Camera index, or a video file/URL.")
@click.option("--sitting", type=int, default=None, help="Sitting number (default: the open sitting).")
@click.option("--station", default=None, help="Desk name recorded with each scan.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per scan.")
@pass_cli
def webcam_cmd(ctx: CliContext, device: str, sitting: int | None, station: str | None, as_json: bool) -> None:
    """Check people in by showing their badge to a camera (until Ctrl+C or the video ends)."""
    from congress.checkin import webcam

    source = webcam.open_camera(int(device) if device.isdigit() else device)
    try:
        for code in webcam.codes(source):
            data = _scan_one(ctx, code, sitting, station, Direction.ENTRY)
            if as_json:
                emit_jsonl([data])
            else:
                click.echo(_line(data))
    finally:
        source.release()


def register(cli: click.Group) -> None:
    for command in (checkin_cmd, attendance_cmd, sitting_group, absence_group, webcam_cmd):
        cli.add_command(command)
