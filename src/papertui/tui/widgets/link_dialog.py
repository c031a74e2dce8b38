"""A small dialog that shows a URL (as a terminal hyperlink) and copies it (OSC 52).

Used by :func:`papertui.tui.urls.open_or_show_url` whenever starting a browser is wrong
(over SSH, no graphical display, a console browser that would take over the terminal).
The URL is also plain text on screen, so users whose terminal ignores OSC 52 and
OSC 8 can still select it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from papertui.tui.safetext import safe_link, safe_text


class LinkDialog(ModalScreen[None]):
    """Shows ``url``; ``c`` copies it again, Escape / Enter / ``q`` close."""

    DEFAULT_CSS = """
    LinkDialog { align: center middle; }
    LinkDialog > Vertical {
        width: auto; max-width: 90%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    LinkDialog #link-url { text-style: underline; }
    LinkDialog #link-help { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close"),
        Binding("c", "copy", "Copy again"),
    ]

    def __init__(self, url: str, reason: str, *, copied: bool) -> None:
        super().__init__()
        self.url = url
        self.reason = reason
        self.copied = copied

    def compose(self) -> ComposeResult:
        status = "Copied to the clipboard (OSC 52)." if self.copied else "Not copied."
        with Vertical():
            yield Static(safe_text(self.reason, "bold"), id="link-reason")
            yield Static(safe_link(self.url), id="link-url")
            yield Static(
                Content(f"{status} c copy again · Esc close · or select the text above"),
                id="link-help",
            )

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.url)
        self.copied = True
        self.query_one("#link-help", Static).update(
            Content("Copied again (OSC 52). Esc close · or select the text above")
        )

    def action_close(self) -> None:
        self.dismiss(None)
