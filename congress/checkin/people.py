"""Small registry look-ups that badges, check-in and attendance share: find a person, their right to vote."""

from __future__ import annotations

from sqlmodel import Session, col, select

from congress.congresses import setting
from congress.errors import NotFound
from congress.models import Congress, Delegate, Delegation
from congress.registry.voting import VotingRight, voting_right
from congress.vi import clean, full_name


def display_name(delegate: Delegate) -> str:
    """The name exactly as registered: family, middle, given."""
    return full_name(delegate.family_name, delegate.middle_name, delegate.given_name)


def is_guest(delegate: Delegate) -> bool:
    return delegate.category == "guest"


def replacing_ids(session: Session) -> set[int]:
    """Alternates currently replacing an official (someone's `replaced_by_id` points at them)."""
    rows = session.exec(select(Delegate.replaced_by_id).where(col(Delegate.replaced_by_id).is_not(None)))
    return {r for r in rows if r is not None}


def is_replacing(session: Session, delegate_id: int) -> bool:
    return session.exec(select(Delegate.id).where(Delegate.replaced_by_id == delegate_id).limit(1)).first() is not None


def right_of(delegate: Delegate, congress: Congress, replacing: bool) -> VotingRight:
    """The registry's one voting-right rule applied to a stored person."""
    return voting_right(
        delegate.category, delegate.status, replaced=delegate.replaced_by_id is not None, replacing=replacing,
        congress_kind=congress.kind, require_recognition=bool(setting(congress, "require_recognition")),
    )


def delegation_names(session: Session) -> dict[int, str]:
    return {d.id: d.name for d in session.exec(select(Delegation)) if d.id is not None}


def find_delegate(session: Session, ref: str) -> Delegate:
    """A person by code (Mã) or, failing that, by numeric id ('#12' or '12')."""
    wanted = clean(ref)
    found = session.exec(select(Delegate).where(Delegate.code == wanted)).first()
    if found is None and wanted.lstrip("#").isdigit():
        found = session.get(Delegate, int(wanted.lstrip("#")))
    if found is None:
        raise NotFound(f"Không có đại biểu mã '{wanted}'.")
    return found
