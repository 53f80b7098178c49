"""Ballot accounting (DOMAIN.md §6): issued ≥ returned, returned = valid + invalid.

Any break of these stops the result: the round shows the anomaly instead of winners.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ballots.rules.errors import RulesError


class Anomaly(StrEnum):
    """A reason the result cannot be announced (stopping) or must be looked at (warning)."""

    RETURNED_EXCEEDS_ISSUED = "returned_exceeds_issued"
    DOES_NOT_RECONCILE = "does_not_reconcile"
    AWAITING_REVIEW = "awaiting_review"
    ISSUED_EXCEEDS_DENOMINATOR = "issued_exceeds_denominator"  # warning only

    @property
    def label(self) -> str:
        return _ANOMALY_LABELS[self]

    @property
    def stops(self) -> bool:
        return self is not Anomaly.ISSUED_EXCEEDS_DENOMINATOR


_ANOMALY_LABELS = {
    Anomaly.RETURNED_EXCEEDS_ISSUED: "Số phiếu thu vào nhiều hơn số phiếu phát ra",
    Anomaly.DOES_NOT_RECONCILE: "Số phiếu thu vào khác tổng số phiếu hợp lệ và không hợp lệ",
    Anomaly.AWAITING_REVIEW: "Còn phiếu chưa được Ban kiểm phiếu xem xét, quyết định",
    Anomaly.ISSUED_EXCEEDS_DENOMINATOR: "Số phiếu phát ra nhiều hơn tổng số được triệu tập (đã điều chỉnh)",
}


@dataclass(frozen=True)
class BallotAccounting:
    """The counts the minutes print, and what is wrong with them (if anything)."""

    issued: int
    returned: int
    valid: int
    invalid: int
    review: int = 0
    invalid_reasons: Mapping[str, int] = field(default_factory=dict)
    anomalies: tuple[Anomaly, ...] = ()

    @property
    def stopped(self) -> bool:
        return any(a.stops for a in self.anomalies)

    @property
    def warnings(self) -> tuple[Anomaly, ...]:
        return tuple(a for a in self.anomalies if not a.stops)


def _count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesError(f"Ballot count '{name}' must be a whole number ≥ 0, got {value!r}.")
    return value


def reconcile(
    issued: int,
    returned: int,
    valid: int,
    invalid: int,
    review: int = 0,
    invalid_reasons: Mapping[str, int] | None = None,
    denominator: int | None = None,
) -> BallotAccounting:
    """Check the ballot counts of one round; never raises on an anomaly, it records it."""
    for name, value in (
        ("issued", issued),
        ("returned", returned),
        ("valid", valid),
        ("invalid", invalid),
        ("review", review),
    ):
        _count(name, value)
    anomalies = []
    if returned > issued:
        anomalies.append(Anomaly.RETURNED_EXCEEDS_ISSUED)
    if review:
        anomalies.append(Anomaly.AWAITING_REVIEW)
    if valid + invalid + review != returned:
        anomalies.append(Anomaly.DOES_NOT_RECONCILE)
    if denominator is not None and issued > denominator:
        anomalies.append(Anomaly.ISSUED_EXCEEDS_DENOMINATOR)
    return BallotAccounting(
        issued, returned, valid, invalid, review, dict(invalid_reasons or {}), tuple(anomalies)
    )
