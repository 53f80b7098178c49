"""Small congresses for the counting tests, built through the real services (registry, check-in,
elections), so the denominator comes from real registry and attendance facts."""

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import select

from congress import congresses, db
from congress.actor import Actor, Role
from congress.checkin.absences import record_absence
from congress.elections.candidate_file import CandidateRow
from congress.elections.candidates import add_candidate
from congress.elections.layouts import round_layout
from congress.elections.service import create_election, get_election, get_round
from congress.models import Delegate, PrintedSheet
from congress.registry import credentials

ADMIN = Actor("thu-ky", Role.ADMIN, "may-1")


@dataclass(frozen=True)
class People:
    officials: list[int]
    ex_officio: list[int]
    appointed: list[int]
    alternates: list[int]


def _person(session, family, middle, given, category, code) -> int:  # type: ignore[no-untyped-def]
    delegate = Delegate(code=code, family_name=family, middle_name=middle, given_name=given, category=category,
                        status="recognised" if category != "guest" else "summoned")
    session.add(delegate)
    session.flush()
    return delegate.id


GIVEN = ("An", "Bảo", "Cúc", "Đào", "Giang", "Hà", "Hưng", "Khoa", "Lan", "Minh", "Nga", "Oanh", "Phúc", "Quý",
         "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến")


def delegates_congress(engine: Engine) -> People:
    """A congress of delegates: 14 official, 3 ex officio (convening committee), 1 appointed, 2 alternates,
    1 guest. Absent for the whole congress: officials 1-3 (official 1 replaced by alternate 1) and the
    ex-officio member 1. Denominator by hand: 18 summoned − 1 committee − 2 not replaced = 15."""
    with db.unit_of_work(engine) as s:
        congresses.create_congress(s, ADMIN, name="Đại hội đại biểu Đảng bộ xã Ea Tu lần thứ I", level="xa",
                                   kind="delegates", organisation="Đảng bộ xã Ea Tu", term="2025–2030",
                                   place="Ea Tu")
        officials = [_person(s, "Nguyễn", "Văn", GIVEN[i], "official", f"CT{i:02d}") for i in range(14)]
        ex = [_person(s, "Trần", "Thị", GIVEN[i], "ex_officio", f"DN{i:02d}") for i in range(3)]
        appointed = [_person(s, "Lê", "Hữu", "Chỉ", "appointed", "CD01")]
        alternates = [_person(s, "Phạm", "Ngọc", GIVEN[i], "alternate", f"DK{i:02d}") for i in range(2)]
        _person(s, "Võ", "Thanh", "Khách", "guest", "KM01")
        credentials.replace(s, ADMIN, officials[0], alternates[0], "ốm dài ngày")
        for delegate, reason in ((officials[0], "Ốm dài ngày"), (officials[1], "Đi công tác nước ngoài"),
                                 (officials[2], "Việc gia đình"), (ex[0], "Điều trị tại bệnh viện")):
            record_absence(s, ADMIN, f"#{delegate}", reason, accepted=True)
    return People(officials, ex, appointed, alternates)


def members_congress(engine: Engine) -> list[int]:
    """A congress of members (chi bộ): 9 members (1 suspended, 1 exempted and absent, 1 absent with an
    accepted reason), 1 probationary. Denominator by hand: 9 − 1 − 1 − 1 = 6."""
    with db.unit_of_work(engine) as s:
        congresses.create_congress(s, ADMIN, name="Đại hội Chi bộ Khu phố 3 nhiệm kỳ 2025–2027", level="chi_bo",
                                   kind="members", organisation="Chi bộ Khu phố 3", term="2025–2027")
        ids = []
        for i in range(9):
            d = Delegate(code=f"DV{i:02d}", family_name="Hoàng", middle_name="Minh", given_name=GIVEN[i],
                         category="member", status="active")
            s.add(d)
            ids.append(d)
        s.add(Delegate(code="DB01", family_name="Đinh", middle_name="", given_name="Dự", category="probationary",
                       status="active"))
        s.flush()
        ids[0].status, ids[1].status = "suspended", "exempted"
        s.flush()
        record_absence(s, ADMIN, "DV01", "Được miễn sinh hoạt", accepted=True)
        record_absence(s, ADMIN, "DV02", "Nằm viện", accepted=True)
        return [d.id for d in ids]


def election(engine: Engine, code: str, title: str, seats: int, names: list[tuple[str, str, str]],
             kind: str = "committee", form: str = "auto") -> None:
    with db.unit_of_work(engine) as s:
        e = create_election(s, ADMIN, title=title, seats=seats, kind=kind, code=code, form=form)
        for family, middle, given in names:
            add_candidate(s, ADMIN, e, CandidateRow(where=f"{code}", family=family, middle=middle, given=given))


def write_lines(path: Path, ballots: list[dict]) -> Path:
    path.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in ballots), encoding="utf-8")
    return path


def bch_ready(cli, engine: Engine, tmp_path: Path, pile: str | None = "tap-1.jsonl") -> None:  # type: ignore[no-untyped-def]
    """The golden BCH election: delegates, its list, 18 ballots printed and 15 issued, and the golden
    pile entered from `pile` (a file in tmp_path; None: nothing entered)."""
    from tests.integration.test_golden_congress import BCH, BCH_BALLOTS  # that module imports this one

    delegates_congress(engine)
    election(engine, "BCH", "Ban Chấp hành Đảng bộ xã khóa I", 3, BCH)
    assert cli("ballots", "print", "BCH", "--out", str(tmp_path / "b.pdf"), "--copies", "18").code == 0
    assert cli("ballots", "issue", "BCH", "--count", "15").code == 0
    if pile is not None:
        assert cli("enter", "BCH", "--file", str(write_lines(tmp_path / pile, BCH_BALLOTS))).code == 0


def printed_copies(db_url: str, code: str):  # type: ignore[no-untyped-def]
    """The round's layout and the identities of its printed copies: what the paper in the box carries."""
    engine = db.make_engine(db_url)
    with db.unit_of_work(engine) as session:
        rnd = get_round(session, get_election(session, code))
        layout = round_layout(session, rnd)
        nonces = sorted(session.exec(select(PrintedSheet.nonce).where(PrintedSheet.round_id == rnd.id)))
    engine.dispose()
    return layout, nonces
