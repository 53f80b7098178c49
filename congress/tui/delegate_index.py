"""Search-as-you-type over every delegate, in memory: fold each name once, filter per keystroke.

Matching follows `congress.vi.matches` (a query without diacritics matches with or without them; a
query with diacritics must match them) but against text prepared once, so a keystroke over 1,600
people is a few list comprehensions, not 1,600 normalisations.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from congress.models import Delegate, Delegation
from congress.vi import clean, fold, full_name, name_sort_key


@dataclass(frozen=True, slots=True)
class DelegateRow:
    id: int
    code: str
    name: str
    delegation_id: int | None
    delegation: str
    category: str
    status: str
    title: str
    folded: str   # diacritics folded, lower case: matched by plain queries
    lowered: str  # lower case with diacritics: matched by queries that carry diacritics


def _row(d: Delegate, delegations: dict[int, str]) -> DelegateRow:
    name = full_name(d.family_name, d.middle_name, d.given_name)
    haystack = " ".join(part for part in (name, d.code or "") if part)
    lowered = clean(haystack).lower()
    folded = clean(d.search_text).lower() or fold(haystack)  # search_text is the registry's folded name
    if d.code and fold(d.code) not in folded:
        folded = f"{folded} {fold(d.code)}"
    delegation = delegations.get(d.delegation_id, "") if d.delegation_id else ""
    return DelegateRow(d.id or 0, d.code or "", name, d.delegation_id, delegation, d.category, d.status,
                       d.title, folded, lowered)


def load_rows(session: Session) -> list[DelegateRow]:
    """Every delegate in ballot order (given name first, Vietnamese collation)."""
    delegations = {d.id: d.name for d in session.exec(select(Delegation)) if d.id is not None}
    people = sorted(session.exec(select(Delegate)),
                    key=lambda d: name_sort_key(d.family_name, d.middle_name, d.given_name, d.birth_date))
    return [_row(d, delegations) for d in people]


@dataclass(frozen=True)
class Filters:
    query: str = ""
    delegation_id: int | None = None
    category: str | None = None
    status: str | None = None


def filter_rows(rows: list[DelegateRow], filters: Filters) -> list[DelegateRow]:
    """The rows matching every word of the query and each chosen filter, in their given order."""
    selected = rows
    if filters.delegation_id is not None:
        selected = [r for r in selected if r.delegation_id == filters.delegation_id]
    if filters.category is not None:
        selected = [r for r in selected if r.category == filters.category]
    if filters.status is not None:
        selected = [r for r in selected if r.status == filters.status]
    query = clean(filters.query).lower()
    if not query:
        return selected
    words = query.split(" ")
    if query == fold(query):
        return [r for r in selected if all(w in r.folded for w in words)]
    return [r for r in selected if all(w in r.lowered for w in words)]
