"""The confirmed ballots of one count session, as plain inputs for `ballots.rules`.

Sheet records are grouped by `ballot_key` (the printed copy's nonce, or a random key for a manual
entry) so a multi-sheet ballot is judged as a whole. The latest ReviewDecision of a sheet is in
force; the machine's reading stays untouched beside it. A committee "invalid" always stands; a
committee "valid" clears the reasons that are not about the marks (extra ink, not issued) and the
rules judge the marks again, so an over-vote can never be made valid by a click.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from ballots.rules import Ballot, Mark, Reason, Status, Validity, judge_ballot
from congress.counting.entries import resolve_reason
from congress.models import Mark as MarkRow
from congress.models import ReviewDecision, SheetRecord

NOT_BALLOTS = frozenset({"rejected", "blank", "duplicate"})  # not a returned ballot at all
MARK_REASONS = frozenset({Reason.OVER_VOTE, Reason.ALL_STRUCK, Reason.BOTH_OR_NONE, Reason.UNCERTAIN_MARK})


@dataclass(frozen=True)
class SheetView:
    """One sheet with the decision in force (the machine's, or the committee's latest)."""

    record: SheetRecord
    machine_marks: Mapping[int, Mark]
    decision: ReviewDecision | None

    @property
    def status(self) -> str:
        return self.decision.status if self.decision else self.record.status

    @property
    def marks(self) -> dict[int, Mark]:
        merged = dict(self.machine_marks)
        if self.decision:
            merged.update({int(n): Mark(m) for n, m in self.decision.marks.items()})
        return merged

    @property
    def position(self) -> str:
        """Where the sheet is in its pile: entry number, or scanned file and page."""
        r = self.record
        if r.entry_seq is not None:
            return f"phiếu thứ {r.entry_seq}"
        return f"{r.source} trang {r.page + 1}" if r.source else r.id[:8]


@dataclass(frozen=True)
class AssembledBallot:
    key: str
    batch_id: int
    sheets: tuple[SheetView, ...]
    marks: Mapping[int, Mark]
    validity: Validity

    @property
    def position(self) -> str:
        return self.sheets[0].position

    @property
    def order(self) -> tuple:
        first = self.sheets[0].record
        return (first.batch_id, first.entry_seq or 0, first.source, first.page, first.id)

    def as_rules_ballot(self) -> Ballot:
        return Ballot(self.marks, self.validity)


def stored_validity(status: str, reason: str, detail: str = "") -> Validity:
    """The Validity a stored (status, reason) stands for; unknown reason text becomes "other"."""
    if status == Status.VALID:
        return Validity(Status.VALID)
    code: Reason
    try:
        code = Reason(reason)
    except ValueError:
        guessed = resolve_reason(reason) if reason.strip() else Validity(Status.INVALID, Reason.OTHER, status)
        code, detail = guessed.reason or Reason.OTHER, guessed.detail or detail
    if code is Reason.OTHER and not detail:
        detail = reason or status
    return Validity(Status(status) if status in (Status.INVALID, Status.REVIEW) else Status.INVALID, code, detail or None)


def load_sheets(session: Session, count_session_id: int) -> list[SheetView]:
    records = list(session.exec(select(SheetRecord).where(SheetRecord.count_session_id == count_session_id)))
    if not records:
        return []
    ids = [r.id for r in records]
    marks: dict[str, dict[int, Mark]] = defaultdict(dict)
    for row in _chunked(session, MarkRow, MarkRow.sheet_id, ids):
        marks[row.sheet_id][row.number] = Mark(row.decision)
    latest: dict[str, ReviewDecision] = {}
    for decision in sorted(_chunked(session, ReviewDecision, ReviewDecision.sheet_id, ids), key=lambda d: d.id or 0):
        latest[decision.sheet_id] = decision
    return [SheetView(r, marks.get(r.id, {}), latest.get(r.id)) for r in records]


def _chunked(session: Session, model, column, ids: list[str]) -> Iterable:  # type: ignore[no-untyped-def]
    for start in range(0, len(ids), 500):  # keep IN lists well under every driver's limit
        yield from session.exec(select(model).where(column.in_(ids[start:start + 500])))


def group_ballots(sheets: Iterable[SheetView]) -> list[list[SheetView]]:
    """Sheets of one printed copy together; a second sighting of a sheet (no identity) stands alone."""
    groups: dict[str, list[SheetView]] = defaultdict(list)
    for sheet in sheets:
        if sheet.status in NOT_BALLOTS:
            continue
        r = sheet.record
        key = r.ballot_key or r.id
        if r.method != "manual" and r.identity_key is None and r.status != "review":
            key = f"{key}#{r.id}"  # a photocopy or double scan must not join the genuine copy
        groups[key].append(sheet)
    return [sorted(g, key=lambda s: (s.record.sheet_index, s.record.id)) for g in groups.values()]


def judge_group(sheets: list[SheetView], form: str, seats: int, numbers: int) -> tuple[dict[int, Mark], Validity]:
    """The marks and the status in force for one ballot (all its sheets)."""
    marks: dict[int, Mark] = {}
    for sheet in sheets:
        marks.update(sheet.marks)
    decided = any(s.decision for s in sheets)
    for sheet in sheets:  # an invalid that is not about the marks stands whatever the marks say
        if sheet.status == Status.INVALID:
            stored = _sheet_validity(sheet)
            if sheet.decision or stored.reason not in MARK_REASONS:
                return marks, stored
    pending = [s for s in sheets if s.status == Status.REVIEW and s.decision is None]
    expected = max(s.record.sheet_count for s in sheets) or 1
    present = {s.record.sheet_index for s in sheets}
    if len(present) < expected and not decided:
        missing = ", ".join(str(i) for i in range(1, expected + 1) if i not in present)
        return marks, Validity(Status.REVIEW, Reason.OTHER, f"thiếu tờ {missing}/{expected}")
    no_vote = Mark.STRUCK if form == "strike" else Mark.NONE
    complete = {n: marks.get(n, no_vote) for n in range(1, numbers + 1)}
    verdict = judge_ballot(form, seats, complete)
    if verdict.status is Status.VALID and pending:
        return complete, _sheet_validity(pending[0])
    return complete, verdict


def _sheet_validity(sheet: SheetView) -> Validity:
    if sheet.decision:
        return stored_validity(sheet.decision.status, sheet.decision.reason, sheet.decision.note)
    detail = str(sheet.record.reading.get("detail", "")) if isinstance(sheet.record.reading, dict) else ""
    return stored_validity(sheet.record.status, sheet.record.reason, detail)


def assemble(session: Session, count_session_id: int, form: str, seats: int, numbers: int) -> list[AssembledBallot]:
    """Every returned ballot of a count session with the status in force, in pile order."""
    ballots = []
    for group in group_ballots(load_sheets(session, count_session_id)):
        marks, validity = judge_group(group, form, seats, numbers)
        first = group[0].record
        ballots.append(AssembledBallot(first.ballot_key or first.id, first.batch_id, tuple(group), marks, validity))
    return sorted(ballots, key=lambda b: b.order)
