"""What an election elects (DOMAIN.md §3): a list of kinds that is data, extendable by the user.

A kind gives the default wording of the ballot and a short code prefix for the sheet QR. Kinds
not in this table are accepted as written (a user's own kind); they get the generic wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from congress.errors import CongressError


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # Vietnamese, as shown in lists
    prefix: str  # election code prefix (A-Z), printed in the sheet QR
    ballot_title: str = "PHIẾU BẦU CỬ"


KINDS: dict[str, Kind] = {k.code: k for k in (
    Kind("committee", "Ban Chấp hành / cấp ủy", "BCH"),
    Kind("standing_committee", "Ban Thường vụ", "BTV"),
    Kind("secretary", "Bí thư", "BT"),
    Kind("deputy_secretary", "Phó Bí thư", "PBT"),
    Kind("inspection", "Ủy ban Kiểm tra", "UBKT"),
    Kind("inspection_chair", "Chủ nhiệm Ủy ban Kiểm tra", "CNKT"),
    Kind("higher_delegates", "Đại biểu dự đại hội cấp trên", "DB"),
    Kind("higher_alternates", "Đại biểu dự khuyết dự đại hội cấp trên", "DK"),
    Kind("opinion", "Phiếu xin ý kiến", "YK", "PHIẾU XIN Ý KIẾN"),
)}

_KIND_CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")
_PREFIX_CHARS = re.compile(r"[^A-Z0-9]")


def resolve_kind(value: str) -> Kind:
    """A known kind by code or Vietnamese label, or a new user kind named by a short code."""
    wanted = value.strip()
    for kind in KINDS.values():
        if wanted.lower() in (kind.code, kind.label.lower()):
            return kind
    if not _KIND_CODE.fullmatch(wanted):
        known = ", ".join(KINDS)
        raise CongressError(
            f"Loại bầu cử '{value}' không hợp lệ: dùng một trong {known}, hoặc một mã mới gồm chữ thường "
            "không dấu, chữ số và '_'."
        )
    prefix = _PREFIX_CHARS.sub("", wanted.upper())[:4] or "BC"
    return Kind(wanted, wanted, prefix)


def kind_label(code: str) -> str:
    kind = KINDS.get(code)
    return kind.label if kind else code
