"""Marks a voter can leave against one name, and the two ballot forms.

The form values are the same strings as `ballots.layout.Form` ("strike", "boxes"), so a `Form`
member or its plain value both work here without the rules importing the printing side.
"""

from collections.abc import Mapping
from enum import StrEnum

from ballots.rules.errors import RulesError

STRIKE = "strike"  # ballot with surplus (số dư): strike through the names not chosen
BOXES = "boxes"  # ballot without surplus: STT | Họ và tên | Đồng ý | Không đồng ý
FORMS = (STRIKE, BOXES)


class Mark(StrEnum):
    """The decision read (or entered by hand) for one name on one ballot."""

    KEPT = "kept"  # strike form: the name is left standing — a vote
    STRUCK = "struck"  # strike form: the whole name is struck through
    AGREE = "agree"  # boxes form: X in "Đồng ý" only — a vote
    DISAGREE = "disagree"  # boxes form: X in "Không đồng ý" only
    BOTH = "both"  # boxes form: both boxes marked
    NONE = "none"  # boxes form: neither box marked
    UNCERTAIN = "uncertain"  # the reader could not decide: a person must look


ALLOWED = {
    STRIKE: frozenset({Mark.KEPT, Mark.STRUCK, Mark.UNCERTAIN}),
    BOXES: frozenset({Mark.AGREE, Mark.DISAGREE, Mark.BOTH, Mark.NONE, Mark.UNCERTAIN}),
}


def check_form(form: str) -> str:
    """Return the plain form value, or raise if it is neither "strike" nor "boxes"."""
    value = str(form)
    if value not in FORMS:
        raise RulesError(f"Unknown ballot form {value!r}: expected 'strike' or 'boxes'.")
    return value


def check_seats(seats: int) -> int:
    """Seats (số lượng bầu) must be a whole number of at least 1."""
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise RulesError(f"The number to elect must be a whole number of at least 1, got {seats!r}.")
    return seats


def check_marks(form: str, marks: Mapping[int, Mark]) -> dict[int, Mark]:
    """Validate the numbers and marks of one ballot against its form; return them as Mark members."""
    if not marks:
        raise RulesError("The ballot has no names: give a mark for every number on the ballot.")
    allowed = ALLOWED[form]
    checked: dict[int, Mark] = {}
    for number, raw in marks.items():
        # `type(...) is` rather than isinstance: fast, and it refuses bool as a number.
        if type(number) is not int or number < 1:
            raise RulesError(f"Ballot number {number!r} is not a whole number of at least 1.")
        mark = raw if type(raw) is Mark else _as_mark(number, raw)
        if mark not in allowed:
            raise RulesError(f"Mark {mark.value!r} for number {number} is not possible on a {form!r} ballot.")
        checked[number] = mark
    return checked


def _as_mark(number: int, raw: object) -> Mark:
    try:
        return Mark(raw)
    except ValueError:
        raise RulesError(f"Mark {raw!r} for number {number} is not a known mark.") from None
