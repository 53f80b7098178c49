"""Registry tables: the congress, levels, delegations, delegates and their status history."""

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from congress.models.base import UTCDateTime, utcnow


class Level(SQLModel, table=True):
    """Cấp — a level of congress. Data, not code: the user can add levels."""

    code: str = Field(primary_key=True, max_length=40)
    name_vi: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    rank: int = Field(default=0, description="Sort order, grassroots first")


class Congress(SQLModel, table=True):
    """Đại hội — the one congress this database holds."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    organisation: str = Field(default="", max_length=300, description="e.g. Đảng bộ tỉnh X")
    level: str = Field(foreign_key="level.code", max_length=40)
    kind: str = Field(max_length=20, description="delegates (đại hội đại biểu) | members (đảng viên)")
    term: str = Field(default="", max_length=100, description="nhiệm kỳ, e.g. 2025-2030")
    place: str = Field(default="", max_length=300)
    start_date: date | None = None
    end_date: date | None = None
    # Configurable rules (DOMAIN.md): quorum, tie order, reserve ballots, wordings, percent places ...
    settings: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Delegation(SQLModel, table=True):
    """Đoàn đại biểu — usually the unit that elected its delegates."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300, unique=True)
    code: str | None = Field(default=None, max_length=60, unique=True)
    sort_order: int = 0


class Delegate(SQLModel, table=True):
    """Đại biểu / đảng viên — a person attending the congress (voters, alternates and guests).

    Name parts are stored separately and NFC-normalised; they are printed exactly as registered.
    `category` for a congress of delegates: official | alternate | ex_officio | appointed | guest;
    for a congress of members: member | probationary | temporary | guest.
    `status` for delegates: summoned | recognised | not_recognised; for members:
    active | attached_elsewhere | exempted | suspended (suspended covers prosecuted/indicted/detained).
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str | None = Field(default=None, max_length=60, unique=True, description="external id (Mã)")
    family_name: str = Field(max_length=100)
    middle_name: str = Field(default="", max_length=100)
    given_name: str = Field(max_length=100)
    birth_date: date | None = None
    birth_year: int | None = Field(default=None, description="when only the year is known")
    gender: str = Field(default="", max_length=20)
    ethnicity: str = Field(default="", max_length=60)
    title: str = Field(default="", max_length=300, description="chức vụ")
    unit: str = Field(default="", max_length=300, description="đơn vị")
    delegation_id: int | None = Field(default=None, foreign_key="delegation.id", index=True)
    category: str = Field(max_length=20, index=True)
    status: str = Field(default="summoned", max_length=30, index=True)
    status_reason: str = Field(default="", max_length=500)
    replaced_by_id: int | None = Field(default=None, foreign_key="delegate.id")
    seat: str = Field(default="", max_length=40)
    photo_path: str = Field(default="", max_length=500)
    search_text: str = Field(default="", max_length=400, description="lower-case, diacritics folded")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StatusChange(SQLModel, table=True):
    """A credentials or membership decision: the audit trail of `Delegate.status`."""

    id: int | None = Field(default=None, primary_key=True)
    delegate_id: int = Field(foreign_key="delegate.id", index=True)
    old_status: str = Field(max_length=30)
    new_status: str = Field(max_length=30)
    reason: str = Field(default="", max_length=500)
    decided_by: str = Field(default="", max_length=100)
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
