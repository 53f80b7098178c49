"""The command palette provider (Ctrl+P): every screen the account may open, every action of the
current screen, and log-out once the database has accounts."""

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from congress.tui.nav import WORKFLOWS, may_open
from congress.vi import fold

if TYPE_CHECKING:
    from congress.tui.app import CongressApp


class CongressCommands(Provider):
    """Lists "go to <screen>" for each workflow and the shown bindings of the current screen."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = cast("CongressApp", self.app)
        t = app.t
        commands: list[tuple[str, str, object]] = []
        if not app.logged_in:
            return commands
        for item in WORKFLOWS:
            if not may_open(app.actor.role, item):
                continue
            name = t(f"mode.{item.mode}")
            commands.append((f"{t('palette.go')}: {name}", t("mode.go", name=name),
                             partial(app.action_go, item.mode)))
        screen = self.screen
        for _key, binding in screen._bindings:  # the screen's own actions (translated descriptions)
            if binding.show and binding.description:
                commands.append((f"{t('palette.action')}: {binding.description}", binding.key_display or binding.key,
                                 partial(app.run_action, binding.action, screen)))
        if app.accounts_exist:
            commands.append((t("palette.logout"), t("palette.logout_help"), app.action_logout))
        return commands

    async def discover(self) -> Hits:
        for text, help_text, callback in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        # Match without diacritics: "bau cu" finds "Bầu cử" (the operator may type either way).
        matcher = self.matcher(fold(query))
        for text, help_text, callback in self._commands():
            score = matcher.match(fold(text))
            if score > 0:
                yield Hit(score, text, callback, help=help_text)  # type: ignore[arg-type]
