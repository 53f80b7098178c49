"""Pure decisions about an election list (DOMAIN.md §4): order, surplus, floor nominations, form.

Plain inputs, plain outputs, integers or exact fractions only — no database, no rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TypeVar

from congress.vi import name_sort_key

# Kinds whose lists the surplus rules of the regulation talk about.
SURPLUS_KINDS = frozenset({"committee", "standing_committee"})
CONVENING_SURPLUS = (Fraction(10, 100), Fraction(15, 100))
T = TypeVar("T")


@dataclass(frozen=True)
class ListWarning:
    """A warning about a list: the congress decides, the software only says so."""

    code: str  # fewer_names | surplus_over_max | small_body_surplus | convening_surplus
    message: str  # one Vietnamese sentence


@dataclass(frozen=True)
class NameEntry:
    """What ordering needs of a candidate."""

    family: str
    middle: str
    given: str
    birth: date | int | None = None


def ballot_order(items: Sequence[T], entry: Callable[[T], NameEntry], tie_order: str) -> list[T]:
    """Items sorted by given name in Vietnamese collation, ties by the configured order."""
    def key(item: T) -> tuple:
        e = entry(item)
        return name_sort_key(e.family, e.middle, e.given, e.birth, tie_order)

    return sorted(items, key=key)


def as_fraction(value: float | int | str | Fraction) -> Fraction:
    """A configured share (0.30, "0.3", 30 %) as an exact fraction; 30 means 30 %."""
    share = Fraction(str(value))
    return share / 100 if share > 1 else share


def floor_nomination_passes(agree: int, attending: int, share: float | str | Fraction = Fraction(3, 10)) -> bool:
    """A name nominated from the floor joins the list with MORE than `share` of those attending."""
    limit = as_fraction(share)
    return agree * limit.denominator > limit.numerator * attending


def surplus_warnings(kind: str, seats: int, names: int, convening: int,
                     max_share: float | str | Fraction = Fraction(3, 10), *, building: bool = False) -> list[ListWarning]:
    """Warnings (never blocks) on the size of a list against the seats to fill.

    names: names on the list; convening: those the convening committee nominated.
    building: the list is still being drawn up (a name was just added): say only what adding names
    cannot cure — a surplus already too large — not that the list is still short.
    """
    warnings: list[ListWarning] = []
    if names < seats:
        if not building:
            warnings.append(ListWarning(
                "fewer_names", f"Danh sách có {names} người, ít hơn số lượng bầu ({seats}); đại hội quyết định."))
        return warnings
    surplus = names - seats
    limit = as_fraction(max_share)
    if 3 <= seats <= 5 and surplus > 1:
        warnings.append(ListWarning(
            "small_body_surplus",
            f"Cơ quan {seats} người chỉ nên có số dư tối đa 1; danh sách đang dư {surplus}."))
    elif surplus * limit.denominator > limit.numerator * seats:
        warnings.append(ListWarning(
            "surplus_over_max",
            f"Số dư {surplus} vượt quá {_pct(limit)} số lượng bầu ({seats}); đại hội quyết định."))
    if kind in SURPLUS_KINDS and seats > 5 and convening > seats:
        low, high = CONVENING_SURPLUS
        prepared = Fraction(convening - seats, seats)
        if prepared > high or (prepared < low and not building):
            warnings.append(ListWarning(
                "convening_surplus",
                f"Cấp ủy triệu tập chuẩn bị số dư {convening - seats} ({_pct(prepared)}), "
                f"ngoài khoảng thường dùng {_pct(low)}–{_pct(high)}."))
    return warnings


def list_size(seats: int, names: int) -> str:
    """One neutral sentence on the list against the seats, said after each change of the list."""
    text = f"Danh sách hiện có {names} người; số lượng bầu {seats}"
    if names > seats:
        text += f"; số dư {names - seats} ({_pct(Fraction(names - seats, seats))})"
    return text + "."


def _pct(share: Fraction) -> str:
    value = share * 100
    text = f"{float(value):.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def choose_form(setting: str, names: int, seats: int) -> str:
    """strike when names > seats, boxes otherwise — unless the election sets the form."""
    if setting in ("strike", "boxes"):
        return setting
    return "strike" if names > seats else "boxes"
