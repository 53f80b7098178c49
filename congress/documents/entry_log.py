"""Nhật ký nhập phiếu — the printed log of a manual count: every ballot as it was entered, batch by
batch, with who entered it, where and when (per batch only: sheets carry no time of their own)."""

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer
from sqlmodel import Session, select

from congress.congresses import get_congress
from congress.counting.assemble import load_sheets
from congress.counting.counts import count_sessions
from congress.counting.entries import entry_text
from congress.counting.lookup import RoundContext
from congress.documents.pdfkit import VIETNAM, grid, p, styles
from congress.errors import NotFound
from congress.models import ScanBatch
from congress.vi import format_int


@dataclass(frozen=True)
class LogLine:
    seq: int
    text: str
    status: str
    reason: str
    decided: str  # a later committee decision, if any


@dataclass(frozen=True)
class LogBatch:
    count: str
    method: str
    label: str
    operator: str
    station: str
    started: str
    finished: str
    lines: tuple[LogLine, ...]


STATUS_VI = {"valid": "hợp lệ", "invalid": "không hợp lệ", "review": "chờ xem xét", "rejected": "loại",
             "blank": "mặt trắng", "duplicate": "trùng"}


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S") if moment else ""


def entry_log(session: Session, ctx: RoundContext) -> list[LogBatch]:
    """Every batch of every count of the round, its ballots in entry order (scans: file order)."""
    batches = []
    for count in count_sessions(session, ctx.round):
        sheets = load_sheets(session, count.id or 0)
        by_batch: dict[int, list] = {}
        for sheet in sheets:
            by_batch.setdefault(sheet.record.batch_id, []).append(sheet)
        for batch in session.exec(select(ScanBatch).where(ScanBatch.count_session_id == count.id)
                                  .order_by(ScanBatch.id)):  # type: ignore[arg-type]
            lines = []
            ordered = sorted(by_batch.get(batch.id or 0, []),
                             key=lambda s: (s.record.entry_seq or 0, s.record.source, s.record.page))
            for n, sheet in enumerate(ordered, start=1):
                r = sheet.record
                text = str(r.reading.get("text") or "") if isinstance(r.reading, dict) else ""
                text = text or entry_text(sheet.machine_marks, ctx.form) or f"{r.source} trang {r.page + 1}"
                decided = ""
                if sheet.decision:
                    decided = f"{STATUS_VI.get(sheet.decision.status, sheet.decision.status)} ({sheet.decision.decided_by})"
                lines.append(LogLine(r.entry_seq or n, text, STATUS_VI.get(r.status, r.status), r.reason, decided))
            batches.append(LogBatch(count.label, count.method, batch.label, batch.operator, batch.station,
                                    _when(batch.started_at), _when(batch.finished_at), tuple(lines)))
    if not batches:
        raise NotFound(f"{ctx.label}: chưa có phiếu nào được nhập hay quét.")
    return batches


def write_entry_log(session: Session, ctx: RoundContext, closing_hash: str, out: Path) -> None:
    s = styles()
    congress = get_congress(session)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Nhật ký nhập phiếu {ctx.label}", creator="congress")
    story = [p(congress.name, s["center"]), p("NHẬT KÝ NHẬP PHIẾU", s["title"]),
             p(f"bầu {ctx.election.title} — lần bầu thứ {ctx.round.number}", s["center_bold"]), Spacer(1, 5 * mm)]
    for batch in entry_log(session, ctx):
        story.append(p(f"Lần kiểm '{batch.count}' ({'nhập tay' if batch.method == 'manual' else 'quét'}) — tập "
                       f"'{batch.label}' — người nhập: {batch.operator}, máy: {batch.station} — "
                       f"{batch.started} đến {batch.finished} — {format_int(len(batch.lines))} phiếu", s["bold"]))
        rows: list[list[object]] = [[p(h, s["cell_bold"]) for h in ("Thứ tự", "Nội dung nhập", "Trạng thái",
                                                                     "Quyết định sau")]]
        # Plain strings where they fit: a Paragraph per cell makes a 2.000-ballot log slow to lay out.
        rows += [[str(line.seq), p(line.text, s["cell"]) if len(line.text) > 60 else line.text, line.status,
                  p(line.decided, s["cell"]) if line.decided else ""] for line in batch.lines]
        story += [grid(rows, [16 * mm, 100 * mm, 30 * mm, 34 * mm]), Spacer(1, 5 * mm)]
    story.append(p(f"Mã băm cuối của nhật ký hệ thống (SHA-256): {closing_hash}", s["small"]))
    doc.build(story)
