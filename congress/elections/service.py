"""Elections and their rounds (DOMAIN.md §3, §6): create, list, find, further rounds.

A round's list is live (the election's active candidates in ballot order) until it is printed or,
for a restricted further round, until it is created; then it is frozen in RoundCandidate rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, func, select

from congress import audit, congresses
from congress.actor import Actor, Role
from congress.elections.kinds import KINDS, kind_label, resolve_kind
from congress.elections.listrules import NameEntry, ballot_order
from congress.errors import Conflict, CongressError, NotFound
from congress.models import Candidate, Election, Round, RoundCandidate
from congress.vi import clean, full_name

CODE = re.compile(r"[A-Z0-9-]{1,8}")
FORMS = ("auto", "strike", "boxes")
PAPERS = ("auto", "A5", "A4", "A3")
MAX_ROUNDS = 35  # one base-36 digit in the sheet code


def _new_code(session: Session, prefix: str) -> str:
    taken = set(session.exec(select(Election.code)))
    if prefix not in taken:
        return prefix
    for n in range(2, 1000):
        code = f"{prefix[:8 - len(str(n))]}{n}"
        if code not in taken:
            return code
    raise Conflict(f"Không còn mã bầu cử trống cho tiền tố {prefix}; đặt --code.")


def create_election(session: Session, actor: Actor, *, title: str, seats: int, kind: str = "committee",
                    code: str | None = None, form: str = "auto", paper: str = "auto",
                    parent: Election | None = None, texts: dict[str, str] | None = None) -> Election:
    """A new election with its first (draft) round."""
    actor.require(Role.SECRETARIAT, action="tạo cuộc bầu cử")
    congresses.get_congress(session)
    title = clean(title)
    if not title:
        raise CongressError("Tên cuộc bầu cử (--title) không được để trống.")
    if not isinstance(seats, int) or seats < 1:
        raise CongressError(f"Số lượng bầu (--seats) phải là số nguyên dương, không phải {seats!r}.")
    if form not in FORMS:
        raise CongressError(f"Hình thức phiếu (--form) '{form}' không hợp lệ; chọn {', '.join(FORMS)}.")
    if paper not in PAPERS:
        raise CongressError(f"Khổ giấy (--paper) '{paper}' không hợp lệ; chọn {', '.join(PAPERS)}.")
    resolved = resolve_kind(kind)
    if code is None:
        code = _new_code(session, resolved.prefix)
    else:
        code = clean(code).upper()
        if not CODE.fullmatch(code):
            raise CongressError(f"Mã bầu cử (--code) '{code}' phải gồm 1-8 ký tự A-Z, 0-9 hoặc '-' (in trong mã QR).")
        if session.exec(select(Election).where(Election.code == code)).first():
            raise Conflict(f"Mã bầu cử '{code}' đã được dùng.")
    election = Election(code=code, title=title, kind=resolved.code, seats=seats, form=form, paper=paper,
                        parent_id=parent.id if parent else None,
                        settings={"texts": dict(texts)} if texts else {})
    session.add(election)
    session.flush()
    session.add(Round(election_id=election.id, number=1, seats=seats))
    session.flush()
    audit.record(session, actor, "election.create", "election", election.id,
                 {"code": code, "title": title, "kind": resolved.code, "seats": seats, "form": form})
    return election


def list_elections(session: Session) -> list[Election]:
    return list(session.exec(select(Election).order_by(Election.id)))  # type: ignore[arg-type]


def get_election(session: Session, ref: str | int) -> Election:
    """An election by its code (any case) or its number (id)."""
    text = str(ref).strip()
    election = session.exec(select(Election).where(func.upper(Election.code) == text.upper())).first()
    if election is None and text.isdigit():
        election = session.get(Election, int(text))
    if election is None:
        raise NotFound(f"Không có cuộc bầu cử '{ref}' (dùng mã hoặc số thứ tự trong 'congress election list').")
    return election


def rounds_of(session: Session, election: Election) -> list[Round]:
    return list(session.exec(select(Round).where(Round.election_id == election.id)
                             .order_by(Round.number)))  # type: ignore[arg-type]


def get_round(session: Session, election: Election, number: int | None = None) -> Round:
    """The round with that number, or the newest one."""
    all_rounds = rounds_of(session, election)
    if not all_rounds:
        raise NotFound(f"Cuộc bầu cử {election.code} chưa có lần bầu nào.")
    if number is None:
        return all_rounds[-1]
    for rnd in all_rounds:
        if rnd.number == number:
            return rnd
    raise NotFound(f"Cuộc bầu cử {election.code} không có lần bầu thứ {number}.")


def candidate_entry(c: Candidate) -> NameEntry:
    return NameEntry(c.family_name, c.middle_name, c.given_name, c.birth_date or c.birth_year)


def active_candidates(session: Session, election: Election) -> list[Candidate]:
    """The election's list in ballot order (withdrawn names left out)."""
    congress = congresses.get_congress(session)
    rows = session.exec(select(Candidate).where(Candidate.election_id == election.id,
                                                Candidate.withdrawn_at.is_(None))).all()  # type: ignore[union-attr]
    return ballot_order(rows, candidate_entry, congresses.setting(congress, "tie_order"))


def round_candidates(session: Session, rnd: Round) -> list[tuple[int, Candidate]]:
    """(STT, candidate) of a round's ballot: frozen rows when there are some, else the live list."""
    frozen = session.exec(select(RoundCandidate, Candidate).join(Candidate)
                          .where(RoundCandidate.round_id == rnd.id)
                          .order_by(RoundCandidate.number)).all()  # type: ignore[arg-type]
    if frozen or rnd.restricted:
        return [(rc.number, c) for rc, c in frozen]
    election = session.get(Election, rnd.election_id)
    assert election is not None
    return list(enumerate(active_candidates(session, election), start=1))


def freeze_round(session: Session, rnd: Round) -> list[tuple[int, Candidate]]:
    """Pin a round's list (at its first print) so later list changes cannot alter its ballot."""
    numbered = round_candidates(session, rnd)
    exists = session.exec(select(RoundCandidate).where(RoundCandidate.round_id == rnd.id)).first()
    if exists is None:
        session.add_all(RoundCandidate(round_id=rnd.id, candidate_id=c.id, number=n) for n, c in numbered)
        session.flush()
    return numbered


def new_round(session: Session, actor: Actor, election: Election, *, candidate_ids: Sequence[int] | None = None,
              seats: int | None = None) -> Round:
    """A further round (DOMAIN.md §6): restricted to `candidate_ids` (e.g. the tied names, plus any
    added names), or — when None — on the election's whole current list.
    """
    actor.require(Role.SECRETARIAT, Role.COUNTING, action="mở lần bầu mới")
    previous = get_round(session, election)
    if previous.status == "draft":
        raise Conflict(f"Lần bầu thứ {previous.number} của {election.code} chưa in phiếu; sửa danh sách của lần đó.")
    if previous.number >= MAX_ROUNDS:
        raise Conflict(f"Cuộc bầu cử {election.code} đã có {MAX_ROUNDS} lần bầu, tối đa mà mã phiếu cho phép.")
    seats = previous.seats if seats is None else seats
    if not isinstance(seats, int) or seats < 1:
        raise CongressError(f"Số lượng bầu (--seats) phải là số nguyên dương, không phải {seats!r}.")
    rnd = Round(election_id=election.id, number=previous.number + 1, seats=seats,
                restricted=candidate_ids is not None)
    session.add(rnd)
    session.flush()
    chosen: list[Candidate] = []
    if candidate_ids is not None:
        wanted = list(dict.fromkeys(candidate_ids))
        if not wanted:
            raise CongressError("Lần bầu mới phải có ít nhất một người trong danh sách.")
        for cid in wanted:
            cand = session.get(Candidate, cid)
            if cand is None or cand.election_id != election.id:
                raise NotFound(f"Người ứng cử số {cid} không có trong danh sách bầu {election.code}.")
            if cand.withdrawn_at is not None:
                raise Conflict(f"{_name(cand)} đã rút khỏi danh sách; không đưa vào lần bầu mới.")
            chosen.append(cand)
        congress = congresses.get_congress(session)
        ordered = ballot_order(chosen, candidate_entry, congresses.setting(congress, "tie_order"))
        session.add_all(RoundCandidate(round_id=rnd.id, candidate_id=c.id, number=n)
                        for n, c in enumerate(ordered, start=1))
        session.flush()
    audit.record(session, actor, "round.create", "round", rnd.id,
                 {"election": election.code, "number": rnd.number, "seats": seats,
                  "candidates": None if candidate_ids is None else [c.id for c in chosen]})
    return rnd


def _name(c: Candidate) -> str:
    return full_name(c.family_name, c.middle_name, c.given_name)


def candidate_name(c: Candidate) -> str:
    """The full name as printed on the ballot."""
    return _name(c)


def round_summary(session: Session, rnd: Round) -> dict[str, Any]:
    names = round_candidates(session, rnd)
    return {"number": rnd.number, "seats": rnd.seats, "status": rnd.status, "form": rnd.form or None,
            "layout_hash": rnd.layout_hash or None, "restricted": rnd.restricted,
            "candidates": [{"number": n, "id": c.id, "name": _name(c)} for n, c in names]}


def election_summary(session: Session, election: Election, *, with_rounds: bool = True) -> dict[str, Any]:
    active = session.exec(select(func.count()).select_from(Candidate).where(
        Candidate.election_id == election.id, Candidate.withdrawn_at.is_(None))).one()  # type: ignore[union-attr]
    data: dict[str, Any] = {
        "id": election.id, "code": election.code, "title": election.title, "kind": election.kind,
        "kind_label": kind_label(election.kind), "seats": election.seats, "form": election.form,
        "paper": election.paper, "parent_id": election.parent_id, "candidates": active,
    }
    if with_rounds:
        data["rounds"] = [round_summary(session, r) for r in rounds_of(session, election)]
    return data


def known_kinds(session: Session) -> list[tuple[str, str]]:
    """The shipped kinds plus every kind a user has already used."""
    used = set(session.exec(select(Election.kind)))
    kinds = [(k.code, k.label) for k in KINDS.values()]
    kinds += [(code, code) for code in sorted(used - set(KINDS))]
    return kinds
