"""The result of a round (kết quả bầu cử) for the CLI, the TUI and the documents.

The result comes from one count session: the only one, or — when the pile was counted several
times — the accepted one, and only if every count agrees; otherwise no result is shown and the
error says where the counts differ. It stays provisional until the count is closed.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from ballots.rules import Outcome, Reason, RoundResult, count_round, tally
from ballots.rules.errors import RulesError
from congress.congresses import get_congress, setting
from congress.counting.assemble import AssembledBallot, assemble
from congress.counting.compare import compare_all
from congress.counting.counts import count_sessions, find_count
from congress.counting.denominator import DenominatorView, round_denominator
from congress.counting.lookup import RoundContext
from congress.errors import Conflict, CongressError, NotFound
from congress.models import BallotIssue, Congress, CountSession

PROVISIONAL, CLOSED = "provisional", "closed"
STATUS_LABELS = {PROVISIONAL: "Tạm thời (chưa kết thúc kiểm phiếu)", CLOSED: "Chính thức (đã kết thúc kiểm phiếu)"}


class CountsDiffer(Conflict):
    """Independent counts of the round disagree: no result until they are reconciled."""

    def __init__(self, message: str, differences: list[str]) -> None:
        super().__init__(message)
        self.differences = differences


@dataclass(frozen=True)
class RoundReport:
    congress: Congress
    ctx: RoundContext
    status: str
    count: CountSession
    counts: tuple[str, ...]
    denominator: DenominatorView
    issued: int | None  # None: the number of ballots issued has not been recorded yet
    result: RoundResult
    ballots: tuple[AssembledBallot, ...]
    places: int
    closed_at: datetime | None
    closed_by: str

    @property
    def problems(self) -> list[str]:
        found = [a.label for a in self.result.accounting.anomalies]
        if self.issued is None:
            found.append("Chưa ghi số phiếu phát ra")
        return found

    @property
    def final(self) -> bool:
        return self.status == CLOSED

    def invalid_reasons(self) -> list[tuple[str, str, int]]:
        """(code, Vietnamese label, ballots) for every reason an invalid ballot was counted under."""
        rows = []
        for code, count in self.result.accounting.invalid_reasons.items():
            details = sorted({b.validity.detail for b in self.ballots
                              if b.validity.reason and b.validity.reason.value == code and b.validity.detail})
            label = Reason(code).label + (f" ({'; '.join(details)})" if code == Reason.OTHER and details else "")
            rows.append((code, label, count))
        return rows

    def to_json(self) -> dict[str, Any]:
        r, acc = self.result, self.result.accounting
        return {
            "congress": self.congress.name, "organisation": self.congress.organisation,
            "election": self.ctx.election.code, "title": self.ctx.election.title, "kind": self.ctx.election.kind,
            "round": self.ctx.round.number, "seats": r.seats, "form": self.ctx.form,
            "status": self.status, "status_label": STATUS_LABELS[self.status],
            "closed_at": self.closed_at.isoformat() if self.closed_at else None, "closed_by": self.closed_by,
            "count": self.count.label, "counts": list(self.counts), "accepted": self.count.accepted,
            "denominator": self.denominator.to_dict(),
            "ballots": {"issued": self.issued, "returned": acc.returned, "valid": acc.valid, "invalid": acc.invalid,
                        "review": acc.review,
                        "invalid_reasons": [{"code": c, "label": lbl, "count": n} for c, lbl, n in self.invalid_reasons()],
                        "anomalies": [{"code": a.value, "label": a.label, "stops": a.stops} for a in acc.anomalies]},
            "percent_basis": r.percent_basis, "percent_places": self.places,
            "candidates": [{"number": c.number, "name": c.name, "votes": c.votes, "against": c.against,
                            "percent": str(c.percent), "eligible": c.eligible, "rank": c.rank,
                            "elected": c.elected, "tied": c.tied} for c in r.candidates],
            "elected": [{"number": c.number, "name": c.name, "votes": c.votes} for c in r.elected],
            "tied": [c.number for c in r.tied],
            "outcome": r.outcome.value, "outcome_label": r.outcome.label,
            "seats_remaining": r.seats_remaining, "further_round": [c.number for c in r.further_round],
            "further_round_needed": r.outcome in (Outcome.TIE, Outcome.TOO_FEW),
            "problems": self.problems,
        }


def issued_counts(session: Session, round_id: int | None) -> tuple[int | None, int | None]:
    """(issued, returned) recorded for the round; None where nothing was recorded (printing alone
    creates the row with issued 0, so 0 means "not recorded yet")."""
    rows = list(session.exec(select(BallotIssue).where(BallotIssue.round_id == round_id)))
    issued = sum(r.issued for r in rows)
    returned = [r.returned for r in rows if r.returned is not None]
    return (issued or None), (sum(returned) if returned else None)


def choose_count(session: Session, ctx: RoundContext, label: str | None = None) -> tuple[CountSession, list[str]]:
    """The count the result is taken from, and every count's label; refuses disagreeing counts."""
    counts = count_sessions(session, ctx.round)
    if not counts:
        raise NotFound(f"{ctx.label}: chưa có phiếu nào được quét hay nhập.")
    labels = [c.label for c in counts]
    if label is not None:
        return find_count(session, ctx.round, label), labels
    if len(counts) > 1:
        problems = [s for comparison in compare_all(session, ctx, counts) for s in comparison.sentences()]
        if problems:
            more = f" (và {len(problems) - 1} chỗ khác)" if len(problems) > 1 else ""
            raise CountsDiffer(f"Các lần kiểm của {ctx.label} chưa khớp nhau, chưa có kết quả: {problems[0]}{more}; "
                               f"xem 'congress compare {ctx.election.code}'.", problems)
    accepted = [c for c in counts if c.accepted]
    return (accepted or counts)[0], labels


def round_report(session: Session, ctx: RoundContext, count_label: str | None = None,
                 denominator: DenominatorView | None = None) -> RoundReport:
    congress = get_congress(session)
    count, labels = choose_count(session, ctx, count_label)
    ballots = assemble(session, count.id or 0, ctx.form, ctx.seats, len(ctx.names))
    denominator = denominator or round_denominator(session, ctx.round)
    issued, returned = issued_counts(session, ctx.round.id)
    places = int(setting(congress, "percent_places"))
    counted = tally(b.as_rules_ballot() for b in ballots)
    try:
        result = count_round(ctx.names, ctx.seats, denominator.value, counted,
                             issued if issued is not None else counted.returned, returned, places=places)
    except RulesError as exc:
        raise CongressError(f"{ctx.label}: {exc}") from None
    status = CLOSED if ctx.round.status == CLOSED else PROVISIONAL
    return RoundReport(congress, ctx, status, count, tuple(labels), denominator, issued, result, tuple(ballots),
                       places, ctx.round.closed_at, ctx.round.closed_by)
