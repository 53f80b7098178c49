"""Counting invariants under Hypothesis: order, batching, bounds and the threshold."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from ballots.rules import (
    BOXES,
    STRIKE,
    Ballot,
    Mark,
    Outcome,
    Status,
    Tally,
    count_round,
    judge_ballot,
    tally,
)

STRIKE_MARKS = st.sampled_from([Mark.KEPT, Mark.STRUCK])
BOX_MARKS = st.sampled_from([Mark.AGREE, Mark.DISAGREE, Mark.BOTH, Mark.NONE])


@st.composite
def elections(draw):
    """A round: names, seats, a pile of judged ballots (with some invalid), a denominator."""
    form = draw(st.sampled_from([STRIKE, BOXES]))
    n_names = draw(st.integers(1, 7))
    seats = n_names if form == BOXES else draw(st.integers(1, n_names))
    if form == STRIKE:  # a kept set of up to seats + 1 names: mostly valid, some over-votes
        row = st.sets(st.integers(1, n_names), max_size=min(n_names, seats + 1)).map(
            lambda kept: [Mark.KEPT if n in kept else Mark.STRUCK for n in range(1, n_names + 1)]
        )
    else:
        row = st.lists(BOX_MARKS, min_size=n_names, max_size=n_names)
    # Ballots drawn from a few patterns, so that winners, ties and shortfalls all occur.
    pile = st.lists(row, min_size=1, max_size=4).flatmap(
        lambda pool: st.lists(st.sampled_from(pool), min_size=1, max_size=40)
    )
    rows = draw(pile)
    ballots = []
    for row in rows:
        marks = dict(enumerate(row, start=1))
        ballots.append(
            Ballot(marks, judge_ballot(form, seats, marks, extra_ink=draw(st.integers(0, 19)) == 0))
        )
    denominator = draw(st.integers(max(1, len(ballots)), len(ballots) + 4))
    names = [f"Người {i}" for i in range(1, n_names + 1)]
    return form, names, seats, ballots, denominator


def result_of(names, seats, ballots, denominator):
    return count_round(names, seats, denominator, tally(ballots), issued=len(ballots))


@settings(max_examples=150, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_order_of_ballots_is_irrelevant(election, rnd):
    _, names, seats, ballots, denominator = election
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally(shuffled) == tally(ballots)
    assert result_of(names, seats, shuffled, denominator) == result_of(names, seats, ballots, denominator)


@settings(max_examples=150, deadline=None)
@given(elections(), st.lists(st.integers(0, 40), max_size=4))
def test_splitting_into_batches_and_merging_gives_the_same_tally(election, cuts):
    _, names, seats, ballots, denominator = election
    bounds = sorted({0, len(ballots), *(min(c, len(ballots)) for c in cuts)})
    merged = Tally()
    for lo, hi in itertools.pairwise(bounds):
        merged = merged.merge(tally(ballots[lo:hi]))
    assert merged == tally(ballots)
    assert count_round(names, seats, denominator, merged, issued=len(ballots)) == result_of(
        names, seats, ballots, denominator
    )


def check_round(result, seats, denominator):
    """What every round result must satisfy, whatever the votes."""
    assert result.outcome is not Outcome.STOPPED
    assert len(result.elected) <= seats
    assert all(2 * c.votes > denominator for c in result.elected)
    assert all(c.elected for c in result.elected)
    assert [c.votes for c in result.elected] == sorted((c.votes for c in result.elected), reverse=True)
    assert result.seats_remaining == seats - len(result.elected)
    # Nobody left out has more votes than someone elected.
    if result.elected:
        lowest = min(c.votes for c in result.elected)
        assert all(c.votes <= lowest for c in result.candidates if not c.elected)
    eligible = [c for c in result.candidates if 2 * c.votes > denominator]
    if result.outcome is Outcome.COMPLETE:
        assert len(result.elected) == seats and not result.tied and not result.further_round
    elif result.outcome is Outcome.TIE:
        cut = result.tied[0].votes
        assert all(c.votes == cut and 2 * c.votes > denominator for c in result.tied)
        assert len(result.elected) < seats < len(result.elected) + len(result.tied)
        assert all(c.votes > cut for c in result.elected)
        assert all(c.elected or c.tied or c.votes < cut for c in eligible)
        assert result.further_round == result.tied
    else:
        assert result.outcome is Outcome.TOO_FEW
        assert len(result.elected) < seats and not result.tied
        assert list(result.elected) == sorted(eligible, key=lambda c: (-c.votes, c.number))
        assert {c.number for c in result.further_round} == {
            c.number for c in result.candidates if not c.elected
        }


@settings(max_examples=200, deadline=None)
@given(elections())
def test_round_invariants_on_judged_ballots(election):
    form, names, seats, ballots, denominator = election
    counted = tally(ballots)
    result = count_round(names, seats, denominator, counted, issued=len(ballots))

    assert counted.valid + counted.invalid == len(ballots)
    for candidate in result.candidates:
        assert 0 <= candidate.votes <= counted.valid  # one vote per name per ballot at most
        assert candidate.votes + candidate.against <= counted.valid
    if form == STRIKE:
        assert sum(counted.votes.values()) <= seats * counted.valid
    check_round(result, seats, denominator)


@st.composite
def vote_counts(draw):
    """Vote totals straight into a Tally: small numbers make ties at the cut-off common."""
    valid = draw(st.integers(0, 6))
    n_names = draw(st.integers(1, 6))
    seats = draw(st.integers(1, n_names))
    votes = draw(st.lists(st.integers(0, valid), min_size=n_names, max_size=n_names))
    denominator = draw(st.integers(max(1, valid), valid + 2))
    counted = Tally(valid=valid, votes={n: v for n, v in enumerate(votes, start=1) if v})
    return [f"Người {i}" for i in range(1, n_names + 1)], seats, counted, denominator


@settings(max_examples=400, deadline=None)
@given(vote_counts())
def test_round_invariants_on_vote_totals(case):
    names, seats, counted, denominator = case
    result = count_round(names, seats, denominator, counted, issued=counted.valid)
    check_round(result, seats, denominator)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(st.integers(1, n), st.lists(STRIKE_MARKS, min_size=n, max_size=n))
    )
)
def test_strike_validity_is_between_one_and_n_kept(case):
    seats, row = case
    verdict = judge_ballot(STRIKE, seats, dict(enumerate(row, start=1)))
    kept = row.count(Mark.KEPT)
    assert (verdict.status is Status.VALID) == (1 <= kept <= seats)


@settings(max_examples=300, deadline=None)
@given(st.lists(BOX_MARKS, min_size=1, max_size=8))
def test_boxes_validity_only_fails_on_a_single_undecided_name(row):
    verdict = judge_ballot(BOXES, len(row), dict(enumerate(row, start=1)))
    undecided = len(row) == 1 and row[0] in (Mark.BOTH, Mark.NONE)
    assert (verdict.status is Status.INVALID) == undecided
