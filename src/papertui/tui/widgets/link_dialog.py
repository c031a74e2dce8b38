"""A small dialog that lists a paper's links (as terminal hyperlinks) and copies one (OSC 52).

Used by :func:`papertui.tui.urls.open_or_show_links` whenever starting a browser is wrong
(over SSH, no graphical display, a console browser that would take over the terminal),
and as a chooser when a paper has several links (arXiv, explainer, web page). The URLs
are also plain text on screen, so users whose terminal ignores OSC 52 and OSC 8 can
still select them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from papertui.tui.safetext import safe_link, safe_text

CURSOR = "bold reverse"


class LinkDialog(ModalScreen[None]):
    """Shows ``links`` (label, URL); ``j``/``k`` or a digit pick one, Enter opens it (or
    copies it when no browser may start), ``c`` copies it, Escape / ``q`` close."""

    DEFAULT_CSS = """
    LinkDialog { align: center middle; }
    LinkDialog > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    LinkDialog Static { width: 1fr; height: auto; }
    LinkDialog #link-help { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="links.close"),
        Binding("enter", "choose", "Open", id="links.choose"),
        Binding("c", "copy", "Copy", id="links.copy"),
        Binding("down,j,tab", "move(1)", "Next", show=False, id="links.next"),
        Binding("up,k,shift+tab", "move(-1)", "Previous", show=False, id="links.previous"),
    ]

    def __init__(
        self,
        links: Sequence[tuple[str, str]],
        reason: str,
        *,
        copied: bool,
        opener: Callable[[str], None] | None = None,
    ) -> None:
        """``opener``: starts a browser for a URL; ``None`` when none may start (then
        Enter copies instead)."""
        super().__init__()
        self.links = list(links)
        self.reason = reason
        self.copied = copied
        self.opener = opener
        self.cursor = 0

    @property
    def url(self) -> str:
        """The highlighted link's URL."""
        return self.links[self.cursor][1]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe_text(self.reason, "bold"), id="link-reason")
            yield Static(self._rows(), id="link-url")
            yield Static(self._help(), id="link-help")

    def _rows(self) -> Content:
        rows = []
        for index, (label, url) in enumerate(self.links):
            mark = "\u25b6" if index == self.cursor else " "  # ▶: visible without colour
            head = Content(f"{mark} {index + 1} {label}")
            rows.append(head.stylize(CURSOR, 2) if index == self.cursor else head)
            rows.append(Content.assemble("    ", safe_link(url, style="underline")))
        return Content("\n").join(rows)

    def _help(self, done: str = "") -> Content:
        label = self.links[self.cursor][0]
        if not done:
            done = f"{label} link copied (OSC 52)." if self.copied else "Not copied yet."
        keys = ["Enter open" if self.opener else "Enter copy", "c copy"]
        if len(self.links) > 1:
            keys.insert(0, f"j/k or 1-{len(self.links)} choose")
        keys.append("Esc close")
        return Content(f"{done} {' · '.join(keys)} · or select the text above")

    def _refresh(self, done: str = "") -> None:
        self.query_one("#link-url", Static).update(self._rows())
        self.query_one("#link-help", Static).update(self._help(done))

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.links)
        self._refresh()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.links):
                event.stop()
                self.cursor = index
                self.action_choose()

    def action_choose(self) -> None:
        if self.opener is not None:
            self.opener(self.url)
            self.dismiss(None)
        else:
            self.action_copy()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.url)
        self.copied = True
        self._refresh(f"{self.links[self.cursor][0]} link copied (OSC 52).")

    def action_close(self) -> None:
        self.dismiss(None)
