"""The workflows of the app, one screen (Textual mode) each: the single list behind the F-keys,
the number keys, the command palette and the help screen — and which roles may open each."""

from dataclasses import dataclass

from congress.actor import Role


@dataclass(frozen=True)
class Workflow:
    mode: str       # Textual mode name, also the i18n key suffix "mode.<mode>"
    fkey: str       # "f2" ... "f8"
    digit: str      # "1" ... "7" (ignored while an input has focus: typing wins)
    screen: str     # "module:Class" under congress.tui.screens, imported when first opened
    # Roles that work on this screen (the administrator always may); empty: every account reads it and
    # the services refuse what the role may not change, as on the command line.
    roles: tuple[Role, ...] = ()


WORKFLOWS: tuple[Workflow, ...] = (
    Workflow("dashboard", "f2", "1", "dashboard:DashboardScreen"),
    Workflow("delegates", "f3", "2", "delegates:DelegatesScreen"),
    Workflow("badges", "f4", "3", "badges:BadgesScreen", (Role.SECRETARIAT,)),
    Workflow("checkin", "f5", "4", "checkin:CheckinScreen", (Role.CHECKIN, Role.SECRETARIAT)),
    Workflow("elections", "f6", "5", "elections:ElectionsScreen"),
    Workflow("counting", "f7", "6", "counting:CountingScreen", (Role.COUNTING,)),
    Workflow("results", "f8", "7", "results:ResultsScreen"),
)


def workflow(mode: str) -> Workflow:
    for item in WORKFLOWS:
        if item.mode == mode:
            return item
    raise KeyError(mode)


def may_open(role: Role, item: Workflow) -> bool:
    """Whether an account with `role` may open the workflow's screen."""
    return role is Role.ADMIN or not item.roles or role in item.roles
