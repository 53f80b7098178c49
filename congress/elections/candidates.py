"""The election list (danh sách bầu cử): add, import, withdraw, list — with the §4 checks.

Every check that is a rule of the regulation and the congress may overrule (surplus) is a warning;
a floor nomination without more than 30 % agreement is refused (it does not join the list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from congress import audit, congresses
from congress.actor import Actor, Role
from congress.elections.candidate_file import CandidateRow, read_candidate_file
from congress.elections.listrules import ListWarning, floor_nomination_passes, surplus_warnings
from congress.elections.service import active_candidates, candidate_name, get_round, round_candidates
from congress.errors import Conflict, CongressError, NotFound
from congress.models import Candidate, Delegate, Election, Round, utcnow
from congress.vi import clean, format_date

NOMINATED_BY = {"convening": "Cấp ủy triệu tập", "floor": "Đại hội đề cử", "self": "Tự ứng cử"}


@dataclass
class ListChange:
    """What an add or import did, and the warnings the congress should see."""

    added: list[Candidate] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # names already on the list
    warnings: list[ListWarning] = field(default_factory=list)
    names: int = 0  # on the list after the change
    seats: int = 0  # of the current round


def _check_floor(nominated_by: str, agree: int | None, attending: int | None, share: object, where: str) -> None:
    if nominated_by != "floor":
        return
    if agree is None or attending is None:
        raise CongressError(f"{where}: người do đại hội đề cử cần số đồng ý và số đại biểu có mặt (--agree, --attending).")
    if attending <= 0 or not 0 <= agree <= attending:
        raise CongressError(f"{where}: số đồng ý ({agree}) phải từ 0 đến số có mặt ({attending}), số có mặt phải dương.")
    if not floor_nomination_passes(agree, attending, share):  # type: ignore[arg-type]
        raise CongressError(
            f"{where}: chỉ {agree}/{attending} đại biểu có mặt đồng ý, không quá 30 %; "
            "người được đề cử không được đưa vào danh sách.")


def _same_person(c: Candidate, row: CandidateRow) -> bool:
    if row.code and c.code and row.code == c.code:
        return True
    return ((c.family_name, c.middle_name, c.given_name) == (row.family, row.middle, row.given)
            and (c.birth_date or c.birth_year) == row.birth)


def _make(election: Election, row: CandidateRow, delegate: Delegate | None) -> Candidate:
    birth = row.birth
    return Candidate(
        election_id=election.id, delegate_id=delegate.id if delegate else None, code=row.code or None,
        family_name=row.family, middle_name=row.middle, given_name=row.given,
        birth_date=birth if isinstance(birth, date) else None,
        birth_year=birth if isinstance(birth, int) else None,
        gender=row.gender, title=row.title, unit=row.unit, nominated_by=row.nominated_by,
        floor_agree=row.floor_agree, floor_attending=row.floor_attending,
    )


def _add_rows(session: Session, actor: Actor, election: Election, rows: list[CandidateRow],
              source: str) -> ListChange:
    actor.require(Role.SECRETARIAT, action="sửa danh sách bầu cử")
    congress = congresses.get_congress(session)
    share = congresses.setting(congress, "floor_nomination_fraction")
    existing = active_candidates(session, election)
    change = ListChange()
    for row in rows:
        if row.nominated_by not in NOMINATED_BY:
            raise CongressError(f"{row.where}: nơi đề cử '{row.nominated_by}' không hợp lệ; chọn {', '.join(NOMINATED_BY)}.")
        if not row.given:
            raise CongressError(f"{row.where}: thiếu tên (cột Tên hoặc Họ và tên).")
        _check_floor(row.nominated_by, row.floor_agree, row.floor_attending, share, row.where)
        if any(_same_person(c, row) for c in existing + change.added):
            change.skipped.append(row.display)
            continue
        delegate = None
        if row.delegate_code:
            delegate = session.exec(select(Delegate).where(Delegate.code == row.delegate_code)).first()
            if delegate is None:
                raise NotFound(f"{row.where}: không có đại biểu mã '{row.delegate_code}'.")
        candidate = _make(election, row, delegate)
        session.add(candidate)
        change.added.append(candidate)
    session.flush()
    if change.added:
        audit.record(session, actor, "candidates.add", "election", election.id, {
            "source": source, "added": [[c.id, candidate_name(c)] for c in change.added],
            "skipped": change.skipped,
        })
    # While the list is built a short list is expected: only a surplus already too large is worth a
    # warning here; the whole check comes back when ballots are printed or a round is opened.
    current, names = get_round(session, election), active_candidates(session, election)
    change.warnings = _size_warnings(session, election, current.seats, names, building=True)
    change.names, change.seats = len(names), current.seats
    if change.added and (current.status != "draft" or current.restricted):
        change.warnings.append(ListWarning(
            "round_fixed", f"Lần bầu thứ {current.number} đã chốt danh sách; người mới chỉ có ở lần bầu sau."))
    return change


def add_candidate(session: Session, actor: Actor, election: Election, row: CandidateRow) -> ListChange:
    """Add one name (by its parts, or copied from a registered delegate)."""
    if row.delegate_code and not row.given:
        delegate = session.exec(select(Delegate).where(Delegate.code == row.delegate_code)).first()
        if delegate is None:
            raise NotFound(f"Không có đại biểu mã '{row.delegate_code}'.")
        row = row.from_delegate(delegate)
    return _add_rows(session, actor, election, [row], "add")


def add_from_delegates(session: Session, actor: Actor, election: Election, delegates: list[Delegate],
                       nominated_by: str = "convening") -> ListChange:
    """Put registered delegates on the list, names exactly as registered."""
    rows = [CandidateRow.blank(f"đại biểu {d.id}", nominated_by).from_delegate(d) for d in delegates]
    return _add_rows(session, actor, election, rows, "delegates")


def import_candidates(session: Session, actor: Actor, election: Election, path: Path,
                      nominated_by: str = "convening") -> ListChange:
    """Import a list from XLSX or CSV: all rows or none; names already on the list are skipped."""
    rows = read_candidate_file(path, nominated_by)
    return _add_rows(session, actor, election, rows, f"import {path.name}")


def withdraw_candidate(session: Session, actor: Actor, election: Election, candidate_id: int,
                       reason: str) -> Candidate:
    """Rút khỏi danh sách: kept for the record, left off every later ballot."""
    actor.require(Role.SECRETARIAT, action="sửa danh sách bầu cử")
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.election_id != election.id:
        raise NotFound(f"Người ứng cử số {candidate_id} không có trong danh sách bầu {election.code}.")
    if candidate.withdrawn_at is not None:
        raise Conflict(f"{candidate_name(candidate)} đã rút khỏi danh sách từ trước.")
    if not clean(reason):
        raise CongressError("Cần ghi lý do rút khỏi danh sách (--reason).")
    candidate.withdrawn_at = utcnow()
    candidate.withdrawn_reason = clean(reason)
    session.add(candidate)
    audit.record(session, actor, "candidates.withdraw", "candidate", candidate.id,
                 {"election": election.code, "name": candidate_name(candidate), "reason": candidate.withdrawn_reason})
    return candidate


def list_warnings(session: Session, election: Election) -> list[ListWarning]:
    """Surplus warnings for the election's current list against its current round's seats."""
    names = active_candidates(session, election)
    return _size_warnings(session, election, get_round(session, election).seats, names, False)


def round_warnings(session: Session, election: Election, rnd: Round) -> list[ListWarning]:
    """The whole check of a round's ballot list, where it matters: printing ballots, opening a round.

    A round restricted to some names (a tie, a further round) is not a new list: the surplus rules do
    not apply to it, only whether it holds fewer names than seats.
    """
    names = [c for _n, c in round_candidates(session, rnd)]
    if rnd.restricted:
        return [w for w in _size_warnings(session, election, rnd.seats, names, False) if w.code == "fewer_names"]
    return _size_warnings(session, election, rnd.seats, names, False)


def _size_warnings(session: Session, election: Election, seats: int, names: list[Candidate],
                   building: bool) -> list[ListWarning]:
    congress = congresses.get_congress(session)
    convening = sum(1 for c in names if c.nominated_by == "convening")
    return surplus_warnings(election.kind, seats, len(names), convening,
                            congresses.setting(congress, "surplus_max_fraction"), building=building)


def candidate_row(number: int | None, c: Candidate) -> dict:
    """One candidate for JSON and tables."""
    return {
        "number": number, "id": c.id, "name": candidate_name(c), "family_name": c.family_name,
        "middle_name": c.middle_name, "given_name": c.given_name,
        "birth": format_date(c.birth_date) if c.birth_date else (str(c.birth_year) if c.birth_year else ""),
        "gender": c.gender, "title": c.title, "unit": c.unit, "nominated_by": c.nominated_by,
        "floor_agree": c.floor_agree, "floor_attending": c.floor_attending,
        "withdrawn": c.withdrawn_at is not None, "withdrawn_reason": c.withdrawn_reason,
    }


def list_candidates(session: Session, election: Election, include_withdrawn: bool = False) -> list[dict]:
    rows = [candidate_row(n, c) for n, c in enumerate(active_candidates(session, election), start=1)]
    if include_withdrawn:
        gone = session.exec(select(Candidate).where(Candidate.election_id == election.id,
                                                    Candidate.withdrawn_at.is_not(None))).all()  # type: ignore[union-attr]
        rows += [candidate_row(None, c) for c in gone]
    return rows
