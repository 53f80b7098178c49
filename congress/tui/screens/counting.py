"""Kiểm phiếu — scan a folder (or watch a scanner's folder) into a round, with a progress bar and the
live provisional tally; from here the review queue, manual entry and the double-count comparison.

The scanning service does the work (prepare, scan_files: one transaction per batch) in a thread
worker; after every batch the worker reads the count's tally and the review queue and posts them
as a message, so the screen never waits on the database or the reader.
"""

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Input, ProgressBar, Select, Static
from textual.worker import get_current_worker

from ballots.reading import Reader
from congress import db
from congress.counting import compare
from congress.counting.lookup import round_context
from congress.counting.projection import Projection, projection
from congress.counting.results import round_report
from congress.counting.review import review_queue
from congress.errors import CongressError, NotFound
from congress.scanning import service
from congress.scanning.sources import expand
from congress.scanning.watch import watch
from congress.tui.screens.base import CongressScreen
from congress.tui.screens.prompts import TextModal
from congress.tui.widgets.bar_chart import BarChart
from congress.tui.widgets.round_picker import RoundPicker
from congress.vi import format_int

STATUS_ORDER = ("valid", "invalid", "review", "duplicate", "rejected", "blank", "already_scanned")


def scan_plan(files: int) -> tuple[int | None, int]:
    """(reader processes, files per batch). Starting reader processes costs more than reading a
    few sheets, so small piles are read in-process; batches are small enough for a live tally."""
    if files < 32:
        return 1, 8
    return None, max(50, -(-files // 20))


@dataclass
class Snapshot:
    """What the screen shows of a round after a batch: the count's tally and the review queue."""

    tally: Projection | None = None
    tally_note: str = ""
    count: str = ""
    review: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def snapshot(session: Session, code: str, round_no: int, label: str) -> Snapshot:
    """The tally of count `label`, or — before that count exists — of the round's only (or accepted) count."""
    ctx = round_context(session, code, round_no)
    shot = Snapshot(review=len(review_queue(session, ctx)), count=label)
    for wanted in (label.strip() or None, None):
        try:
            report = round_report(session, ctx, wanted)
        except NotFound:
            continue
        except CongressError as exc:
            shot.tally_note = str(exc)
            return shot
        shot.tally, shot.count = projection(report), report.count.label
        return shot
    return shot


class CountingScreen(CongressScreen):
    TITLE_KEY = "mode.counting"
    HELP_KEY = "help.counting"
    BINDINGS: ClassVar = [
        Binding("ctrl+g", "scan", "key.scan", id="counting.scan"),
        Binding("ctrl+t", "watch", "key.watch", id="counting.watch"),
        Binding("ctrl+b", "stop", "key.stop", id="counting.stop"),
        Binding("ctrl+r", "review", "key.review", id="counting.review"),
        Binding("ctrl+n", "manual", "key.manual", id="counting.manual"),
        Binding("ctrl+o", "compare", "key.compare", id="counting.compare"),
    ]

    class Progress(Message):
        """Posted by the scan worker after each batch."""

        def __init__(self, done: int, total: int | None, counts: dict[str, int], shot: Snapshot) -> None:
            super().__init__()
            self.done, self.total, self.counts, self.shot = done, total, counts, shot

    class Ended(Message):
        def __init__(self, done: int, stopped: bool, error: str = "") -> None:
            super().__init__()
            self.done, self.stopped, self.error = done, stopped, error

    def __init__(self) -> None:
        super().__init__()
        self.stop_flag = threading.Event()
        self.counts: dict[str, int] = {}
        self.last_run: tuple[int, bool, str] | None = None  # (files done, stopped, error) of the last run

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Vertical(id="counting"):
            with Horizontal(classes="row"):
                yield RoundPicker(t("counting.round"), id="c-round")
                yield Input(service.DEFAULT_LABEL, placeholder=t("counting.count"), id="c-count")
            yield Input(placeholder=t("counting.path"), id="c-path")
            with Horizontal(id="c-progress-row"):
                yield ProgressBar(total=1, show_eta=False, id="c-progress")
                yield Static(t("counting.idle"), id="c-status")
            with Horizontal(id="c-panels"):
                with VerticalScroll(id="c-tally-panel", classes="panel"):
                    yield Static(id="c-tally-title", classes="subtitle")
                    yield BarChart(empty=t("counting.tally_empty"), id="c-tally")
                    yield Static(id="c-tally-note", classes="muted")
                with Vertical(id="c-side-panel", classes="panel"):
                    yield Static(id="c-sides")
                    yield Static(id="c-review")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#c-path", Input).focus()

    # --- what is shown ----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        picker = self.query_one(RoundPicker)
        with self.read() as session:
            picker.load(session)
            choice = picker.choice
            if choice is None:
                self.query_one("#c-status", Static).update(self.t("counting.no_round"))
                return
            shot = snapshot(session, *choice, self.count_label)
        self.show(shot)

    @property
    def count_label(self) -> str:
        return self.query_one("#c-count", Input).value.strip() or service.DEFAULT_LABEL

    @on(Select.Changed, "#c-round")
    def _round_changed(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#c-count")
    def _count_changed(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#c-path")
    def _path_submitted(self) -> None:
        self.action_scan()

    def show(self, shot: Snapshot) -> None:
        t = self.t
        self.query_one("#c-tally-title", Static).update(t("counting.tally", count=shot.count or self.count_label))
        chart = self.query_one(BarChart)
        if shot.tally is None:
            chart.show((), 0.5)
        else:
            chart.show(shot.tally.bars, shot.tally.threshold_share)
        note = shot.tally_note or (f"{shot.tally.denominator_text}\n{shot.tally.ballots_text}" if shot.tally else "")
        self.query_one("#c-tally-note", Static).update(note)
        self.query_one("#c-review", Static).update(
            t("counting.review_waiting", n=format_int(shot.review)) if shot.review else t("counting.review_none"))
        summary = " · ".join(f"{t(f'status.{s}')}: {format_int(self.counts[s])}" for s in STATUS_ORDER
                             if self.counts.get(s))
        self.query_one("#c-sides", Static).update(t("counting.sides", summary=summary or "0"))

    def on_counting_screen_progress(self, message: Progress) -> None:
        self.counts = message.counts
        bar = self.query_one(ProgressBar)
        if message.total is None:  # watching: the total grows with the files seen
            bar.update(total=max(message.done, 1), progress=message.done)
        else:
            bar.update(total=max(message.total, 1), progress=message.done)
            self.query_one("#c-status", Static).update(self.t(
                "counting.scanning", done=format_int(message.done), total=format_int(message.total)))
        self.show(message.shot)

    def on_counting_screen_ended(self, message: Ended) -> None:
        self.last_run = (message.done, message.stopped, message.error)
        if message.error:
            self.query_one("#c-status", Static).update(message.error)
            self.app.notify(message.error, title=self.t("app.error"), severity="error", timeout=8)
            return
        key = "counting.stopped" if message.stopped else "counting.finished"
        self.query_one("#c-status", Static).update(self.t(key, done=format_int(message.done)))

    # --- scanning ---------------------------------------------------------------------------------

    def _start(self, watch_folder: bool) -> None:
        choice = self.query_one(RoundPicker).choice
        raw = self.query_one("#c-path", Input).value.strip()
        if choice is None:
            self.app.notify(self.t("counting.no_round"), severity="warning")
            return
        if not raw:
            self.app.notify(self.t("counting.no_path"), severity="warning")
            return
        if self.busy:
            self.app.notify(self.t("counting.busy"), severity="warning")
            return
        self.stop_flag.clear()
        self.counts = {}
        self.query_one(ProgressBar).update(total=1, progress=0)
        self.scan_worker(*choice, self.count_label, Path(raw).expanduser(), watch_folder)

    @property
    def busy(self) -> bool:
        return any(w.is_running for w in self.workers if w.group == "scan")

    def action_scan(self) -> None:
        self._start(watch_folder=False)

    def action_watch(self) -> None:
        self._start(watch_folder=True)

    def action_stop(self) -> None:
        if self.busy:
            self.stop_flag.set()
            self.query_one("#c-status", Static).update(self.t("counting.stopping"))

    @work(thread=True, exclusive=True, group="scan")
    def scan_worker(self, code: str, round_no: int, label: str, path: Path, watch_folder: bool) -> None:
        worker = get_current_worker()
        scans_dir = self.capp.settings.data_dir / "scans"
        counts: dict[str, int] = {}
        done = 0

        def stop() -> bool:
            return self.stop_flag.is_set() or worker.is_cancelled

        def after_batch(reports: list[service.SideReport], files: int, total: int | None) -> None:
            nonlocal done
            done += files
            for r in reports:
                counts[r.status] = counts.get(r.status, 0) + 1
            with Session(self.engine) as session:
                shot = snapshot(session, code, round_no, label)
            self.post_message(self.Progress(done, total, dict(counts), shot))

        try:
            with db.unit_of_work(self.engine) as session:
                target = service.prepare(session, self.actor, code, round_no, label)
            if watch_folder:
                if not path.is_dir():
                    raise CongressError(f"{path} không phải thư mục; chỉ theo dõi được thư mục.")
                self.app.call_from_thread(self.query_one("#c-status", Static).update,
                                          self.t("counting.watching", folder=str(path), done=0))
                with Reader.for_files(target.layouts, None) as reader:  # one pool for the whole watch
                    for ready in watch([path], interval=1.0, should_stop=stop):
                        _, batch = scan_plan(len(ready))
                        service.scan_files(self.engine, self.actor, target, ready, scans_dir, batch_size=batch,
                                           should_stop=stop, reader=reader,
                                           on_batch=lambda reps, n: after_batch(reps, n, None))
                        self.app.call_from_thread(self.query_one("#c-status", Static).update,
                                                  self.t("counting.watching", folder=str(path),
                                                         done=format_int(done)))
            else:
                files = expand([path])
                workers, batch = scan_plan(len(files))
                self.post_message(self.Progress(0, len(files), {}, Snapshot()))
                service.scan_files(self.engine, self.actor, target, files, scans_dir, workers=workers,
                                   batch_size=batch, should_stop=stop,
                                   on_batch=lambda reps, n: after_batch(reps, n, len(files)))
        except CongressError as exc:
            self.post_message(self.Ended(done, stop(), str(exc)))
            return
        self.post_message(self.Ended(done, stop()))

    # --- the other counting workflows ---------------------------------------------------------------

    def action_review(self) -> None:
        choice = self.query_one(RoundPicker).choice
        if choice is not None:
            from congress.tui.screens.review import ReviewScreen

            self.app.push_screen(ReviewScreen(*choice))

    def action_manual(self) -> None:
        choice = self.query_one(RoundPicker).choice
        if choice is not None:
            from congress.tui.screens.manual_entry import ManualEntryScreen

            self.app.push_screen(ManualEntryScreen(*choice))

    def action_compare(self) -> None:
        choice = self.query_one(RoundPicker).choice
        if choice is None:
            return
        comparisons = self.write(lambda s, a: compare.compare_round(s, a, round_context(s, *choice)))
        if comparisons is None:
            return
        t = self.t
        lines: list[str] = []
        for c in comparisons:
            lines += list(c.notes)
            if c.identical:
                lines.append(t("counting.compare_same", a=c.label_a, b=c.label_b, ballots=format_int(c.ballots),
                               batches=format_int(c.batches)))
            lines += [f"≠ {sentence}" for sentence in c.sentences()]
        same = all(c.identical for c in comparisons)
        lines.append(t("counting.compare_accepted" if same else "counting.compare_differ"))
        self.last_comparison = comparisons
        self.app.push_screen(TextModal(t("counting.compare_title"), lines))
