"""Who uses the interface: the decisions behind the login screen, apart from the widgets.

The rules are the command line's (congress.accounts): no account yet → the local administrator;
valid CONGRESS_USER/CONGRESS_PASSWORD → that account; otherwise the interface asks. accounts.py
keeps no count of failures, so the interface brakes guessing itself: a few free tries, then a wait
that doubles with each further failure (per running interface; any user name counts, so the brake
says nothing about which names exist).
"""

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from congress import accounts
from congress.actor import Actor
from congress.errors import Forbidden
from congress.settings import Settings

FREE_ATTEMPTS = 3   # failures in a row before the first wait
FIRST_WAIT = 5      # seconds after the FREE_ATTEMPTS-th failure, doubled at each further one
MAX_WAIT = 300      # never more than five minutes


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong logins in a row: none at first, then 5, 10, 20 … ≤ 300."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(MAX_WAIT, FIRST_WAIT * 2 ** (failures - FREE_ATTEMPTS))


@dataclass
class Throttle:
    """Failures in a row at this interface and when the next try is allowed (clock injectable for tests)."""

    clock: Callable[[], float] = field(default=time.monotonic)
    failures: int = 0
    until: float = 0.0

    def remaining(self) -> int:
        """Whole seconds still to wait before a password is even checked (0: go ahead)."""
        return max(0, math.ceil(self.until - self.clock()))

    def failed(self) -> int:
        """Count a failure; returns the wait it starts (0 while tries are still free)."""
        self.failures += 1
        wait = wait_after(self.failures)
        self.until = self.clock() + wait
        return wait

    def succeeded(self) -> None:
        self.failures, self.until = 0, 0.0


@dataclass(frozen=True)
class Opening:
    """How the interface opens: with an actor, or on the login screen (user name to fill in, a notice)."""

    actor: Actor | None
    accounts_exist: bool
    user: str = ""
    environment_failed: bool = False  # CONGRESS_USER and CONGRESS_PASSWORD were given but do not log in


def opening(session: Session, settings: Settings) -> Opening:
    """The command line's rule (accounts.current_actor); where it refuses, the login screen asks."""
    exist = accounts.has_accounts(session)
    try:
        return Opening(accounts.current_actor(session, settings), exist)
    except Forbidden:
        tried = bool(settings.user) and os.environ.get("CONGRESS_PASSWORD") is not None
        return Opening(None, exist, settings.user, environment_failed=tried)


def check(session: Session, username: str, password: str, station: str) -> Actor | None:
    """The account, or None — the same None whether the name is unknown, disabled or the password wrong."""
    try:
        return accounts.authenticate(session, username, password, station)
    except Forbidden:
        return None
