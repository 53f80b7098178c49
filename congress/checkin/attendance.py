"""Attendance as queries over the check-in events: present now, ever present, per sitting, by delegation,
and the plain facts the majority denominator needs (DOMAIN.md §2, §6).

Only keyed events count (accepted entries and exits); a person is inside a sitting while their
entries outnumber their exits. "Absent for the whole congress" means a recorded whole-congress
absence (Absence with no sitting) for someone who never checked in — the congress is still sitting
when it votes, so a declaration, not the lack of a scan, is what deducts a person.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from fractions import Fraction

from sqlmodel import Session, col, func, select

from ballots.rules.denominator import DelegatesFacts, MembersFacts, compute_denominator
from ballots.rules.errors import RulesError
from congress.checkin.people import replacing_ids, right_of
from congress.checkin.sittings import list_sittings, open_sitting_now
from congress.congresses import get_congress, setting
from congress.errors import CongressError
from congress.models import Absence, CheckinEvent, Delegate, Delegation, Sitting
from congress.registry.voting import MEMBERS, VOTING_DELEGATE_CATEGORIES


@dataclass(frozen=True)
class Person:
    id: int
    delegation_id: int | None
    category: str
    status: str
    votes: bool
    replaced: bool


@dataclass(frozen=True)
class DenominatorFacts:
    """Plain counts for `ballots.rules.denominator`, plus what a person should look at.

    Congress of delegates: `summoned` counts official seats (official, ex officio, appointed
    delegates, not counting those whose credentials were not recognised unless an alternate took
    their seat); `committee_absent` and `absent_not_replaced` are deducted; `absent_replaced`
    (officials an alternate replaced) is shown, not deducted. Congress of members: `summoned`
    counts official members; the three member deductions follow DOMAIN.md §6.
    """

    kind: str
    summoned: int
    committee_absent: int = 0
    absent_not_replaced: int = 0
    absent_replaced: int = 0
    attached_elsewhere_or_exempted: int = 0
    suspended_or_prosecuted: int = 0
    absent_with_accepted_reason: int = 0
    voters_never_checked_in: int = 0  # not deducted: the committee may want to record absences
    absences_contradicted: int = 0  # a whole-congress absence recorded for someone who checked in

    def to_rules(self) -> MembersFacts | DelegatesFacts:
        if self.kind == MEMBERS:
            return MembersFacts(self.summoned, self.attached_elsewhere_or_exempted, self.suspended_or_prosecuted,
                                self.absent_with_accepted_reason)
        return DelegatesFacts(self.summoned, self.committee_absent, self.absent_not_replaced)

    def as_json(self) -> dict:
        data = asdict(self)
        try:
            data["denominator"] = compute_denominator(self.to_rules()).value
        except RulesError as exc:
            data["denominator"], data["denominator_problem"] = None, str(exc)
        return data


def people(session: Session) -> list[Person]:
    congress = get_congress(session)
    replacing = replacing_ids(session)
    return [Person(d.id, d.delegation_id, d.category, d.status,  # type: ignore[arg-type]
                   right_of(d, congress, d.id in replacing).votes, d.replaced_by_id is not None)
            for d in session.exec(select(Delegate))]


def _moves(session: Session) -> dict[tuple[int, int], tuple[int, int]]:
    """(sitting id, delegate id) → (accepted entries, accepted exits)."""
    rows = session.exec(
        select(CheckinEvent.sitting_id, CheckinEvent.delegate_id, CheckinEvent.kind, func.count())
        .where(col(CheckinEvent.entry_key).is_not(None))
        .group_by(CheckinEvent.sitting_id, CheckinEvent.delegate_id, CheckinEvent.kind)
    ).all()
    result: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for sitting_id, delegate_id, kind, n in rows:
        result[(sitting_id, delegate_id)][0 if kind == "entry" else 1] += n
    return {key: (v[0], v[1]) for key, v in result.items()}


def present_now(session: Session, sitting: Sitting | None = None) -> set[int]:
    """Who is inside the sitting (default: the open one) right now."""
    sitting = sitting or open_sitting_now(session)
    if sitting is None:
        return set()
    return {d for (s, d), (entries, exits) in _moves(session).items() if s == sitting.id and entries > exits}


def ever_present(session: Session) -> set[int]:
    """Who has checked in to at least one sitting."""
    return {d for (_, d), (entries, _) in _moves(session).items() if entries > 0}


def _target(session: Session, number: int | None) -> Sitting | None:
    sittings = list_sittings(session)
    if number is not None:
        for s in sittings:
            if s.number == number:
                return s
        raise CongressError(f"Không có phiên số {number}.")
    opened = [s for s in sittings if s.opened_at is not None]
    return open_sitting_now(session) or (opened[-1] if opened else None)


def per_sitting(session: Session, roster: list[Person] | None = None) -> list[dict]:
    roster = roster if roster is not None else people(session)
    voters = {p.id for p in roster if p.votes}
    moves = _moves(session)
    excused = Counter(session.exec(select(Absence.sitting_id).where(col(Absence.sitting_id).is_not(None))).all())
    rows = []
    for s in list_sittings(session):
        entered = {d for (sid, d), (e, _) in moves.items() if sid == s.id and e > 0}
        inside = {d for (sid, d), (e, x) in moves.items() if sid == s.id and e > x}
        rows.append({
            "number": s.number, "name": s.name, "internal": s.internal,
            "open": s.opened_at is not None and s.closed_at is None, "opened_at": s.opened_at,
            "closed_at": s.closed_at, "entered": len(entered), "entered_voting": len(entered & voters),
            "present_now": len(inside), "present_now_voting": len(inside & voters),
            "absent_with_reason": excused.get(s.id, 0),
        })
    return rows


def by_delegation(session: Session, sitting: Sitting | None, roster: list[Person] | None = None) -> list[dict]:
    """For each delegation: voters, and how many of them are inside the sitting now / ever entered it."""
    roster = roster if roster is not None else people(session)
    moves = _moves(session)
    names = {d.id: (d.sort_order, d.name) for d in session.exec(select(Delegation))}
    groups: dict[int | None, list[Person]] = defaultdict(list)
    for p in roster:
        groups[p.delegation_id].append(p)
    rows = []
    for delegation_id, members in sorted(groups.items(), key=lambda kv: names.get(kv[0], (10**9, ""))):
        def state(p: Person) -> tuple[int, int]:
            return moves.get((sitting.id, p.id), (0, 0)) if sitting else (0, 0)  # type: ignore[arg-type]

        rows.append({
            "delegation": names[delegation_id][1] if delegation_id in names else "(không thuộc đoàn)",
            "people": len(members), "voters": sum(p.votes for p in members),
            "present_now": sum(state(p)[0] > state(p)[1] for p in members),
            "present_now_voting": sum(p.votes and state(p)[0] > state(p)[1] for p in members),
            "entered": sum(state(p)[0] > 0 for p in members),
        })
    return rows


def denominator_facts(session: Session) -> DenominatorFacts:
    """The counts `ballots.rules.denominator` needs, from credentials, replacements and absences."""
    congress = get_congress(session)
    roster = session.exec(select(Delegate)).all()
    replacing = replacing_ids(session)
    seen = ever_present(session)
    whole = {a.delegate_id: a for a in session.exec(select(Absence).where(col(Absence.sitting_id).is_(None)))}
    absent = {d for d in whole if d not in seen}
    contradicted = sum(1 for d in whole if d in seen)
    voters = [d for d in roster if right_of(d, congress, d.id in replacing).votes]
    never = sum(1 for d in voters if d.id not in seen)
    if congress.kind == MEMBERS:
        official = [d for d in roster if d.category == "member"]
        return DenominatorFacts(
            kind=MEMBERS, summoned=len(official),
            attached_elsewhere_or_exempted=sum(
                1 for d in official if d.status in ("attached_elsewhere", "exempted") and d.id not in seen),
            suspended_or_prosecuted=sum(1 for d in official if d.status == "suspended"),
            absent_with_accepted_reason=sum(
                1 for d in official if d.status == "active" and d.id in absent and whole[d.id].accepted),
            voters_never_checked_in=never, absences_contradicted=contradicted,
        )
    seats = [d for d in roster if d.category in VOTING_DELEGATE_CATEGORIES
             and (d.status != "not_recognised" or d.replaced_by_id is not None)]
    holding = [d for d in seats if d.replaced_by_id is None]
    return DenominatorFacts(
        kind=congress.kind, summoned=len(seats),
        committee_absent=sum(1 for d in holding if d.category == "ex_officio" and d.id in absent),
        absent_not_replaced=sum(1 for d in holding if d.category != "ex_officio" and d.id in absent),
        absent_replaced=len(seats) - len(holding),
        voters_never_checked_in=never, absences_contradicted=contradicted,
    )


def quorum(congress_settings_fraction: object, summoned: int, present_voting: int) -> dict | None:
    """Configurable quorum (default off): at least fraction × summoned voters present."""
    if congress_settings_fraction in (None, "", 0):
        return None
    try:
        fraction = Fraction(str(congress_settings_fraction))
    except (ValueError, ZeroDivisionError):
        raise CongressError(f"Thiết lập quorum_fraction '{congress_settings_fraction}' không hợp lệ (ví dụ 2/3 hoặc 0.5).") from None
    needed = math.ceil(fraction * summoned)
    return {"fraction": str(fraction), "needed": needed, "present_voting": present_voting, "met": present_voting >= needed}


def summary(session: Session, sitting_number: int | None = None) -> dict:
    """Everything `congress attendance` shows, as plain data."""
    congress = get_congress(session)
    roster = people(session)
    sitting = _target(session, sitting_number)
    inside = present_now(session, sitting) if sitting else set()
    voters = {p.id for p in roster if p.votes}
    ever = ever_present(session)
    facts = denominator_facts(session)
    return {
        "sitting": None if sitting is None else {
            "number": sitting.number, "name": sitting.name,
            "open": sitting.opened_at is not None and sitting.closed_at is None},
        "people": len(roster), "voters": len(voters),
        "present_now": len(inside), "present_now_voting": len(inside & voters),
        "ever_present": len(ever), "ever_present_voting": len(ever & voters),
        "per_sitting": per_sitting(session, roster),
        "by_delegation": by_delegation(session, sitting, roster),
        "denominator_facts": facts.as_json(),
        "quorum": quorum(setting(congress, "quorum_fraction"), facts.summoned, len(inside & voters)),
    }
