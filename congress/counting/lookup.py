"""An election's round as counting sees it: the form, the seats and the names by STT.

Elections, rounds and lists belong to congress.elections; this module only reads them.
"""

from dataclasses import dataclass

from sqlmodel import Session

from congress.elections.service import candidate_name, freeze_round, get_election, get_round, round_candidates
from congress.errors import NotFound
from congress.models import Election, Round

STRIKE, BOXES = "strike", "boxes"


@dataclass(frozen=True)
class RoundContext:
    """One round; `names[i]` is STT i+1, `candidate_ids` likewise."""

    election: Election
    round: Round
    form: str
    seats: int
    names: tuple[str, ...]
    candidate_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"{self.election.code} lần {self.round.number}"


def ballot_form(round_: Round, election: Election, names: int) -> str:
    """The form printed: the round's, else the election's, else automatic (surplus → strike)."""
    for form in (round_.form, election.form):
        if form in (STRIKE, BOXES):
            return form
    return STRIKE if names > round_.seats else BOXES


def round_context(session: Session, election_ref: str, round_no: int | None = None, *,
                  freeze: bool = False) -> RoundContext:
    """`freeze`: pin the round's list first (entering ballots by STT needs a list that cannot move)."""
    election = get_election(session, election_ref)
    return context_for_round(session, election, get_round(session, election, round_no), freeze=freeze)


def context_for_round(session: Session, election: Election, round_: Round, *, freeze: bool = False) -> RoundContext:
    numbered = freeze_round(session, round_) if freeze else round_candidates(session, round_)
    if not numbered:
        raise NotFound(f"Lần bầu {round_.number} của '{election.code}' chưa có danh sách ứng cử viên.")
    names = tuple(candidate_name(c) for _, c in numbered)
    ids = tuple(c.id for _, c in numbered if c.id is not None)
    return RoundContext(election, round_, ballot_form(round_, election, len(names)), round_.seats, names, ids)
