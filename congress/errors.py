"""Errors a user sees: one clear sentence, never a traceback."""


class CongressError(Exception):
    """A problem the user can fix: bad input, a missing record, a forbidden action.

    The message is one sentence naming the file, row or field. The CLI prints it and exits
    non-zero; the TUI shows it in a notification.
    """

    exit_code = 2


class NotFound(CongressError):
    """A named record (delegate, election, round, ...) does not exist."""


class Forbidden(CongressError):
    """The current account's role does not allow this action."""

    exit_code = 3


class Conflict(CongressError):
    """The action contradicts the current state (e.g. a closed count)."""
