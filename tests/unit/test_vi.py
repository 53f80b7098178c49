"""Vietnamese collation, names and document formats (DOMAIN.md §4, §9)."""

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from congress import vi

VIET_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def test_given_name_order_from_the_issue() -> None:
    names = ["An", "Anh", "Ánh", "Ân", "Bình", "Dũng", "Đức"]
    assert sorted(reversed(names), key=vi.collation_key) == names
    assert sorted(names) != names  # plain code-point order is wrong, which is why this module exists


def test_tone_order_is_secondary_ngang_huyen_hoi_nga_sac_nang() -> None:
    names = ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ"]
    assert sorted(names[::-1], key=vi.collation_key) == names
    assert sorted(names) != names


def test_base_letters_decide_before_tones() -> None:
    # "Ánh" vs "Anh": same letters, tone decides; "Ánh" vs "Ân": letters decide first.
    assert vi.collation_key("Anh") < vi.collation_key("Ánh") < vi.collation_key("Ân")
    assert vi.collation_key("Ơn") > vi.collation_key("Ôn") > vi.collation_key("On")
    assert vi.collation_key("Ưng") > vi.collation_key("Uyên")
    assert vi.collation_key("Đức") > vi.collation_key("Dũng")
    assert vi.collation_key("Đức") < vi.collation_key("Em")


def test_latin_letters_f_j_w_z_take_their_latin_places() -> None:
    order = ["Ê", "F", "G", "I", "J", "K", "V", "W", "X", "Y", "Z"]
    assert sorted(order[::-1], key=vi.collation_key) == order


def test_sort_by_given_then_family_then_middle_then_birth() -> None:
    people = [
        ("Trần", "Văn", "An", date(1970, 1, 1)),
        ("Nguyễn", "Văn", "An", date(1980, 1, 1)),
        ("Nguyễn", "Thị", "An", date(1980, 1, 1)),
        ("Nguyễn", "Thị", "An", date(1975, 1, 1)),
        ("Lê", "Văn", "Đức", None),
        ("Đặng", "Văn", "Ưng", None),
        ("Tôn Thất", "", "Bình", None),
    ]
    ordered = sorted(people, key=lambda p: vi.name_sort_key(p[0], p[1], p[2], p[3]))
    assert ordered == [
        ("Nguyễn", "Thị", "An", date(1975, 1, 1)),
        ("Nguyễn", "Thị", "An", date(1980, 1, 1)),
        ("Nguyễn", "Văn", "An", date(1980, 1, 1)),
        ("Trần", "Văn", "An", date(1970, 1, 1)),
        ("Tôn Thất", "", "Bình", None),
        ("Lê", "Văn", "Đức", None),
        ("Đặng", "Văn", "Ưng", None),
    ]


def test_tie_order_is_configurable() -> None:
    a = ("Trần", "Văn", "An", date(1960, 1, 1))
    b = ("Nguyễn", "Văn", "An", date(1980, 1, 1))
    assert vi.name_sort_key(*b) < vi.name_sort_key(*a)
    assert vi.name_sort_key(*a, tie_order="birth,family,middle") < vi.name_sort_key(*b, tie_order="birth,family,middle")
    with pytest.raises(ValueError, match="tie order"):
        vi.name_sort_key(*a, tie_order="shoe size")


@st.composite
def viet_words(draw: st.DrawFn) -> str:
    letters = draw(st.lists(st.sampled_from(VIET_LETTERS), min_size=1, max_size=6))
    return unicodedata.normalize("NFC", "".join(ch + draw(st.sampled_from(TONES)) for ch in letters))


@given(st.lists(viet_words(), min_size=2, max_size=12))
def test_collation_is_a_total_order_independent_of_input_order(words: list[str]) -> None:
    once = sorted(words, key=vi.collation_key)
    assert sorted(reversed(words), key=vi.collation_key) == once
    assert sorted(once, key=vi.collation_key) == once


@given(viet_words(), viet_words())
def test_equal_keys_only_for_equal_texts(a: str, b: str) -> None:
    assert (vi.collation_key(a) == vi.collation_key(b)) == (vi.clean(a) == vi.clean(b))


@given(viet_words())
def test_nfd_input_collates_like_nfc(word: str) -> None:
    assert vi.collation_key(unicodedata.normalize("NFD", word)) == vi.collation_key(word)


def test_names_are_nfc_and_split_only_the_simple_way() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị Ánh   Tuyết ")
    assert vi.clean(decomposed) == "Nguyễn Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", vi.clean(decomposed))
    assert vi.split_full_name("Nguyễn Thị Ánh Tuyết") == ("Nguyễn", "Thị Ánh", "Tuyết")
    assert vi.split_full_name("Đặng Ưng") == ("Đặng", "", "Ưng")
    assert vi.full_name("Tôn Thất", "", "Thuyết") == "Tôn Thất Thuyết"


def test_search_folds_diacritics_only_when_the_query_has_none() -> None:
    assert vi.fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert vi.matches("nguyen van an", "Nguyễn Văn An")
    assert vi.matches("duc", "Lê Văn Đức")
    assert vi.matches("Đức", "Lê Văn Đức")
    assert not vi.matches("Đức", "Lê Văn Dục")


def test_number_and_date_formats() -> None:
    assert vi.format_int(1730) == "1.730"
    assert vi.format_int(1234567) == "1.234.567"
    assert vi.format_int(5) == "5"
    assert vi.format_percent(Decimal("89.64")) == "89,64 %"
    assert vi.percent_of(1387, 1547) == Decimal("89.66")
    assert vi.percent_of(1, 8) == Decimal("12.50")
    assert vi.round_half_up(Decimal("0.125"), 2) == Decimal("0.13")  # half up, not banker's
    assert vi.format_decimal(Decimal("1234.5"), 1) == "1.234,5"
    assert vi.format_date(date(2025, 10, 5)) == "05/10/2025"
    assert vi.date_phrase(date(2025, 10, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 10 năm 2025"


def test_parse_date_forms_and_errors() -> None:
    assert vi.parse_date("05/10/1970") == date(1970, 10, 5)
    assert vi.parse_date("5.3.1970") == date(1970, 3, 5)
    assert vi.parse_date("1970-03-05") == date(1970, 3, 5)
    assert vi.parse_date("1970") == 1970
    for bad in ("31/02/1970", "hôm qua", "05/10/70", "1800"):
        with pytest.raises(ValueError):
            vi.parse_date(bad)
