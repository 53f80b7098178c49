"""The append-only, hash-chained audit log of every state change."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from congress.models.base import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    """Nhật ký — one state change. `hash` = SHA-256 over the previous hash and this event's content."""

    seq: int = Field(primary_key=True, description="1, 2, 3 ... with no gaps")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(default="", max_length=100)
    station: str = Field(default="", max_length=60)
    action: str = Field(max_length=60, index=True)
    entity: str = Field(default="", max_length=60)
    entity_id: str = Field(default="", max_length=80)
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
