"""A small election on the demo congress and a folder of synthetic marked ballots for it.

KT: 5 names, 3 seats (a surplus list: strike form), 8 copies printed. Five ballots are drawn at
100 dpi; the last has a half-drawn stroke on name 2, which the reader cannot decide (review).
"""

from dataclasses import dataclass
from pathlib import Path

import cv2
from sqlalchemy import Engine
from sqlmodel import select

from ballots.synth.corpus import make_side
from congress import db
from congress.actor import Actor
from congress.elections.ballot_print import print_ballots
from congress.elections.candidates import add_from_delegates
from congress.elections.layouts import round_layout
from congress.elections.service import create_election, get_round
from congress.models import Delegate, PrintedSheet

CODE, TITLE = "KT", "Ủy ban Kiểm tra Đảng bộ tỉnh khóa XVI"
# What each ballot strikes; the last one's stroke on name 2 is "partial" (uncertain).
PILE: list[dict[int, str]] = [{4: "single", 5: "single"}, {4: "single", 5: "double"}, {3: "single", 5: "single"},
                              {1: "single", 2: "single"}, {2: "partial", 5: "single"}]
# The same pile as typed by hand, with the uncertain stroke decided "struck".
TYPED = ["4 5", "4 5", "3 5", "1 2", "2 5"]


@dataclass(frozen=True)
class Pile:
    folder: Path
    names: tuple[str, ...]


def small_election(engine: Engine, actor: Actor, out: Path, copies: int = 8) -> list[str]:
    """Create KT with five official delegates as candidates; print it when `copies`; the nonces."""
    with db.unit_of_work(engine) as session:
        people = session.exec(select(Delegate).where(Delegate.category == "official")
                              .order_by(Delegate.id).limit(5)).all()  # type: ignore[arg-type]
        election = create_election(session, actor, title=TITLE, seats=3, code=CODE)
        add_from_delegates(session, actor, election, list(people))
        if not copies:
            return []
        print_ballots(session, actor, election, out, copies=copies)
        rnd = get_round(session, election)
        return sorted(session.exec(select(PrintedSheet.nonce).where(PrintedSheet.round_id == rnd.id)))


def entered_by_hand(engine: Engine, actor: Actor, lines: list[str] = TYPED) -> None:
    """KT (not printed) and the pile typed by hand into count "nhap-tay" through the manual service."""
    from congress.counting.entries import parse_entry
    from congress.counting.lookup import round_context
    from congress.counting.manual import enter_ballot
    from congress.tui.screens.manual_entry import typed_entry

    small_election(engine, actor, Path("unused.pdf"), copies=0)
    with db.unit_of_work(engine) as session:
        ctx = round_context(session, CODE, None, freeze=True)
        for line in lines:
            entry = parse_entry(typed_entry(line, ctx.form), ctx.form, len(ctx.names))
            enter_ballot(session, actor, ctx, entry, count_label="nhap-tay", batch_label="tap-1")


def scanned_pile(engine: Engine, actor: Actor, tmp_path: Path) -> Pile:
    nonces = small_election(engine, actor, tmp_path / "kt.pdf")
    with db.unit_of_work(engine) as session:
        from congress.elections.service import get_election

        rnd = get_round(session, get_election(session, CODE))
        layout = round_layout(session, rnd)
    folder = tmp_path / "scans-in"
    folder.mkdir()
    for i, (marks, nonce) in enumerate(zip(PILE, nonces, strict=False)):
        side = make_side(layout, 1, marks, dpi=100, preset="clean", nonce=nonce, seed=i)
        assert cv2.imwrite(str(folder / f"p{i}.png"), side.image)
    return Pile(folder, tuple(layout.spec.names))
