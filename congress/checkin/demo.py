"""The demo's check-in: everyone gets a badge, sitting 1 is opened, ~80 % of voters and some guests scan in."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlmodel import Session, select

from congress.actor import Actor
from congress.badges import service as badges
from congress.checkin import service as checkin
from congress.checkin.people import replacing_ids, right_of
from congress.checkin.sittings import open_sitting
from congress.congresses import get_congress
from congress.models import Delegate, utcnow

STATIONS = ("Cửa A", "Cửa B", "Cửa C")


def demo_checkin(session: Session, actor: Actor, seed: int, share: float = 0.8) -> int:
    """Through the real services, in the caller's transaction; returns how many were admitted."""
    rng = random.Random(seed)
    people = list(session.exec(select(Delegate).order_by(Delegate.id)))  # type: ignore[arg-type]
    issued = badges.issue(session, actor, people)
    start = utcnow() - timedelta(minutes=40)
    open_sitting(session, actor, 1, "Phiên trù bị", now=start)
    congress = get_congress(session)
    replacing = replacing_ids(session)
    admitted = 0
    for n, item in enumerate(issued):
        d = item.delegate
        wanted = share if right_of(d, congress, d.id in replacing).votes else share / 2
        if rng.random() < wanted:
            at = start + timedelta(seconds=5 + 6 * n + rng.randint(0, 5))
            result = checkin.scan(session, actor, item.code, station=rng.choice(STATIONS), now=at)
            admitted += result.decision.accepted
    return admitted
