"""Badges, sittings, check-in events and absences: the attendance facts behind the denominator."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from congress.models.base import UTCDateTime, utcnow


class Badge(SQLModel, table=True):
    """Thẻ đại biểu — only a hash of the random code is stored; reprinting revokes the old badge."""

    id: int | None = Field(default=None, primary_key=True)
    delegate_id: int = Field(foreign_key="delegate.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    hint: str = Field(default="", max_length=8, description="last characters, to tell badges apart")
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    replaced_by_id: int | None = Field(default=None, foreign_key="badge.id")


class Sitting(SQLModel, table=True):
    """Phiên — a session of the congress; check-in goes to the open sitting."""

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    name: str = Field(max_length=200)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    internal: bool = Field(default=False, description="phiên nội bộ: guests are not admitted")


class CheckinEvent(SQLModel, table=True):
    """One scan at a door, appended, never updated: entry, exit or refused (with its outcome code).

    `entry_key` is set only for an accepted entry ("<sitting>:<delegate>:<n>") or the exit that
    ends entry n ("<sitting>:<delegate>:<n>:x"); its uniqueness is what stops two desks from
    counting the same delegate twice.
    """

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    sitting_id: int | None = Field(default=None, foreign_key="sitting.id", index=True)
    delegate_id: int | None = Field(default=None, foreign_key="delegate.id", index=True)
    badge_id: int | None = Field(default=None, foreign_key="badge.id")
    kind: str = Field(max_length=10, description="entry | exit | refused")
    outcome: str = Field(max_length=20, description="ok | already | unknown | revoked | not_accredited | wrong_sitting")
    reason: str = Field(default="", max_length=300)
    station: str = Field(default="", max_length=60)
    operator: str = Field(default="", max_length=100)
    raw_text: str = Field(default="", max_length=200)
    entry_key: str | None = Field(default=None, max_length=80, unique=True)


class Absence(SQLModel, table=True):
    """Vắng mặt — an absence with its reason; `sitting_id` None means the whole congress.

    `accepted` records whether the convening committee accepted the reason (DOMAIN.md §6).
    """

    id: int | None = Field(default=None, primary_key=True)
    delegate_id: int = Field(foreign_key="delegate.id", index=True)
    sitting_id: int | None = Field(default=None, foreign_key="sitting.id")
    reason: str = Field(default="", max_length=500)
    accepted: bool = False
    decided_by: str = Field(default="", max_length=100)
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (UniqueConstraint("delegate_id", "sitting_id"),)
