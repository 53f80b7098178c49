"""The check-in decision (điểm danh): one pure function from plain facts to an outcome and a message.

Outcome codes (as pretixSCAN): ok, already (with when and where), unknown, revoked (with when it
was replaced), not_accredited, wrong_sitting. The service gathers the facts and records the event;
nothing here touches a database or a clock.

Who is admitted: everyone with a live badge and standing at the congress — voters, alternates,
probationary members, guests — because attendance is recorded for all; the outcome says whether
the person votes (`voting`). Refused as not accredited: delegates whose credentials were not
recognised, officials already replaced by an alternate, suspended members. Guests are refused only
at an internal sitting (phiên nội bộ) — as wrong_sitting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import StrEnum

from congress.badges.tokens import BadgeCode, TokenProblem
from congress.registry.voting import VotingRight


class Outcome(StrEnum):
    OK = "ok"
    ALREADY = "already"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    NOT_ACCREDITED = "not_accredited"
    WRONG_SITTING = "wrong_sitting"


class Direction(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


# Voting-right codes (congress.registry.voting) that also bar a person from the hall.
REFUSED_RIGHTS = frozenset({"not_recognised", "replaced", "suspended", "unknown_category", "unknown_status"})


@dataclass(frozen=True)
class BadgeFacts:
    badge_id: int
    delegate_id: int
    revoked_at: datetime | None = None
    replaced_at: datetime | None = None  # when the badge that replaced it was issued


@dataclass(frozen=True)
class PersonFacts:
    delegate_id: int
    name: str
    category: str
    right: VotingRight
    guest: bool = False


@dataclass(frozen=True)
class SittingFacts:
    sitting_id: int
    number: int
    name: str
    is_open: bool
    closed: bool = False
    internal: bool = False


@dataclass(frozen=True)
class Movements:
    """Accepted entries and exits of one person in one sitting; the latest accepted entry."""

    entries: int = 0
    exits: int = 0
    last_entry_at: datetime | None = None
    last_entry_station: str = ""
    last_exit_at: datetime | None = None


@dataclass(frozen=True)
class Scan:
    token: BadgeCode | TokenProblem | None  # None: identified by name at the desk, no badge shown
    direction: Direction = Direction.ENTRY
    badge: BadgeFacts | None = None
    person: PersonFacts | None = None
    sitting: SittingFacts | None = None
    requested_sitting: int | None = None  # the number the desk asked for, if any
    movements: Movements = Movements()


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    kind: str  # entry | exit | refused — the CheckinEvent kind
    reason: str  # a stable code: ok, already_inside, not_inside, not_found, truncated, bad_check, ...
    message: str  # Vietnamese, for the desk
    entry_key: str | None = None
    voting: bool | None = None
    already_at: datetime | None = None
    already_station: str = ""
    replaced_at: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome is Outcome.OK


def clock(at: datetime | None, tz: tzinfo) -> str:
    """'08:01:12 14/10/2025' in the desk's time zone."""
    return at.astimezone(tz).strftime("%H:%M:%S %d/%m/%Y") if at else "?"


def _refuse(outcome: Outcome, reason: str, message: str, **extra: object) -> Decision:
    return Decision(outcome, "refused", reason, message, **extra)  # type: ignore[arg-type]


def decide(scan: Scan, tz: tzinfo = UTC) -> Decision:
    """The outcome of one scan. Checks run from the badge outwards: code, badge, person, sitting, movements."""
    if isinstance(scan.token, TokenProblem):
        return _refuse(Outcome.UNKNOWN, scan.token.code, scan.token.message)
    badge, person = scan.badge, scan.person
    if scan.token is None:  # found by name: no badge to check, the person's standing still decides
        if person is None:
            return _refuse(Outcome.UNKNOWN, "no_such_person", "Không có người này trong danh sách đại hội.")
    elif badge is None or person is None:
        return _refuse(Outcome.UNKNOWN, "not_found", "Không có thẻ nào mang mã này: thẻ giả hoặc của cơ sở dữ liệu khác.")
    who = person.name
    if badge is not None and badge.revoked_at is not None:
        when = clock(badge.replaced_at or badge.revoked_at, tz)
        what = f"đã được thay bằng thẻ mới cấp lúc {when}" if badge.replaced_at else f"đã bị thu hồi lúc {when}"
        return _refuse(Outcome.REVOKED, "revoked", f"Thẻ cũ của {who} {what}; dùng thẻ mới.",
                       replaced_at=badge.replaced_at or badge.revoked_at)
    right = person.right
    if right.code in REFUSED_RIGHTS:
        return _refuse(Outcome.NOT_ACCREDITED, right.code, f"{who}: {right.reason} — không điểm danh vào đại hội.")
    sitting = scan.sitting
    if sitting is None:
        if scan.requested_sitting is None:
            return _refuse(Outcome.WRONG_SITTING, "no_open_sitting", "Chưa có phiên nào đang mở; mở phiên trước khi điểm danh.")
        return _refuse(Outcome.WRONG_SITTING, "no_such_sitting", f"Không có phiên số {scan.requested_sitting}.")
    if not sitting.is_open:
        state = "đã đóng" if sitting.closed else "chưa mở"
        return _refuse(Outcome.WRONG_SITTING, "sitting_not_open", f"Phiên {sitting.number} ({sitting.name}) {state}.")
    if sitting.internal and person.guest:
        return _refuse(Outcome.WRONG_SITTING, "internal_sitting",
                       f"{who} là khách mời; phiên {sitting.number} là phiên nội bộ, khách mời không dự.")
    moves = scan.movements
    inside = moves.entries > moves.exits
    key_base = f"{sitting.sitting_id}:{person.delegate_id}"
    voting = right.votes
    if scan.direction is Direction.ENTRY:
        if inside:
            return _refuse(
                Outcome.ALREADY, "already_inside",
                f"{who} đã điểm danh vào phiên {sitting.number} lúc {clock(moves.last_entry_at, tz)}"
                + (f" tại {moves.last_entry_station}" if moves.last_entry_station else "") + ".",
                voting=voting, already_at=moves.last_entry_at, already_station=moves.last_entry_station,
            )
        note = "" if voting else f" — KHÔNG BIỂU QUYẾT ({right.reason})"
        return Decision(Outcome.OK, "entry", "ok", f"Mời {who} vào phiên {sitting.number}{note}.",
                        entry_key=f"{key_base}:{moves.entries + 1}", voting=voting)
    if not inside:
        when = f"đã ra lúc {clock(moves.last_exit_at, tz)}" if moves.last_exit_at else "chưa vào"
        return _refuse(Outcome.ALREADY, "not_inside", f"{who} hiện không có mặt trong phiên {sitting.number} ({when}).",
                       voting=voting, already_at=moves.last_exit_at)
    return Decision(Outcome.OK, "exit", "ok", f"Đã ghi nhận {who} ra khỏi hội trường.",
                    entry_key=f"{key_base}:{moves.entries}:x", voting=voting)
