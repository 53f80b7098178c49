"""The one voting-rights rule (DOMAIN.md §1-2): who votes at a congress of delegates or of members."""

import pytest

from congress.registry.voting import VotingRight, default_status, voting_right


@pytest.mark.parametrize(("category", "status", "replaced", "replacing", "votes", "code"), [
    ("official", "summoned", False, False, True, "official"),
    ("official", "recognised", False, False, True, "official"),
    ("official", "not_recognised", False, False, False, "not_recognised"),
    ("official", "recognised", True, False, False, "replaced"),
    ("ex_officio", "recognised", False, False, True, "official"),
    ("appointed", "summoned", False, False, True, "official"),
    ("alternate", "recognised", False, False, False, "alternate"),
    ("alternate", "recognised", False, True, True, "replacing"),
    ("alternate", "not_recognised", False, True, False, "not_recognised"),
    ("guest", "recognised", False, False, False, "guest"),
    ("member", "summoned", False, False, False, "unknown_category"),
    ("official", "active", False, False, False, "unknown_status"),
])
def test_congress_of_delegates(category, status, replaced, replacing, votes, code) -> None:  # type: ignore[no-untyped-def]
    right = voting_right(category, status, replaced, replacing, "delegates")
    assert right.votes is votes and bool(right) is votes
    assert right.code == code and right.reason


@pytest.mark.parametrize(("category", "status", "votes", "code"), [
    ("member", "active", True, "member"),
    ("member", "attached_elsewhere", True, "member"),  # only subtracted from the denominator when absent
    ("member", "exempted", True, "member"),
    ("member", "suspended", False, "suspended"),
    ("probationary", "active", False, "probationary"),
    ("temporary", "active", False, "temporary"),
    ("guest", "active", False, "guest"),
    ("official", "active", False, "unknown_category"),
])
def test_congress_of_members(category, status, votes, code) -> None:  # type: ignore[no-untyped-def]
    right = voting_right(category, status, congress_kind="members")
    assert right == VotingRight(votes, right.reason, code)


def test_summoned_delegate_waits_for_recognition_when_the_congress_requires_it() -> None:
    assert voting_right("official", "summoned")
    waiting = voting_right("official", "summoned", require_recognition=True)
    assert not waiting and waiting.code == "not_yet_recognised"
    assert voting_right("official", "recognised", require_recognition=True)


def test_unknown_congress_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="congress kind"):
        voting_right("official", "summoned", congress_kind="assembly")


def test_default_status_follows_the_kind_of_congress() -> None:
    assert default_status("delegates") == "summoned"
    assert default_status("members") == "active"
