"""Percentages against the adjusted summoned total (shown only; decisions never use them)."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

from ballots.rules.denominator import Denominator, denominator_value
from ballots.rules.errors import RulesError

# How the minutes and the projection label every percentage (DOMAIN.md §6).
PERCENT_BASIS_LABEL = "Tỷ lệ % so với tổng số được triệu tập (đã điều chỉnh)"

MAX_PLACES = 10


def percent(
    votes: int, denominator: Denominator | int, places: int = 2, rounding: str = ROUND_HALF_UP
) -> Decimal:
    """votes / denominator × 100 as a Decimal with `places` decimals (default half up, 2 places)."""
    total = denominator_value(denominator)
    if isinstance(votes, bool) or not isinstance(votes, int) or votes < 0:
        raise RulesError(f"Votes must be a whole number ≥ 0, got {votes!r}.")
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_PLACES:
        raise RulesError(f"Percentage places must be a whole number from 0 to {MAX_PLACES}, got {places!r}.")
    # 60 significant digits: a ratio of counts is either exact here or far from any rounding
    # boundary, so rounding twice (division, then quantize) cannot change the result.
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(votes) * 100 / Decimal(total)
        try:
            return exact.quantize(Decimal(1).scaleb(-places), rounding=rounding)
        except (TypeError, ValueError):
            raise RulesError(f"Unknown rounding mode {rounding!r}; use a decimal.ROUND_* constant.") from None
