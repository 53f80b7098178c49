"""Printing a round's ballots and recording how many were printed and issued (DOMAIN.md §7-8).

One random nonce per printed copy is recorded (PrintedSheet), so a scanned sheet can be proven to
come from us; nothing ties a nonce to the person who received it. Issue counts are totals, or per
delegation — never per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, func, select

from ballots.errors import BallotError
from ballots.layout import current_basis
from ballots.printing import render_pdf
from ballots.sheetcode import new_nonce
from congress import audit, congresses
from congress.actor import Actor, Role
from congress.documents.atomic import atomic_path
from congress.elections.layouts import freeze_ballot, round_layout
from congress.elections.service import freeze_round, get_round
from congress.errors import Conflict, CongressError, NotFound
from congress.models import BallotIssue, Delegate, Delegation, Election, PrintedSheet, Round, new_random_id
from congress.registry.voting import voting_right


@dataclass(frozen=True)
class PrintResult:
    election: str
    round_no: int
    copies: int
    sheets_per_copy: int
    pages: int
    layout_hash: str
    form: str
    paper: str
    out: Path
    print_batch: int
    landscape: bool = False  # printed on its side (two tables of the boxes form)

    @property
    def paper_label(self) -> str:
        """For people: "A4" or "A4 ngang" (landscape), so the printer is set up right."""
        return f"{self.paper} ngang" if self.landscape else self.paper

    def to_dict(self) -> dict:
        return {"election": self.election, "round": self.round_no, "copies": self.copies,
                "sheets_per_copy": self.sheets_per_copy, "pages": self.pages, "layout_hash": self.layout_hash,
                "form": self.form, "paper": self.paper, "landscape": self.landscape, "out": str(self.out),
                "print_batch": self.print_batch}


def voters_entitled(session: Session) -> int:
    """Everyone who votes now, by the registry's one voting-rights rule."""
    congress = congresses.get_congress(session)
    people = session.exec(select(Delegate.id, Delegate.category, Delegate.status, Delegate.replaced_by_id)).all()
    replacing = {r for _, _, _, r in people if r is not None}
    require = bool(congress.settings.get("require_recognition", False))
    return sum(1 for pid, category, status, replaced_by in people
               if voting_right(category, status, replaced_by is not None, pid in replacing, congress.kind,
                               require_recognition=require))


def default_copies(session: Session) -> int:
    """Voters entitled plus the configured reserve (ballot_reserve)."""
    reserve = int(congresses.setting(congresses.get_congress(session), "ballot_reserve") or 0)
    return voters_entitled(session) + reserve


def _total_row(session: Session, rnd: Round) -> BallotIssue:
    row = session.exec(select(BallotIssue).where(BallotIssue.round_id == rnd.id,
                                                 BallotIssue.delegation_id.is_(None))).first()  # type: ignore[union-attr]
    if row is None:
        row = BallotIssue(round_id=rnd.id, delegation_id=None)
    return row


def _fresh_nonces(session: Session, rnd: Round, copies: int) -> list[str]:
    taken = set(session.exec(select(PrintedSheet.nonce).where(PrintedSheet.round_id == rnd.id)))
    nonces: list[str] = []
    while len(nonces) < copies:
        nonce = new_nonce()
        if nonce not in taken:
            taken.add(nonce)
            nonces.append(nonce)
    return nonces


def print_ballots(session: Session, actor: Actor, election: Election, out: Path, copies: int | None = None,
                  round_no: int | None = None) -> PrintResult:
    """Write the round's ballots to `out` (PDF) and record the copies; the first print pins the layout."""
    actor.require(Role.SECRETARIAT, Role.COUNTING, action="in phiếu bầu")
    rnd = get_round(session, election, round_no)
    if rnd.status == "closed":
        raise Conflict(f"Lần bầu thứ {rnd.number} của {election.code} đã kết thúc; không in thêm phiếu.")
    if copies is None:
        copies = default_copies(session)
    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
        raise CongressError(f"Số bản in (--copies) phải là số nguyên dương, không phải {copies!r}.")
    freeze_round(session, rnd)
    layout = round_layout(session, rnd)  # a printed round's stored layout: a reprint is the same page
    if not rnd.layout:  # the first print (or one by a build that stored only the inputs): store it now
        freeze_ballot(rnd, layout)
    elif layout.basis != current_basis():
        # The stored geometry is still read correctly, but this build would draw it with other fonts or
        # strokes than the copies already handed out; two looks under one layout hash is not allowed.
        raise Conflict(
            f"Phần mềm đã đổi cách in phiếu (phông chữ hoặc mẫu vẽ) từ lần in đầu của {election.code} "
            f"lần {rnd.number}; không in thêm được phiếu giống hệt các tờ đã in.")
    nonces = _fresh_nonces(session, rnd, copies)
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise CongressError(f"Tệp ra (--out) {out} phải có đuôi .pdf.")
    if not out.parent.is_dir():
        raise CongressError(f"Thư mục {out.parent} của tệp ra (--out) không tồn tại.")
    try:
        with atomic_path(out) as tmp:
            render_pdf(layout, tmp, copies, nonces)
            batch = 1 + (session.exec(select(func.max(PrintedSheet.print_batch))
                                      .where(PrintedSheet.round_id == rnd.id)).one() or 0)
            session.add_all(PrintedSheet(id=new_random_id(), round_id=rnd.id, nonce=n, print_batch=batch)
                            for n in nonces)
            total = _total_row(session, rnd)
            total.printed += copies
            total.recorded_by = actor.username
            session.add(total)
            if rnd.status == "draft":
                rnd.status = "printed"
            session.add(rnd)
            session.flush()
            audit.record(session, actor, "ballots.print", "round", rnd.id, {
                "election": election.code, "round": rnd.number, "copies": copies, "print_batch": batch,
                "layout_hash": layout.layout_hash, "sheets_per_copy": layout.sheet_count})
    except BallotError as exc:
        raise CongressError(f"Không in được phiếu {election.code} lần {rnd.number}: {exc}") from None
    return PrintResult(election.code, rnd.number, copies, layout.sheet_count, copies * layout.sheet_count,
                       layout.layout_hash, layout.spec.form.value, layout.paper, out, batch, layout.landscape)


def _delegation(session: Session, ref: str) -> Delegation:
    text = ref.strip()
    found = session.exec(select(Delegation).where((Delegation.name == text) | (Delegation.code == text))).first()
    if found is None and text.isdigit():
        found = session.get(Delegation, int(text))
    if found is None:
        raise NotFound(f"Không có đoàn đại biểu '{ref}' (--delegation: tên, mã hoặc số).")
    return found


def issue_ballots(session: Session, actor: Actor, election: Election, count: int, delegation: str | None = None,
                  round_no: int | None = None) -> dict:
    """Record how many ballots were issued — in total, or for one delegation (set, so a re-run is harmless)."""
    actor.require(Role.COUNTING, Role.SECRETARIAT, action="ghi số phiếu phát ra")
    rnd = get_round(session, election, round_no)
    if rnd.status in ("draft", "closed"):
        state = "chưa in phiếu" if rnd.status == "draft" else "đã kết thúc"
        raise Conflict(f"Lần bầu thứ {rnd.number} của {election.code} {state}; không ghi số phiếu phát ra.")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise CongressError(f"Số phiếu phát ra (--count) phải là số nguyên không âm, không phải {count!r}.")
    rows = list(session.exec(select(BallotIssue).where(BallotIssue.round_id == rnd.id)))
    total = next(r for r in rows if r.delegation_id is None)
    if delegation is None:
        if any(r.delegation_id is not None and r.issued for r in rows):
            raise Conflict("Đã ghi số phiếu phát theo từng đoàn; tiếp tục ghi theo đoàn (--delegation).")
        target = total
    else:
        if total.issued:
            raise Conflict("Đã ghi tổng số phiếu phát ra; không ghi thêm theo đoàn.")
        group = _delegation(session, delegation)
        target = next((r for r in rows if r.delegation_id == group.id), None) \
            or BallotIssue(round_id=rnd.id, delegation_id=group.id)
    others = sum(r.issued for r in rows if r is not target)
    if others + count > total.printed:
        raise Conflict(f"Tổng số phiếu phát ra ({others + count}) vượt số phiếu đã in ({total.printed}).")
    target.issued = count
    target.recorded_by = actor.username
    session.add(target)
    session.flush()
    audit.record(session, actor, "ballots.issue", "round", rnd.id,
                 {"election": election.code, "round": rnd.number, "count": count,
                  "delegation_id": target.delegation_id})
    return ballot_counts(session, rnd)


def ballot_counts(session: Session, rnd: Round) -> dict:
    """Printed and issued for a round, with the per-delegation split when one was recorded."""
    rows = list(session.exec(select(BallotIssue).where(BallotIssue.round_id == rnd.id)))
    printed_sheets = session.exec(select(func.count()).select_from(PrintedSheet)
                                  .where(PrintedSheet.round_id == rnd.id)).one()
    names = {d.id: d.name for d in session.exec(select(Delegation))}
    return {
        "round": rnd.number, "printed": sum(r.printed for r in rows), "printed_copies_recorded": printed_sheets,
        "issued": sum(r.issued for r in rows),
        "by_delegation": [{"delegation": names.get(r.delegation_id, ""), "issued": r.issued}
                          for r in rows if r.delegation_id is not None],
    }
