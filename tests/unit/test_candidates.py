"""Pure list rules (DOMAIN.md §4): ballot order, surplus warnings, floor nominations, form."""

from datetime import date
from fractions import Fraction

import pytest

from congress.elections.listrules import (
    NameEntry,
    as_fraction,
    ballot_order,
    choose_form,
    floor_nomination_passes,
    surplus_warnings,
)


def _codes(*args, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.code for w in surplus_warnings(*args, **kw)]


@pytest.mark.parametrize(("agree", "attending", "passes"), [
    (30, 100, False), (31, 100, True), (3, 10, False), (4, 10, True), (0, 1, False), (1, 3, True), (9, 30, False),
])
def test_floor_nomination_needs_more_than_thirty_percent(agree: int, attending: int, passes: bool) -> None:
    assert floor_nomination_passes(agree, attending) is passes
    assert floor_nomination_passes(agree, attending, 0.30) is passes
    assert floor_nomination_passes(agree, attending, "30") is passes  # a percentage written as 30


def test_shares_are_exact() -> None:
    assert as_fraction(0.3) == Fraction(3, 10)  # never 0.29999…
    assert as_fraction(15) == Fraction(15, 100)


def test_surplus_warnings_follow_the_regulation() -> None:
    assert _codes("committee", 5, 3, 3) == ["fewer_names"]
    assert _codes("committee", 5, 5, 5) == []
    assert _codes("committee", 5, 6, 6) == []  # a body of 3-5: surplus of at most 1
    assert _codes("committee", 4, 6, 6) == ["small_body_surplus"]
    assert _codes("committee", 10, 13, 11) == []  # 30 % exactly is allowed; convening 10 %
    assert _codes("committee", 10, 14, 11) == ["surplus_over_max"]
    assert _codes("committee", 45, 52, 52) == ["convening_surplus"]  # 7/45 = 15,6 % > 15 %
    assert _codes("committee", 45, 51, 51) == []  # 6/45 = 13,3 %


def test_convening_committee_surplus_band() -> None:
    assert _codes("committee", 20, 22, 22) == []  # 10 %
    assert _codes("committee", 20, 23, 23) == []  # 15 %
    assert _codes("committee", 20, 21, 21) == ["convening_surplus"]  # 5 %
    assert _codes("committee", 20, 26, 26) == ["convening_surplus"]  # 30 %
    assert _codes("secretary", 20, 21, 21) == []  # only committee-type lists
    assert _codes("committee", 20, 26, 20) == []  # the floor added the names: the congress's choice


def test_configured_maximum_surplus() -> None:
    assert _codes("higher_delegates", 10, 13, 13, max_share=0.2) == ["surplus_over_max"]
    assert _codes("higher_delegates", 10, 12, 12, max_share=0.2) == []


def test_form_by_names_and_seats_unless_set() -> None:
    assert choose_form("auto", 7, 5) == "strike"
    assert choose_form("auto", 1, 1) == "boxes"
    assert choose_form("auto", 3, 5) == "boxes"
    assert choose_form("strike", 1, 1) == "strike"
    assert choose_form("boxes", 7, 5) == "boxes"


def test_ballot_order_is_vietnamese_collation_with_configured_ties() -> None:
    people = [
        NameEntry("Đỗ", "Văn", "Đức", date(1970, 1, 1)),
        NameEntry("Nguyễn", "Văn", "Ân", None),
        NameEntry("Trần", "Thị", "Anh", date(1980, 1, 1)),
        NameEntry("Lê", "Văn", "Anh", date(1960, 1, 1)),
        NameEntry("Lê", "Thị", "Anh", 1990),
        NameEntry("Bùi", "Văn", "Dũng", None),
        NameEntry("Âu Dương", "Minh", "Zũng", None),
    ]
    order = ballot_order(people, lambda p: p, "family,middle,birth")
    assert [(p.family, p.middle, p.given) for p in order] == [
        ("Lê", "Thị", "Anh"), ("Lê", "Văn", "Anh"), ("Trần", "Thị", "Anh"), ("Nguyễn", "Văn", "Ân"),
        ("Bùi", "Văn", "Dũng"), ("Đỗ", "Văn", "Đức"), ("Âu Dương", "Minh", "Zũng"),
    ]
    by_birth = ballot_order(people, lambda p: p, "birth,family,middle")
    assert [(p.family, p.middle) for p in by_birth[:3]] == [("Lê", "Văn"), ("Trần", "Thị"), ("Lê", "Thị")]


def test_while_a_list_is_built_only_a_surplus_already_too_large_is_warned() -> None:
    assert _codes("committee", 5, 3, 3, building=True) == []  # still short: expected while adding names
    assert _codes("committee", 20, 21, 21, building=True) == []  # convening 5 %: more names may come
    assert _codes("committee", 20, 26, 26, building=True) == ["convening_surplus"]  # 30 %: more cannot cure
    assert _codes("committee", 4, 6, 6, building=True) == ["small_body_surplus"]
    assert _codes("committee", 10, 14, 11, building=True) == ["surplus_over_max"]


def test_the_list_size_sentence_is_neutral() -> None:
    from congress.elections.listrules import list_size

    assert list_size(5, 3) == "Danh sách hiện có 3 người; số lượng bầu 5."
    assert list_size(45, 51) == "Danh sách hiện có 51 người; số lượng bầu 45; số dư 6 (13,3 %)."
