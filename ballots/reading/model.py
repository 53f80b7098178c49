"""What the reader returns for one side of a sheet (`SheetReading`), JSON-serialisable.

Every record is deterministic: the same bytes and layouts give an equal record (floats are
rounded so tiny platform differences cannot flip a comparison in an audit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ballots.rules import Mark
from ballots.sheetcode import SheetCode


class Status(StrEnum):
    READ = "read"
    REJECTED = "rejected"
    BLANK = "blank"


class Rejection(StrEnum):
    """Why a side was not read: stable codes; `SheetReading.reason` carries the full sentence."""

    UNREADABLE = "unreadable image"
    NOT_A_BALLOT = "not a ballot of this election"
    ANOTHER_ELECTION = "another election"
    ANOTHER_ROUND = "another round"
    LAYOUT_MISMATCH = "layout does not match"
    REGISTRATION = "registration failed"


def _r(x: float) -> float:
    return round(float(x), 4)


@dataclass(frozen=True)
class Registration:
    """How well the side was aligned to its layout."""

    markers: int  # markers found (of 4)
    whole_page_search: bool  # corner crops were not enough
    reprojection_px: float  # RMS error of the marker corners under the homography
    px_per_mm: float  # scan resolution along the page, measured
    anisotropy: float  # |sx/sy - 1|: uneven stretch between the two axes
    orientation: int  # 0, 90, 180, 270: how the page lay in the image (clockwise)
    row_shift_max_mm: float = 0.0  # largest per-row correction applied
    perspective: float = 0.0  # largest / smallest local scale over the page corners, minus 1 (photos)

    def to_dict(self) -> dict[str, Any]:
        return {
            "markers": self.markers,
            "whole_page_search": self.whole_page_search,
            "reprojection_px": _r(self.reprojection_px),
            "px_per_mm": _r(self.px_per_mm),
            "anisotropy": _r(self.anisotropy),
            "orientation": self.orientation,
            "row_shift_max_mm": _r(self.row_shift_max_mm),
            "perspective": _r(self.perspective),
        }


@dataclass(frozen=True)
class NameReading:
    """The decision for one name, with the evidence (in units of the name width) behind it."""

    number: int
    name: str
    decision: Mark
    evidence: dict[str, float] = field(default_factory=dict)
    why: str | None = None  # for uncertain names: what made the reader unsure

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "decision": self.decision.value,
            "evidence": {k: _r(v) for k, v in sorted(self.evidence.items())},
            "why": self.why,
        }


@dataclass(frozen=True)
class InkBlob:
    """Ink outside every zone where a mark is allowed (a written-in name, a signature, a doodle)."""

    x: float
    y: float
    w: float
    h: float  # mm, page coordinates
    area_mm2: float

    def to_dict(self) -> dict[str, Any]:
        return {"rect_mm": [_r(self.x), _r(self.y), _r(self.w), _r(self.h)], "area_mm2": _r(self.area_mm2)}


@dataclass(frozen=True)
class Proposal:
    """The reader's proposal for this side: valid / invalid / review, with the reason."""

    status: str  # "valid" | "invalid" | "review"
    reason: str | None = None
    detail: str | None = None
    numbers: tuple[int, ...] = ()
    whole_ballot: bool = True  # False: one sheet of several; kept <= seats is judged after grouping

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reason": self.reason,
            "detail": self.detail,
            "numbers": list(self.numbers),
            "whole_ballot": self.whole_ballot,
        }


@dataclass(frozen=True)
class SheetReading:
    """One side of one scanned sheet: rejected, blank, or read with a mark per name."""

    status: Status
    reason: str | None = None
    sha256: str | None = None  # of the original file bytes (None when given a decoded array)
    page: int = 0  # page index inside a multi-page file
    code: SheetCode | None = None
    layout_hash: str | None = None
    sheet_index: int | None = None
    registration: Registration | None = None
    marks: tuple[NameReading, ...] = ()
    residual: tuple[InkBlob, ...] = ()
    proposal: Proposal | None = None
    flags: tuple[str, ...] = ()  # page-level observations: "streak masked", "fold suspected", ...

    @property
    def orientation(self) -> int | None:
        return None if self.registration is None else self.registration.orientation

    def decisions(self) -> dict[int, Mark]:
        return {m.number: m.decision for m in self.marks}

    def to_dict(self) -> dict[str, Any]:
        code = None
        if self.code is not None:
            c = self.code
            code = {
                "version": c.version, "election": c.election, "round_no": c.round_no,
                "sheet_index": c.sheet_index, "sheet_count": c.sheet_count,
                "layout_hash": c.layout_hash, "nonce": c.nonce,
            }
        return {
            "status": self.status.value,
            "reason": self.reason,
            "sha256": self.sha256,
            "page": self.page,
            "code": code,
            "layout_hash": self.layout_hash,
            "sheet_index": self.sheet_index,
            "registration": None if self.registration is None else self.registration.to_dict(),
            "marks": [m.to_dict() for m in self.marks],
            "residual": [b.to_dict() for b in self.residual],
            "proposal": None if self.proposal is None else self.proposal.to_dict(),
            "flags": list(self.flags),
        }
