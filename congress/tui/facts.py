"""What the dashboard shows, gathered in one read: plain data, no widgets (easy to test).

Attendance and the denominator come from the check-in service; counts of sheets from the
counting tables. Nothing here decides anything the services decide.
"""

from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from congress.checkin import attendance
from congress.congresses import get_congress
from congress.models import CheckinEvent, Delegate, Delegation, Election, Level, Round, SheetRecord


@dataclass
class ElectionLine:
    code: str
    title: str
    seats: int
    round_number: int | None
    round_status: str | None


@dataclass
class DashboardFacts:
    name: str
    kind: str
    level: str
    term: str
    people: int
    voters: int
    delegations: int
    summoned: int = 0
    present: int | None = None
    absent: int | None = None
    sitting: str | None = None
    denominator: int | None = None
    elections: list[ElectionLine] = field(default_factory=list)
    review: int = 0
    rejected: int = 0
    refused: int = 0
    level_names: tuple[str, str] = ("", "")  # Vietnamese, English


def _elections(session: Session) -> list[ElectionLine]:
    lines = []
    for election in session.exec(select(Election).order_by(Election.id)):  # type: ignore[arg-type]
        latest = session.exec(
            select(Round).where(Round.election_id == election.id).order_by(Round.number.desc())  # type: ignore[attr-defined]
        ).first()
        lines.append(ElectionLine(election.code, election.title, election.seats,
                                  latest.number if latest else None, latest.status if latest else None))
    return lines


def gather(session: Session) -> DashboardFacts:
    congress = get_congress(session)
    people = session.exec(select(func.count()).select_from(Delegate)).one()
    facts = DashboardFacts(
        name=congress.name, kind=congress.kind, level=congress.level, term=congress.term, people=people,
        voters=0,
        delegations=session.exec(select(func.count()).select_from(Delegation)).one(),
        elections=_elections(session),
    )
    level = session.get(Level, congress.level)
    if level is not None:
        facts.level_names = (level.name_vi, level.name_en or level.name_vi)
    by_status = dict(session.exec(select(SheetRecord.status, func.count()).group_by(SheetRecord.status)).all())
    facts.review = by_status.get("review", 0)
    facts.rejected = by_status.get("rejected", 0) + by_status.get("duplicate", 0)
    facts.refused = session.exec(
        select(func.count()).select_from(CheckinEvent).where(CheckinEvent.kind == "refused")
    ).one()
    _attendance(session, facts)
    return facts


def _attendance(session: Session, facts: DashboardFacts) -> None:
    """Present / absent / summoned / denominator, all from the check-in service's attendance summary."""
    summary = attendance.summary(session)
    denominator = summary["denominator_facts"]
    facts.voters = summary["voters"]
    facts.summoned = denominator["summoned"]
    facts.denominator = denominator.get("denominator")
    sitting = summary["sitting"]
    if sitting is not None:
        facts.sitting = f"{sitting['number']}. {sitting['name']}"
        facts.present = summary["present_now_voting"]
        facts.absent = summary["voters"] - summary["present_now_voting"]
