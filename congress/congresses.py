"""The congress itself: create it once per database, read it, its levels and its settings."""

from datetime import date
from typing import Any

from sqlmodel import Session, select

from congress import audit
from congress.actor import Actor
from congress.errors import Conflict, CongressError
from congress.models import Congress, Level
from congress.vi import clean

KINDS = {"delegates": "Đại hội đại biểu", "members": "Đại hội đảng viên"}

# Levels since 2025 (there is no district level any more). Data, extendable with `add_level`.
DEFAULT_LEVELS = (
    ("chi_bo", "Chi bộ", "Party cell", 10),
    ("co_so", "Cơ sở", "Grassroots", 20),
    ("cap_tren_co_so", "Cấp trên cơ sở", "Above grassroots", 30),
    ("xa", "Xã, phường, đặc khu", "Commune, ward, special zone", 40),
    ("tinh", "Tỉnh, thành phố", "Province, city", 50),
    ("truc_thuoc_tw", "Trực thuộc Trung ương", "Directly under the Central Committee", 60),
    ("toan_quoc", "Toàn quốc", "National", 70),
)

# Configurable rules (DOMAIN.md): defaults a congress may change with `update_settings`.
DEFAULT_SETTINGS: dict[str, Any] = {
    "quorum_fraction": None,          # off by default: no attendance quorum in the regulation
    "tie_order": "family,middle,birth",
    "percent_places": 2,
    "ballot_reserve": 10,             # spare ballots printed beyond the voters entitled
    "stamp_check": False,             # treat unstamped sheets as not issued when enabled
    "surplus_max_fraction": 0.30,
    "floor_nomination_fraction": 0.30,
    "require_recognition": False,     # True: summoned delegates vote only once recognised
    # Minutes (biên bản kiểm phiếu): the counting committee [{"name", "role"}], the presidium's signer,
    # and the legal basis lines printed under the title.
    "counting_committee": [],
    "presidium_signer": "",
    "minutes_basis": [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW ngày 10/10/2024;",
        "Căn cứ Hướng dẫn số 04-HD/TW ngày 31/12/2024 thực hiện Quy chế bầu cử trong Đảng,",
    ],
}


def ensure_levels(session: Session) -> None:
    existing = set(session.exec(select(Level.code)))
    for code, vi_name, en_name, rank in DEFAULT_LEVELS:
        if code not in existing:
            session.add(Level(code=code, name_vi=vi_name, name_en=en_name, rank=rank))
    session.flush()


def levels(session: Session) -> list[Level]:
    return list(session.exec(select(Level).order_by(Level.rank, Level.code)))  # type: ignore[arg-type]


def add_level(session: Session, actor: Actor, code: str, name_vi: str, name_en: str = "", rank: int = 100) -> Level:
    code = clean(code).lower()
    if not code or session.get(Level, code):
        raise CongressError(f"Cấp '{code}' đã có hoặc để trống.")
    level = Level(code=code, name_vi=clean(name_vi), name_en=clean(name_en), rank=rank)
    session.add(level)
    audit.record(session, actor, "level.add", "level", code, {"name_vi": level.name_vi})
    return level


def _resolve_level(session: Session, level: str) -> str:
    wanted = clean(level).lower()
    for row in levels(session):
        if wanted in (row.code, row.name_vi.lower(), row.name_en.lower()):
            return row.code
    known = ", ".join(row.code for row in levels(session))
    raise CongressError(f"Cấp '{level}' không có trong danh sách; chọn một trong: {known}.")


def create_congress(
    session: Session,
    actor: Actor,
    *,
    name: str,
    level: str,
    kind: str,
    organisation: str = "",
    term: str = "",
    place: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
) -> Congress:
    """One database holds one congress: refuse a second."""
    ensure_levels(session)
    if session.exec(select(Congress)).first():
        raise Conflict("Cơ sở dữ liệu này đã có một đại hội; mỗi cơ sở dữ liệu chỉ chứa một đại hội.")
    if kind not in KINDS:
        raise CongressError(f"Loại đại hội '{kind}' không hợp lệ; chọn delegates hoặc members.")
    if not clean(name):
        raise CongressError("Tên đại hội (--name) không được để trống.")
    congress = Congress(
        name=clean(name), level=_resolve_level(session, level), kind=kind, organisation=clean(organisation),
        term=clean(term), place=clean(place), start_date=start_date, end_date=end_date,
        settings=dict(DEFAULT_SETTINGS),
    )
    session.add(congress)
    session.flush()
    audit.record(session, actor, "congress.create", "congress", congress.id,
                 {"name": congress.name, "level": congress.level, "kind": kind})
    return congress


def get_congress(session: Session) -> Congress:
    congress = session.exec(select(Congress)).first()
    if congress is None:
        raise CongressError("Chưa có đại hội trong cơ sở dữ liệu này; chạy 'congress init' hoặc 'congress demo'.")
    return congress


def setting(congress: Congress, key: str) -> Any:
    """A congress setting, falling back to the shipped default."""
    return congress.settings.get(key, DEFAULT_SETTINGS.get(key))


def update_settings(session: Session, actor: Actor, changes: dict[str, Any]) -> Congress:
    congress = get_congress(session)
    unknown = sorted(set(changes) - set(DEFAULT_SETTINGS))
    if unknown:
        raise CongressError(f"Thiết lập không có: {', '.join(unknown)}.")
    congress.settings = {**congress.settings, **changes}
    session.add(congress)
    audit.record(session, actor, "congress.settings", "congress", congress.id, changes)
    return congress
