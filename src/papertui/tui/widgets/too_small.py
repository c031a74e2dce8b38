"""The "terminal too small" screen, shown while the terminal is below the minimum size.

papertui is laid out for 80x24 and still usable at 40x12; below that, panes would be a
few cells wide and keys would act on things the user cannot see. Instead of a broken
layout, this screen covers everything and says what to do. It leaves by itself as soon
as the terminal is large enough again (``q`` and the app's other keys still work).
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 40
MIN_HEIGHT = 12


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def _message(size: Size) -> Content:
    return Content.assemble(
        Content("Terminal too small").stylize("bold"),
        f"\n{size.width}x{size.height}, needs {MIN_WIDTH}x{MIN_HEIGHT}",
        "\nEnlarge the window",
        Content("\nq quits").stylize("$text-muted"),
    )


class TooSmall(Screen[None]):
    """Covers the UI while the terminal is smaller than ``MIN_WIDTH`` x ``MIN_HEIGHT``."""

    DEFAULT_CSS = """
    TooSmall { align: center middle; background: $background; }
    TooSmall > Static { width: auto; max-width: 100%; height: auto; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield Static(_message(self.app.size), id="too-small")

    def on_resize(self, event: Resize) -> None:
        self.query_one("#too-small", Static).update(_message(event.size))

    def on_screen_resume(self) -> None:
        # Another screen may have covered this one while the terminal grew.
        if not too_small(self.app.size):
            self.dismiss(None)


def check_size(app: App[Any], size: Size | None = None) -> None:
    """Show or hide :class:`TooSmall` for ``size`` (default: the app's current size)."""
    size = app.size if size is None else size
    try:
        top = app.screen
    except Exception:  # no screen yet
        return
    if too_small(size):
        if not isinstance(top, TooSmall):
            app.push_screen(TooSmall())
    elif isinstance(top, TooSmall):
        app.pop_screen()
