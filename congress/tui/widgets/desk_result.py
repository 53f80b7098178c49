"""The large result at the check-in desk: green (in), yellow (already / exit), red (refused)."""

from textual.widgets import Static

COLOURS = {"ok": "result-ok", "already": "result-warn"}


class DeskResult(Static):
    """Shows the service's decision: the name, the delegation and the reason, big and coloured."""

    def show(self, outcome: str, kind: str, name: str, delegation: str, message: str) -> None:
        self.remove_class("result-ok", "result-warn", "result-bad", "result-idle")
        css = COLOURS.get(outcome, "result-bad")
        if outcome == "ok" and kind == "exit":
            css = "result-warn"
        self.add_class(css)
        lines = [f"[b]{name}[/b]" if name else "", delegation, message]
        self.update("\n".join(line for line in lines if line))

    def idle(self, text: str) -> None:
        self.remove_class("result-ok", "result-warn", "result-bad")
        self.add_class("result-idle")
        self.update(text)
