"""Demo elections: the provincial committee (45 seats, a surplus list drawn from the delegates) and
a one-name secretary election — enough to print, scan and count from the demo congress."""

from __future__ import annotations

import random

from sqlmodel import Session, select

from congress.actor import Actor
from congress.elections.candidates import add_from_delegates
from congress.elections.service import create_election
from congress.models import Delegate

COMMITTEE_SEATS = 45
COMMITTEE_SURPLUS = 6  # 13 %, inside the 10-15 % a convening committee prepares


def demo_elections(session: Session, actor: Actor, seed: int) -> None:
    """Create the demo elections with candidates chosen (seeded) among the voting delegates."""
    rng = random.Random(seed * 7919 + 5)
    voters = list(session.exec(select(Delegate).where(
        Delegate.category.in_(("official", "ex_officio", "appointed")))  # type: ignore[attr-defined]
        .order_by(Delegate.id)))  # type: ignore[arg-type]
    if not voters:
        return
    wanted = min(len(voters), COMMITTEE_SEATS + COMMITTEE_SURPLUS)
    # A small demo congress keeps the same proportion of seats to names.
    seats = max(1, wanted * COMMITTEE_SEATS // (COMMITTEE_SEATS + COMMITTEE_SURPLUS))
    chosen = rng.sample(voters, wanted)
    committee = create_election(session, actor, title="Ban Chấp hành Đảng bộ tỉnh khóa XVI", seats=seats,
                                kind="committee", code="BCH")
    add_from_delegates(session, actor, committee, chosen)
    secretary = create_election(session, actor, title="Bí thư Tỉnh ủy khóa XVI", seats=1, kind="secretary",
                                code="BT")
    add_from_delegates(session, actor, secretary, [chosen[0]])
