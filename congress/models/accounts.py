"""Local user accounts with roles."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from congress.models.base import UTCDateTime, utcnow


class UserAccount(SQLModel, table=True):
    """Tài khoản — role: admin | secretariat | checkin | counting | viewer. Passwords: argon2 hashes."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True)
    display_name: str = Field(default="", max_length=200)
    role: str = Field(max_length=20)
    password_hash: str = Field(max_length=200)
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
