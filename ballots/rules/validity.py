"""Is one ballot valid? (phiếu hợp lệ / không hợp lệ — DOMAIN.md §5)

The software only *proposes* a status with its reason; the counting committee confirms or
overrides it. Order of the checks, and why:

1. not issued by the counting committee (unknown, forged, other election or round, photocopy,
   unstamped) → invalid whatever is marked on it: the sheet is not one of ours;
2. any UNCERTAIN mark → "review": the count depends on it, so a person must look;
3. the form's rules (all struck, more than N kept, both/neither on a one-name ballot);
4. extra ink (names written in, signatures, other marks) → invalid, proposed for confirmation.

Reading of the text where it is silent: on a multi-name no-surplus (boxes) ballot, a name with
both or neither box marked gets no vote and the ballot stays valid — also when that is true of
*every* name, because §5 lists "both or none" as invalid only for a one-name ballot. Such a ballot
is counted among the valid ones and gives nobody a vote; `Validity.numbers` lists those names.
An "over-vote" on a boxes ballot (more "Đồng ý" than seats) can only happen when names > seats,
which the no-surplus form does not foresee; it is treated like keeping more than N names.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from ballots.rules.errors import RulesError
from ballots.rules.marks import BOXES, Mark, check_form, check_marks, check_seats


class Status(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    REVIEW = "review"  # waits for the counting committee; never counted as it stands


class Reason(StrEnum):
    """Why a ballot is invalid or waits for review: a stable code, with the Vietnamese `label`."""

    NOT_ISSUED = "not_issued"
    UNSTAMPED = "unstamped"
    OVER_VOTE = "over_vote"
    ALL_STRUCK = "all_struck"
    BOTH_OR_NONE = "both_or_none"
    EXTRA_MARKS = "extra_marks"
    UNCERTAIN_MARK = "uncertain_mark"
    OTHER = "other"  # a reason the counting committee writes itself (see Validity.detail)

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]


_REASON_LABELS = {
    Reason.NOT_ISSUED: "Không phải phiếu do Ban kiểm phiếu phát ra",
    Reason.UNSTAMPED: "Phiếu không đóng dấu",
    Reason.OVER_VOTE: "Để quá số lượng bầu",
    Reason.ALL_STRUCK: "Gạch hết tên",
    Reason.BOTH_OR_NONE: "Đánh dấu cả hai ô hoặc không đánh dấu",
    Reason.EXTRA_MARKS: "Ghi thêm tên hoặc ký hiệu",
    Reason.UNCERTAIN_MARK: "Có dấu không rõ, chờ Ban kiểm phiếu xem xét",
    Reason.OTHER: "Lý do khác",
}


class NotIssued(StrEnum):
    """Known kinds of sheet that the counting committee did not issue (detail of NOT_ISSUED)."""

    UNKNOWN = "unknown"
    FORGED = "forged"
    OTHER_ELECTION = "other_election"
    OTHER_ROUND = "other_round"
    PHOTOCOPY = "photocopy"  # a sheet identity (nonce, sheet index) seen twice
    UNSTAMPED = "unstamped"  # only when the congress enables the stamp check

    @property
    def label(self) -> str:
        return _NOT_ISSUED_LABELS[self]


_NOT_ISSUED_LABELS = {
    NotIssued.UNKNOWN: "Phiếu không rõ nguồn gốc",
    NotIssued.FORGED: "Phiếu giả",
    NotIssued.OTHER_ELECTION: "Phiếu của cuộc bầu cử khác",
    NotIssued.OTHER_ROUND: "Phiếu của lần bầu khác",
    NotIssued.PHOTOCOPY: "Phiếu sao chụp (trùng mã phiếu đã có)",
    NotIssued.UNSTAMPED: "Phiếu không đóng dấu",
}


@dataclass(frozen=True)
class Validity:
    """A (proposed or confirmed) status with its reason.

    `detail` is free text shown after the reason (e.g. which kind of not-issued sheet);
    `numbers` are the ballot numbers concerned (uncertain names, or names without a vote).
    """

    status: Status
    reason: Reason | None = None
    detail: str | None = None
    numbers: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        try:
            status = Status(self.status)
            reason = None if self.reason is None else Reason(self.reason)
        except ValueError as exc:
            raise RulesError(f"Bad ballot status or reason: {exc}.") from None
        if status is Status.VALID and reason is not None:
            raise RulesError(f"A valid ballot has no invalidity reason, got {reason.value!r}.")
        if status is not Status.VALID and reason is None:
            raise RulesError(f"A ballot with status {status.value!r} needs a reason.")
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "reason", reason)

    @property
    def label(self) -> str:
        """Vietnamese text for lists and minutes: "Hợp lệ" or the reason, with detail."""
        if self.reason is None:
            return "Hợp lệ"
        return self.reason.label if not self.detail else f"{self.reason.label}: {self.detail}"


VALID = Validity(Status.VALID)


def judge_ballot(
    form: str,
    seats: int,
    marks: Mapping[int, Mark],
    extra_ink: bool = False,
    not_issued: str | None = None,
) -> Validity:
    """Propose the status of one ballot (all its sheets' marks together) under DOMAIN.md §5.

    `form` is "strike" or "boxes" (a `ballots.layout.Form`); `seats` the number to elect (N);
    `marks` one mark per number on the ballot; `extra_ink` true when written-in names, signatures
    or other marks were found; `not_issued` says why the sheet is not one the committee issued
    (a `NotIssued` value, or free text), None when it is genuine.
    """
    form = check_form(form)
    seats = check_seats(seats)
    checked = check_marks(form, marks)
    if not_issued is not None:
        return _not_issued(not_issued)
    counts = Counter(checked.values())
    if counts[Mark.UNCERTAIN]:
        unsure = Mark.UNCERTAIN
        uncertain = tuple(sorted(n for n, m in checked.items() if m is unsure))
        detail = "STT " + ", ".join(map(str, uncertain))
        if extra_ink:
            detail += "; có thêm nét chữ hoặc ký hiệu lạ"
        return Validity(Status.REVIEW, Reason.UNCERTAIN_MARK, detail, uncertain)
    verdict = _judge_boxes(seats, checked, counts) if form == BOXES else _judge_strike(seats, counts)
    if verdict.status is Status.VALID and extra_ink:
        return Validity(Status.INVALID, Reason.EXTRA_MARKS)
    return verdict


def _not_issued(why: str) -> Validity:
    text = str(why).strip()
    if not text:
        raise RulesError("not_issued must say why the sheet is not genuine; use None for a genuine sheet.")
    try:
        kind = NotIssued(text)
    except ValueError:
        return Validity(Status.INVALID, Reason.NOT_ISSUED, text)
    if kind is NotIssued.UNSTAMPED:
        return Validity(Status.INVALID, Reason.UNSTAMPED)
    return Validity(Status.INVALID, Reason.NOT_ISSUED, kind.label)


def _judge_strike(seats: int, counts: Counter[Mark]) -> Validity:
    kept = counts[Mark.KEPT]
    if kept == 0:
        return Validity(Status.INVALID, Reason.ALL_STRUCK)
    if kept > seats:
        return Validity(Status.INVALID, Reason.OVER_VOTE, f"giữ lại {kept} tên, số lượng bầu {seats}")
    return VALID


def _judge_boxes(seats: int, marks: dict[int, Mark], counts: Counter[Mark]) -> Validity:
    if len(marks) == 1:  # exactly one box on a one-name ballot, else invalid
        return (
            VALID
            if counts[Mark.AGREE] or counts[Mark.DISAGREE]
            else Validity(Status.INVALID, Reason.BOTH_OR_NONE)
        )
    undecided: tuple[int, ...] = ()
    if counts[Mark.BOTH] or counts[Mark.NONE]:
        both, none = Mark.BOTH, Mark.NONE  # locals: enum attribute lookups are slow in a loop
        undecided = tuple(sorted(n for n, m in marks.items() if m is both or m is none))
    agree = counts[Mark.AGREE]
    if agree > seats:
        return Validity(Status.INVALID, Reason.OVER_VOTE, f"đồng ý {agree} tên, số lượng bầu {seats}")
    # Both/neither on some (even all) names of a multi-name list: no vote for those names only.
    return Validity(Status.VALID, numbers=undecided)
