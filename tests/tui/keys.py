"""Key sequences the TUI tests share."""

from __future__ import annotations


async def run_command(pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    """Open the command palette, type `words` (its fuzzy search), and run the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.3)  # the palette searches in a worker
    await pilot.press("enter")
    await pilot.pause()
