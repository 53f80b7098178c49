"""What becomes of one read side: its status, reason and the rows to store (pure decisions).

Statuses (SheetRecord.status): valid | invalid | review (the reader's proposal, or invalid when the
sheet was not issued by us), rejected (not a sheet of this round: unreadable, another election or
round, not ours), blank (a duplex back), duplicate (a sheet identity seen before: a photocopy or a
double scan — flagged, never counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ballots.reading import Rejection, SheetReading, Status
from ballots.rules import NotIssued, Reason
from ballots.sheetcode import SheetCode

REJECTION_TEXT = {
    Rejection.UNREADABLE.value: "Không đọc được ảnh",
    Rejection.NOT_A_BALLOT.value: "Không phải phiếu bầu của chương trình này",
    Rejection.ANOTHER_ELECTION.value: "Phiếu của cuộc bầu cử khác",
    Rejection.ANOTHER_ROUND.value: "Phiếu của lần bầu khác",
    Rejection.LAYOUT_MISMATCH.value: "Mẫu phiếu không khớp với phiếu đã in",
    Rejection.REGISTRATION.value: "Không căn chỉnh được ảnh phiếu",
}
NOT_ISSUED_DETAIL = "mã phiếu không có trong số phiếu Ban kiểm phiếu đã in"
PHOTOCOPY_DETAIL = NotIssued.PHOTOCOPY.label


@dataclass(frozen=True)
class Planned:
    """A side's fate before it is stored."""

    status: str
    reason: str  # a stable code (Reason value, Rejection value, "blank")
    detail: str
    content_key: str
    identity_key: str | None
    nonce: str
    rejection: str | None = None
    reading: dict[str, Any] = field(default_factory=dict)


def rejection_code(reason: str | None) -> str:
    """The Rejection code at the start of the reader's reason ("another election: ...")."""
    text = reason or ""
    for code in REJECTION_TEXT:
        if text.startswith(code):
            return code
    return Rejection.UNREADABLE.value


def identity_of(code: SheetCode) -> str:
    """A printed sheet's identity: its copy's nonce and its index (what a photocopy repeats)."""
    return f"{code.nonce}:{code.sheet_index}"


def plan_side(reading: SheetReading, sha256: str, page: int, seen_identities: set[str],
              printed_nonces: set[str]) -> Planned:
    """Decide a side's status; `seen_identities` grows with the identities this side claims."""
    content_key = f"{sha256}:{page}"
    data = reading.to_dict()
    if reading.status is Status.BLANK:
        return Planned("blank", "blank", "mặt trắng", content_key, None, "", reading=data)
    if reading.status is Status.REJECTED or reading.code is None:
        code = rejection_code(reading.reason)
        nonce = reading.code.nonce if reading.code else ""
        return Planned("rejected", code, REJECTION_TEXT[code], content_key, None, nonce, code, data)
    code = reading.code
    identity = identity_of(code)
    if identity in seen_identities:
        return Planned("duplicate", Reason.NOT_ISSUED.value, PHOTOCOPY_DETAIL, content_key, None, code.nonce,
                       reading=data)
    seen_identities.add(identity)
    if code.nonce not in printed_nonces:
        return Planned("invalid", Reason.NOT_ISSUED.value, f"{NotIssued.UNKNOWN.label} ({NOT_ISSUED_DETAIL})",
                       content_key, identity, code.nonce, reading=data)
    proposal = reading.proposal
    status = proposal.status if proposal else "review"
    reason = (proposal.reason or "") if proposal else Reason.OTHER.value
    detail = (proposal.detail or "") if proposal else "không có đề xuất"
    return Planned(status, reason, detail, content_key, identity, code.nonce, reading=data)


def reason_text(status: str, reason: str, detail: str) -> str:
    """The reason as a person reads it (Vietnamese label, then the detail)."""
    if status == "rejected":
        label = REJECTION_TEXT.get(reason, reason)
    elif status == "blank":
        label = "Mặt trắng"
    else:
        try:
            label = Reason(reason).label
        except ValueError:
            label = reason
    if status == "valid" and not reason:
        return detail or ""
    return f"{label}: {detail}" if detail and detail != label else label
