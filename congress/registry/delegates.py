"""One delegate at a time: list (Vietnamese collation), add, edit, remove — each change audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from congress import audit
from congress.actor import Actor, Role
from congress.congresses import get_congress, setting
from congress.errors import Conflict, CongressError, NotFound
from congress.models import Delegate, Delegation, utcnow
from congress.registry.cells import CellError, bounded_text, parse_birth, parse_category, parse_gender
from congress.registry.headers import header_key, label
from congress.registry.preview import identity_key
from congress.registry.voting import VotingRight, default_status, voting_right
from congress.vi import fold, full_name, matches, name_sort_key

EDITABLE = ("code", "family_name", "middle_name", "given_name", "birth", "gender", "ethnicity", "delegation",
            "category", "title", "unit")


@dataclass(frozen=True)
class DelegateRow:
    """A delegate with what lists show beside it: delegation name, printed name, voting right."""

    delegate: Delegate
    delegation: str
    full_name: str
    right: VotingRight
    replaces_id: int | None

    def as_dict(self) -> dict[str, Any]:
        d = self.delegate
        return {
            "id": d.id, "code": d.code, "family_name": d.family_name, "middle_name": d.middle_name,
            "given_name": d.given_name, "full_name": self.full_name,
            "birth_date": d.birth_date.isoformat() if d.birth_date else None, "birth_year": d.birth_year,
            "gender": d.gender, "ethnicity": d.ethnicity, "delegation": self.delegation or None,
            "category": d.category, "status": d.status, "status_reason": d.status_reason,
            "replaced_by_id": d.replaced_by_id, "replaces_id": self.replaces_id, "votes": self.right.votes,
            "voting_reason": self.right.reason, "title": d.title, "unit": d.unit,
        }


def list_delegates(session: Session, *, search: str = "", category: str | None = None) -> list[DelegateRow]:
    """Every delegate in ballot order: given name, then the congress's tie order (family, middle, birth)."""
    congress = get_congress(session)
    tie_order = setting(congress, "tie_order")
    require = bool(congress.settings.get("require_recognition", False))
    names = {d.id: d.name for d in session.exec(select(Delegation))}
    people = list(session.exec(select(Delegate)))
    replaces = {d.replaced_by_id: d.id for d in people if d.replaced_by_id}
    rows = []
    for d in people:
        if category and d.category != category:
            continue
        printed = full_name(d.family_name, d.middle_name, d.given_name)
        if search and not matches(search, printed, d.code or ""):
            continue
        right = voting_right(d.category, d.status, d.replaced_by_id is not None, d.id in replaces, congress.kind,
                             require_recognition=require)
        rows.append(DelegateRow(d, names.get(d.delegation_id, ""), printed, right, replaces.get(d.id)))
    rows.sort(key=lambda r: (name_sort_key(r.delegate.family_name, r.delegate.middle_name, r.delegate.given_name,
                                           r.delegate.birth_date or r.delegate.birth_year, tie_order),
                             r.delegate.id))
    return rows


def get_delegate(session: Session, delegate_id: int) -> Delegate:
    delegate = session.get(Delegate, delegate_id)
    if delegate is None:
        raise NotFound(f"Không có đại biểu số {delegate_id}.")
    return delegate


def _normalise(fields: dict[str, Any], kind: str) -> dict[str, Any]:
    """Validate user-supplied fields with the same rules as the import; one sentence per problem."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise CongressError(f"Trường không sửa được: {', '.join(unknown)}.")
    values: dict[str, Any] = {}
    for name, raw in fields.items():
        column = label("birth_date" if name == "birth" else name)
        try:
            if name == "birth":
                values[name] = raw if isinstance(raw, date | int) or raw is None else parse_birth(raw, date.today())
            elif name == "category":
                values[name] = parse_category(raw, kind)
            elif name == "gender":
                values[name] = parse_gender(raw)[0]
            else:
                values[name] = bounded_text(raw, name) or (None if name == "code" else "")
        except CellError as exc:
            raise CongressError(f"{column}: {exc}.") from None
    for name in ("given_name",):
        if name in values and not values[name]:
            raise CongressError(f"{label(name)}: không được để trống.")
    return values


def _delegation_id(session: Session, actor: Actor, name: str | None) -> int | None:
    if not name:
        return None
    key = header_key(name)
    for delegation in session.exec(select(Delegation)):
        if header_key(delegation.name) == key:
            return delegation.id
    order = session.exec(select(func.max(Delegation.sort_order))).one() or 0
    delegation = Delegation(name=name, sort_order=order + 1)
    session.add(delegation)
    session.flush()
    audit.record(session, actor, "delegation.add", "delegation", delegation.id, {"name": name})
    return delegation.id


def _check_unique(session: Session, delegate: Delegate, exclude: int | None) -> None:
    if delegate.code:
        other = session.exec(select(Delegate).where(Delegate.code == delegate.code)).first()
        if other is not None and other.id != exclude:
            raise Conflict(f"Mã '{delegate.code}' đã dùng cho đại biểu số {other.id}.")
    wanted = identity_key(full_name(delegate.family_name, delegate.middle_name, delegate.given_name),
                          delegate.birth_date or delegate.birth_year)
    for other in session.exec(select(Delegate).where(Delegate.search_text == delegate.search_text)):
        if other.id == exclude or (delegate.code and other.code and delegate.code != other.code):
            continue
        if identity_key(full_name(other.family_name, other.middle_name, other.given_name),
                        other.birth_date or other.birth_year) == wanted:
            raise Conflict(f"Đã có đại biểu số {other.id} cùng họ tên và ngày sinh; thêm Mã nếu là hai người khác nhau.")


def _assign(session: Session, actor: Actor, delegate: Delegate, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "birth":
            delegate.birth_date = value if isinstance(value, date) else None
            delegate.birth_year = value if isinstance(value, int) else None
        elif name == "delegation":
            delegate.delegation_id = _delegation_id(session, actor, value)
        else:
            setattr(delegate, name, value)
    delegate.search_text = fold(full_name(delegate.family_name, delegate.middle_name, delegate.given_name))


def add_delegate(session: Session, actor: Actor, **fields: Any) -> Delegate:
    """Register one person; `category` and `given_name` are required."""
    actor.require(Role.SECRETARIAT, action="thêm đại biểu")
    kind = get_congress(session).kind
    if not fields.get("category"):
        raise CongressError(f"{label('category')}: cần cho biết loại đại biểu.")
    values = _normalise(fields, kind)
    if not values.get("given_name"):
        raise CongressError(f"{label('given_name')}: không được để trống.")
    delegate = Delegate(family_name="", given_name="", category=values["category"], status=default_status(kind))
    _assign(session, actor, delegate, values)
    _check_unique(session, delegate, exclude=None)
    session.add(delegate)
    session.flush()
    audit.record(session, actor, "delegate.add", "delegate", delegate.id,
                 {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()})
    return delegate


def edit_delegate(session: Session, actor: Actor, delegate_id: int, **changes: Any) -> Delegate:
    """Change some fields of one delegate; the audit event holds old and new values."""
    actor.require(Role.SECRETARIAT, action="sửa đại biểu")
    delegate = get_delegate(session, delegate_id)
    values = _normalise(changes, get_congress(session).kind)
    before = delegate.model_dump(mode="json")
    _assign(session, actor, delegate, values)
    _check_unique(session, delegate, exclude=delegate.id)
    after = delegate.model_dump(mode="json")
    diff = {k: [before[k], after[k]] for k in after if before.get(k) != after[k] and k not in ("search_text",)}
    if not diff:
        return delegate
    delegate.updated_at = utcnow()
    session.add(delegate)
    session.flush()
    audit.record(session, actor, "delegate.edit", "delegate", delegate.id, diff)
    return delegate


def _references(session: Session, delegate_id: int) -> list[str]:
    """Tables whose rows point at this delegate (badges, check-ins, candidates, replacements …)."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "delegate" for fk in column.foreign_keys):
                n = session.exec(select(func.count()).select_from(table).where(column == delegate_id)).one()
                if n:
                    found.append(f"{table.name}.{column.name}")
    return found


def remove_delegate(session: Session, actor: Actor, delegate_id: int) -> None:
    """Delete a delegate that nothing refers to yet; otherwise say what refers to them."""
    actor.require(Role.SECRETARIAT, action="xoá đại biểu")
    delegate = get_delegate(session, delegate_id)
    used = _references(session, delegate_id)
    if used:
        raise Conflict(f"Không xoá được đại biểu số {delegate_id} vì đã có dữ liệu liên quan ({', '.join(used)}).")
    snapshot = delegate.model_dump(mode="json")
    session.delete(delegate)
    session.flush()
    audit.record(session, actor, "delegate.remove", "delegate", delegate_id, snapshot)
