"""The majority denominator: the adjusted number summoned (DOMAIN.md §6).

A candidate or a motion needs more than half of this number — never of the valid ballots, the
votes cast or the people present. It is computed from plain counts the application derives from
credentials and attendance; each deduction must count people not already counted in another
deduction (the application keeps the categories disjoint).
"""

from dataclasses import dataclass
from enum import StrEnum

from ballots.rules.errors import RulesError


class CongressKind(StrEnum):
    MEMBERS = "members"  # Đại hội đảng viên
    DELEGATES = "delegates"  # Đại hội đại biểu


@dataclass(frozen=True)
class MembersFacts:
    """Đại hội đảng viên: counts of official members."""

    summoned: int  # official members summoned (đảng viên chính thức được triệu tập)
    attached_elsewhere_or_exempted: int = 0  # absent: temporarily attached elsewhere, or exempted
    suspended_or_prosecuted: int = 0  # suspended, prosecuted, indicted or detained
    absent_with_accepted_reason: int = 0  # absent the whole congress, reason accepted


@dataclass(frozen=True)
class DelegatesFacts:
    """Đại hội đại biểu: counts of official delegates."""

    summoned: int  # official delegates summoned (đại biểu chính thức được triệu tập)
    committee_absent: int = 0  # convening-committee members absent for the whole congress
    absent_not_replaced: int = 0  # other official delegates absent throughout, no alternate in


@dataclass(frozen=True)
class DenominatorItem:
    """One line of the breakdown: a Vietnamese label and a count, added (+1) or deducted (-1)."""

    label: str
    count: int
    sign: int


@dataclass(frozen=True)
class Denominator:
    """The adjusted summoned total and how it was reached, line by line."""

    value: int
    kind: CongressKind
    items: tuple[DenominatorItem, ...]

    @property
    def label(self) -> str:
        return RESULT_LABELS[self.kind]


RESULT_LABELS = {
    CongressKind.MEMBERS: "Số đảng viên triệu tập (đã điều chỉnh) làm căn cứ tính kết quả",
    CongressKind.DELEGATES: "Số đại biểu triệu tập (đã điều chỉnh) làm căn cứ tính kết quả",
}

_MEMBERS_LINES = (
    ("summoned", "Tổng số đảng viên chính thức được triệu tập", 1),
    (
        "attached_elsewhere_or_exempted",
        "Đảng viên đang sinh hoạt đảng tạm thời ở nơi khác hoặc được miễn sinh hoạt, vắng mặt",
        -1,
    ),
    ("suspended_or_prosecuted", "Đảng viên bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam", -1),
    (
        "absent_with_accepted_reason",
        "Đảng viên chính thức vắng mặt suốt thời gian đại hội có lý do được cấp ủy triệu tập chấp nhận",
        -1,
    ),
)

_DELEGATES_LINES = (
    ("summoned", "Tổng số đại biểu chính thức được triệu tập", 1),
    ("committee_absent", "Cấp ủy viên triệu tập đại hội vắng mặt suốt thời gian đại hội", -1),
    (
        "absent_not_replaced",
        "Đại biểu chính thức vắng mặt suốt thời gian đại hội không có đại biểu dự khuyết thay thế",
        -1,
    ),
)


def compute_denominator(facts: MembersFacts | DelegatesFacts) -> Denominator:
    """Adjusted summoned total for either kind of congress, with its itemised breakdown."""
    if isinstance(facts, MembersFacts):
        kind, lines = CongressKind.MEMBERS, _MEMBERS_LINES
    elif isinstance(facts, DelegatesFacts):
        kind, lines = CongressKind.DELEGATES, _DELEGATES_LINES
    else:
        raise RulesError(
            f"Denominator facts must be MembersFacts or DelegatesFacts, got {type(facts).__name__}."
        )
    items = []
    for field, label, sign in lines:
        count = getattr(facts, field)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise RulesError(f"Denominator fact '{field}' must be a whole number ≥ 0, got {count!r}.")
        items.append(DenominatorItem(label, count, sign))
    summoned = items[0].count
    deducted = sum(item.count for item in items[1:])
    if deducted > summoned:
        raise RulesError(
            f"The deductions ({deducted}) exceed the {summoned} summoned: check the attendance and "
            "credentials counts."
        )
    if deducted == summoned:
        raise RulesError(f"All {summoned} summoned are deducted: nobody is left to vote.")
    return Denominator(summoned - deducted, kind, tuple(items))


def members_denominator(
    summoned: int,
    attached_elsewhere_or_exempted: int = 0,
    suspended_or_prosecuted: int = 0,
    absent_with_accepted_reason: int = 0,
) -> Denominator:
    """Đại hội đảng viên: see `MembersFacts`."""
    return compute_denominator(
        MembersFacts(
            summoned, attached_elsewhere_or_exempted, suspended_or_prosecuted, absent_with_accepted_reason
        )
    )


def delegates_denominator(
    summoned: int, committee_absent: int = 0, absent_not_replaced: int = 0
) -> Denominator:
    """Đại hội đại biểu: see `DelegatesFacts`."""
    return compute_denominator(DelegatesFacts(summoned, committee_absent, absent_not_replaced))


def denominator_value(denominator: Denominator | int) -> int:
    """The integer behind a Denominator (or a bare positive integer given by the caller)."""
    value = denominator.value if isinstance(denominator, Denominator) else denominator
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RulesError(f"The adjusted summoned total must be a whole number of at least 1, got {value!r}.")
    return value


def is_elected_eligible(votes: int, denominator: Denominator | int) -> bool:
    """More than half of the adjusted summoned total, decided on integers: 2 × votes > denominator."""
    if isinstance(votes, bool) or not isinstance(votes, int) or votes < 0:
        raise RulesError(f"Votes must be a whole number ≥ 0, got {votes!r}.")
    return 2 * votes > denominator_value(denominator)
