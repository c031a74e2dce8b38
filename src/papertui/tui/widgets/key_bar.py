"""The bottom line: the keys that matter right now, one widget.

Textual's ``Footer`` composes a widget per key and recomposes them all whenever the
bindings change (a focus move, Back greying out at the start of the history): about
75 ms of styling at start-up and a screen-wide layout on such a jump. This draws the
same information as one line of text that refreshes in place.

Which keys: the screen's active bindings with ``show=True``, in the order they are
found (focused widget first), one entry per action; disabled ones are dimmed (Back at
the start of the history). The command palette key sits at the right.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

KEY = "bold $footer-key-foreground on $footer-key-background"
DESCRIPTION = "$footer-description-foreground on $footer-description-background"


class KeyBar(Widget):
    """One line of key hints from the live bindings (no per-key widgets)."""

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
    }
    """

    SEPARATOR: ClassVar[Content] = Content("\u258f").stylize("$foreground 20%")  # ▏

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def shown_keys(self) -> list[tuple[Binding, bool]]:
        """The bindings shown, with whether each is enabled (palette key excluded)."""
        seen: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        palette = self.app.COMMAND_PALETTE_BINDING
        for key, (_node, binding, enabled, _tip) in self.screen.active_bindings.items():
            if not binding.show or binding.action in seen or key == palette:
                continue
            seen.add(binding.action)
            shown.append((binding, enabled))
        return shown

    def _entry(self, binding: Binding, enabled: bool) -> Content:
        entry = Content.assemble(
            Content(f" {self.app.get_key_display(binding)} ").stylize(KEY),
            Content(f"{self._description(binding)} ").stylize(DESCRIPTION),
        )
        return entry if enabled else entry.stylize("dim")

    def _description(self, binding: Binding) -> str:
        """The binding's description, or the screen's live one (``key_description``)."""
        describe = getattr(self.screen, "key_description", None)
        return str(describe(binding)) if callable(describe) else binding.description

    def render(self) -> Content:
        entries = [self._entry(binding, enabled) for binding, enabled in self.shown_keys()]
        left = Content.assemble(*entries)
        right = Content("")
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, _tip = palette
            right = Content.assemble(self.SEPARATOR, self._entry(binding, enabled))
        width = self.size.width
        room = width - right.cell_length
        if left.cell_length > room:
            left = left.truncate(max(0, room), ellipsis=True)
        gap = Content(" " * max(0, room - left.cell_length))
        return Content.assemble(left, gap, right)
