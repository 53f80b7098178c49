"""A realistic demo congress, generated from a seeded random source (never a fixed list).

Names follow real Vietnamese frequencies closely enough to exercise collation, diacritics
(Đ, Ư, Ơ …) and multi-syllable family names (Tôn Thất, Nguyễn Phúc, Âu Dương).
"""

import random
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from congress import audit
from congress.actor import Actor
from congress.congresses import create_congress
from congress.models import Congress, Delegate, Delegation
from congress.vi import fold, full_name

FAMILY = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
          ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
          ("Lý", 1), ("Đinh", 1), ("Đoàn", 1), ("Lương", 1), ("Trịnh", 1), ("Ưng", 0.3), ("Ông", 0.3),
          ("Tôn Thất", 0.4), ("Nguyễn Phúc", 0.3), ("Âu Dương", 0.2), ("Hà", 1), ("Mai", 0.6), ("Lò", 0.4))
MIDDLE_M = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Đình", "Ngọc", "Văn Ơn", "Trọng")
MIDDLE_F = ("Thị", "Thị Ánh", "Ngọc", "Thanh", "Thu", "Thị Thu", "Hồng", "Kim", "Thị Mỹ", "Diệu")
GIVEN_M = ("An", "Anh", "Ánh", "Bình", "Cường", "Dũng", "Đức", "Được", "Giang", "Hải", "Hùng", "Huy", "Khánh",
           "Lâm", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng",
           "Thành", "Toàn", "Trung", "Tuấn", "Ưng", "Việt", "Vinh", "Ân", "Ơn", "Lực", "Thuyết")
GIVEN_F = ("Anh", "Ánh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Linh",
           "Loan", "Mai", "Ngân", "Nga", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang",
           "Tuyết", "Uyên", "Vân", "Yến", "Ơn", "Ứng")
ETHNIC = (("Kinh", 85), ("Tày", 4), ("Thái", 3), ("Mường", 3), ("Khmer", 2), ("H'Mông", 2), ("Nùng", 1))
UNITS = ("phường Đông Hưng", "phường Bắc Sơn", "xã Ea Tu", "xã Phước Long", "xã Đắk Ơ", "phường Ưng Hòa",
         "xã Tân Thành", "xã Hòa Bình", "phường An Phú", "xã Cư Mgar", "xã Quảng Điền", "phường Thạch Bàn")
AGENCIES = ("Đảng bộ Công an tỉnh", "Đảng bộ Quân sự tỉnh", "Đảng bộ các cơ quan Đảng tỉnh",
            "Đảng bộ Ủy ban nhân dân tỉnh", "Đảng bộ Khối doanh nghiệp")
TITLES = ("Bí thư Đảng ủy", "Phó Bí thư Đảng ủy", "Chủ tịch Ủy ban nhân dân", "Trưởng ban Tuyên giáo",
          "Chủ nhiệm Ủy ban Kiểm tra", "Giám đốc Sở", "Phó Giám đốc Sở", "Đảng ủy viên", "Bí thư Chi bộ",
          "Trưởng phòng", "Chủ tịch Hội Nông dân", "Bí thư Đoàn Thanh niên", "Chủ tịch Hội Liên hiệp Phụ nữ")


@dataclass(frozen=True)
class DemoSize:
    delegates: int = 350
    seed: int = 2025


def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    names, weights = zip(*table, strict=True)
    return rng.choices(names, weights=weights, k=1)[0]


def random_person(rng: random.Random) -> dict:
    """One plausible person: name parts, sex, birth date, ethnicity."""
    female = rng.random() < 0.32
    family = _weighted(rng, FAMILY)
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    born = date(rng.randint(1962, 1992), rng.randint(1, 12), rng.randint(1, 28))
    return {"family_name": family, "middle_name": middle, "given_name": given, "birth_date": born,
            "gender": "Nữ" if female else "Nam", "ethnicity": _weighted(rng, ETHNIC)}


def delegation_names() -> list[str]:
    return [f"Đoàn Đảng bộ {unit}" for unit in UNITS] + [f"Đoàn {agency}" for agency in AGENCIES]


def build_demo(session: Session, actor: Actor, size: DemoSize = DemoSize()) -> Congress:
    """Create the demo congress with delegations and delegates of every category in one transaction."""
    rng = random.Random(size.seed)
    congress = create_congress(
        session, actor, name="Đại hội đại biểu Đảng bộ tỉnh Bình Minh lần thứ XVI", level="tinh",
        kind="delegates", organisation="Đảng bộ tỉnh Bình Minh", term="2025–2030",
        place="Hội trường Trung tâm Hội nghị tỉnh", start_date=date(2025, 10, 14), end_date=date(2025, 10, 16),
    )
    delegations = [Delegation(name=name, sort_order=i) for i, name in enumerate(delegation_names(), start=1)]
    session.add_all(delegations)
    session.flush()
    # A provincial congress: most delegates elected below, the committee ex officio, a few
    # appointed, a handful of alternates and guests.
    shares = (("official", 0.78), ("ex_officio", 0.12), ("appointed", 0.03), ("alternate", 0.04), ("guest", 0.03))
    seen: set[tuple[str, str, str, date]] = set()
    people = []
    for _ in range(size.delegates):
        while True:
            person = random_person(rng)
            key = (person["family_name"], person["middle_name"], person["given_name"], person["birth_date"])
            if key not in seen:
                seen.add(key)
                break
        category = rng.choices([c for c, _ in shares], weights=[w for _, w in shares], k=1)[0]
        delegation = rng.choice(delegations)
        title = rng.choice(TITLES)
        unit = delegation.name.removeprefix("Đoàn ")
        name = full_name(person["family_name"], person["middle_name"], person["given_name"])
        people.append(Delegate(
            **person, category=category, delegation_id=None if category == "guest" else delegation.id,
            title=title, unit=unit if category != "guest" else "Khách mời",
            status="summoned", search_text=fold(name),
        ))
    session.add_all(people)
    session.flush()
    from congress.checkin.demo import demo_checkin  # a sitting opened and ~80 % of voters checked in

    demo_checkin(session, actor, size.seed)
    audit.record(session, actor, "demo.build", "congress", congress.id,
                 {"seed": size.seed, "delegates": size.delegates, "delegations": len(delegations)})
    from congress.elections.demo import demo_elections  # BCH 45 seats with a surplus list; a one-name BT

    demo_elections(session, actor, size.seed)
    return congress
