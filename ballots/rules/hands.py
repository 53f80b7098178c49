"""Show of hands (biểu quyết): passes iff 2 × agree > the adjusted summoned total (DOMAIN.md §3).

Not of those present: abstentions and absences count against a motion in effect.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ballots.rules.denominator import Denominator, denominator_value
from ballots.rules.errors import RulesError
from ballots.rules.percent import percent


@dataclass(frozen=True)
class HandsResult:
    agree: int
    disagree: int
    abstain: int
    denominator: int
    passed: bool
    agree_percent: Decimal  # against the adjusted summoned total
    disagree_percent: Decimal
    abstain_percent: Decimal

    @property
    def label(self) -> str:
        return "Được thông qua" if self.passed else "Không được thông qua"


def show_of_hands(
    agree: int,
    disagree: int,
    abstain: int,
    denominator: Denominator | int,
    places: int = 2,
    rounding: str = ROUND_HALF_UP,
) -> HandsResult:
    """Evaluate hand-counted agree / disagree / abstain against the adjusted summoned total."""
    total = denominator_value(denominator)
    for name, value in (("agree", agree), ("disagree", disagree), ("abstain", abstain)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RulesError(f"Show-of-hands count '{name}' must be a whole number ≥ 0, got {value!r}.")
    if agree + disagree + abstain > total:
        raise RulesError(
            f"{agree + disagree + abstain} hands were counted but only {total} may vote: recount the hands."
        )
    return HandsResult(
        agree,
        disagree,
        abstain,
        total,
        2 * agree > total,
        percent(agree, total, places, rounding),
        percent(disagree, total, places, rounding),
        percent(abstain, total, places, rounding),
    )
