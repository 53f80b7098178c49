"""`congress scan`: read scanned ballots (files, folders, a watched scanner folder) into a round."""

from __future__ import annotations

import json
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ballots.reading import Reader
from congress.cli.context import CliContext, is_terminal, pass_cli
from congress.scanning import service
from congress.scanning.sources import expand
from congress.scanning.watch import watch

STATUS_VI = {"valid": "hợp lệ", "invalid": "không hợp lệ", "review": "chờ xem xét", "rejected": "bị loại",
             "blank": "mặt trắng", "duplicate": "trùng (bản sao/quét hai lần)", "already_scanned": "đã quét trước"}


class StopFlag:
    """Ctrl+C asks to stop after the current batch; a second Ctrl+C stops at once."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self) -> bool:
        return self.requested

    def handle(self, _signum: int, _frame: Any) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        click.echo("Đang dừng: hoàn tất lô phiếu đang đọc rồi thoát (Ctrl+C lần nữa để dừng ngay).", err=True)


@contextmanager
def _interruptible(flag: StopFlag):  # type: ignore[no-untyped-def]
    try:
        previous = signal.signal(signal.SIGINT, flag.handle)
    except ValueError:  # not the main thread (e.g. called from a test harness thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _emit(reports: list[service.SideReport], as_json: bool) -> None:
    for r in reports:
        if as_json:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
        elif r.status not in ("valid",):
            where = f"{r.source}" + (f" trang {r.page + 1}" if r.page else "")
            click.echo(f"{where}: {STATUS_VI.get(r.status, r.status)} — {r.reason}", err=True)


@click.command("scan")
@click.argument("election")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--round", "round_no", type=int, default=None, help="Round number (default: the newest).")
@click.option("--count", "label", default=service.DEFAULT_LABEL, show_default=True,
              help="Name of the independent count these scans belong to.")
@click.option("--workers", type=int, default=None, help="Reader processes (default: one per core).")
@click.option("--batch", "batch_size", type=int, default=service.DEFAULT_BATCH, show_default=True,
              help="Files stored per transaction.")
@click.option("--watch", "follow", is_flag=True, help="Keep following the folders for new scans (Ctrl+C stops).")
@click.option("--interval", type=float, default=1.0, show_default=True, help="Seconds between looks at the folders.")
@click.option("--watch-seconds", type=float, default=None, help="Stop watching after this many seconds.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per side read.")
@pass_cli
def scan_cmd(ctx: CliContext, election: str, paths: tuple[Path, ...], round_no: int | None, label: str,
             workers: int | None, batch_size: int, follow: bool, interval: float, watch_seconds: float | None,
             as_json: bool) -> None:
    """Read scanned ballots (PNG, JPEG, TIFF, PDF; files or folders) into a round's count.

    Idempotent: a file already stored (under any name) is reported and not counted again; a sheet
    seen twice (photocopy, double scan) is flagged as a duplicate.
    """
    from congress.errors import CongressError

    if workers is not None and workers < 1:
        raise CongressError("--workers phải từ 1 trở lên.")
    if batch_size < 1:
        raise CongressError("--batch phải từ 1 trở lên.")
    engine = ctx.engine()
    with ctx.session() as session:
        actor = ctx.actor(session)
        target = service.prepare(session, actor, election, round_no, label)
    scans_dir = ctx.settings.data_dir / "scans"
    flag = StopFlag()
    total: dict[str, int] = {}

    def tally(reports: list[service.SideReport]) -> None:
        for r in reports:
            total[r.status] = total.get(r.status, 0) + 1
        _emit(reports, as_json)

    with _interruptible(flag):
        if follow:
            folders = list(paths)
            for path in folders:
                if not path.is_dir():
                    raise CongressError(f"--watch cần thư mục; {path} không phải thư mục.")
            click.echo(f"Đang theo dõi {', '.join(map(str, folders))} (Ctrl+C để dừng).", err=True)
            with Reader.for_files(target.layouts, None, workers) as reader:  # one pool for the whole watch
                for ready in watch(folders, interval=interval, seconds=watch_seconds, should_stop=flag):
                    service.scan_files(engine, actor, target, ready, scans_dir, batch_size=batch_size,
                                       reader=reader, on_batch=lambda reps, _n: tally(reps))
        else:
            files = expand(list(paths))
            if is_terminal() and not as_json and files:
                with click.progressbar(length=len(files), label="Đọc phiếu") as bar:
                    service.scan_files(engine, actor, target, files, scans_dir, workers=workers,
                                       batch_size=batch_size, should_stop=flag,
                                       on_batch=lambda reps, n: (tally(reps), bar.update(n)))
            else:
                service.scan_files(engine, actor, target, files, scans_dir, workers=workers,
                                   batch_size=batch_size, should_stop=flag, on_batch=lambda reps, _n: tally(reps))
    if not as_json:
        summary = ", ".join(f"{STATUS_VI.get(k, k)} {v}" for k, v in sorted(total.items())) or "không có tệp nào"
        click.echo(f"Bầu {target.election} lần {target.round_no}: {summary}.")


def register(cli: click.Group) -> None:
    cli.add_command(scan_cmd)
