"""Counting: count sessions, scan batches, sheet records, marks and review decisions.

Secrecy (DOMAIN.md §8): a sheet record carries a random id, no timestamp of its own and nothing
about a voter, badge or delegation. Only batches carry times.
"""

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from congress.models.base import UTCDateTime, new_random_id, utcnow


class CountSession(SQLModel, table=True):
    """One independent count of a round's pile (a scan, or an operator's manual entry).

    Trusted practice counts on several computers/operators and accepts only identical results;
    `accepted` marks the count the result is taken from.
    """

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    label: str = Field(max_length=100)
    method: str = Field(max_length=10, description="scan | manual")
    operator: str = Field(default="", max_length=100)
    station: str = Field(default="", max_length=60)
    accepted: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (UniqueConstraint("round_id", "label"),)


class ScanBatch(SQLModel, table=True):
    """A batch of sides stored in one transaction (a folder, a file, a manual-entry pile)."""

    id: int | None = Field(default=None, primary_key=True)
    count_session_id: int = Field(foreign_key="countsession.id", index=True)
    label: str = Field(default="", max_length=200)
    station: str = Field(default="", max_length=60)
    operator: str = Field(default="", max_length=100)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sides: int = 0


class SheetRecord(SQLModel, table=True):
    """Một mặt phiếu — one side read by the scanner, or one ballot entered by hand.

    status: valid | invalid | review | rejected | blank | duplicate.
    `content_key` (image hash:page) makes re-scanning a file idempotent; `identity_key`
    (nonce:sheet index, set only on the first sighting) catches photocopies and double scans.
    `ballot_key` groups the sheets of one printed ballot copy (its nonce) — or, for a manual
    entry, a random key — so multi-sheet ballots are judged as a whole.
    """

    id: str = Field(default_factory=new_random_id, primary_key=True, max_length=32)
    round_id: int = Field(foreign_key="round.id", index=True)
    count_session_id: int = Field(foreign_key="countsession.id", index=True)
    batch_id: int = Field(foreign_key="scanbatch.id", index=True)
    method: str = Field(default="scan", max_length=10)
    source: str = Field(default="", max_length=500, description="file name of the scan, or ''")
    page: int = 0
    image_sha256: str = Field(default="", max_length=64)
    content_key: str | None = Field(default=None, max_length=80)
    nonce: str = Field(default="", max_length=40)
    identity_key: str | None = Field(default=None, max_length=80)
    ballot_key: str = Field(default="", max_length=80, index=True)
    layout_hash: str = Field(default="", max_length=64)
    sheet_index: int = 0
    sheet_count: int = 0
    orientation: int = 0
    status: str = Field(max_length=20, index=True)
    reason: str = Field(default="", max_length=500)
    reading: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    entry_seq: int | None = Field(default=None, description="order within a manual-entry batch (entry log)")

    __table_args__ = (
        UniqueConstraint("count_session_id", "content_key"),
        UniqueConstraint("count_session_id", "identity_key"),
    )


class Mark(SQLModel, table=True):
    """The machine's (or the operator's) decision for one name on one side."""

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: str = Field(foreign_key="sheetrecord.id", index=True, max_length=32)
    number: int = Field(description="STT on the ballot")
    candidate_id: int | None = Field(default=None, foreign_key="candidate.id")
    decision: str = Field(max_length=12, description="kept | struck | agree | disagree | both | none | uncertain")
    evidence: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

    __table_args__ = (UniqueConstraint("sheet_id", "number"),)


class ReviewDecision(SQLModel, table=True):
    """A counting-committee decision on a sheet, stored beside the machine's reading, never over it.

    Append-only: the latest decision for a sheet is in force; `marks` overrides per STT number.
    """

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: str = Field(foreign_key="sheetrecord.id", index=True, max_length=32)
    status: str = Field(max_length=20, description="valid | invalid | rejected")
    reason: str = Field(default="", max_length=500)
    marks: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str = Field(default="", max_length=1000)
    decided_by: str = Field(max_length=100)
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
