"""Phase two of an import: write the previewed rows in one transaction, or refuse and write nothing.

An error row blocks the whole import unless the user explicitly skips error rows. Rows that are
unchanged write nothing, so re-importing the same file leaves the database as it was (not even an
audit event).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, func, select

from congress import audit
from congress.actor import Actor, Role
from congress.congresses import get_congress
from congress.errors import CongressError
from congress.models import Delegate, Delegation, utcnow
from congress.registry.preview import KnownDelegate, Preview, classify
from congress.registry.reading import read_table
from congress.registry.voting import default_status
from congress.vi import fold, full_name


class ImportRefused(CongressError):
    """The file has error rows and --skip-errors was not given; the preview says which."""

    def __init__(self, preview: Preview) -> None:
        errors = preview.error_rows
        super().__init__(
            f"Tệp {preview.source} có {len(errors)} dòng lỗi nên không nhập dòng nào; "
            "sửa các dòng đã nêu hoặc dùng --skip-errors để nhập các dòng còn lại."
        )
        self.preview = preview

    def lines(self) -> list[str]:
        """One line per problem of every bad row: row number, column, reason."""
        return [issue.line(row.row) for row in self.preview.error_rows for issue in row.errors]


@dataclass
class ImportReport:
    preview: Preview
    committed: bool
    sha256: str
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    delegations_created: list[str] = field(default_factory=list)


def birth_of(delegate: Delegate) -> date | int | None:
    return delegate.birth_date or delegate.birth_year


def load_known(session: Session) -> tuple[list[KnownDelegate], list[str]]:
    """A plain snapshot of the registry for the pure preview (columns, not ORM objects: it is faster)."""
    delegations = dict(session.exec(select(Delegation.id, Delegation.name)).all())
    rows = session.exec(select(
        Delegate.id, Delegate.code, Delegate.family_name, Delegate.middle_name, Delegate.given_name,
        Delegate.birth_date, Delegate.birth_year, Delegate.gender, Delegate.ethnicity, Delegate.delegation_id,
        Delegate.category, Delegate.title, Delegate.unit,
    )).all()
    known = [
        KnownDelegate(id=r[0], code=r[1], family_name=r[2], middle_name=r[3], given_name=r[4], birth=r[5] or r[6],
                      gender=r[7], ethnicity=r[8], delegation=delegations.get(r[9], "") if r[9] else "",
                      category=r[10], title=r[11], unit=r[12])
        for r in rows
    ]
    return known, list(delegations.values())


def preview_file(session: Session, path: Path, *, today: date | None = None) -> Preview:
    """Read and classify a file against the registry; writes nothing."""
    table = read_table(path)
    kind = get_congress(session).kind
    known, delegations = load_known(session)
    return classify(table, known, delegations, kind, today or date.today())


def import_file(session: Session, actor: Actor, path: Path, *, dry_run: bool = False, skip_errors: bool = False,
                today: date | None = None) -> ImportReport:
    """Preview `path`, then (unless dry_run) apply it inside the caller's transaction.

    Raises ImportRefused before writing anything when a row has an error and skip_errors is False.
    """
    path = Path(path)
    preview = preview_file(session, path, today=today)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    report = ImportReport(preview, committed=False, sha256=digest)
    if dry_run:
        return report
    actor.require(Role.SECRETARIAT, action="nhập danh sách đại biểu")
    if preview.error_rows and not skip_errors:
        raise ImportRefused(preview)
    report.committed = True
    if preview.changes == 0:
        return report  # nothing to write: the database stays exactly as it was
    kind = get_congress(session).kind
    delegation_ids = _ensure_delegations(session, preview, report)
    _apply_rows(session, preview, delegation_ids, kind, report)
    audit.record(session, actor, "delegate.import", "file", path.name, {
        "sha256": digest, "rows": len(preview.rows), "created": report.created,
        "updated": {str(row.delegate_id): sorted(row.changes) for row in preview.rows if row.action == "update"},
        "skipped_rows": [row.row for row in preview.error_rows], "delegations_created": report.delegations_created,
    })
    return report


def _ensure_delegations(session: Session, preview: Preview, report: ImportReport) -> dict[str, int]:
    wanted = {row.values["delegation"] for row in preview.rows
              if row.action in ("new", "update") and row.values.get("delegation")}
    existing = {d.name: d.id for d in session.exec(select(Delegation))}
    order = session.exec(select(func.max(Delegation.sort_order))).one() or 0
    for name in preview.new_delegations:
        if name in wanted and name not in existing:
            order += 1
            delegation = Delegation(name=name, sort_order=order)
            session.add(delegation)
            session.flush()
            existing[name] = delegation.id  # type: ignore[assignment]
            report.delegations_created.append(name)
    return existing  # type: ignore[return-value]


def column_values(values: dict[str, Any], delegation_ids: dict[str, int]) -> dict[str, Any]:
    """Previewed values (only the fields the file had) as Delegate column assignments."""
    columns = {name: values[name] for name in ("code", "family_name", "middle_name", "given_name", "gender",
                                               "ethnicity", "category", "title", "unit") if name in values}
    if "birth" in values:
        birth = values["birth"]
        columns["birth_date"] = birth if isinstance(birth, date) else None
        columns["birth_year"] = birth if isinstance(birth, int) else None
    if "delegation" in values:
        columns["delegation_id"] = delegation_ids[values["delegation"]] if values["delegation"] else None
    return columns


def _search_text(columns: dict[str, Any]) -> str:
    return fold(full_name(columns.get("family_name", ""), columns.get("middle_name", ""), columns["given_name"]))


def _apply_rows(session: Session, preview: Preview, delegation_ids: dict[str, int], kind: str,
                report: ImportReport) -> None:
    now = utcnow()
    updates = [row for row in preview.rows if row.action == "update"]
    current = {}
    ids = [row.delegate_id for row in updates]
    for start in range(0, len(ids), 500):  # bounded IN lists for every backend
        chunk = ids[start:start + 500]
        current.update({d.id: d for d in session.exec(select(Delegate).where(Delegate.id.in_(chunk)))})  # type: ignore[union-attr]
    for row in updates:
        delegate = current[row.delegate_id]
        for name, value in column_values({n: row.values[n] for n in row.changes}, delegation_ids).items():
            setattr(delegate, name, value)
        delegate.search_text = fold(full_name(delegate.family_name, delegate.middle_name, delegate.given_name))
        delegate.updated_at = now
        session.add(delegate)
        report.updated.append(delegate.id)  # type: ignore[arg-type]
    session.flush()
    new_rows = [row for row in preview.rows if row.action == "new"]
    if not new_rows:
        return
    # One multi-row INSERT … RETURNING: constructing 2,000 ORM objects costs more than the database does.
    base = {"code": None, "family_name": "", "middle_name": "", "given_name": "", "birth_date": None,
            "birth_year": None, "gender": "", "ethnicity": "", "title": "", "unit": "", "delegation_id": None,
            "status": default_status(kind), "status_reason": "", "replaced_by_id": None, "seat": "",
            "photo_path": "", "created_at": now, "updated_at": now}
    records = []
    for row in new_rows:
        record = {**base, **column_values(row.values, delegation_ids)}
        record["search_text"] = _search_text(record)
        records.append(record)
    created = session.scalars(insert(Delegate).returning(Delegate.id, sort_by_parameter_order=True), records).all()
    for row, delegate_id in zip(new_rows, created, strict=True):
        row.delegate_id = delegate_id
        report.created.append(delegate_id)
