"""The workflows of the app, one screen (Textual mode) each: the single list behind the F-keys,
the number keys, the command palette and the help screen."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Workflow:
    mode: str       # Textual mode name, also the i18n key suffix "mode.<mode>"
    fkey: str       # "f2" ... "f8"
    digit: str      # "1" ... "7" (ignored while an input has focus: typing wins)
    screen: str     # "module:Class" under congress.tui.screens, imported when first opened


WORKFLOWS: tuple[Workflow, ...] = (
    Workflow("dashboard", "f2", "1", "dashboard:DashboardScreen"),
    Workflow("delegates", "f3", "2", "delegates:DelegatesScreen"),
    Workflow("badges", "f4", "3", "badges:BadgesScreen"),
    Workflow("checkin", "f5", "4", "checkin:CheckinScreen"),
    Workflow("elections", "f6", "5", "elections:ElectionsScreen"),
    Workflow("counting", "f7", "6", "counting:CountingScreen"),
    Workflow("results", "f8", "7", "results:ResultsScreen"),
)


def workflow(mode: str) -> Workflow:
    for item in WORKFLOWS:
        if item.mode == mode:
            return item
    raise KeyError(mode)
