"""The error the counting rules raise: one clear sentence naming the bad value."""

from ballots.errors import BallotError


class RulesError(BallotError):
    """Bad input to the counting rules (a negative count, an unknown mark, a number off the list)."""
