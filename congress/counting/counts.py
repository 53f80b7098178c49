"""Count sessions (lần kiểm độc lập) of a round: find or open one, list them, refuse a closed round."""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from congress.actor import Actor
from congress.errors import Conflict, NotFound
from congress.models import CountSession, Round
from congress.vi import clean

CLOSED = "closed"


def ensure_open(round_: Round, what: str = "thay đổi kết quả") -> None:
    """After the count is closed nothing changes without an explicit, logged reopening."""
    if round_.status == CLOSED:
        raise Conflict(
            f"Lần bầu {round_.number} đã kết thúc kiểm phiếu; không thể {what} — mở lại bằng 'congress reopen' (có ghi nhật ký)."
        )


def count_sessions(session: Session, round_: Round) -> list[CountSession]:
    return list(session.exec(select(CountSession).where(CountSession.round_id == round_.id)
                             .order_by(CountSession.id)))  # type: ignore[arg-type]


def find_count(session: Session, round_: Round, label: str) -> CountSession:
    found = session.exec(select(CountSession).where(CountSession.round_id == round_.id,
                                                    CountSession.label == clean(label))).first()
    if found is None:
        known = ", ".join(c.label for c in count_sessions(session, round_)) or "chưa có"
        raise NotFound(f"Lần bầu {round_.number} không có lần kiểm '{clean(label)}' (đang có: {known}).")
    return found


def open_count(session: Session, actor: Actor, round_: Round, label: str, method: str) -> CountSession:
    """The count session `label` of this round, created on first use; a scan count and a manual
    count are kept apart so each stays an independent count of the pile."""
    label = clean(label)
    if not label:
        raise Conflict("Tên lần kiểm (--count) không được để trống.")
    found = session.exec(select(CountSession).where(CountSession.round_id == round_.id,
                                                    CountSession.label == label)).first()
    if found is not None:
        if found.method != method:
            raise Conflict(f"Lần kiểm '{label}' là lần kiểm bằng {found.method}; đặt tên khác cho lần kiểm bằng {method}.")
        return found
    created = CountSession(round_id=round_.id, label=label, method=method, operator=actor.username,
                           station=actor.station)
    try:
        # Stations that start together race to create the count; the unique (round, label) lets one
        # win. PostgreSQL raises only once the winner has committed, so a fresh look finds its row.
        with session.begin_nested():
            session.add(created)
            session.flush()
    except IntegrityError:
        return open_count(session, actor, round_, label, method)
    return created
