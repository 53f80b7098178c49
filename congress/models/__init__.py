"""The schema: every table of the toolkit, one module per area. The one place the schema lives.

Import this package to register all tables on `SQLModel.metadata` (Alembic and the tests do).
"""

from congress.models.accounts import UserAccount
from congress.models.audit import AuditEvent
from congress.models.base import new_random_id, utcnow
from congress.models.checkin import Absence, Badge, CheckinEvent, Sitting
from congress.models.counting import CountSession, Mark, ReviewDecision, ScanBatch, SheetRecord
from congress.models.elections import (
    BallotIssue,
    Candidate,
    Election,
    PrintedSheet,
    Round,
    RoundCandidate,
)
from congress.models.registry import Congress, Delegate, Delegation, Level, StatusChange

__all__ = [
    "Absence",
    "AuditEvent",
    "Badge",
    "BallotIssue",
    "Candidate",
    "CheckinEvent",
    "Congress",
    "CountSession",
    "Delegate",
    "Delegation",
    "Election",
    "Level",
    "Mark",
    "PrintedSheet",
    "ReviewDecision",
    "Round",
    "RoundCandidate",
    "ScanBatch",
    "SheetRecord",
    "Sitting",
    "StatusChange",
    "UserAccount",
    "new_random_id",
    "utcnow",
]
