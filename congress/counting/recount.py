"""Recount (kiểm lại): re-read every stored image of a round and check that the per-sheet records
and the result are reproduced exactly. Nothing is changed; the outcome is logged.

Each scanned side is read again from the copy kept under Settings.data_dir/"scans" and planned
with the same pure decision the scanner used; a side stored as a duplicate must still carry an
identity some other stored side claims. The committee's review decisions are applied to the re-read
sides exactly as to the stored ones, so the tallies must be equal.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ballots.reading import read_many
from ballots.rules import Ballot, Mark, Tally, tally
from congress import audit
from congress.actor import Actor, Role
from congress.counting.assemble import SheetView, group_ballots, judge_group, load_sheets
from congress.counting.counts import count_sessions
from congress.counting.lookup import RoundContext
from congress.elections.layouts import round_layout
from congress.errors import CongressError
from congress.models import PrintedSheet, SheetRecord
from congress.scanning.records import plan_side
from congress.scanning.sources import find_kept
from congress.settings import Settings


@dataclass
class RecountOutcome:
    election: str
    round: int
    sides: int = 0
    counts: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)  # one sentence per side or count that differs

    @property
    def identical(self) -> bool:
        return not self.differences

    def to_json(self) -> dict:
        return {"election": self.election, "round": self.round, "sides": self.sides, "counts": self.counts,
                "identical": self.identical, "differences": self.differences}

    def lines(self) -> list[str]:
        head = (f"Kiểm lại {self.election} lần {self.round}: đọc lại {self.sides} mặt phiếu của "
                f"{len(self.counts)} lần quét.")
        if self.identical:
            return [head, "Kết quả trùng khớp hoàn toàn với bản ghi đã lưu."]
        return [head, *(f"Khác: {d}" for d in self.differences)]


def _side_key(record: SheetRecord) -> str:
    return f"{record.source} trang {record.page + 1}"


def _compare(stored: SheetView, status: str, reason: str, identity: str | None, marks: dict[int, Mark],
             claimed: set[str]) -> str | None:
    r = stored.record
    if r.status == "duplicate":
        if identity is None or identity not in claimed:
            return f"{_side_key(r)}: đã lưu là phiếu trùng nhưng không còn tờ gốc mang mã {identity}"
        return None
    if (status, reason) != (r.status, r.reason):
        return f"{_side_key(r)}: đã lưu '{r.status}/{r.reason}', đọc lại '{status}/{reason}'"
    if identity != r.identity_key:
        return f"{_side_key(r)}: mã tờ phiếu khác ({r.identity_key} → {identity})"
    if marks != dict(stored.machine_marks):
        changed = sorted(n for n in set(marks) | set(stored.machine_marks) if marks.get(n) != stored.machine_marks.get(n))
        return f"{_side_key(r)}: dấu ở STT {', '.join(map(str, changed))} đọc lại khác"
    return None


def recount(session: Session, actor: Actor, ctx: RoundContext, settings: Settings, workers: int | None = None
            ) -> RecountOutcome:
    actor.require(Role.COUNTING, action="kiểm lại phiếu")
    outcome = RecountOutcome(ctx.election.code, ctx.round.number)
    scans = [c for c in count_sessions(session, ctx.round) if c.method == "scan"]
    if not scans:
        raise CongressError(f"{ctx.label}: không có lần quét nào để kiểm lại (phiếu nhập tay không có ảnh).")
    layout = round_layout(session, ctx.round)
    printed = set(session.exec(select(PrintedSheet.nonce).where(PrintedSheet.round_id == ctx.round.id)))
    scans_dir = settings.data_dir / "scans"
    for count in scans:
        outcome.counts.append(count.label)
        stored = [s for s in load_sheets(session, count.id or 0) if s.record.image_sha256]
        by_file: dict[str, list[SheetView]] = defaultdict(list)
        for sheet in stored:
            by_file[sheet.record.image_sha256].append(sheet)
        shas = sorted(by_file)
        readings = read_many([find_kept(scans_dir, sha) for sha in shas], {layout.layout_hash: layout}, workers)
        claimed = {s.record.identity_key for s in stored if s.record.identity_key}
        reread: list[SheetView] = []
        for sha, pages in zip(shas, readings, strict=True):
            for sheet in by_file[sha]:
                r = sheet.record
                if r.page >= len(pages):
                    outcome.differences.append(f"{_side_key(r)}: ảnh lưu không còn trang này")
                    continue
                reading = pages[r.page]
                identity = f"{reading.code.nonce}:{reading.code.sheet_index}" if reading.code else None
                seen = {identity} if r.status == "duplicate" and identity else set()
                planned = plan_side(reading, sha, r.page, seen, printed)
                marks = {m["number"]: Mark(m["decision"]) for m in planned.reading.get("marks", [])}
                outcome.sides += 1
                problem = _compare(sheet, planned.status, planned.reason, planned.identity_key, marks, claimed)
                if problem:
                    outcome.differences.append(problem)
                copy = r.model_copy(update={"status": planned.status, "reason": planned.reason,
                                            "identity_key": planned.identity_key})
                reread.append(SheetView(copy, marks if planned.status != "rejected" else {}, sheet.decision))
        before = _tally(stored, ctx)
        after = _tally(reread, ctx)
        if before != after:
            outcome.differences.append(f"lần quét '{count.label}': kết quả đọc lại khác kết quả đã lưu "
                                       f"(hợp lệ {before.valid} → {after.valid}, phiếu bầu {dict(before.votes)} → "
                                       f"{dict(after.votes)})")
    audit.record(session, actor, "count.recount", "round", ctx.round.id, outcome.to_json())
    return outcome


def _tally(sheets: list[SheetView], ctx: RoundContext) -> Tally:
    ballots = []
    for group in group_ballots(sheets):
        marks, validity = judge_group(group, ctx.form, ctx.seats, len(ctx.names))
        ballots.append(Ballot(marks, validity))
    return tally(ballots)
