"""Quyền biểu quyết — who may vote, derived from registry facts in ONE pure function.

Every part of the application (badges, check-in, ballot issue, denominators, the TUI) asks this
module; nothing else decides voting rights. Rules (DOMAIN.md §1-2, §6):

Congress of delegates (kind ``"delegates"``):
- official, ex_officio, appointed delegates vote unless their credentials were not recognised or an
  alternate has replaced them;
- an alternate votes only while replacing an official delegate (and is not itself not recognised);
- guests never vote.
Credentials are presumed until the board decides otherwise (a summoned delegate votes) unless the
caller passes ``require_recognition=True`` (a congress setting).

Congress of members (kind ``"members"``):
- official members vote when active, temporarily attached elsewhere or exempted from activity —
  the latter two are only subtracted from the denominator when absent, so if they attend they vote;
- suspended members (suspended, prosecuted, indicted, detained) do not vote;
- probationary members, members attending temporarily and guests never vote.
"""

from __future__ import annotations

from dataclasses import dataclass

DELEGATES = "delegates"
MEMBERS = "members"
CONGRESS_KINDS = (DELEGATES, MEMBERS)

DELEGATE_CATEGORIES = ("official", "alternate", "ex_officio", "appointed", "guest")
MEMBER_CATEGORIES = ("member", "probationary", "temporary", "guest")
DELEGATE_STATUSES = ("summoned", "recognised", "not_recognised")
MEMBER_STATUSES = ("active", "attached_elsewhere", "exempted", "suspended")

# Categories that vote of right at a congress of delegates (before status is considered).
VOTING_DELEGATE_CATEGORIES = frozenset({"official", "ex_officio", "appointed"})


@dataclass(frozen=True)
class VotingRight:
    """The answer: ``votes`` plus a short Vietnamese reason; truthy iff the person votes."""

    votes: bool
    reason: str
    code: str  # stable machine code for the reason (tests, JSON, TUI)

    def __bool__(self) -> bool:
        return self.votes


def categories_for(congress_kind: str) -> tuple[str, ...]:
    """The valid category codes for a congress kind."""
    return MEMBER_CATEGORIES if congress_kind == MEMBERS else DELEGATE_CATEGORIES


def statuses_for(congress_kind: str) -> tuple[str, ...]:
    """The valid status codes for a congress kind."""
    return MEMBER_STATUSES if congress_kind == MEMBERS else DELEGATE_STATUSES


def default_status(congress_kind: str) -> str:
    """Status given to a newly registered person."""
    return "active" if congress_kind == MEMBERS else "summoned"


def voting_right(
    category: str,
    status: str,
    replaced: bool = False,
    replacing: bool = False,
    congress_kind: str = DELEGATES,
    *,
    require_recognition: bool = False,
) -> VotingRight:
    """Decide whether one person votes.

    category, status: the Delegate's codes. replaced: an alternate has replaced this person
    (Delegate.replaced_by_id is set). replacing: this person (an alternate) replaces an official
    delegate (some other Delegate.replaced_by_id points here). congress_kind: "delegates" | "members".
    """
    if congress_kind not in CONGRESS_KINDS:
        raise ValueError(f"unknown congress kind {congress_kind!r}")
    if congress_kind == MEMBERS:
        return _member_right(category, status)
    return _delegate_right(category, status, replaced, replacing, require_recognition)


def _delegate_right(
    category: str, status: str, replaced: bool, replacing: bool, require_recognition: bool
) -> VotingRight:
    if category == "guest":
        return VotingRight(False, "khách mời không biểu quyết", "guest")
    if category not in DELEGATE_CATEGORIES:
        return VotingRight(False, f"loại đại biểu không hợp lệ: {category}", "unknown_category")
    if status == "not_recognised":
        return VotingRight(False, "không được công nhận tư cách đại biểu", "not_recognised")
    if status not in DELEGATE_STATUSES:
        return VotingRight(False, f"trạng thái không hợp lệ: {status}", "unknown_status")
    if replaced:
        return VotingRight(False, "đã được đại biểu dự khuyết thay thế", "replaced")
    if category == "alternate" and not replacing:
        return VotingRight(False, "đại biểu dự khuyết chưa được triệu tập thay thế", "alternate")
    if require_recognition and status != "recognised":
        return VotingRight(False, "chưa được công nhận tư cách đại biểu", "not_yet_recognised")
    if category == "alternate":
        return VotingRight(True, "đại biểu dự khuyết thay thế đại biểu chính thức", "replacing")
    return VotingRight(True, "đại biểu chính thức", "official")


def _member_right(category: str, status: str) -> VotingRight:
    if category == "guest":
        return VotingRight(False, "khách mời không biểu quyết", "guest")
    if category == "probationary":
        return VotingRight(False, "đảng viên dự bị không biểu quyết", "probationary")
    if category == "temporary":
        return VotingRight(False, "đảng viên sinh hoạt tạm thời không biểu quyết", "temporary")
    if category != "member":
        return VotingRight(False, f"loại đảng viên không hợp lệ: {category}", "unknown_category")
    if status == "suspended":
        return VotingRight(False, "đảng viên bị đình chỉ sinh hoạt", "suspended")
    if status not in MEMBER_STATUSES:
        return VotingRight(False, f"trạng thái không hợp lệ: {status}", "unknown_status")
    return VotingRight(True, "đảng viên chính thức", "member")
