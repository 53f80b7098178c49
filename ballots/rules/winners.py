"""Who is elected in one round (trúng cử — DOMAIN.md §6).

- Only valid ballots count; the threshold is more than half of the adjusted summoned total,
  decided on integers (2 × votes > denominator).
- More qualifiers than seats: highest votes first until the seats are filled.
- A tie at the cut-off is never broken here: those above it are elected, the tied names are
  reported with the seats left, for a new round restricted to them (the congress decides).
- Too few qualifiers: the remaining seats and the names still in the race are reported for a
  further round (the congress decides whether to continue and whether to add names).
- Ballot accounting that does not reconcile stops the result: no winners are named.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ballots.rules.accounting import BallotAccounting, reconcile
from ballots.rules.denominator import Denominator, denominator_value
from ballots.rules.errors import RulesError
from ballots.rules.marks import check_seats
from ballots.rules.percent import PERCENT_BASIS_LABEL, percent
from ballots.rules.tally import Tally


class Outcome(StrEnum):
    COMPLETE = "complete"  # every seat filled
    TIE = "tie"  # tie at the cut-off: new round restricted to the tied names
    TOO_FEW = "too_few"  # fewer than the seats over the threshold: a further round may follow
    STOPPED = "stopped"  # the ballot accounting does not reconcile: no result

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.COMPLETE: "Đã bầu đủ số lượng",
    Outcome.TIE: "Có người bằng phiếu ở vị trí cuối: cần bầu lại giữa những người bằng phiếu",
    Outcome.TOO_FEW: "Chưa bầu đủ số lượng: Đại hội quyết định có bầu tiếp hay không",
    Outcome.STOPPED: "Số phiếu không khớp: dừng, chưa công bố kết quả",
}


@dataclass(frozen=True)
class CandidateResult:
    number: int  # STT on this round's ballot
    name: str
    votes: int
    against: int  # "không đồng ý" marks (boxes form); 0 on strike ballots
    percent: Decimal  # against the adjusted summoned total
    eligible: bool  # 2 × votes > denominator
    rank: int  # 1 = most votes; equal votes share a rank
    elected: bool
    tied: bool  # in the tie at the cut-off


@dataclass(frozen=True)
class RoundResult:
    seats: int
    denominator: int
    candidates: tuple[CandidateResult, ...]  # ballot order (as on the minutes)
    outcome: Outcome
    elected: tuple[CandidateResult, ...]  # by votes, highest first (ballot order among equals)
    tied: tuple[CandidateResult, ...]  # the tie at the cut-off (empty unless TIE)
    seats_remaining: int  # seats a new or further round would fill
    further_round: tuple[CandidateResult, ...]  # TIE: the tied; TOO_FEW: all not elected
    accounting: BallotAccounting
    percent_basis: str = PERCENT_BASIS_LABEL

    @property
    def ranking(self) -> tuple[CandidateResult, ...]:
        """All candidates by votes, highest first; equal votes in ballot order."""
        return tuple(sorted(self.candidates, key=lambda c: (-c.votes, c.number)))

    @property
    def is_final(self) -> bool:
        return self.outcome is Outcome.COMPLETE

    def remaining_names(self) -> tuple[str, ...]:
        """Names not elected in this round, in ballot order (e.g. the list for alternates)."""
        return tuple(c.name for c in self.candidates if not c.elected)


def _check_names(candidates: Sequence[str]) -> tuple[str, ...]:
    names = tuple(candidates)
    if not names:
        raise RulesError("The round has no candidates: give the names in ballot order.")
    for index, name in enumerate(names, start=1):
        if not isinstance(name, str) or not name.strip():
            raise RulesError(f"Candidate number {index} has no name.")
    return names


def count_round(
    candidates: Sequence[str],
    seats: int,
    denominator: Denominator | int,
    counted: Tally,
    issued: int,
    returned: int | None = None,
    places: int = 2,
    rounding: str = ROUND_HALF_UP,
) -> RoundResult:
    """Count one round: `candidates` are the names in ballot order (number = index + 1),
    `seats` the number to elect in this round, `counted` the tally of its confirmed ballots,
    `issued` / `returned` the ballots given out and collected (returned defaults to the tally's
    own count of ballots, for a count that has no separate physical figure)."""
    names = _check_names(candidates)
    seats = check_seats(seats)
    total = denominator_value(denominator)
    for number in (*counted.votes, *counted.against):
        if type(number) is not int or not 1 <= number <= len(names):
            raise RulesError(
                f"The tally has marks for number {number}, but the ballot has {len(names)} names."
            )
    if counted.most_votes_on_a_ballot > seats:
        raise RulesError(
            f"A ballot confirmed valid votes for {counted.most_votes_on_a_ballot} names but only {seats} "
            "are to be elected: such a ballot is invalid (§5)."
        )
    accounting = reconcile(
        issued,
        counted.returned if returned is None else returned,
        counted.valid,
        counted.invalid,
        counted.review,
        counted.invalid_reasons,
        denominator=total,
    )
    votes = [counted.votes.get(n, 0) for n in range(1, len(names) + 1)]
    if accounting.stopped:
        return _stopped(names, votes, counted, seats, total, accounting, places, rounding)

    order = sorted(range(len(names)), key=lambda i: (-votes[i], i))
    eligible = [i for i in order if 2 * votes[i] > total]
    tied: list[int] = []
    if len(eligible) <= seats:
        elected = eligible
    else:
        cut = votes[eligible[seats - 1]]
        if votes[eligible[seats]] == cut:  # someone below the last seat has the same votes
            elected = [i for i in eligible if votes[i] > cut]
            tied = [i for i in eligible if votes[i] == cut]
        else:
            elected = eligible[:seats]
    if tied:
        outcome, further = Outcome.TIE, tied
    elif len(elected) < seats:
        chosen = set(elected)
        outcome, further = Outcome.TOO_FEW, [i for i in range(len(names)) if i not in chosen]
    else:
        outcome, further = Outcome.COMPLETE, []
    rows = _rows(names, votes, counted, total, places, rounding, set(elected), set(tied))
    return RoundResult(
        seats=seats,
        denominator=total,
        candidates=rows,
        outcome=outcome,
        elected=tuple(rows[i] for i in elected),
        tied=tuple(rows[i] for i in tied),
        seats_remaining=seats - len(elected),
        further_round=tuple(rows[i] for i in sorted(further)),
        accounting=accounting,
    )


def _rows(names, votes, counted, total, places, rounding, elected, tied) -> tuple[CandidateResult, ...]:
    rows = []
    for i, name in enumerate(names):
        rank = 1 + sum(1 for v in votes if v > votes[i])
        rows.append(
            CandidateResult(
                number=i + 1,
                name=name,
                votes=votes[i],
                against=counted.against.get(i + 1, 0),
                percent=percent(votes[i], total, places, rounding),
                eligible=2 * votes[i] > total,
                rank=rank,
                elected=i in elected,
                tied=i in tied,
            )
        )
    return tuple(rows)


def _stopped(names, votes, counted, seats, total, accounting, places, rounding) -> RoundResult:
    # The votes are still shown (they help find the error) but nobody is elected or tied.
    rows = _rows(names, votes, counted, total, places, rounding, set(), set())
    return RoundResult(seats, total, rows, Outcome.STOPPED, (), (), seats, (), accounting)


def alternates_list(candidates: Sequence[str], elected_officials: Sequence[str]) -> tuple[str, ...]:
    """The names for the alternates' ballot: the list minus every official elected (any round),
    in the list's order. Raises if an "elected official" is not on the list."""
    names = _check_names(candidates)
    missing = [name for name in elected_officials if name not in names]
    if missing:
        raise RulesError(f"Elected official {missing[0]!r} is not on the candidate list.")
    officials = set(elected_officials)
    remaining = tuple(name for name in names if name not in officials)
    if not remaining:
        raise RulesError("No names remain on the list for electing alternates.")
    return remaining


def count_alternates(
    official: RoundResult,
    seats: int,
    denominator: Denominator | int,
    counted: Tally,
    issued: int,
    returned: int | None = None,
    places: int = 2,
    rounding: str = ROUND_HALF_UP,
) -> RoundResult:
    """Alternates (dự khuyết) to the higher congress, on their own ballot after the officials.

    The ballot lists `official.remaining_names()`; the same threshold applies (2 × votes >
    denominator), and the elected alternates come ranked by votes (`RoundResult.elected`, with
    `rank`) — who replaces whom is then decided by people. The official round must be complete.
    """
    if not official.is_final:
        raise RulesError(
            f"The official round is not complete ({official.outcome.label}): elect the official "
            "delegates first, then the alternates."
        )
    return count_round(
        official.remaining_names(), seats, denominator, counted, issued, returned, places, rounding
    )
