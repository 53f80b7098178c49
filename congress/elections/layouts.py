"""The ballot layout of a round: the one function printing, scanning and counting all ask.

Before the first print the layout is planned from live data (congress wording, the round's list).
At the first print the planned layout itself is stored in `Round.layout` (ballots.layout_io) and its
inputs in `Round.ballot`; every later call — a reprint, a scan, a recount — loads the stored layout
and never re-plans, so a software update between printing and scanning cannot change the geometry
the sheets are read with.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from sqlmodel import Session

from ballots.errors import BallotError, LayoutError
from ballots.layout import BallotLayout, BallotSpec, BallotTexts, Form, plan_ballot
from ballots.layout_io import layout_from_dict, layout_to_dict
from congress import congresses
from congress.elections.kinds import KINDS
from congress.elections.listrules import choose_form
from congress.elections.service import candidate_name, round_candidates, rounds_of
from congress.errors import Conflict, CongressError
from congress.models import Election, Round

TEXT_FIELDS = tuple(f.name for f in fields(BallotTexts))
DEFAULT_SEATS_LINE = "Số lượng bầu: {seats} đồng chí"


def _texts(session: Session, election: Election, seats: int) -> dict[str, Any]:
    congress = congresses.get_congress(session)
    kind = KINDS.get(election.kind)
    texts: dict[str, Any] = {
        "organisation": congress.organisation or congress.name,
        "congress_name": congress.name,
        "term": f"Nhiệm kỳ {congress.term}" if congress.term else "",
        "subject": election.title,
        "title": kind.ballot_title if kind else "PHIẾU BẦU CỬ",
    }
    overrides = (election.settings or {}).get("texts", {})
    unknown = sorted(set(overrides) - set(TEXT_FIELDS))
    if unknown:
        raise CongressError(f"Cuộc bầu cử {election.code}: thiết lập chữ in không có: {', '.join(unknown)}.")
    texts.update(overrides)
    # The printed seat count is the round's, even when fewer names than seats are on the list.
    texts["seats_line"] = str(texts.get("seats_line", DEFAULT_SEATS_LINE)).replace("{seats}", str(seats))
    return texts


def live_ballot(session: Session, rnd: Round) -> dict[str, Any]:
    """The inputs of the round's ballot from current data (JSON-able; frozen at the first print)."""
    election = session.get(Election, rnd.election_id)
    assert election is not None
    names = [candidate_name(c) for _, c in round_candidates(session, rnd)]
    if not names:
        raise CongressError(f"Cuộc bầu cử {election.code} lần {rnd.number} chưa có ai trong danh sách.")
    return {
        "election": election.code, "round_no": rnd.number, "seats": min(rnd.seats, len(names)),
        "names": names, "form": choose_form(election.form, len(names), rnd.seats),
        "paper": None if election.paper == "auto" else election.paper,
        "texts": _texts(session, election, rnd.seats),
    }


def spec_from_ballot(ballot: dict[str, Any]) -> BallotSpec:
    texts = dict(ballot["texts"])
    if "column_heads" in texts:
        texts["column_heads"] = tuple(texts["column_heads"])
    return BallotSpec(election=ballot["election"], round_no=ballot["round_no"], texts=BallotTexts(**texts),
                      seats=ballot["seats"], names=tuple(ballot["names"]), form=Form(ballot["form"]),
                      paper=ballot["paper"])


def plan(ballot: dict[str, Any]) -> BallotLayout:
    try:
        return plan_ballot(spec_from_ballot(ballot))
    except BallotError as exc:
        raise CongressError(f"Không lập được phiếu bầu {ballot['election']} lần {ballot['round_no']}: {exc}") from None


def round_layout(session: Session, rnd: Round) -> BallotLayout:
    """The layout of a round's ballot: the stored one once printed, planned from live data before."""
    if rnd.layout:
        return stored_layout(rnd)
    if not rnd.layout_hash:
        return plan(live_ballot(session, rnd))
    # Printed by a build that kept only the inputs: re-plan them, usable only while the code is unchanged.
    layout = plan(rnd.ballot)
    if layout.layout_hash != rnd.layout_hash:
        raise Conflict(
            f"Mẫu phiếu lần {rnd.number} tính lại ra mã {layout.layout_hash}, khác mã đã in {rnd.layout_hash}; "
            "không dùng được để đọc phiếu.")
    return layout


def stored_layout(rnd: Round) -> BallotLayout:
    """The layout stored at the round's first print, verified against its own hash and the round's."""
    try:
        layout = layout_from_dict(rnd.layout)
    except LayoutError as exc:
        raise Conflict(f"Mẫu phiếu đã in của lần {rnd.number} bị hỏng, không dùng được để đọc phiếu: {exc}") from None
    if layout.layout_hash != rnd.layout_hash or layout.spec.round_no != rnd.number:
        raise Conflict(
            f"Mẫu phiếu lưu cho lần {rnd.number} (mã {layout.layout_hash}, lần {layout.spec.round_no}) "
            f"không khớp phiếu đã in (mã {rnd.layout_hash}); không dùng được để đọc phiếu.")
    return layout


def freeze_ballot(rnd: Round, layout: BallotLayout) -> None:
    """Pin the printed layout, its inputs and its hash on the round (the caller saves the round)."""
    spec = layout.spec
    texts = {k: v for k, v in asdict(spec.texts).items()}
    texts["column_heads"] = list(texts["column_heads"])
    rnd.ballot = {"election": spec.election, "round_no": spec.round_no, "seats": spec.seats,
                  "names": list(spec.names), "form": spec.form.value, "paper": spec.paper, "texts": texts}
    rnd.layout = layout_to_dict(layout)
    rnd.layout_hash = layout.layout_hash
    rnd.form = spec.form.value


def printed_layouts(session: Session, election: Election) -> dict[str, tuple[Round, BallotLayout]]:
    """Every printed round's layout of an election, keyed by layout hash."""
    return {r.layout_hash: (r, round_layout(session, r)) for r in rounds_of(session, election) if r.layout_hash}
