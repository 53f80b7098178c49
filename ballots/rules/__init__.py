"""Counting under the Party rules (DOMAIN.md §5–6): pure functions over plain data.

validity     — is one ballot valid? (`judge_ballot`, `Validity`, `Reason`)
denominator  — the adjusted summoned total (`compute_denominator`, `Denominator`)
tally        — adding up confirmed ballots in mergeable batches (`tally`, `Tally`)
accounting   — issued ≥ returned = valid + invalid (`reconcile`, `BallotAccounting`)
winners      — elected, ties at the cut-off, too few, alternates (`count_round`, `RoundResult`)
percent      — percentages against the denominator (`percent`)
hands        — show of hands (`show_of_hands`)
"""

from ballots.rules.accounting import Anomaly, BallotAccounting, reconcile
from ballots.rules.denominator import (
    CongressKind,
    DelegatesFacts,
    Denominator,
    DenominatorItem,
    MembersFacts,
    compute_denominator,
    delegates_denominator,
    denominator_value,
    is_elected_eligible,
    members_denominator,
)
from ballots.rules.errors import RulesError
from ballots.rules.hands import HandsResult, show_of_hands
from ballots.rules.marks import BOXES, STRIKE, Mark
from ballots.rules.percent import PERCENT_BASIS_LABEL, percent
from ballots.rules.tally import Ballot, Tally, tally
from ballots.rules.validity import NotIssued, Reason, Status, Validity, judge_ballot
from ballots.rules.winners import (
    CandidateResult,
    Outcome,
    RoundResult,
    alternates_list,
    count_alternates,
    count_round,
)

__all__ = [
    "BOXES",
    "PERCENT_BASIS_LABEL",
    "STRIKE",
    "Anomaly",
    "Ballot",
    "BallotAccounting",
    "CandidateResult",
    "CongressKind",
    "DelegatesFacts",
    "Denominator",
    "DenominatorItem",
    "HandsResult",
    "Mark",
    "MembersFacts",
    "NotIssued",
    "Outcome",
    "Reason",
    "RoundResult",
    "RulesError",
    "Status",
    "Tally",
    "Validity",
    "alternates_list",
    "compute_denominator",
    "count_alternates",
    "count_round",
    "delegates_denominator",
    "denominator_value",
    "is_elected_eligible",
    "judge_ballot",
    "members_denominator",
    "percent",
    "reconcile",
    "show_of_hands",
    "tally",
]
