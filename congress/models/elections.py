"""Elections, rounds, candidates, printed sheets and ballot issue counts (DOMAIN.md §3-4)."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from congress.models.base import UTCDateTime, utcnow


class Election(SQLModel, table=True):
    """Cuộc bầu cử — one ballot, one election: what is elected and how many seats.

    `kind` is data (committee, standing_committee, secretary, deputy_secretary, inspection,
    inspection_chair, higher_delegates, higher_alternates, opinion, ... — extendable).
    `parent_id` links an alternates election to the officials' one.
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, description="short id used on the CLI and the sheet QR")
    title: str = Field(max_length=300, description="what is elected, as printed")
    kind: str = Field(default="committee", max_length=40)
    seats: int
    form: str = Field(default="auto", max_length=10, description="auto | strike | boxes")
    paper: str = Field(default="auto", max_length=10, description="auto | A5 | A4 | A3")
    parent_id: int | None = Field(default=None, foreign_key="election.id")
    settings: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Candidate(SQLModel, table=True):
    """Người ứng cử / được đề cử — a name on an election's list."""

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    delegate_id: int | None = Field(default=None, foreign_key="delegate.id")
    code: str | None = Field(default=None, max_length=60)
    family_name: str = Field(max_length=100)
    middle_name: str = Field(default="", max_length=100)
    given_name: str = Field(max_length=100)
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str = Field(default="", max_length=20)
    title: str = Field(default="", max_length=300)
    unit: str = Field(default="", max_length=300)
    nominated_by: str = Field(default="convening", max_length=20, description="convening | floor | self")
    floor_agree: int | None = Field(default=None, description="show of hands for a floor nomination")
    floor_attending: int | None = None
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Round(SQLModel, table=True):
    """Lần bầu — a round of an election; later rounds may be restricted to tied names or add names.

    status: draft | printed | counting | closed. `layout_hash` pins the printed template.
    `denominator` is the snapshot of the facts used when the count was closed.
    """

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True)
    number: int
    seats: int
    status: str = Field(default="draft", max_length=20)
    layout_hash: str = Field(default="", max_length=64)
    form: str = Field(default="", max_length=10)
    # The printed ballot's wording and list, frozen at the first print so a reprint (or a recount
    # years later) rebuilds exactly the same layout even if the congress's wording changed since.
    ballot: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The printed layout itself (ballots.layout_io), stored at the first print: scanning and reprints
    # load it instead of re-planning, so a software update cannot make a printed round unreadable.
    layout: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    restricted: bool = Field(default=False, description="the list was fixed when the round was created")
    denominator: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    __table_args__ = (UniqueConstraint("election_id", "number"),)


class RoundCandidate(SQLModel, table=True):
    """A candidate's place (STT) on a round's ballot."""

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", primary_key=True)
    number: int

    __table_args__ = (UniqueConstraint("round_id", "number"),)


class PrintedSheet(SQLModel, table=True):
    """A printed ballot copy's nonce: proves a scanned sheet was issued by us. Never tied to a person."""

    id: str = Field(primary_key=True, max_length=32, description="random id; order reveals nothing")
    round_id: int = Field(foreign_key="round.id", index=True)
    nonce: str = Field(max_length=40)
    print_batch: int = Field(default=1)

    __table_args__ = (UniqueConstraint("round_id", "nonce"),)


class BallotIssue(SQLModel, table=True):
    """Phát phiếu — how many ballots were printed / issued / returned, optionally per delegation."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    delegation_id: int | None = Field(default=None, foreign_key="delegation.id")
    printed: int = 0
    issued: int = 0
    returned: int | None = None
    recorded_by: str = Field(default="", max_length=100)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
