"""Sample ballots shared by the layout, sheet-code and printing tests (real Vietnamese names)."""

from __future__ import annotations

import unicodedata

from ballots.layout import BallotSpec, BallotTexts, Form

FAMILIES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Tôn Thất", "Quách")
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thị Ánh", "Ngọc")
GIVENS = ("Tuyết", "Ưng", "Thuyết", "Ấn", "Vượng", "Nhung", "Hằng", "Dũng", "Phượng", "Khải", "Ỷ", "Yến",
          "Quyết", "Nghĩa", "Thắng", "Hiếu")
FIRST = ("Nguyễn Thị Ánh Tuyết", "Đặng Văn Ưng", "Tôn Thất Thuyết", "Công Tằng Tôn Nữ Thị Phương Thảo")

TEXTS = BallotTexts(
    organisation="ĐẢNG BỘ TỈNH THỪA THIÊN HUẾ",
    congress_name="ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH LẦN THỨ XVII",
    term="NHIỆM KỲ 2025 - 2030",
    subject="Bầu Ban Chấp hành Đảng bộ tỉnh khóa XVII",
)


def sample_names(count: int) -> tuple[str, ...]:
    """count distinct NFC names with diacritics; the first four are the hard cases of the brief."""
    names = list(FIRST[:count])
    i = 0
    while len(names) < count:
        f, m, g = i % len(FAMILIES), (i // len(FAMILIES)) % len(MIDDLES), i // (len(FAMILIES) * len(MIDDLES))
        name = f"{FAMILIES[f]} {MIDDLES[m]} {GIVENS[g % len(GIVENS)]}"
        if name not in names:
            names.append(name)
        i += 1
    return tuple(names)


def sample_spec(count: int, form: Form = Form.STRIKE, **changes: object) -> BallotSpec:
    seats = count if form is Form.BOXES else max(1, count - max(1, count // 10))
    values: dict[str, object] = {
        "election": "E7", "round_no": 1, "texts": TEXTS, "seats": seats, "names": sample_names(count), "form": form,
    }
    values.update(changes)
    return BallotSpec(**values)  # type: ignore[arg-type]


def test_sample_names_are_distinct_nfc_and_vietnamese() -> None:
    names = sample_names(250)
    assert len(set(names)) == 250
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert names[:3] == ("Nguyễn Thị Ánh Tuyết", "Đặng Văn Ưng", "Tôn Thất Thuyết")
