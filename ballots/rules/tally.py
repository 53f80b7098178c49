"""Adding up confirmed ballots: a Tally that can be built in batches and merged.

Only valid ballots give votes. A vote is a KEPT name (strike form) or an AGREE (boxes form);
DISAGREE is kept apart so the minutes can show it. Invalid ballots are counted by reason, and
ballots still waiting for review are counted so the result can refuse to stand on them.
Merging is plain addition, so the order of ballots and the way a pile is split never matter.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ballots.rules.errors import RulesError
from ballots.rules.marks import Mark
from ballots.rules.validity import Status, Validity


@dataclass(frozen=True)
class Ballot:
    """One ballot copy (all its sheets) as the counting committee confirmed it."""

    marks: Mapping[int, Mark]
    validity: Validity


def _add(a: Mapping, b: Mapping) -> dict:
    out = dict(a)
    for key, count in b.items():
        out[key] = out.get(key, 0) + count
    return {key: count for key, count in sorted(out.items()) if count}


@dataclass(frozen=True)
class Tally:
    """Counts over some ballots of one round; `merge` adds two tallies of the same round."""

    valid: int = 0
    invalid: int = 0
    review: int = 0
    votes: Mapping[int, int] = field(default_factory=dict)  # number -> votes (valid ballots only)
    against: Mapping[int, int] = field(default_factory=dict)  # number -> "không đồng ý" marks
    invalid_reasons: Mapping[str, int] = field(default_factory=dict)  # Reason value -> ballots
    most_votes_on_a_ballot: int = 0  # lets the round check no valid ballot votes for > N names

    def merge(self, other: "Tally") -> "Tally":
        return Tally(
            valid=self.valid + other.valid,
            invalid=self.invalid + other.invalid,
            review=self.review + other.review,
            votes=_add(self.votes, other.votes),
            against=_add(self.against, other.against),
            invalid_reasons=_add(self.invalid_reasons, other.invalid_reasons),
            most_votes_on_a_ballot=max(self.most_votes_on_a_ballot, other.most_votes_on_a_ballot),
        )

    __add__ = merge

    @property
    def returned(self) -> int:
        """Ballots in this tally, whatever their status."""
        return self.valid + self.invalid + self.review


def _known_mark(position: int, number: int, raw: object) -> Mark:
    try:
        return Mark(raw)
    except ValueError:
        raise RulesError(
            f"Ballot {position}: mark {raw!r} for number {number} is not a known mark."
        ) from None


def tally(ballots: Iterable[Ballot]) -> Tally:
    """Count confirmed ballots; a valid ballot that still holds an UNCERTAIN mark is an error."""
    votes: dict[int, int] = {}
    against: dict[int, int] = {}
    reasons: dict[str, int] = {}
    valid = invalid = review = most = 0
    # Identity tests on local names: this loop runs once per name per ballot.
    kept, agree, disagree, uncertain, mark_type = Mark.KEPT, Mark.AGREE, Mark.DISAGREE, Mark.UNCERTAIN, Mark
    for position, ballot in enumerate(ballots, start=1):
        status = ballot.validity.status
        if status is Status.INVALID:
            invalid += 1
            reason = ballot.validity.reason.value  # type: ignore[union-attr]  # Validity ensures it
            reasons[reason] = reasons.get(reason, 0) + 1
            continue
        if status is Status.REVIEW:
            review += 1
            continue
        valid += 1
        on_ballot = 0
        for number, mark in ballot.marks.items():
            if type(mark) is not mark_type:  # a plain string from a file or a form
                mark = _known_mark(position, number, mark)
            if mark is kept or mark is agree:
                votes[number] = votes.get(number, 0) + 1
                on_ballot += 1
            elif mark is disagree:
                against[number] = against.get(number, 0) + 1
            elif mark is uncertain:
                raise RulesError(
                    f"Ballot {position} is marked valid but number {number} is still uncertain: "
                    "decide that mark before counting."
                )
        most = max(most, on_ballot)
    return Tally(
        valid=valid,
        invalid=invalid,
        review=review,
        votes={n: c for n, c in sorted(votes.items())},
        against={n: c for n, c in sorted(against.items())},
        invalid_reasons=dict(sorted(reasons.items())),
        most_votes_on_a_ballot=most,
    )
