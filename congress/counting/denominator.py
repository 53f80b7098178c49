"""The majority denominator of a round: live from the registry and attendance facts while the count
is open, the snapshot taken at closing once it is closed (so later check-ins change nothing)."""

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from ballots.rules import Denominator, compute_denominator
from ballots.rules.errors import RulesError
from congress.checkin.attendance import denominator_facts, people, present_now
from congress.checkin.people import display_name
from congress.checkin.sittings import list_sittings, open_sitting_now
from congress.errors import CongressError
from congress.models import Absence, Delegate, Round
from congress.vi import name_sort_key


@dataclass(frozen=True)
class DenominatorView:
    """The adjusted summoned total with its breakdown and the attendance behind it (for the minutes)."""

    value: int
    kind: str
    label: str
    items: tuple[tuple[str, int, int], ...]  # (label, count, sign): +summoned, −deductions
    attendance: dict[str, Any] = field(default_factory=dict)  # summoned, present, absent [{name, reason}]

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "kind": self.kind, "label": self.label,
                "items": [{"label": label, "count": count, "sign": sign} for label, count, sign in self.items],
                "attendance": self.attendance}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DenominatorView":
        return cls(int(data["value"]), str(data["kind"]), str(data["label"]),
                   tuple((i["label"], int(i["count"]), int(i["sign"])) for i in data["items"]),
                   dict(data.get("attendance", {})))


def from_rules(denominator: Denominator, attendance: dict[str, Any] | None = None) -> DenominatorView:
    return DenominatorView(denominator.value, denominator.kind.value, denominator.label,
                           tuple((i.label, i.count, i.sign) for i in denominator.items), attendance or {})


def live_denominator(session: Session) -> DenominatorView:
    """From today's facts: the check-in area derives the counts from credentials and attendance."""
    facts = denominator_facts(session)
    try:
        denominator = compute_denominator(facts.to_rules())
    except RulesError as exc:
        raise CongressError(f"Không tính được số triệu tập đã điều chỉnh: {exc}") from None
    return from_rules(denominator, attendance_facts(session, facts.summoned, facts.absent_replaced))


def attendance_facts(session: Session, summoned: int, absent_replaced: int) -> dict[str, Any]:
    """Who attends and who is absent (with the reason) — printed on the minutes, frozen at closing."""
    opened = [s for s in list_sittings(session) if s.opened_at is not None]
    sitting = open_sitting_now(session) or (opened[-1] if opened else None)
    voters = {p.id for p in people(session) if p.votes}
    present = len(present_now(session, sitting) & voters) if sitting else None
    absent = []
    whole = session.exec(select(Absence, Delegate).where(Absence.delegate_id == Delegate.id,
                                                         col(Absence.sitting_id).is_(None))).all()
    for absence, delegate in sorted(whole, key=lambda row: name_sort_key(row[1].family_name, row[1].middle_name,
                                                                          row[1].given_name)):
        replaced = session.get(Delegate, delegate.replaced_by_id) if delegate.replaced_by_id else None
        absent.append({"name": display_name(delegate), "category": delegate.category, "reason": absence.reason,
                       "accepted": absence.accepted,
                       "replaced_by": display_name(replaced) if replaced else ""})
    return {"summoned": summoned, "present_voting": present,
            "sitting": sitting.number if sitting else None, "absent": absent, "absent_replaced": absent_replaced}


def round_denominator(session: Session, round_: Round) -> DenominatorView:
    if round_.status == "closed" and round_.denominator:
        return DenominatorView.from_dict(round_.denominator)
    return live_denominator(session)
